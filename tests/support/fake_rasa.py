"""A stand-in for Rasa's HTTP API: records what the console sent and serves scripted transcripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from bot.handoff.errors import RasaUnavailable
from bot.handoff.rasa_api import TranscriptLine, transcript_from_events
from bot.language import Language, language_from_events


@dataclass
class FakeRasa:
    calls: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    down: bool = False

    def user_says(self, conversation_id: str, text: str) -> None:
        stamp = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc).timestamp() + len(
            self.events.get(conversation_id, [])
        )
        self.events.setdefault(conversation_id, []).append(
            {"event": "user", "text": text, "timestamp": stamp}
        )

    def _check(self) -> None:
        if self.down:
            raise RasaUnavailable("fake Rasa is down")

    async def language(self, conversation_id: str) -> Language:
        self._check()
        return language_from_events(self.events.get(conversation_id, []))

    async def pause(self, conversation_id: str) -> None:
        self._check()
        self.calls.append(("pause", conversation_id, {}))

    async def resume(self, conversation_id: str) -> None:
        self._check()
        self.calls.append(("resume", conversation_id, {}))

    async def say(
        self,
        conversation_id: str,
        text: str,
        *,
        agent: str | None = None,
        custom: dict[str, Any] | None = None,
        buttons: list[dict[str, str]] | None = None,
    ) -> None:
        self._check()
        self.calls.append(
            ("say", conversation_id, {"text": text, "agent": agent, "custom": custom, "buttons": buttons})
        )
        event: dict[str, Any] = {"event": "bot", "text": text, "timestamp": 1.0e9}
        if agent:
            event["metadata"] = {"handoff_agent": agent}
        self.events.setdefault(conversation_id, []).append(event)

    async def transcript(self, conversation_id: str) -> list[TranscriptLine]:
        self._check()
        return transcript_from_events(self.events.get(conversation_id, []))

    async def typing(self, conversation_id: str, typing: bool, channel: str) -> None:
        self._check()
        self.calls.append(("typing", conversation_id, {"typing": typing, "channel": channel}))

    def said(self, conversation_id: str | None = None) -> list[str]:
        return [c[2]["text"] for c in self.calls if c[0] == "say" and conversation_id in (None, c[1])]

    def kinds(self) -> list[str]:
        return [c[0] for c in self.calls]
