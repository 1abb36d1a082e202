"""Plays a scripted request conversation against the real stack and judges how it ended.

The script is typed turn by turn over REST; codes are read from the mail sink. When the script runs out
while the form still asks something, the person answers from their persona, typed as people type. The
judgement: every message got a reply, and the request was filed (or not) as the person wanted, with the
right fields, a code mail, a confirmation mail and a receipt in the chat.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import httpx

from tests.support.conversation_script import Conversation, Persona
from tests.support.services import Stack, mail_text

CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TICKET_ID = re.compile(r"DSR-[0-9A-Z]{6}")
MAX_PERSONA_TURNS = 12

_TYPE_WORDS = {
    "zh": {"access": "查阅我的信息", "correction": "更正", "deletion": "删除", "account_closure": "注销账号"},
    "en": {
        "access": "access my data",
        "correction": "correct my data",
        "deletion": "delete",
        "account_closure": "close my account",
    },
}
_SCENARIO_WORDS = {
    "zh": {
        "business_inquiry": "商务合作",
        "after_sales": "售后",
        "recruitment": "应聘投的简历",
        "product": "公司考勤系统里的",
        "other": "其他",
    },
    "en": {
        "business_inquiry": "business inquiry",
        "after_sales": "after-sales support",
        "recruitment": "my job application",
        "product": "my employer's attendance system",
        "other": "other",
    },
}
_YES = {"zh": "嗯，继续提交", "en": "yes, go ahead"}
_CONFIRM = {"zh": "对，提交吧", "en": "yes"}
_SKIP = {"zh": "跳过", "en": "skip"}
_NO = {"zh": "不用了", "en": "no"}


@dataclass
class Outcome:
    """How one conversation went: `problems` is empty when it ended as the person wanted."""

    conversation_id: str
    transcript: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ticket_id: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        lines = [f"{self.conversation_id}: {'ok' if self.ok else 'FAILED'}"]
        lines += [f"  ! {problem}" for problem in self.problems]
        for who, text in self.transcript:
            lines.append(f"  {who}: {text}")
        return "\n".join(lines)


def _text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(message.get("text") or "") for message in messages)


class ConversationPlayer:
    """Plays conversations on one running `Stack`."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    # --- what the person can see
    def _tracker(self, sender: str) -> dict[str, Any]:
        response = httpx.get(
            f"{self.stack.rasa_url}/conversations/{self.stack.conversation(sender)}/tracker",
            params={"token": self.stack.env["RASA_TOKEN"], "include_events": "NONE"},
            timeout=30,
        )
        response.raise_for_status()
        return dict(response.json())

    def _code_mails(self, email: str) -> list[EmailMessage]:
        return [m for m in self.stack.mails(email) if not TICKET_ID.search(str(m.get("Subject", "")))]

    def _fresh_code(self, email: str, used: list[str], timeout: float = 20) -> str | None:
        """The newest code in the mailbox, waiting briefly for one not typed yet (mail is sent async)."""
        deadline = time.monotonic() + timeout
        latest: str | None = None
        while time.monotonic() < deadline:
            codes = [found.group(0) for m in self._code_mails(email) if (found := CODE.search(mail_text(m)))]
            latest = codes[-1] if codes else None
            if latest and latest not in used:
                return latest
            time.sleep(0.3)
        return latest

    # --- playing
    def _say(self, outcome: Outcome, sender: str, text: str) -> str:
        outcome.transcript.append(("person", text))
        reply = _text(self.stack.say(sender, text))
        outcome.transcript.append(("bot", reply.replace("\n", " / ")))
        if not reply.strip():
            outcome.problems.append(f"no reply to {text!r}")
        # The receipt is the first ticket id the assistant names that the person did not type (any language).
        typed = {
            tid for who, said in outcome.transcript if who == "person" for tid in TICKET_ID.findall(said)
        }
        found = [tid for tid in TICKET_ID.findall(reply) if tid not in typed]
        if found and not outcome.ticket_id:
            outcome.ticket_id = found[0]
        return reply

    def _persona_answer(
        self, conversation: Conversation, slots: dict[str, Any], requested: str
    ) -> str | None:
        persona: Persona = conversation.persona
        lang = "en" if conversation.lang.startswith("en") else "zh"
        if slots.get("intake_pending"):
            return _NO[lang] if conversation.expect.ticket else _CONFIRM[lang]
        answers = {
            "intake_type": _TYPE_WORDS[lang].get(persona.type),
            "intake_scenario": _SCENARIO_WORDS[lang].get(persona.scenario),
            "intake_proceed": _YES[lang] if conversation.expect.ticket else _NO[lang],
            "intake_name": persona.name,
            "intake_email": persona.email,
            "intake_phone": persona.phone or _SKIP[lang],
            "intake_details": persona.details,
            "intake_confirmed": _CONFIRM[lang] if conversation.expect.ticket else _NO[lang],
        }
        return answers.get(requested) or None

    def play(self, conversation: Conversation) -> Outcome:
        sender = f"conv-{conversation.id}-{uuid.uuid4().hex[:6]}"
        outcome = Outcome(conversation_id=conversation.id)
        used: list[str] = []
        email = conversation.expect.email or conversation.persona.email
        for turn in conversation.turns:
            text = turn.say
            if "{code}" in text:
                current = self._tracker(sender).get("slots", {}).get("intake_email") or email
                code = self._fresh_code(current, used) or "000000"
                used.append(code)
                text = text.replace("{code}", code)
            text = text.replace("{ticket}", outcome.ticket_id or "DSR-XXXXXX")
            reply = self._say(outcome, sender, text)
            for wanted in turn.reply_contains:
                if wanted not in reply:
                    outcome.problems.append(f"reply to {text!r} lacks {wanted!r}")
            for unwanted in turn.reply_excludes:
                if unwanted in reply:
                    outcome.problems.append(f"reply to {text!r} has {unwanted!r}")
        self._finish(conversation, sender, outcome, used)
        self._judge(conversation, outcome)
        self._judge_flags(conversation, sender, outcome)
        return outcome

    def _finish(self, conversation: Conversation, sender: str, outcome: Outcome, used: list[str]) -> None:
        """Answer what the form still asks, from the persona, until it ends (or gets stuck)."""
        email = conversation.expect.email or conversation.persona.email
        for _ in range(MAX_PERSONA_TURNS):
            if outcome.ticket_id:
                return
            tracker = self._tracker(sender)
            if (tracker.get("active_loop") or {}).get("name") != "intake_form":
                return
            slots = tracker.get("slots") or {}
            requested = str(slots.get("requested_slot") or "")
            if requested == "intake_code":
                answer = self._fresh_code(slots.get("intake_email") or email, used)
                if answer:
                    used.append(answer)
            else:
                answer = self._persona_answer(conversation, slots, requested)
            if not answer:
                outcome.problems.append(f"the person has no answer for {requested!r}")
                return
            self._say(outcome, sender, answer)
        outcome.problems.append("the form did not end after the persona answered everything")

    def _judge(self, conversation: Conversation, outcome: Outcome) -> None:
        expect = conversation.expect
        email = expect.email or conversation.persona.email
        if not expect.ticket:
            if outcome.ticket_id:
                outcome.problems.append(f"filed {outcome.ticket_id}, but the person wanted nothing filed")
            elif email and self._tickets_for(email):
                outcome.problems.append("a ticket was filed, but the person wanted nothing filed")
            return
        if not outcome.ticket_id:
            outcome.problems.append("no ticket was filed (no receipt in the chat)")
            return
        ticket = self.stack.api("GET", f"/api/tickets/{outcome.ticket_id}").json()
        for key in ("type", "name", "email", "phone", "scenario"):
            wanted, got = getattr(expect, key), str(ticket.get(key) or "")
            if key == "phone" and wanted is not None:
                wanted, got = re.sub(r"\D", "", wanted)[-11:], re.sub(r"\D", "", got)[-11:]
            if wanted is not None and got != str(wanted):
                outcome.problems.append(f"ticket {key} is {ticket.get(key)!r}, wanted {wanted!r}")
        for piece in expect.details_contains:
            if piece.lower() not in str(ticket.get("details") or "").lower():
                outcome.problems.append(f"ticket details {ticket.get('details')!r} lack {piece!r}")
        if not any(CODE.search(mail_text(m)) for m in self._code_mails(email)):
            outcome.problems.append("no code mail reached the person")
        deadline = time.monotonic() + 30
        while not self._confirmation(email, outcome.ticket_id):
            if time.monotonic() > deadline:
                outcome.problems.append("no confirmation mail with the ticket id")
                break
            time.sleep(0.3)

    def _judge_flags(self, conversation: Conversation, sender: str, outcome: Outcome) -> None:
        """The held-out file's optional flags, judged from what the person saw and the backend holds."""
        flags = conversation.expect.flags
        said = "\n".join(text for who, text in outcome.transcript if who == "bot")
        if "refusal" in flags and not re.search(r"本人|yourself|themselves|the person", said, re.I):
            outcome.problems.append("someone else's data was not declined with who can ask")
        if "handoff" in flags and not self._handed_over(sender):
            outcome.problems.append("the conversation was not handed to a human")
        if "status_reported" in flags and not (outcome.ticket_id and said.count(outcome.ticket_id) >= 2):
            outcome.problems.append("the status of the filed request was not reported")
        if "unknown_ticket" in flags and re.search(r"当前状态|current status", said, re.I):
            outcome.problems.append("a status was reported for a ticket that does not exist")

    def _handed_over(self, sender: str) -> bool:
        """The handoff ran: queued for an agent, or (nobody online) told how else to reach one."""
        response = httpx.get(
            f"{self.stack.rasa_url}/conversations/{self.stack.conversation(sender)}/tracker",
            params={"token": self.stack.env["RASA_TOKEN"]},
            timeout=30,
        )
        events = response.json().get("events") or []
        return any(e.get("event") == "action" and e.get("name") == "action_handoff" for e in events)

    def _confirmation(self, email: str, ticket_id: str) -> bool:
        return any(
            ticket_id in str(m.get("Subject", "")) or ticket_id in mail_text(m)
            for m in self.stack.mails(email)
        )

    def _tickets_for(self, email: str) -> list[dict[str, Any]]:
        body = self.stack.api("GET", "/api/tickets", params={"email": email}).json()
        return list(body["tickets"] if isinstance(body, dict) else body)


def share_ok(outcomes: list[Outcome]) -> float:
    """The share of conversations that ended as the person wanted."""
    return sum(outcome.ok for outcome in outcomes) / len(outcomes) if outcomes else 0.0
