"""Finding 5: sign-in back-off per (account, address), caps per address and per account."""

from __future__ import annotations

from bot.staff.throttle import SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def test_three_free_failures_then_a_doubling_wait() -> None:
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    waits = []
    for _ in range(6):
        waits.append(throttle.wait("203.0.113.1", "wang@megvii.com"))
        clock.now += waits[-1]
        throttle.failed("203.0.113.1", "wang@megvii.com")
    assert waits == [0, 0, 0, 1, 2, 4]
    assert throttle.wait("203.0.113.1", "wang@megvii.com") == 8


def test_the_wait_is_capped() -> None:
    clock = Clock()
    throttle = SignInThrottle(clock=clock, max_delay=300.0, per_address=10**6, per_account=10**6)
    for _ in range(40):
        throttle.failed("a", "x")
    assert throttle.wait("a", "x") == 300


def test_another_address_is_not_slowed_by_a_guesser() -> None:
    throttle = SignInThrottle(clock=Clock())
    for _ in range(10):
        throttle.failed("203.0.113.66", "wang@megvii.com")
    assert throttle.wait("198.51.100.7", "wang@megvii.com") == 0


def test_success_clears_the_pair() -> None:
    throttle = SignInThrottle(clock=Clock())
    for _ in range(5):
        throttle.failed("a", "x")
    throttle.succeeded("a", "x")
    assert throttle.wait("a", "x") == 0


def test_an_address_guessing_many_accounts_waits() -> None:
    throttle = SignInThrottle(clock=Clock(), per_address=5)
    for index in range(5):
        throttle.failed("203.0.113.9", f"user{index}@megvii.com")
    assert throttle.wait("203.0.113.9", "new@megvii.com") == 60


def test_a_flood_against_one_account_from_many_addresses_slows_that_account() -> None:
    throttle = SignInThrottle(clock=Clock(), per_account=5)
    for index in range(5):
        throttle.failed(f"203.0.113.{index}", "boss@megvii.com")
    assert throttle.wait("198.51.100.1", "boss@megvii.com") == 60
    assert throttle.wait("198.51.100.1", "wang@megvii.com") == 0
