"""The fallback for messages the FAQ classifier is unsure about: answer from a policy passage, or say so.

Stage one (a single unclear message) asks the user to rephrase; stage two (unclear twice in a row)
says honestly that the policy does not seem to cover it and offers topics, the contact email and a human.
A passage is only quoted when the retrieval confidence rule in bot/policy_text accepts it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_services import previous_user_text
from actions.language import language_of
from bot.intake.right_question import starts_own_request
from bot.intake.third_party import is_third_party
from bot.language import SWITCHED, Language, only_asks_to_switch
from bot.policy_text import PolicyIndex, quote_passage
from bot.policy_text.english import EnglishPolicy, english_index
from bot.slots import HANDOFF_REASON, INTAKE_FORM
from bot.tickets.english import type_text
from bot.tickets.states import TicketType

logger = logging.getLogger(__name__)

CONTACT_EMAIL = "business@megvii.com"
HUMAN_BUTTON = {"title": "转人工", "payload": "/human_handoff"}
# Payloads are questions from the FAQ training data, so a click lands on a known answer.
TOPIC_BUTTONS = [
    {"title": "我有哪些权利", "payload": "我有哪些个人信息权利"},
    {"title": "你们收集哪些信息", "payload": "旷视网站会收集我的什么信息"},
    {"title": "如何删除我的信息", "payload": "怎么删除我的个人信息"},
    {"title": "信息会共享给谁", "payload": "你们会把我的信息分享给别人吗"},
]
PASSAGE_FOOTER = "如果这没有回答您的问题，可以换个说法再问，或转人工。"
REPHRASE_TEXT = (
    "抱歉，我没太明白您的意思。能换个说法再问一次吗？比如：\n"
    "· “你们会把我的信息分享给别人吗？”\n"
    "· “我的数据存在哪里？”\n"
    "· “怎么删除我的个人信息？”"
)
NOT_COVERED_TEXT = (
    "抱歉，《旷视个人信息与隐私保护政策》里似乎没有写到这个问题，我不想给您不准确的答复。"
    f"您可以发送邮件至 {CONTACT_EMAIL} 咨询，或转人工；也可以看看下面这些常见问题："
)
EN_HUMAN_BUTTON = {"title": "Talk to a person", "payload": "/human_handoff"}
EN_TOPIC_BUTTONS = [
    {"title": "What are my rights?", "payload": "What rights do I have over my personal information?"},
    {"title": "What do you collect?", "payload": "What personal information do you collect about me?"},
    {"title": "How do I delete my data?", "payload": "How can I delete my personal information?"},
    {"title": "Who do you share it with?", "payload": "Do you share my information with others?"},
]
EN_PASSAGE_FOOTER = "If this does not answer your question, you can ask it another way, or talk to a person."
EN_REPHRASE_TEXT = (
    "Sorry, I didn't quite follow. Could you ask it another way? For example:\n"
    '· "Do you share my information with others?"\n'
    '· "Where is my data stored?"\n'
    '· "How can I delete my personal information?"'
)
EN_NOT_COVERED_TEXT = (
    "Sorry, Megvii's Personal Information and Privacy Protection Policy does not seem to cover this, and I "
    f"would rather not give you an inaccurate answer. You can email {CONTACT_EMAIL} or talk to a person; "
    "or have a look at these common questions:"
)
# Ask versus use: the classifier is torn between a request and a question about that right. The question
# buttons carry a FAQ training question, so a click lands on the right answer; the request button its intent.
ASK_MARGIN, ASK_FLOOR = 0.2, 0.3  # both readings at least ASK_FLOOR, at most ASK_MARGIN apart
RIGHTS_QUESTIONS: dict[str, dict[Language, str]] = {
    "request_access": {"zh": "我有权访问我的个人信息吗", "en": "do I have a right of access"},
    "request_correction": {"zh": "更正权怎么行使", "en": "how do I correct wrong info you have about me"},
    "request_deletion": {
        "zh": "删除个人信息的流程是什么",
        "en": "what's the process for deleting my personal info",
    },
    "request_account_closure": {"zh": "注销账户的流程是什么？", "en": "can I close my account?"},
}
# What the fallback says, by conversation language.
FALLBACK_TEXTS: dict[Language, dict[str, Any]] = {
    "zh": {
        "human": HUMAN_BUTTON,
        "topics": TOPIC_BUTTONS,
        "footer": PASSAGE_FOOTER,
        "rephrase": REPHRASE_TEXT,
        "not_covered": NOT_COVERED_TEXT,
        "ask_or_use": "您是想先了解政策里关于{kind}的规定，还是现在就提交{kind}申请？",
        "learn": "了解规定",
        "file": "提交申请",
    },
    "en": {
        "human": EN_HUMAN_BUTTON,
        "topics": EN_TOPIC_BUTTONS,
        "footer": EN_PASSAGE_FOOTER,
        "rephrase": EN_REPHRASE_TEXT,
        "not_covered": EN_NOT_COVERED_TEXT,
        "ask_or_use": (
            "Would you like to know what the policy says about {kind}, or file a request for {kind} now?"
        ),
        "learn": "What the policy says",
        "file": "File a request",
    },
}
# Marks our own utterances in the tracker (BotUttered metadata) so the next turn knows the stage.
STAGE_KEY = "policy_fallback"
UNCLEAR_STAGES = frozenset({"rephrase", "not_covered"})

_index: PolicyIndex | None = None
_english: tuple[EnglishPolicy, PolicyIndex] | None = None


def get_policy_index() -> PolicyIndex:
    """Build the passage index on first use and keep it for the life of the action server."""
    global _index
    if _index is None:
        _index = PolicyIndex.load()
        logger.info("policy index: %s, %d passages", _index.document.version_label, len(_index.passages))
    return _index


def get_english_policy() -> tuple[EnglishPolicy, PolicyIndex]:
    """The English rendering and its index, built on first English question."""
    global _english
    if _english is None:
        policy = EnglishPolicy.load()
        _english = (policy, english_index(get_policy_index(), policy))
    return _english


def quote_for(text: str, language: Language) -> tuple[str, str] | None:
    """(quoted passage with citation, passage id) when retrieval is confident, in the given language."""
    index = get_policy_index()
    if language == "en":
        policy, english = get_english_policy()
        result = english.search(text)
        if result.confident and result.best is not None:
            quoted = policy.quote(index.by_id[result.best.passage.id])
            return (quoted, result.best.passage.id) if quoted else None
        return None
    result = index.search(text)
    if result.confident and result.best is not None:
        return quote_passage(index.document, result.best.passage), result.best.passage.id
    return None


def _previous_turn_events(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events of the turn before the current user message (between the last two user messages)."""
    turns: list[list[dict[str, Any]]] = [[]]
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        else:
            turns[-1].append(event)
    return turns[-2] if len(turns) >= 3 else []


