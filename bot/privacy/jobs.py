"""The backend's privacy worker: due erasures every few seconds, the retention purge every hour."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.crypto import FieldCipher
from bot.privacy import erasure, retention
from bot.privacy.stores import ExternalStores
from bot.settings import Settings

logger = logging.getLogger(__name__)


def external_stores(settings: Settings) -> ExternalStores:
    """The tracker store (plain engine: its journal mode and pool stay Rasa's), sink and pending file."""
    tracker = create_engine(settings.tracker_database_url, future=True, pool_pre_ping=True)
    return ExternalStores(
        tracker=tracker, sink_dir=settings.mail_sink_dir, pending_path=settings.pending_store_path
    )


async def run_forever(
    *,
    settings: Settings,
    factory: sessionmaker,
    cipher: FieldCipher,
    external: ExternalStores,
    clock: Callable[[], datetime],
    stop: asyncio.Event,
) -> None:
    """Until `stop`: erasures each ERASURE_POLL_SECONDS, purge each PURGE_INTERVAL_MINUTES (and at start)."""
    windows = retention.Windows.from_settings(settings)
    purge_every = settings.purge_interval_minutes * 60
    since_purge = float(purge_every)
    while not stop.is_set():
        try:
            await asyncio.to_thread(
                erasure.run_due, factory=factory, cipher=cipher, external=external, clock=clock
            )
            if purge_every > 0 and since_purge >= purge_every:
                since_purge = 0.0
                counts = await asyncio.to_thread(
                    retention.purge, factory=factory, external=external, windows=windows, now=clock()
                )
                logger.info("retention purge: %s", counts)
        except (SQLAlchemyError, OSError) as error:
            logger.error("privacy worker round failed: %s", type(error).__name__, exc_info=error)
        try:
            await asyncio.wait_for(stop.wait(), timeout=settings.erasure_poll_seconds)
        except asyncio.TimeoutError:
            since_purge += settings.erasure_poll_seconds
