"""The action server, as `rasa run actions` starts it, minus one leak and one open door.

rasa_sdk's own error handler logs the whole request and echoes it in the response: that request is
the conversation tracker, full of names, emails and phone numbers. This one logs the error type and
the action's name only.

The action server holds DSR_API_TOKEN: a forged tracker posted to /webhook could mail codes to any
address or open handoffs for any conversation. So it listens on loopback only, and every request but
/health must carry `Authorization: Bearer <ACTION_SERVER_TOKEN>`, which `bot.launch prepare` writes
into Rasa's endpoints.yml (action_endpoint headers).
"""

from __future__ import annotations

import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.process_settings import use
from bot.secrets_compare import bearer_token, same_secret
from bot.settings import LOOPBACK, Settings

logger = logging.getLogger("bot.action_server")


def authorized(header: str, token: str) -> bool:
    """`Bearer <token>`, compared in constant time (a non-ASCII header is simply wrong)."""
    return same_secret(bearer_token(header), token)


def build_app(settings: Settings, *, retry_pending: bool = True) -> Sanic:
    from actions.intake_services import start_pending_retries
    from actions.language import language_of_slots
    from bot.intake import speech

    app = create_app("actions", cors_origins=None)
    if retry_pending:
        # Requests kept while the backend was down are retried from start-up, not from the next chat.
        app.register_listener(start_pending_retries, "after_server_start")

    @app.middleware("request")
    async def _require_token(request: Request) -> HTTPResponse | None:
        if request.path == "/health":
            return None
        if authorized(request.headers.get("authorization", ""), settings.action_server_token):
            return None
        logger.warning("action server call without the right token refused (%s)", request.path)
        return response.json(
            {"error": "unauthorized", "message": "Wrong or missing action server token."}, 401
        )

    @app.middleware("request")
    async def _speak_the_conversation_language(request: Request) -> None:
        # The texts (bot/intake/texts_*.py) follow the tracker's language slots; one task a request.
        if request.path.rstrip("/") == "/webhook" and request.method == "POST":
            body = request.json if isinstance(request.json, dict) else {}
            slots = (body.get("tracker") or {}).get("slots") or {}
            speech.set_language(language_of_slots(slots))

    @app.exception(Exception)
    async def _on_error(request: Request, exception: Exception) -> HTTPResponse:
        try:
            body = request.json if request.method == "POST" else None
        except Exception:  # noqa: BLE001 - Sanic raises its own error for a body that is not JSON
            body = None
        action = body.get("next_action", "?") if isinstance(body, dict) else "?"
        logger.error("action %s failed: %s", action, type(exception).__name__, exc_info=exception)
        return response.json({"error": "action failed", "action_name": action}, status=500)

    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env(os.environ)
    use(settings)  # the actions' services read these, not the environment again
    if not settings.action_server_token:
        raise SystemExit("ACTION_SERVER_TOKEN is missing: run `python -m bot.launch prepare` (make run does)")
    build_app(settings).run(host=LOOPBACK, port=settings.action_server_port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
