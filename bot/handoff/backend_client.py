"""The action server's client for the backend's handoff API (see bot/web/handoff_api.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from bot.http_endpoint import HttpEndpoint

logger = logging.getLogger(__name__)


class HandoffBackendUnavailable(Exception):
    """The backend did not answer usefully; the assistant then gives the contact details instead."""


@dataclass(frozen=True)
class Registration:
    status: str  # "waiting", "taken" or "unavailable"
    agents_online: bool
    handoff_id: str | None = None

    @property
    def queued(self) -> bool:
        return self.status in ("waiting", "taken")


class HandoffBackend:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._endpoint = HttpEndpoint(base_url, timeout, transport)
        self._token = token

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            async with self._endpoint.client() as client:
                response = await client.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            logger.warning("handoff API unreachable: %s", type(error).__name__)
            raise HandoffBackendUnavailable(type(error).__name__) from error
        if response.status_code >= 300:
            logger.warning("handoff API answered %s", response.status_code)
            raise HandoffBackendUnavailable(f"status {response.status_code}")
        body = response.json()
        if not isinstance(body, dict):
            raise HandoffBackendUnavailable("unexpected body")
        return body

    async def register(
        self,
        conversation_id: str,
        channel: str,
        reason: str,
        *,
        topic: str | None = None,
        first_message: str | None = None,
    ) -> Registration:
        payload = {"conversation_id": conversation_id, "channel": channel, "reason": reason}
        if topic:
            payload["topic"] = topic
        if first_message:
            payload["first_message"] = first_message
        body = await self._call("POST", "/api/handoffs", json=payload)
        return Registration(str(body.get("status")), bool(body.get("agents_online")), body.get("handoff_id"))

    async def should_stay_paused(self, conversation_id: str) -> bool:
        """True while an agent has (or is about to have) the conversation."""
        body = await self._call("GET", f"/api/handoffs/{quote(conversation_id, safe='')}")
        return bool(body.get("paused"))