def previous_turn_was_unclear(tracker: Tracker) -> bool:
    """True when our last reply was itself a 'did not understand' one, making this two in a row."""
    return any(
        event.get("event") == "bot" and (event.get("metadata") or {}).get(STAGE_KEY) in UNCLEAR_STAGES
        for event in _previous_turn_events(tracker.events)
    )


CLEAR_QUESTION = 0.5


def leans_out_of_scope(ranking: list[dict[str, Any]]) -> bool:
    """The classifier's best guess, though unsure, was `out_of_scope`: decline rather than ask to rephrase."""
    ranked = [entry for entry in ranking if entry.get("name") != "nlu_fallback"]
    return bool(ranked) and ranked[0].get("name") == "out_of_scope"


def torn_request(ranking: list[dict[str, Any]]) -> str | None:
    """The request intent when the classifier's two best readings are it and a policy question, close by."""
    ranked = [entry for entry in ranking if entry.get("name") != "nlu_fallback"][:2]
    names = [str(entry.get("name")) for entry in ranked]
    if len(ranked) < 2 or "faq" not in names:
        return None
    request = names[1] if names[0] == "faq" else names[0]
    first, second = (float(entry.get("confidence") or 0) for entry in ranked)
    torn = second >= ASK_FLOOR and first - second <= ASK_MARGIN
    return request if request in RIGHTS_QUESTIONS and torn else None


