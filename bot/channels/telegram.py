"""Telegram input channel on python-telegram-bot 22 (Rasa's own one is built on an old aiogram).

The route only checks the secret, parses with `Update.de_json` and hands the text to Rasa, as in
python-telegram-bot's `customwebhookbot` example. The webhook is registered in a Sanic
`before_server_start` listener, inside the server's loop (Rasa's channel calls `asyncio.run`
from within the running loop, which fails).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, Message, Update
from telegram.error import TelegramError

from bot.channels.telegram_output import CallbackPayloads, TelegramOutput
from bot.conversations import TELEGRAM, conversation_id
from bot.message_limits import check_message
from bot.process_settings import process_settings
from bot.rate_limit import SLOW_DOWN_REPLY, EdgeLimits
from bot.secrets_compare import bearer_token, same_secret

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
NON_TEXT_REPLY = "抱歉，我目前只能处理文字消息。请用文字描述您的问题，例如“我想删除我的个人信息”。"
EDITED_REPLY = "我收到了您修改后的消息，但无法处理修改。请把修改后的内容重新发送一条新消息。"
EXPIRED_BUTTON_REPLY = "这个按钮已失效，请直接输入您的问题，或发送 /start 重新开始。"
GROUP_REPLY = "为保护您的个人信息，请私聊我办理隐私相关事务。"
# Commands Telegram users know; anything else typed after "/" is read as text, not as a Rasa intent.
COMMANDS = {"start": "/greet", "help": "/greet", "cancel": "/stop", "stop": "/stop"}
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
_COMMAND = re.compile(r"/([A-Za-z0-9_]+)(?:@\w+)?(?:\s.*)?", re.DOTALL)


def bot_api_base_url(api_base_url: str) -> str:
    """`TELEGRAM_API_BASE_URL` is a server root (`http://127.0.0.1:8081`); the Bot wants `<root>/bot`."""
    root = (api_base_url or "https://api.telegram.org").rstrip("/")
    if "{token}" in root or root.endswith("/bot"):
        return root
    return f"{root}/bot"


class RedactToken(logging.Filter):
    """httpx logs every request URL at INFO, and Bot API URLs contain the bot token."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token and self.token in record.getMessage():
            record.msg, record.args = record.getMessage().replace(self.token, "<TELEGRAM_TOKEN>"), None
        return True


def derived_secret(token: str) -> str:
    """A webhook secret when TELEGRAM_WEBHOOK_SECRET is unset, so updates are always checked."""
    return hashlib.sha256(f"telegram-webhook:{token}".encode()).hexdigest()


