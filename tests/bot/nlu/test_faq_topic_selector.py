"""FaqTopicSelector on hand-made features: learns topics, survives persist/load, speaks Rasa's format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import coo_matrix

from bot.nlu.faq_topic_selector import FaqTopicSelector

# A toy vocabulary: each topic owns two feature columns; column 6 is shared noise.
TOPICS = {"faq/cookies": (0, 1), "faq/address": (2, 3), "faq/delete_data": (4, 5)}
WIDTH = 7


def featurized(text: str, columns: tuple[int, ...], **data: str) -> Message:
    message = Message(data={"text": text, **data})
    row = np.zeros((1, WIDTH))
    for column in columns:
        row[0, column] += 1
    message.add_features(Features(coo_matrix(row), "sentence", "text", "CountVectorsFeaturizer"))
    return message


def training_data() -> TrainingData:
    examples = []
    for topic, (a, b) in TOPICS.items():
        for columns in [(a,), (b,), (a, b), (a, 6), (b, 6)]:
            text = f"{topic} {columns}"
            examples.append(featurized(text, columns, intent="faq", intent_response_key=topic))
    examples.append(featurized("你好", (6,), intent="greet"))
    responses = {f"utter_{topic}": [{"text": f"answer for {topic}"}] for topic in TOPICS}
    return TrainingData(training_examples=examples, responses=responses)


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test-model")


def trained(storage: LocalModelStorage) -> tuple[FaqTopicSelector, Resource]:
    resource = Resource("faq_topics")
    config = FaqTopicSelector.get_default_config()
    selector = FaqTopicSelector.create(config, storage, resource, context())
    selector.train(training_data())
    return selector, resource


def test_picks_the_topic_whose_words_the_message_uses(storage: LocalModelStorage) -> None:
    selector, _ = trained(storage)
    [message] = selector.process([featurized("地址在哪", (2, 3))])
    selected = message.get("response_selector")
    assert selected["all_retrieval_intents"] == ["faq"]
    response = selected["faq"]["response"]
    assert response["intent_response_key"] == "faq/address"
    assert response["utter_action"] == "utter_faq/address"
    assert response["responses"] == [{"text": "answer for faq/address"}]
    assert response["confidence"] > 0.5
    ranking = selected["faq"]["ranking"]
    assert [r["intent_response_key"] for r in ranking][0] == "faq/address"
    assert sorted(r["intent_response_key"] for r in ranking) == sorted(TOPICS)
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6


def test_a_message_unlike_every_topic_gets_low_confidence(storage: LocalModelStorage) -> None:
    selector, _ = trained(storage)
    [clear] = selector.process([featurized("cookie", (0, 1))])
    [vague] = selector.process([featurized("noise", (6,))])
    assert (
        vague.get("response_selector")["faq"]["response"]["confidence"]
        < (clear.get("response_selector")["faq"]["response"]["confidence"])
    )


def test_persisted_model_loads_and_predicts_the_same(storage: LocalModelStorage) -> None:
    selector, resource = trained(storage)
    config = FaqTopicSelector.get_default_config()
    loaded = FaqTopicSelector.load(config, storage, resource, context())
    [a] = selector.process([featurized("x", (4, 6))])
    [b] = loaded.process([featurized("x", (4, 6))])
    assert a.get("response_selector") == b.get("response_selector")
    assert b.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/delete_data"


def test_without_faq_examples_nothing_is_trained_and_messages_pass_untouched(
    storage: LocalModelStorage,
) -> None:
    resource = Resource("faq_topics")
    config = FaqTopicSelector.get_default_config()
    selector = FaqTopicSelector.create(config, storage, resource, context())
    selector.train(TrainingData(training_examples=[featurized("你好", (6,), intent="greet")]))
    loaded = FaqTopicSelector.load(config, storage, resource, context())
    [message] = loaded.process([featurized("cookie", (0,))])
    assert message.get("response_selector") is None


def test_a_message_without_features_is_left_alone(storage: LocalModelStorage) -> None:
    selector, _ = trained(storage)
    [message] = selector.process([Message(data={"text": "还没有特征"})])
    assert message.get("response_selector") is None


def with_vector(message: Message, vector: list[float]) -> Message:
    """Adds an encoder-like dense sentence vector, as SentenceEncoderFeaturizer does."""
    dense = np.asarray([vector], dtype=np.float32)
    message.add_features(Features(dense, "sentence", "text", "SentenceEncoderFeaturizer"))
    return message


def test_the_nearest_questions_vote_moves_a_torn_message_to_their_topic(storage: LocalModelStorage) -> None:
    # Every address question sits at one point of the encoder's space; the rest elsewhere.
    examples = []
    for topic, (a, b) in TOPICS.items():
        point = [1.0, 0.0] if topic == "faq/address" else [0.0, 1.0]
        for columns in [(a,), (b,), (a, b)]:
            example = featurized(f"{topic} {columns}", columns, intent="faq", intent_response_key=topic)
            examples.append(with_vector(example, point))
    resource = Resource("faq_topics")
    # The classifier reads the words only (dense_weight 0): what moves the answer is the vote alone.
    voting = {**FaqTopicSelector.get_default_config(), "neighbour_share": 0.5, "dense_weight": 0.0}
    silent = {**voting, "neighbour_share": 0.0}
    selector = FaqTopicSelector.create(voting, storage, resource, context())
    selector.train(TrainingData(training_examples=examples))
    loaded = FaqTopicSelector.load(voting, storage, resource, context())
    unvoted = FaqTopicSelector.load(silent, storage, resource, context())

    def topic(component: FaqTopicSelector) -> str:
        # Cookie words, but the sentence vector sits among the address questions.
        [message] = component.process([with_vector(featurized("torn", (0, 6)), [1.0, 0.0])])
        return str(message.get("response_selector")["faq"]["response"]["intent_response_key"])

    assert topic(unvoted) == "faq/cookies"
    assert topic(loaded) == "faq/address"


def test_the_ranking_is_cut_to_its_length_without_sentence_vectors(storage: LocalModelStorage) -> None:
    resource = Resource("faq_topics")
    config = {**FaqTopicSelector.get_default_config(), "ranking_length": 2}
    selector = FaqTopicSelector.create(config, storage, resource, context())
    selector.train(training_data())  # no sentence vectors: the vote has nothing to say
    [message] = selector.process([featurized("地址在哪", (2, 3))])
    assert len(message.get("response_selector")["faq"]["ranking"]) == 2


def test_a_quote_of_the_policy_puts_the_answer_citing_it_first(storage: LocalModelStorage) -> None:
    data = training_data()
    data.responses["utter_faq/address"] = [{"text": "…", "metadata": {"passages": ["c9-8"]}}]
    resource = Resource("faq_topics")
    config = FaqTopicSelector.get_default_config()
    FaqTopicSelector.create(config, storage, resource, context()).train(data)
    loaded = FaqTopicSelector.load(config, storage, resource, context())
    quoting = "cookie “个人信息安全影响评估报告表明存在高风险时” 啥意思"
    [quoted] = loaded.process([featurized(quoting, (0, 1))])
    [plain] = loaded.process([featurized("cookie 啥意思", (0, 1))])
    assert quoted.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/address"
    assert quoted.get("response_selector")["faq"]["response"]["confidence"] >= 0.9
    assert plain.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/cookies"