def ask_or_use(request: str, language: Language) -> dict[str, Any]:
    """One short question with two buttons: the policy's answer, or the request's form."""
    words = FALLBACK_TEXTS[language]
    kind = type_text(TicketType(request.removeprefix("request_")), language)
    buttons = [
        {"title": words["learn"], "payload": RIGHTS_QUESTIONS[request][language]},
        {"title": words["file"], "payload": f"/{request}"},
    ]
    return {"text": words["ask_or_use"].format(kind=kind), "buttons": buttons, STAGE_KEY: "ask_or_use"}


def is_clear_policy_question(tracker: Tracker) -> bool:
    """The classifier was sure this is a policy question; only the FAQ had no answer (FaqAnswerGate)."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    ranked = [entry for entry in ranking if entry.get("name") != "nlu_fallback"]
    return (
        bool(ranked)
        and ranked[0].get("name") == "faq"
        and float(ranked[0].get("confidence") or 0) >= CLEAR_QUESTION
    )


class ActionPolicyFallback(Action):
    """nlu_fallback → a cited policy passage when retrieval is confident, else the two-stage fallback."""

    def name(self) -> str:
        return "action_policy_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        switched = only_asks_to_switch(text)
        if switched is not None:
            dispatcher.utter_message(text=SWITCHED[switched])  # the slot already follows (NLU entity)
            return []
        if not tracker.active_loop_name and starts_own_request(text, previous_user_text(tracker)):
            return [FollowupAction(INTAKE_FORM)]  # a data request the classifier missed starts the form
        words = FALLBACK_TEXTS[language_of(tracker)]
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        request = None if tracker.active_loop_name else torn_request(ranking)
        if request is not None and is_third_party(text):
            return [FollowupAction("action_decline_out_of_scope")]  # a request for someone else: who may ask
        if request is not None:
            dispatcher.utter_message(**ask_or_use(request, language_of(tracker)))
            return []
        found = quote_for(text, language_of(tracker))
        buttons = [*words["topics"], words["human"]]
        if found is not None:
            quoted, passage_id = found
            logger.info("policy fallback answered from passage %s", passage_id)
            dispatcher.utter_message(
                text=f"{quoted}\n{words['footer']}",
                buttons=[words["human"]],
                **{STAGE_KEY: "passage", "passage": passage_id},
            )
        elif is_clear_policy_question(tracker):
            # Understood, in scope, and the policy has no answer: say so at once rather than "rephrase".
            dispatcher.utter_message(
                text=words["not_covered"], buttons=buttons, **{STAGE_KEY: "not_answered"}
            )
        elif not tracker.active_loop_name and (
            is_third_party(text) or leans_out_of_scope(ranking)
        ):  # someone else's data (the decline says who may ask, and how), or an unsure out-of-scope guess
            return [FollowupAction("action_decline_out_of_scope")]
        elif previous_turn_was_unclear(tracker):
            dispatcher.utter_message(text=words["not_covered"], buttons=buttons, **{STAGE_KEY: "not_covered"})
            # Two fallbacks in a row: hand over to a colleague (handoff issue; actions/handoff.py).
            return [SlotSet(HANDOFF_REASON, "fallback"), FollowupAction("action_handoff")]
        else:
            dispatcher.utter_message(text=words["rephrase"], **{STAGE_KEY: "rephrase"})
        return []
