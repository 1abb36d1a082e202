"""A local stand-in for the Telegram Bot API: answers the few methods the channel uses, records every call.

It runs in a thread (a plain `ThreadingHTTPServer`), so the same object serves async unit tests and
the subprocess Rasa of the end-to-end tests, via `TELEGRAM_API_BASE_URL=<fake.url>`.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "旷视隐私助手", "username": "megvii_privacy_bot"}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]


class FakeBotApi:
    """Start with `with FakeBotApi(token) as api:`; then read `api.calls` or `api.sent_texts(chat_id)`."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.pending_updates: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeBotApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- what the tests read
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def sent_texts(self, chat_id: int) -> list[str]:
        calls = self.calls_to("sendMessage")
        return [str(c.params["text"]) for c in calls if int(c.params["chat_id"]) == chat_id]

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0) -> list[Call]:
        """Wait until `count` calls to `method` were recorded (the bot answers asynchronously)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} {method} call(s), got {len(self.calls_to(method))}")

    # --- the Bot API
    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.calls.append(Call(method, params))
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method in {"setWebhook", "deleteWebhook", "answerCallbackQuery", "sendChatAction"}:
            return 200, {"ok": True, "result": True}
        if method == "sendMessage":
            message = {
                "message_id": len(self.calls),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params["text"],
            }
            return 200, {"ok": True, "result": message}
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            with self._lock:
                ready = [u for u in self.pending_updates if u["update_id"] >= offset]
            if not ready:
                time.sleep(0.2)
            return 200, {"ok": True, "result": ready}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not in the stand-in"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                prefix = f"/bot{api.token}/"
                if not self.path.startswith(prefix):
                    self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                self._reply(*api.answer(self.path[len(prefix) :], _params(self.headers, body)))

            do_GET = do_POST  # noqa: N815

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def _params(headers: Any, body: str) -> dict[str, Any]:
    """python-telegram-bot posts form fields whose complex values (reply_markup) are JSON strings."""
    if not body:
        return {}
    if "json" in headers.get("Content-Type", ""):
        return dict(json.loads(body))
    params: dict[str, Any] = {key: values[0] for key, values in parse_qs(body).items()}
    for key in ("reply_markup", "allowed_updates"):
        if key in params:
            params[key] = json.loads(params[key])
    return params


def text_update(update_id: int, chat_id: int, text: str | None, **extra: Any) -> dict[str, Any]:
    """A private-chat message update as Telegram sends it."""
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "测试"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "测试"},
        **extra,
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def callback_update(update_id: int, chat_id: int, data: str) -> dict[str, Any]:
    """A press on an inline keyboard button."""
    user = {"id": chat_id, "is_bot": False, "first_name": "测试"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cq{update_id}",
            "from": user,
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": update_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": "…",
            },
        },
    }


TELEGRAM_TEST_TOKEN = "123456789:e2e-test-token"
TELEGRAM_TEST_SECRET = "e2e-webhook-secret"
TELEGRAM_TEST_WEBHOOK_URL = "https://bot.example.test/webhooks/telegram/webhook"


def telegram_env(api: FakeBotApi) -> dict[str, str]:
    """The environment that switches the stack's Telegram channel on, pointed at the stand-in."""
    return {
        "TELEGRAM_TOKEN": api.token,
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_TEST_SECRET,
        "TELEGRAM_API_BASE_URL": api.url,
        "TELEGRAM_WEBHOOK_URL": TELEGRAM_TEST_WEBHOOK_URL,
        "TELEGRAM_MODE": "webhook",
    }
