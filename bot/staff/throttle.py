"""Console sign-in throttling: back-off per (account, address) and caps per address and per account.

A hard lock per account lets anyone lock every staff member out by typing wrong passwords. Here a
guesser slows down only where they guess from: each failure for an account from one address doubles
that pair's wait (after a few free tries), an address with many failures across accounts waits, and
only a flood against one account from many addresses at once slows that account everywhere.
In memory: one backend process serves the console, and a restart forgetting waits is harmless.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.rate_limit import SlidingWindow


@dataclass
class SignInThrottle:
    """`wait(address, account)` before checking a password; `failed` / `succeeded` after."""

    free_failures: int = 3
    max_delay: float = 300.0
    per_address: int = 30  # failures per address in 15 minutes, over all accounts
    per_account: int = 100  # failures per account in an hour, over all addresses
    clock: Callable[[], float] = time.monotonic
    _pairs: OrderedDict[tuple[str, str], tuple[int, float]] = field(default_factory=OrderedDict)
    _addresses: SlidingWindow | None = None
    _accounts: SlidingWindow | None = None

    def __post_init__(self) -> None:
        self._addresses = SlidingWindow(self.per_address, 900.0, self.clock)
        self._accounts = SlidingWindow(self.per_account, 3600.0, self.clock)

    def wait(self, address: str, account: str) -> int:
        """Whole seconds this attempt must wait; 0 lets it through to the password check."""
        failures, last = self._pairs.get((address, account), (0, 0.0))
        delay = 0.0
        if failures >= self.free_failures:
            delay = min(self.max_delay, 2.0 ** (failures - self.free_failures))
        remaining = last + delay - self.clock()
        if remaining > 0:
            return math.ceil(remaining)
        assert self._addresses is not None and self._accounts is not None
        if self._addresses.full(address) or self._accounts.full(account):
            return 60
        return 0

    def failed(self, address: str, account: str) -> None:
        key = (address, account)
        failures, _ = self._pairs.pop(key, (0, 0.0))
        self._pairs[key] = (failures + 1, self.clock())
        while len(self._pairs) > 20000:
            self._pairs.popitem(last=False)
        assert self._addresses is not None and self._accounts is not None
        self._addresses.allow(address)
        self._accounts.allow(account)

    def succeeded(self, address: str, account: str) -> None:
        self._pairs.pop((address, account), None)
