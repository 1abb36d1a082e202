"""The chat widget's routes on the backend: the demo company page at `/`, `/widget.js`, its assets."""

from __future__ import annotations

import ipaddress
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.settings import Settings

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
# Only these files are served: the template and the notes in the directory stay private.
ASSETS = {
    "widget.css": "text/css; charset=utf-8",
    "socket.io.min.js": "text/javascript; charset=utf-8",
    "socket.io-client.LICENSE": "text/plain; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
    "demo.js": "text/javascript; charset=utf-8",
}
NO_CACHE = {"Cache-Control": "no-cache"}  # revalidate, so a deploy reaches browsers at once


def _settings(request: Request) -> Settings:
    """The settings create_app stored: the backend's entry point read them once."""
    deps = getattr(request.app.state, "deps", None)
    settings = getattr(deps, "settings", None) or getattr(request.app.state, "settings", None)
    if not isinstance(settings, Settings):
        raise RuntimeError("the app was built without settings: use bot.web.app.create_app(settings)")
    return settings


def _trusted_host(request: Request, settings: Settings) -> str:
    """The Host header only when it is an address, localhost or PUBLIC_URL's host (the CSP is built on it)."""
    host = request.url.hostname or ""
    allowed = {"localhost", urlsplit(settings.public_url).hostname or "localhost"}
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        return host if host in allowed else settings.host


def rasa_public_url(request: Request, settings: Settings) -> str:
    """Rasa on the host name the browser used for this page, so the demo also works from another machine."""
    host = _trusted_host(request, settings)
    if ":" in host:
        host = f"[{host}]"
    if settings.widget_same_origin:  # behind one entry (make run-cluster's nginx): /socket.io/ on this origin
        port = f":{request.url.port}" if request.url.port else ""
        return f"{request.url.scheme}://{host}{port}"
    return f"{request.url.scheme}://{host}:{settings.rasa_port}"


async def demo_page(request: Request) -> Response:
    """A company page with the one-line embed, as an integrator would write it."""
    settings = _settings(request)
    server_url = rasa_public_url(request, settings)
    template = Template((WIDGET_DIR / "demo.html").read_text(encoding="utf-8"))
    html = template.substitute(server_url=escape(server_url, quote=True))
    origin = urlsplit(server_url)
    websocket = f"{'wss' if origin.scheme == 'https' else 'ws'}://{origin.netloc}"
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {server_url} {websocket}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": csp, "Referrer-Policy": "no-referrer"})


async def widget_js(request: Request) -> Response:
    """The one file integrators embed; its assets are found relative to its own URL."""
    script = WIDGET_DIR / "widget.js"
    return FileResponse(script, media_type="text/javascript; charset=utf-8", headers=NO_CACHE)


async def favicon(request: Request) -> Response:
    """Browsers ask every origin for it; a 404 fills logs and devtools with noise."""
    headers = {"Cache-Control": "public, max-age=86400"}
    return FileResponse(WIDGET_DIR / "favicon.ico", media_type="image/x-icon", headers=headers)


async def widget_asset(request: Request) -> Response:
    name = request.path_params["name"]
    media_type = ASSETS.get(name)
    if media_type is None:
        return JSONResponse({"error": "not_found", "message": "No such widget file."}, status_code=404)
    return FileResponse(WIDGET_DIR / name, media_type=media_type, headers=NO_CACHE)


routes: list[BaseRoute] = [
    Route("/", demo_page, methods=["GET"]),
    Route("/widget.js", widget_js, methods=["GET"]),
    Route("/favicon.ico", favicon, methods=["GET"]),
    Route("/widget/{name}", widget_asset, methods=["GET"]),
]
