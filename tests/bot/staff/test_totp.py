"""RFC 6238 TOTP against the RFC's own test vectors (SHA-1, and HOTP's RFC 4226 table)."""

from __future__ import annotations

import base64

import pytest

from bot.staff import totp

RFC_KEY = b"12345678901234567890"
RFC_SECRET = base64.b32encode(RFC_KEY).decode()


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc_6238_sha1_vectors(unix_time: int, code: str) -> None:
    assert totp.totp(RFC_SECRET, unix_time, digits=8) == code


@pytest.mark.parametrize(
    ("counter", "code"),
    enumerate(
        ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    ),
)
def test_rfc_4226_hotp_vectors(counter: int, code: str) -> None:
    assert totp.hotp(RFC_KEY, counter) == code


def test_verify_accepts_one_step_of_drift_and_names_the_step() -> None:
    secret = totp.new_secret()
    now = 1_800_000_000
    assert totp.verify(secret, totp.totp(secret, now), now) == now // 30
    assert totp.verify(secret, totp.totp(secret, now - 30), now) == now // 30 - 1
    assert totp.verify(secret, totp.totp(secret, now - 90), now) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "１２３４５６", None, "令牌令牌令牌"])
def test_malformed_codes_are_wrong_not_errors(code: object) -> None:
    assert totp.verify(totp.new_secret(), code, 1_800_000_000) is None  # type: ignore[arg-type]


def test_provisioning_uri_names_the_account_and_secret() -> None:
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "boss@megvii.com")
    assert (
        uri.startswith("otpauth://totp/") and "secret=JBSWY3DPEHPK3PXP" in uri and "boss%40megvii.com" in uri
    )
