"""Scripted request conversations (YAML): who the person is, what they type, and what they wanted.

The format is the one the held-out file uses (eval/blind/conversations.yml):
conversations: [{id, lang, description, persona: {name, email, phone, scenario, type, details},
turns: [str with "{code}" / "{ticket}"], expect: {ticket, type, name, email, phone, details_contains}}].
A turn may also be a mapping {say, reply_contains?, reply_excludes?} so our own scripts can check a reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FLAGS = ("refusal", "cancelled", "handoff", "status_reported", "unknown_ticket")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


@dataclass(frozen=True)
class Persona:
    """What the person knows about themself; used to answer prompts once the script runs out."""

    name: str = ""
    email: str = ""
    phone: str = ""
    scenario: str = ""
    type: str = ""
    details: str = ""


@dataclass(frozen=True)
class Turn:
    """One message as typed, with optional checks on the assistant's answer to it."""

    say: str
    reply_contains: tuple[str, ...] = ()
    reply_excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expect:
    """How the person wanted the conversation to end."""

    ticket: bool
    type: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    scenario: str | None = None
    details_contains: tuple[str, ...] = ()
    # Optional flags of the held-out format: the person's data request is declined (someone else's data),
    # the person cancels, a human takes over, the status of {ticket} is reported, no status is invented.
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Conversation:
    id: str
    lang: str
    description: str
    persona: Persona
    turns: tuple[Turn, ...]
    expect: Expect
    extra: dict[str, Any] = field(default_factory=dict)


def _turn(raw: Any) -> Turn:
    if isinstance(raw, str):
        return Turn(say=raw)
    return Turn(
        say=str(raw["say"]),
        reply_contains=tuple(str(item) for item in raw.get("reply_contains") or ()),
        reply_excludes=tuple(str(item) for item in raw.get("reply_excludes") or ()),
    )


def unique_email(address: str, tag: str) -> str:
    """Plus-addressing keeps each run's tickets apart (the backend refuses a second open one)."""
    local, _, domain = address.partition("@")
    return f"{local}+{tag}@{domain}" if domain else address


def _retag(text: str, emails: dict[str, str]) -> str:
    return _EMAIL.sub(lambda match: emails.get(match.group(0).lower(), match.group(0)), text)


def _conversation(raw: dict[str, Any], tag: str | None) -> Conversation:
    persona_raw = {key: str(value or "") for key, value in (raw.get("persona") or {}).items()}
    expect_raw = dict(raw.get("expect") or {})
    emails: dict[str, str] = {}
    if tag:
        found = {persona_raw.get("email", ""), str(expect_raw.get("email") or "")}
        for turn in raw.get("turns") or []:
            found.update(_EMAIL.findall(turn if isinstance(turn, str) else str(turn.get("say", ""))))
        emails = {address.lower(): unique_email(address, tag) for address in found if "@" in address}

    def retag(value: Any) -> Any:
        return _retag(value, emails) if isinstance(value, str) else value

    turns = []
    for item in raw.get("turns") or []:
        turn = _turn(item)
        turns.append(Turn(retag(turn.say), turn.reply_contains, turn.reply_excludes))
    known_fields = Persona.__annotations__
    persona = Persona(**{key: retag(value) for key, value in persona_raw.items() if key in known_fields})
    expect = Expect(
        ticket=bool(expect_raw.get("ticket")),
        type=expect_raw.get("type"),
        name=expect_raw.get("name"),
        email=retag(expect_raw.get("email")),
        # A phone given as null means withheld: the ticket must carry none.
        phone=("" if "phone" in expect_raw else None)
        if expect_raw.get("phone") is None
        else str(expect_raw.get("phone")),
        scenario=expect_raw.get("scenario"),
        details_contains=tuple(str(item) for item in expect_raw.get("details_contains") or ()),
        flags=frozenset(key for key in FLAGS if expect_raw.get(key)),
    )
    known = {"id", "lang", "description", "persona", "turns", "expect"}
    return Conversation(
        id=str(raw["id"]),
        lang=str(raw.get("lang") or "zh"),
        description=str(raw.get("description") or ""),
        persona=persona,
        turns=tuple(turns),
        expect=expect,
        extra={key: value for key, value in raw.items() if key not in known},
    )


def load_conversations(path: Path, tag: str | None = None) -> list[Conversation]:
    """Every conversation in the file; with `tag`, each email address is made unique to this run."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [_conversation(raw, tag) for raw in data.get("conversations") or []]
