"""What an agent does to a conversation: each step changes the handoff row, and Rasa follows the row.

The row is the one record of "paused" (bot/handoff/pause.py); Rasa's pause is derived from it by
`pause.follow`, never decided here. The row changes first because it decides who may act (two agents
racing to take one conversation); a take Rasa cannot follow is given back, because a claim on a
person nobody can reach helps no one. Ending is the exception: Rasa follows the ended row before it
is written, so a failure leaves the handoff open rather than the person paused with nobody there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.db import Clock, SessionFactory, session_scope
from bot.handoff import pause, service, wait_notices
from bot.handoff.errors import RasaUnavailable
from bot.handoff.permissions import check_can_end, check_holder
from bot.handoff.rasa_api import TYPING_CHANNELS, RasaApi
from bot.handoff.signals import LEFT_PAYLOAD, WAIT_NOTICE_PAYLOAD, joined_payload
from bot.handoff.texts import ENGLISH_WAIT_NOTICE_BUTTONS, WAIT_NOTICE_BUTTONS, agent_label, visitor_text
from bot.handoff.views import HandoffView, State

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class HelpDesk:
    session_factory: SessionFactory
    cipher: FieldCipher
    rasa: RasaApi
    clock: Clock

    async def _db(self, work: Callable[[Session], T]) -> T:
        """Run one unit of work off the event loop."""

        def run() -> T:
            with session_scope(self.session_factory) as session:
                return work(session)

        return await asyncio.to_thread(run)

    async def take(self, handoff_id: str, agent_id: int, agent_name: str) -> HandoffView:
        """Claim, pause the assistant, greet the person once; a Rasa failure gives the claim back.

        `agent_name` is the display name; the person reads it as "客服 <name>".
        """
        before = await self._db(
            lambda s: service.get_handoff(session=s, cipher=self.cipher, handoff_id=handoff_id)
        )
        view = await self._db(
            lambda s: service.take_handoff(
                session=s, cipher=self.cipher, handoff_id=handoff_id, agent_id=agent_id, now=self.clock()
            )
        )
        if before.state == State.TAKEN.value:
            return view  # already ours: no second greeting
        try:
            await pause.follow(self.rasa, view.conversation_id, pause.paused(view))
            language = await self.rasa.language(view.conversation_id)
            label = agent_label(agent_name, language)
            await self.rasa.say(
                view.conversation_id,
                visitor_text("TAKEN", language).format(agent=label),
                agent=agent_name,
                custom=joined_payload(label),
            )
        except RasaUnavailable:
            await self._db(
                lambda s: service.release_handoff(
                    session=s, cipher=self.cipher, handoff_id=handoff_id, agent_id=agent_id, now=self.clock()
                )
            )
            raise
        return view

    async def reply(self, handoff_id: str, agent_id: int, agent_name: str, text: str) -> None:
        """Send the agent's words to the person on their channel."""
        view = await self._db(
            lambda s: service.get_handoff(session=s, cipher=self.cipher, handoff_id=handoff_id)
        )
        checked = await self._db(
            lambda s: service.record_reply(
                session=s,
                cipher=self.cipher,
                handoff_id=handoff_id,
                agent_id=agent_id,
                text=text,
                now=self.clock(),
            )
        )
        await self.rasa.say(view.conversation_id, checked, agent=agent_name)

    async def typing(self, handoff_id: str, agent_id: int, typing: bool) -> bool:
        """Tell the person's widget the holder is (no longer) typing; False where nothing can show it."""
        view = await self._db(
            lambda s: service.get_handoff(session=s, cipher=self.cipher, handoff_id=handoff_id)
        )
        check_holder(view, agent_id)
        if view.channel not in TYPING_CHANNELS:
            return False  # the REST channel cannot push anything
        await self.rasa.typing(view.conversation_id, typing, view.channel)
        return True

    async def note(self, handoff_id: str, agent_id: int, text: str) -> None:
        """Internal only: never reaches Rasa."""
        await self._db(
            lambda s: service.add_note(
                session=s,
                cipher=self.cipher,
                handoff_id=handoff_id,
                agent_id=agent_id,
                text=text,
                now=self.clock(),
            )
        )

    async def end(self, handoff_id: str, agent_id: int, *, is_admin: bool = False) -> HandoffView:
        """Give the conversation back to the assistant, tell the person, then close the handoff.

        Rasa goes first: if it cannot be reached the handoff stays open, so nobody is left paused.
        """
        view = await self._db(
            lambda s: service.get_handoff(session=s, cipher=self.cipher, handoff_id=handoff_id)
        )
        check_can_end(view, agent_id, is_admin=is_admin)
        await pause.follow(self.rasa, view.conversation_id, False)  # an ended row is never paused
        language = await self.rasa.language(view.conversation_id)
        # The signal goes first (Rasa sends a message's text before its custom payload), so the widget
        # shows the closing words as the assistant's, not under the colleague's name.
        await self.rasa.say(view.conversation_id, "", custom=LEFT_PAYLOAD)
        await self.rasa.say(view.conversation_id, visitor_text("ENDED", language))
        return await self._db(
            lambda s: service.end_handoff(
                session=s,
                cipher=self.cipher,
                handoff_id=handoff_id,
                agent_id=agent_id,
                now=self.clock(),
                is_admin=is_admin,
            )
        )

    async def send_wait_notices(self, wait: timedelta) -> int:
        """Once per handoff nobody took in time: apologise, resume the assistant, offer a request."""
        due = await self._db(
            lambda s: wait_notices.due_wait_notices(
                session=s, cipher=self.cipher, now=self.clock(), wait=wait
            )
        )
        sent = 0
        for view in due:
            marked = await self._db(
                lambda s, hid=view.id: wait_notices.mark_wait_notice(
                    session=s, cipher=self.cipher, handoff_id=hid, now=self.clock()
                )
            )
            if marked is None:
                continue
            try:
                await pause.follow(self.rasa, marked.conversation_id, pause.paused(marked))
                language = await self.rasa.language(view.conversation_id)
                pairs = ENGLISH_WAIT_NOTICE_BUTTONS if language == "en" else WAIT_NOTICE_BUTTONS
                buttons = [{"title": title, "payload": payload} for title, payload in pairs]
                await self.rasa.say(
                    view.conversation_id,
                    visitor_text("WAIT_NOTICE", language),
                    buttons=buttons,
                    custom=WAIT_NOTICE_PAYLOAD,
                )
                sent += 1
            except RasaUnavailable:
                logger.warning("wait notice for handoff %s could not be delivered", view.id)
        return sent

    async def watch_waiting(self, wait: timedelta, stop: asyncio.Event, every: float = 15.0) -> None:
        """The backend's background task: check for long waits until the app stops."""
        while not stop.is_set():
            try:
                await self.send_wait_notices(wait)
            except Exception:  # noqa: BLE001 - one bad round must not end the task; logged with the error
                logger.exception("wait-notice round failed")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)
