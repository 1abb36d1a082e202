"""Who is on the other end of a channel request: the address rate limits are counted against."""

from __future__ import annotations

import ipaddress
from typing import Any

from sanic.request import Request

PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def is_loopback_peer(request: Request) -> bool:
    """True for a direct connection from this machine; anything relayed by a proxy is not."""
    if any(name in request.headers for name in PROXY_HEADERS):
        return False
    return _loopback(request.conn_info.client_ip if request.conn_info else "")


def client_address(request: Request | None) -> str:
    """The peer's address; behind a proxy on this machine, the hop that proxy added (the last one).

    Only the last X-Forwarded-For entry is trusted: earlier ones are whatever the client wrote.
    """
    if request is None:
        return "unknown"
    peer = request.conn_info.client_ip if request.conn_info else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    if _loopback(peer) and forwarded:
        return forwarded.split(",")[-1].strip() or peer
    return peer or "unknown"


def socket_address(environ: dict[str, Any]) -> str:
    """The address of a socket.io connection (engine.io's Sanic driver keeps the request in environ)."""
    request = environ.get("sanic.request")
    return client_address(request if isinstance(request, Request) else None)
