"""Field encryption round trip, key separation and lookup-hash normalisation."""

from __future__ import annotations

import pytest

from bot.crypto import CryptoError, FieldCipher, normalise_phone


def test_round_trip_of_chinese_text() -> None:
    """What goes in comes out."""
    cipher = FieldCipher("k1")
    assert cipher.decrypt(cipher.encrypt("张三，删除我的简历")) == "张三，删除我的简历"
    assert cipher.decrypt_optional(cipher.encrypt_optional(None)) is None


def test_ciphertext_hides_plaintext_and_repeats() -> None:
    """Random nonces: equal values encrypt differently, and nothing of the value shows."""
    cipher = FieldCipher("k1")
    first, second = cipher.encrypt("a@example.com"), cipher.encrypt("a@example.com")
    assert first != second and "example" not in first


def test_wrong_key_fails_loudly() -> None:
    """Another key cannot read (or silently misread) the data."""
    token = FieldCipher("k1").encrypt("secret")
    with pytest.raises(CryptoError):
        FieldCipher("k2").decrypt(token)


def test_empty_key_is_refused() -> None:
    """No silent encryption with an empty key."""
    with pytest.raises(CryptoError):
        FieldCipher("")


def test_lookup_hash_normalises_and_depends_on_key() -> None:
    """Case and spaces do not matter for emails; +86 and separators do not for phones; keys do."""
    cipher = FieldCipher("k1")
    assert cipher.email_hash(" A@Example.COM ") == cipher.email_hash("a@example.com")
    assert cipher.phone_hash("+86 138-1234-5678") == cipher.phone_hash("13812345678")
    assert FieldCipher("k2").email_hash("a@example.com") != cipher.email_hash("a@example.com")
    assert normalise_phone("+86 138 1234 5678") == "13812345678"
