"""Where one of our HTTP clients talks to: base URL, timeout and (in tests) a transport, in one place.

The handoff, Rasa and intake clients differ in auth and in how they translate failures; this is the
part they share. A fresh connection per call keeps each client independent of the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class HttpEndpoint:
    base_url: str
    timeout: float
    transport: httpx.AsyncBaseTransport | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))

    def client(self) -> httpx.AsyncClient:
        """A client for one call; relative paths resolve against `base_url`."""
        return httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout, transport=self.transport)
