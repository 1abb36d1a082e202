"""The base of our Rasa graph components that have nothing to configure, train or load.

Rasa builds every component through `create(config, model_storage, resource, execution_context)`; these
components need none of it, so the one `create` below serves them all.
"""

from __future__ import annotations

from typing import Any, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

Bare = TypeVar("Bare", bound="BareComponent")


class BareComponent(GraphComponent):
    """A graph component built without arguments."""

    @classmethod
    def create(
        cls: type[Bare],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Bare:
        return cls()
