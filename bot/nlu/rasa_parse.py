"""The one module of bot/training that talks to Rasa: load a trained model once, parse many questions.

Rasa is imported inside the functions, so importing bot.training never loads TensorFlow; only the
quality gate and `make nlu-report` call this.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.training.heldout import HeldOutCase
from bot.training.metrics import Prediction


def load_agent(model_path: Path) -> Any:
    """A Rasa Agent for `model_path` (NLU only is used; no endpoints, no tracker store)."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    logging.getLogger("rasa").setLevel(logging.WARNING)
    configure_structlog(logging.WARNING)  # otherwise every parsed question is logged at debug level
    return Agent.load(str(model_path))


def prediction(case: HeldOutCase, parse_data: dict[str, Any]) -> Prediction:
    """What the model said about one question, with the FAQ topic chosen by the response selector."""
    intent = parse_data.get("intent") or {}
    name = str(intent.get("name") or "")
    topic = None
    if name == "faq":
        response = ((parse_data.get("response_selector") or {}).get("faq") or {}).get("response") or {}
        topic = response.get("intent_response_key")
    return Prediction(
        text=case.text,
        expected=case.label or "",
        intent=name,
        topic=str(topic) if topic else None,
        confidence=float(intent.get("confidence") or 0.0),
    )


def parse_batch(agent: Any, texts: list[str]) -> list[dict[str, Any]]:
    """All texts through the NLU graph in one run: DIET and the response selector predict in one batch.

    Agent.parse_message runs the whole graph once per message, which is many times slower for a test set.
    """
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    processor = agent.processor
    target = processor.model_metadata.nlu_target
    results = processor.graph_runner.run(
        inputs={
            PLACEHOLDER_MESSAGE: [UserMessage(text) for text in texts],
            PLACEHOLDER_TRACKER: DialogueStateTracker.from_events("quality-gate", []),
        },
        targets=[target],
    )
    return [message.as_dict(only_output_properties=True) for message in results[target]]


async def predict_async(agent: Any, cases: Iterable[HeldOutCase]) -> list[Prediction]:
    """Parse every labelled case with an already loaded agent."""
    labelled = [c for c in cases if c.label]
    parsed = parse_batch(agent, [c.text for c in labelled])
    return [prediction(case, data) for case, data in zip(labelled, parsed, strict=True)]


def predict(model_path: Path, cases: Iterable[HeldOutCase]) -> list[Prediction]:
    """Load the model and parse every labelled case (for command-line use)."""
    agent = load_agent(model_path)
    return asyncio.run(predict_async(agent, list(cases)))
