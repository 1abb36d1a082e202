from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, RESPONSE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.response_text_remover import ResponseTextRemover


def test_answer_texts_leave_the_training_examples_and_the_topic_key_stays() -> None:
    example = Message(data={TEXT: "删除要钱吗", INTENT: "faq", INTENT_RESPONSE_KEY: "faq/fees"})
    example.set(RESPONSE, "合理的请求原则上不收费……")
    fingerprint = example.fingerprint()
    ResponseTextRemover().process_training_data(TrainingData([example]))
    assert RESPONSE not in example.data
    assert example.get(INTENT_RESPONSE_KEY) == "faq/fees" and example.get(TEXT) == "删除要钱吗"
    assert example.fingerprint() != fingerprint  # the training cache sees the change


def test_a_parsed_message_passes_untouched() -> None:
    message = Message(data={TEXT: "how long do you keep my data"})
    assert ResponseTextRemover().process([message]) == [message]
    assert message.data == {TEXT: "how long do you keep my data"}
