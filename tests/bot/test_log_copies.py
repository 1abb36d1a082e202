"""The Rasa modules whose `copy` is replaced use it for debug log arguments only, and now log the object."""

from __future__ import annotations

import inspect
import re

from bot import log_copies


def test_the_patched_modules_use_copy_only_to_deepcopy_a_debug_log_argument() -> None:
    for module in log_copies.MODULES:
        source = inspect.getsource(module)
        uses = re.findall(r"(?<![\w.])copy\.(\w+)", source)
        assert uses and set(uses) == {"deepcopy"}, module.__name__
        for call in re.finditer(r"(?<![\w.])copy\.deepcopy\(", source):
            before = source[max(0, call.start() - 300) : call.start()]
            where = f"{module.__name__}: {source[call.start() :][:80]}"
            assert before.rfind(".debug(") > before.rfind(")\n"), where


def test_after_install_a_logged_value_is_the_object_itself() -> None:
    log_copies.install()
    events = [{"event": "user", "text": "你好"}]
    for module in log_copies.MODULES:
        assert module.copy.deepcopy(events) is events
