"""A Rasa NLU component, after FaqAnswerGate: a policy question whose nearest training message is out of scope
is declined.

Why: the classifiers learn "a question that starts like a policy question is one", so "how do I write a will"
or "what does Siri share" got a policy answer. Their nearest neighbour in the encoder's space knows better:
on eval/dev and eval/dev2 the single nearest training message was out of scope for 0-2 % of policy questions
but for 70-83 % of out-of-scope ones. The rule only overturns `faq` and `nlu_fallback` (requests, answers
inside a form and small talk are left alone), and only when the out-of-scope example is clearly nearer than
any in-scope one (`margin`, on unit E5 vectors; tuned on eval/dev and eval/dev2, TRAINING.md).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

log = logging.getLogger(__name__)
VECTORS_FILE = "neighbours.npz"
OUT_OF_SCOPE = "out_of_scope"
OVERTURNED = ("faq", "nlu_fallback")


def nearer_out_of_scope(vector: np.ndarray, inside: np.ndarray, outside: np.ndarray, margin: float) -> bool:
    """True when the nearest out-of-scope example beats every in-scope one by more than `margin` (cosine)."""
    if not len(inside) or not len(outside):
        return False
    query = vector.astype(np.float32)
    return float((outside @ query).max()) - float((inside @ query).max()) > margin


def message_vector(message: Message) -> np.ndarray | None:
    """The encoder's unit-length sentence vector (SentenceEncoderFeaturizer), if the message has one."""
    _, dense = message.get_dense_features(TEXT)
    if dense is None:
        return None
    vector = np.asarray(dense.features, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class OutOfScopeNeighbour(GraphComponent, IntentClassifier):
    """Keeps the training messages' vectors: in scope and out of scope (see the module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"margin": 0.015}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        inside: np.ndarray | None = None,
        outside: np.ndarray | None = None,
    ) -> None:
        self._margin = float(config["margin"])
        self._storage = model_storage
        self._resource = resource
        self._inside = inside if inside is not None else np.zeros((0, 0), dtype=np.float16)
        self._outside = outside if outside is not None else np.zeros((0, 0), dtype=np.float16)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OutOfScopeNeighbour:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> OutOfScopeNeighbour:
        try:
            with model_storage.read_from(resource) as directory:
                saved = np.load(directory / VECTORS_FILE)
                inside, outside = saved["inside"].astype(np.float32), saved["outside"].astype(np.float32)
        except (ValueError, FileNotFoundError):
            log.debug("out-of-scope neighbour: nothing trained")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, inside, outside)

    def train(self, training_data: TrainingData) -> Resource:
        inside, outside = [], []
        for example in training_data.intent_examples:
            vector = message_vector(example)
            if vector is not None:
                (outside if example.get(INTENT) == OUT_OF_SCOPE else inside).append(vector)
        if not inside or not outside:
            return self._resource
        # float16 halves the model's size; a cosine moves by less than 0.001, far below the margin.
        self._inside = np.vstack(inside).astype(np.float32)
        self._outside = np.vstack(outside).astype(np.float32)
        with self._storage.write_to(self._resource) as directory:
            np.savez_compressed(
                directory / VECTORS_FILE,
                inside=self._inside.astype(np.float16),
                outside=self._outside.astype(np.float16),
            )
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            vector = message_vector(message) if intent in OVERTURNED else None
            if vector is not None and nearer_out_of_scope(vector, self._inside, self._outside, self._margin):
                confidence = float((message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                message.set(
                    INTENT,
                    {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: confidence},
                    add_to_output=True,
                )
        return messages
