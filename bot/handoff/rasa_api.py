"""The Rasa server's HTTP API as the console needs it: pause, resume, speak, read the transcript.

Agent messages are appended as `bot` events with `execute_side_effects=true` and the output channel
of the conversation's own namespace (`web:` -> socketio, `tg:` -> telegram; bot/conversations.py).
Never `latest`: that is whatever channel last wrote into the tracker, which need not be the owner's.
The REST channel cannot push; its conversations only keep agent messages in the tracker.
Typing is not a tracker event: it goes to the channel's own route `/webhooks/<channel>/typing`
(bot/channels/socketio.py, bot/channels/telegram.py), with the same token, and is never stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from bot.conversations import output_channel
from bot.handoff.errors import RasaUnavailable
from bot.http_endpoint import HttpEndpoint
from bot.language import Language, language_from_events

logger = logging.getLogger(__name__)
AGENT_METADATA_KEY = "handoff_agent"
TYPING_PATH = "/webhooks/{channel}/typing"  # socketio (the widget) and telegram have one
TYPING_CHANNELS = frozenset({"socketio", "telegram"})


@dataclass(frozen=True)
class TranscriptLine:
    """One line of a conversation: role is user, assistant or agent."""

    index: int
    role: str
    text: str
    at: datetime


class RasaApi(Protocol):
    """What the console and the wait-notice task need from Rasa; tests pass a fake."""

    async def pause(self, conversation_id: str) -> None: ...
    async def resume(self, conversation_id: str) -> None: ...
    async def say(
        self,
        conversation_id: str,
        text: str,
        *,
        agent: str | None = None,
        custom: dict[str, Any] | None = None,
        buttons: list[dict[str, str]] | None = None,
    ) -> None: ...
    async def transcript(self, conversation_id: str) -> list[TranscriptLine]: ...
    async def language(self, conversation_id: str) -> Language: ...
    async def typing(self, conversation_id: str, typing: bool, channel: str) -> None: ...


def transcript_from_events(events: list[dict[str, Any]]) -> list[TranscriptLine]:
    """User and bot text events in order; bot events we tagged as an agent's are marked so."""
    lines: list[TranscriptLine] = []
    for index, event in enumerate(events):
        kind, text = event.get("event"), event.get("text")
        if kind not in ("user", "bot") or not isinstance(text, str) or not text:
            continue
        if kind == "user":
            role = "user"
        else:
            metadata = event.get("metadata") or {}
            role = "agent" if metadata.get(AGENT_METADATA_KEY) else "assistant"
        at = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc)
        lines.append(TranscriptLine(index=index, role=role, text=text, at=at))
    return lines


class HttpRasaApi:
    """RasaApi over httpx; every failure becomes RasaUnavailable (the console shows it to the agent)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._endpoint = HttpEndpoint(base_url, timeout, transport)
        self._token = token

    def _url(self, conversation_id: str, tail: str) -> str:
        # ':' and '@' stay as they are: Sanic matches the raw path, so `rest%3Ax` would name another tracker.
        return f"/conversations/{quote(conversation_id, safe=':@')}/{tail}"

    async def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        params = {"token": self._token, **kwargs.pop("params", {})}
        try:
            async with self._endpoint.client() as client:
                response = await client.request(method, url, params=params, **kwargs)
        except httpx.HTTPError as error:
            logger.warning("Rasa HTTP API unreachable: %s", type(error).__name__)
            raise RasaUnavailable("the Rasa server did not answer") from error
        if response.status_code >= 400:
            logger.warning("Rasa HTTP API answered %s on %s", response.status_code, method)
            raise RasaUnavailable(f"the Rasa server answered {response.status_code}")
        return response

    async def _append(self, conversation_id: str, event: dict[str, Any]) -> None:
        params = {"execute_side_effects": "true"}
        channel = output_channel(conversation_id)
        if channel is not None:
            params["output_channel"] = channel
        await self._request("POST", self._url(conversation_id, "tracker/events"), params=params, json=event)

    async def pause(self, conversation_id: str) -> None:
        await self._append(conversation_id, {"event": "pause"})

    async def resume(self, conversation_id: str) -> None:
        await self._append(conversation_id, {"event": "resume"})
        # Messages that arrived while paused were logged without the `action_listen` that normally
        # precedes a user turn; without one, no rule matches the next message and Rasa falls back.
        await self._append(conversation_id, {"event": "action", "name": "action_listen"})

    async def say(
        self,
        conversation_id: str,
        text: str,
        *,
        agent: str | None = None,
        custom: dict[str, Any] | None = None,
        buttons: list[dict[str, str]] | None = None,
    ) -> None:
        data: dict[str, Any] = {}
        if custom:
            data["custom"] = custom
        if buttons:
            data["buttons"] = buttons
        # An empty text makes a signal-only event: the channel sends just the custom payload.
        event: dict[str, Any] = {"event": "bot", "text": text or None, "data": data}
        if agent is not None:
            event["metadata"] = {AGENT_METADATA_KEY: agent}
        await self._append(conversation_id, event)

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        response = await self._request(
            "GET", self._url(conversation_id, "tracker"), params={"include_events": "ALL"}
        )
        return list(response.json().get("events") or [])

    async def transcript(self, conversation_id: str) -> list[TranscriptLine]:
        return transcript_from_events(await self.events(conversation_id))

    async def language(self, conversation_id: str) -> Language:
        """The conversation's language, so what the desk sends the person is in it."""
        return language_from_events(await self.events(conversation_id))

    async def typing(self, conversation_id: str, typing: bool, channel: str) -> None:
        path = TYPING_PATH.format(channel=channel)
        await self._request("POST", path, json={"conversation_id": conversation_id, "typing": bool(typing)})
