"""`python -m bot.quiet MODULE ARGS…`: runs a service's module with library deprecation warnings filtered.

`make run` showed hundreds of DeprecationWarning lines from libraries (pkg_resources, distutils, pyparsing,
SQLAlchemy inside Rasa) that hid the lines a person needs. PYTHONWARNINGS cannot stop them: importing
Sanic inserts a `once` filter for DeprecationWarning in front of every filter set before it. So this
imports Sanic first, then puts the ignore filters in front, then runs the module as `__main__`. Rasa later
puts a `once` filter for UserWarning in front of them, which lets pyparsing's deprecations (a UserWarning
and a DeprecationWarning at once) through; so the display hook drops deprecations as well.
Our own code's deprecations still show in the tests (pytest sets its own filters).
"""

from __future__ import annotations

import contextlib
import runpy
import sys
import warnings
from typing import Any

QUIET_CATEGORIES = (DeprecationWarning, PendingDeprecationWarning)


def quiet_libraries() -> None:
    """Ignore deprecation warnings in this process, after the libraries that reset the filters."""
    with contextlib.suppress(ImportError):
        import sanic  # noqa: F401  (its import adds the `once` filter that must come first)
    for category in QUIET_CATEGORIES:
        warnings.filterwarnings("ignore", category=category)
    show = warnings.showwarning

    def show_unless_deprecation(
        message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any
    ) -> None:
        if not issubclass(category, QUIET_CATEGORIES):
            show(message, category, *args, **kwargs)

    warnings.showwarning = show_unless_deprecation


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m bot.quiet MODULE [ARGS…]")
    quiet_libraries()
    sys.argv = argv
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
