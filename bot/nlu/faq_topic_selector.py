"""A Rasa NLU component: picks the FAQ answer (`faq/<topic>`) for a message DIET classed as `faq`.

It stands in for Rasa's ResponseSelector, with the same output (`response_selector.faq`), so
`utter_faq`, the FaqAnswerGate and the trainers' tools read it unchanged. Why: on this 2-core
machine the ResponseSelector needed ~30 s of every retrain (TensorFlow, 60 epochs) and 59 MB of
model; a regularised logistic regression over the same sparse sentence features trains in a few
seconds, weighs under 2 MB and, on eval/heldout/policy.yml, picks the right topic at least as
often (LR 215/220 topic questions vs. the selector's 212/220 through the whole pipeline).
A message that quotes the policy gets the topic citing the quoted passage first
(bot/policy_text/quoted_passage.py).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from bot import topic_vote
from bot.nlu.linear_features import fit, ranked, sentence_features, sentence_vector
from bot.policy_text import Passage, load_policy, split_passages
from bot.policy_text.quoted_passage import quoted_passage_ids, topics_citing

log = logging.getLogger(__name__)
MODEL_FILE = "faq_topics.joblib"
PROPERTY = "response_selector"

# Rasa's recipe validator knows only its own ResponseSelector and warns that the FAQ examples go
# unused; this component uses them, so that one warning is noise.
UNUSED_EXAMPLES_WARNING = "You have defined training data with examples for training a response"
warnings.filterwarnings("ignore", message=UNUSED_EXAMPLES_WARNING)
QUOTE_CONFIDENCE = 0.9  # the quoted passage's topic is as sure as a clear question's


def utter_action(intent_response_key: str) -> str:
    """`faq/cookies` -> `utter_faq/cookies`, the domain response Rasa's `utter_faq` speaks."""
    return f"utter_{intent_response_key}"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqTopicSelector(GraphComponent):
    """Linear topic classifier for one retrieval intent; fills `response_selector` like Rasa's selector."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "retrieval_intent": "faq",
            "C": 100.0,
            "max_iter": 1000,
            "ranking_length": 10,
            "dense_weight": 1.0,
            "neighbour_share": topic_vote.SHARE,  # the nearest training questions' say (bot/topic_vote.py)
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LogisticRegression | None = None,
        responses: dict[str, list[dict[str, Any]]] | None = None,
        neighbours: tuple[np.ndarray, np.ndarray] | None = None,
        passages: Sequence[Passage] = (),
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model
        self._responses = responses or {}
        self._intent = str(config["retrieval_intent"])
        self._dense_weight = float(config.get("dense_weight", 1.0))
        self._share = float(config.get("neighbour_share", 0.0))
        self._neighbours = neighbours  # (unit sentence vectors, their topics) of the training questions
        self._passages = passages  # the policy's, to find the one a message quotes

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FaqTopicSelector:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FaqTopicSelector:
        try:
            with model_storage.read_from(resource) as directory:
                saved = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            log.debug("faq topic selector: nothing trained (no %s examples)", config["retrieval_intent"])
            return cls(config, model_storage, resource)
        passages = split_passages(load_policy())
        return cls(
            config,
            model_storage,
            resource,
            saved["model"],
            saved["responses"],
            saved.get("neighbours"),
            passages,
        )

    def train(self, training_data: TrainingData) -> Resource:
        rows, labels, vectors, vector_labels = [], [], [], []
        for example in training_data.intent_examples:
            key = example.get(INTENT_RESPONSE_KEY)
            features = sentence_features(example, self._dense_weight)
            if example.get(INTENT) == self._intent and key and features is not None:
                rows.append(features)
                labels.append(str(key))
                vector = sentence_vector(example)
                if vector is not None:
                    vectors.append(vector)
                    vector_labels.append(str(key))
        if len(set(labels)) < 2:
            log.debug("faq topic selector: fewer than two %s topics, nothing to train", self._intent)
            return self._resource
        # lbfgs is deterministic: the same data trains the same model (the quality gate relies on it).
        model = fit(rows, labels, float(self._config["C"]), int(self._config["max_iter"]))
        self._model = model
        self._responses = {
            name: variants
            for name, variants in training_data.responses.items()
            if name.startswith(f"utter_{self._intent}/")
        }
        if vectors:
            self._neighbours = (np.vstack(vectors).astype(np.float32), np.array(vector_labels))
        saved = {"model": model, "responses": self._responses, "neighbours": self._neighbours}
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(saved, directory / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        for message in messages:
            features = sentence_features(message, self._dense_weight)
            if features is not None:
                self._select(message, features)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def _select(self, message: Message, features: csr_matrix) -> None:
        assert self._model is not None
        topics = ranked(self._model, features, len(self._model.classes_))
        vector = sentence_vector(message)
        if self._share and self._neighbours is not None and vector is not None:
            topics = topic_vote.blend(dict(topics), topic_vote.vote(*self._neighbours, vector), self._share)
        topics = self._quoted_first(str(message.get(TEXT) or ""), topics)
        ranking = [
            {"id": i, PREDICTED_CONFIDENCE_KEY: confidence, INTENT_RESPONSE_KEY: key}
            for i, (key, confidence) in enumerate(topics[: int(self._config["ranking_length"])])
        ]
        best = ranking[0]
        key = str(best[INTENT_RESPONSE_KEY])
        prediction = {
            "response": {
                "responses": self._responses.get(utter_action(key), []),
                PREDICTED_CONFIDENCE_KEY: best[PREDICTED_CONFIDENCE_KEY],
                INTENT_RESPONSE_KEY: key,
                "utter_action": utter_action(key),
            },
            "ranking": ranking,
        }
        selected = dict(message.get(PROPERTY) or {})
        selected["all_retrieval_intents"] = [self._intent]
        selected[self._intent] = prediction
        message.set(PROPERTY, selected, add_to_output=True)

    def _quoted_first(self, text: str, topics: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """`topics` with the best-ranked one citing a passage the message quotes moved first."""
        quoted = quoted_passage_ids(text, self._passages)
        if not quoted:
            return topics
        citing = topics_citing(quoted, self._responses)
        for key, confidence in topics:
            if utter_action(key) in citing:
                rest = [(other, share) for other, share in topics if other != key]
                return [(key, max(confidence, QUOTE_CONFIDENCE)), *rest]
        return topics
