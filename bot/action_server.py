"""The action server, as `rasa run actions` starts it, minus one leak.

rasa_sdk's own error handler logs the whole request and echoes it in the response: that request is
the conversation tracker, full of names, emails and phone numbers. This one logs the error type and
the action's name only.
"""

from __future__ import annotations

import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.process_settings import use
from bot.settings import Settings

logger = logging.getLogger("bot.action_server")


def build_app() -> Sanic:
    from actions.intake_services import start_pending_retries

    app = create_app("actions", cors_origins=None)
    # Requests kept while the backend was down are retried from start-up, not from the next chat.
    app.register_listener(start_pending_retries, "after_server_start")

    @app.exception(Exception)
    async def _on_error(request: Request, exception: Exception) -> HTTPResponse:
        action = (request.json or {}).get("next_action", "?") if request.method == "POST" else "?"
        logger.error("action %s failed: %s", action, type(exception).__name__, exc_info=exception)
        return response.json({"error": "action failed", "action_name": action}, status=500)

    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env(os.environ)
    use(settings)  # the actions' services read these, not the environment again
    build_app().run(host=settings.host, port=settings.action_server_port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