class TelegramInput(InputChannel):
    """Webhook endpoint `/webhooks/telegram/webhook`; inactive (503) without a token."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Credentials may be empty: the token, secret and server come from the environment then."""
        credentials = credentials or {}
        settings = process_settings()
        return cls(
            token=credentials.get("access_token") or settings.telegram_token,
            secret=credentials.get("secret_token") or settings.telegram_webhook_secret,
            api_base_url=credentials.get("api_base_url") or settings.telegram_api_base_url,
            webhook_url=credentials.get("webhook_url") or settings.telegram_webhook_url,
            mode=credentials.get("mode") or settings.telegram_mode,
            max_message_chars=settings.max_message_chars,
            api_token=settings.rasa_token,
            limits=settings.edge_limits(),
        )

    def __init__(
        self,
        *,
        token: str,
        secret: str = "",
        api_base_url: str = "",
        webhook_url: str = "",
        mode: str = "webhook",
        max_message_chars: int = 2000,
        api_token: str = "",
        limits: EdgeLimits | None = None,
    ) -> None:
        self.token = token
        self.secret = secret or (derived_secret(token) if token else "")
        self.api_base_url = api_base_url
        self.webhook_url = webhook_url
        self.mode = mode
        self.max_message_chars = max_message_chars
        self.api_token = api_token  # RASA_TOKEN: the backend's typing signal carries it
        self.limits = limits or EdgeLimits.per_minute(sender=20, ip=0, new_conversations_per_hour=0)
        self.payloads = CallbackPayloads()
        self._bot: Bot | None = None
        self._bot_ready = asyncio.Lock()
        self._seen_updates: OrderedDict[int, None] = OrderedDict()
        httpx_logger = logging.getLogger("httpx")
        if token and not any(getattr(f, "token", None) == token for f in httpx_logger.filters):
            httpx_logger.addFilter(RedactToken(token))

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    async def bot(self) -> Bot:
        """The Bot, initialized on first use inside the running loop (its HTTP client is bound to it)."""
        async with self._bot_ready:
            if self._bot is None:
                bot = Bot(self.token, base_url=bot_api_base_url(self.api_base_url))
                await bot.initialize()
                self._bot = bot
            return self._bot

    def get_output_channel(self) -> OutputChannel | None:
        """Lets staff messages sent through Rasa's HTTP API (`output_channel=telegram`) reach the chat."""
        return TelegramOutput(self.bot, self.payloads) if self.enabled else None

    async def register_webhook(self) -> None:
        """setWebhook with the secret; failures are logged so Rasa still starts without Telegram."""
        if not self.enabled or self.mode != "webhook":
            return
        if not self.webhook_url:
            logger.info("TELEGRAM_WEBHOOK_URL unset: not registering a webhook (set it, or use polling)")
            return
        try:
            bot = await self.bot()
            await bot.set_webhook(self.webhook_url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES)
            logger.info("telegram webhook registered")
        except TelegramError as error:
            logger.error("telegram setWebhook failed: %s", error, exc_info=error)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        telegram_webhook = Blueprint("telegram_webhook_ptb", __name__)

        @telegram_webhook.listener("before_server_start")
        async def set_webhook(app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
            await self.register_webhook()

        @telegram_webhook.listener("after_server_stop")
        async def close_bot(app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
            if self._bot is not None:
                await self._bot.shutdown()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "disabled"})

        @telegram_webhook.route("/typing", methods=["POST"])
        async def agent_typing(request: Request) -> HTTPResponse:
            """The console's typing signal (backend, with RASA_TOKEN) as Telegram's "typing…" in the chat."""
            if not self.enabled:
                return _error(503, "telegram_disabled", "Telegram channel is off: TELEGRAM_TOKEN is not set.")
            given = request.args.get("token") or bearer_token(request.headers.get("Authorization"))
            if not same_secret(given, self.api_token):
                return _error(401, "unauthorized", "token required")
            body = request.json if isinstance(request.json, dict) else {}
            conversation_id, typing = body.get("conversation_id"), body.get("typing")
            if not isinstance(conversation_id, str) or not conversation_id or not isinstance(typing, bool):
                return _error(422, "validation_error", "conversation_id and typing are required")
            await TelegramOutput(self.bot, self.payloads).send_agent_typing(conversation_id, typing)
            return response.json({"status": "sent"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.enabled:
                return _error(503, "telegram_disabled", "Telegram channel is off: TELEGRAM_TOKEN is not set.")
            given = request.headers.get(SECRET_HEADER, "")
            if not same_secret(given, self.secret):
                logger.warning("telegram update with a missing or wrong secret token refused")
                return _error(403, "forbidden", "Wrong or missing X-Telegram-Bot-Api-Secret-Token.")
            try:
                data = request.json
            except Exception:  # Sanic raises its own InvalidUsage for a body that is not JSON
                data = None
            if not isinstance(data, dict):
                return _error(400, "bad_update", "The body is not a Telegram Update object.")
            try:
                update = Update.de_json(data, await self.bot())
            except (KeyError, TypeError, ValueError):
                return _error(400, "bad_update", "The body is not a Telegram Update object.")
            except TelegramError as error:
                logger.error("telegram bot could not be initialized: %s", error, exc_info=error)
                return _error(503, "telegram_unavailable", "The Telegram Bot API cannot be reached.")
            try:
                await self.handle_update(update, on_new_message)
            except Exception as error:  # answered 200 anyway: Telegram would otherwise resend it forever
                logger.error("telegram update %s failed", update.update_id, exc_info=error)
            return response.json({"ok": True})

        return telegram_webhook

    async def handle_update(self, update: Update, on_new_message: OnNewMessage) -> None:
        """Turn one update into at most one user message for Rasa, or a polite direct answer."""
        if self._already_seen(update.update_id):
            return
        output = TelegramOutput(self.bot, self.payloads)
        query = update.callback_query
        if query is not None:
            bot = await self.bot()
            try:
                await bot.answer_callback_query(query.id)  # stops the button's spinner, whatever follows
            except TelegramError as error:
                logger.warning("telegram answerCallbackQuery failed: %s", error)
            chat = query.message.chat if query.message is not None else None
            sender_id = conversation_id(TELEGRAM, str(chat.id if chat is not None else query.from_user.id))
            payload = self.payloads.decode(query.data or "")
            if payload is None:
                await output.send_text_message(sender_id, EXPIRED_BUTTON_REPLY)
                return
            await self._forward(payload, sender_id, output, on_new_message)
            return
        if update.edited_message is not None:
            edited_chat = conversation_id(TELEGRAM, str(update.edited_message.chat_id))
            await output.send_text_message(edited_chat, EDITED_REPLY)
            return
        message = update.message
        if message is None:
            return  # other update kinds are not subscribed to; ignore any that arrive
        sender_id = conversation_id(TELEGRAM, str(message.chat_id))
        if message.chat.type != "private":
            await output.send_text_message(sender_id, GROUP_REPLY)
            return
        text = _text_for_rasa(message)
        if text is None:
            await output.send_text_message(sender_id, NON_TEXT_REPLY)
            return
        await self._forward(text, sender_id, output, on_new_message)

    async def _forward(
        self,
        text: str,
        sender_id: str,
        output: TelegramOutput,
        on_new_message: OnNewMessage,
    ) -> None:
        if not self.limits.per_sender.allow(sender_id):
            await output.send_text_message(sender_id, SLOW_DOWN_REPLY)
            return
        verdict = check_message(text, max_chars=self.max_message_chars)
        if verdict.reply is not None:
            await output.send_text_message(sender_id, verdict.reply)
            return
        await on_new_message(UserMessage(text, output, sender_id, input_channel=self.name()))

    def _already_seen(self, update_id: int) -> bool:
        """Telegram resends an update it thinks failed; answer each update id once."""
        if update_id in self._seen_updates:
            return True
        self._seen_updates[update_id] = None
        while len(self._seen_updates) > 2048:
            self._seen_updates.popitem(last=False)
        return False


def _text_for_rasa(message: Message) -> str | None:
    """The text Rasa sees, or None for a message without text (photo, sticker, voice...)."""
    text = message.text
    if text is None:
        return None
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text
    command = _COMMAND.fullmatch(stripped)
    mapped = COMMANDS.get(command.group(1).lower()) if command is not None else None
    code = (message.from_user.language_code if message.from_user else None) or ""
    if mapped == "/greet" and code.lower().startswith("en"):
        # An English app is the first guess at the conversation's language, until the person's words tell.
        return '/greet{"language":"en"}'
    # Typed "/intent{...}" would let a user pick intents and set entities directly: read it as text.
    return mapped if mapped is not None else stripped.lstrip("/")


def _error(status: int, code: str, message: str) -> HTTPResponse:
    return response.json({"error": code, "message": message}, status=status)
