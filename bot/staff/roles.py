"""Roles and what each may do in the console; one table, so a page cannot forget a role."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    AGENT = "agent"
    ADMIN = "admin"
    TRAINER = "trainer"


class Permission(str, Enum):
    TICKETS = "tickets"
    HANDOFF = "handoff"
    STAFF = "staff"
    TRAINING = "training"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset({Permission.TICKETS, Permission.HANDOFF}),
    Role.ADMIN: frozenset({Permission.TICKETS, Permission.HANDOFF, Permission.STAFF, Permission.TRAINING}),
    Role.TRAINER: frozenset({Permission.TRAINING}),
}

ROLE_TEXT: dict[Role, str] = {Role.AGENT: "客服", Role.ADMIN: "管理员", Role.TRAINER: "训练师"}

# Roles whose holders answer handed-over conversations (they count as "an agent is signed in").
HANDOFF_ROLES = frozenset(role for role, perms in PERMISSIONS.items() if Permission.HANDOFF in perms)


def allows(role: str, permission: Permission) -> bool:
    """True when the role grants the permission; an unknown role grants nothing."""
    try:
        return permission in PERMISSIONS[Role(role)]
    except ValueError:
        return False
