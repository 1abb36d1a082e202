"""`python -m bot.staff create-admin EMAIL` (or `create-staff EMAIL --role agent`): add a console account.

`python -m bot.staff enable-totp EMAIL` gives an account a TOTP second factor and prints the
`otpauth://` URI to enter in an authenticator app (the console then asks for its 6-digit code).

The password comes from STAFF_ADMIN_PASSWORD when set, otherwise it is asked for twice at the prompt.
The database schema is brought up to date first, so this works on a fresh machine.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping

from bot.crypto import FieldCipher
from bot.db import engine_from_settings, make_session_factory, session_scope, upgrade_database, utc_now
from bot.settings import Settings
from bot.staff.errors import StaffError
from bot.staff.passwords import password_problem
from bot.staff.second_factor import enable_totp
from bot.staff.service import create_staff, normalise_email
from bot.staff.totp import provisioning_uri


def read_password(environ: Mapping[str, str], prompt: Callable[[str], str] = getpass.getpass) -> str:
    """STAFF_ADMIN_PASSWORD, else typed twice (never echoed)."""
    given = environ.get("STAFF_ADMIN_PASSWORD", "")
    if given:
        return given
    first = prompt("Password (at least 10 characters): ")
    if first != prompt("Repeat the password: "):
        raise SystemExit("the two passwords differ; nothing was created")
    return first


def main(argv: list[str], environ: Mapping[str, str] = os.environ) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.staff", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create an admin account")
    admin.add_argument("email")
    staff = commands.add_parser("create-staff", help="create an agent or trainer account")
    staff.add_argument("email")
    staff.add_argument("--role", choices=("agent", "trainer", "admin"), default="agent")
    staff.add_argument("--name", default=None, help="name shown to colleagues and to people in chat")
    enrol = commands.add_parser("enable-totp", help="give an account a TOTP second factor")
    enrol.add_argument("email")
    args = parser.parse_args(argv)
    if args.command == "enable-totp":
        return _enable_totp(args.email, environ)
    role = "admin" if args.command == "create-admin" else args.role
    password = read_password(environ)
    problem = password_problem(password)
    if problem:
        print(f"refused: {problem}", file=sys.stderr)
        return 2
    settings = Settings.from_env(environ)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade_database(settings.dsr_database_url)
    factory = make_session_factory(engine_from_settings(settings))
    try:
        with session_scope(factory) as session:
            view = create_staff(
                session=session,
                email=args.email,
                password=password,
                role=role,
                now=utc_now(),
                display_name=getattr(args, "name", None),
            )
    except StaffError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    print(f"created {role} account #{view.id}; sign in at {settings.dsr_url}/console")
    return 0


def _enable_totp(email: str, environ: Mapping[str, str]) -> int:
    settings = Settings.from_env(environ).with_generated_secrets()
    upgrade_database(settings.dsr_database_url)
    factory = make_session_factory(engine_from_settings(settings))
    try:
        with session_scope(factory) as session:
            secret = enable_totp(session=session, cipher=FieldCipher(settings.encryption_key), email=email)
    except StaffError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    print("Enter this in an authenticator app (it is shown once):")
    print(provisioning_uri(secret, normalise_email(email)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
