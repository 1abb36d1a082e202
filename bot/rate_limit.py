"""Sliding-window rate limits kept in memory, per key (a sender, an IP address, a session).

In memory on purpose: the limits protect one process's CPU and the people behind it from floods,
and a restart forgetting them is harmless. The number of keys is bounded, oldest forgotten first.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

SLOW_DOWN_REPLY = "您发消息有点快，请稍等片刻再发。"  # "please slow down", never an error
NEW_CONVERSATIONS_REPLY = "同一网络新开的会话太多了，请稍后再试，或继续使用已打开的对话窗口。"


@dataclass
class SlidingWindow:
    """At most `limit` events per `window` seconds for each key."""

    limit: int
    window: float
    clock: Callable[[], float] = time.monotonic
    max_keys: int = 20000
    _events: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)

    def full(self, key: str) -> bool:
        """True when `key` has used its limit in the current window (nothing is counted)."""
        if self.limit <= 0:
            return False
        events = self._events.get(key)
        if not events:
            return False
        now = self.clock()
        return sum(1 for at in events if at > now - self.window) >= self.limit

    def allow(self, key: str) -> bool:
        """Count one event for `key`; False (and not counted) when the key is over its limit."""
        if self.limit <= 0:
            return True
        now = self.clock()
        events = self._events.pop(key, None) or deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        self._events[key] = events
        while len(self._events) > self.max_keys:
            self._events.popitem(last=False)
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True


@dataclass
class EdgeLimits:
    """Chat channel limits: messages per sender and per IP a minute, new conversations per IP an hour."""

    per_sender: SlidingWindow
    per_ip: SlidingWindow
    new_conversations: SlidingWindow

    @classmethod
    def per_minute(
        cls,
        *,
        sender: int,
        ip: int,
        new_conversations_per_hour: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> EdgeLimits:
        return cls(
            SlidingWindow(sender, 60.0, clock),
            SlidingWindow(ip, 60.0, clock),
            SlidingWindow(new_conversations_per_hour, 3600.0, clock),
        )

    def message_allowed(self, sender: str, ip: str | None) -> bool:
        """Both the sender and its address must be within their limits (an IP of None is not limited)."""
        if ip is not None and not self.per_ip.allow(ip):
            return False
        return self.per_sender.allow(sender)
