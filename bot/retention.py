"""`python -m bot.retention [--dry-run]` (`make purge`): remove what is past its retention window now."""

from __future__ import annotations

import argparse
import os

from bot.db import engine_from_settings, make_session_factory, upgrade_database, utc_now
from bot.launch import PRIVATE_UMASK
from bot.privacy import retention
from bot.privacy.jobs import external_stores
from bot.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="only count what would be removed")
    args = parser.parse_args(argv)
    os.umask(PRIVATE_UMASK)  # a database this creates under var/ is owner-only, as under make run
    settings = Settings.from_env(os.environ)
    upgrade_database(settings.dsr_database_url)  # a fresh var/ has no schema until the backend first ran
    counts = retention.purge(
        factory=make_session_factory(engine_from_settings(settings)),
        external=external_stores(settings),
        windows=retention.Windows.from_settings(settings),
        now=utc_now(),
        dry_run=args.dry_run,
    )
    print(retention.report(counts, dry_run=args.dry_run))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
