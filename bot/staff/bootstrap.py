"""The first admin: from STAFF_ADMIN_EMAIL / STAFF_ADMIN_PASSWORD at backend start, or by command."""

from __future__ import annotations

import logging

from bot.db import Clock, SessionFactory, session_scope
from bot.settings import Settings
from bot.staff.errors import StaffError
from bot.staff.service import ensure_admin

logger = logging.getLogger(__name__)


def ensure_first_admin(settings: Settings, factory: SessionFactory, clock: Clock) -> bool:
    """Create the configured admin once; returns True when an account was created."""
    if not settings.staff_admin_email:
        return False
    if not settings.staff_admin_password:
        logger.warning("STAFF_ADMIN_EMAIL is set without STAFF_ADMIN_PASSWORD; no admin created")
        return False
    try:
        with session_scope(factory) as session:
            view, created = ensure_admin(
                session=session,
                email=settings.staff_admin_email,
                password=settings.staff_admin_password,
                now=clock(),
            )
    except StaffError as error:
        logger.error("first admin not created: %s", error)
        return False
    if created:
        logger.info("first admin created (staff account %s)", view.id)
    return created
