"""Sliding-window limits: per key, forgetting old events, bounded in memory."""

from __future__ import annotations

from bot.rate_limit import EdgeLimits, SlidingWindow


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_limit_per_window_then_waits() -> None:
    clock = Clock()
    window = SlidingWindow(3, 60.0, clock)
    assert [window.allow("a") for _ in range(4)] == [True, True, True, False]
    assert window.allow("b")  # per key
    clock.now += 60.0
    assert window.allow("a")


def test_refused_events_do_not_extend_the_wait() -> None:
    clock = Clock()
    window = SlidingWindow(1, 10.0, clock)
    assert window.allow("a")
    for _ in range(50):
        clock.now += 0.1
        assert not window.allow("a")
    clock.now = 1010.0
    assert window.allow("a")


def test_memory_is_bounded() -> None:
    window = SlidingWindow(1, 60.0, Clock(), max_keys=100)
    for index in range(1000):
        window.allow(f"ip-{index}")
    assert len(window._events) == 100


def test_zero_means_unlimited() -> None:
    window = SlidingWindow(0, 60.0, Clock())
    assert all(window.allow("a") for _ in range(100))


def test_edge_limits_count_sender_and_address() -> None:
    limits = EdgeLimits.per_minute(sender=5, ip=3, new_conversations_per_hour=1, clock=Clock())
    assert [limits.message_allowed(f"web:{n}", "203.0.113.1") for n in range(4)] == [True, True, True, False]
    assert all(limits.message_allowed("web:x", None) for _ in range(5))
    assert not limits.message_allowed("web:x", None)
