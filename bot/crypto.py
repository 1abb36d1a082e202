"""Field encryption and keyed lookup hashes, so a database dump alone reveals no contact data."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PREFIX = "v1:"


class CryptoError(ValueError):
    """A key is missing or a stored value cannot be decrypted with it."""


def _derive(secret: bytes, info: bytes) -> bytes:
    """Separate keys per purpose so the lookup hash never reuses the encryption key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"megvii-dsr", info=info).derive(secret)


def normalise_email(email: str) -> str:
    """Addresses differing only in case or surrounding space are the same contact."""
    return email.strip().lower()


def normalise_phone(phone: str) -> str:
    """Keep digits only and drop China's +86 prefix, so formats of one number match."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


class FieldCipher:
    """AES-256-GCM for stored fields and HMAC-SHA256 for lookups, both keyed from DSR_ENCRYPTION_KEY."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise CryptoError("DSR_ENCRYPTION_KEY is empty; set it or run ensure_secrets first")
        raw = secret.encode()
        self._aead = AESGCM(_derive(raw, b"field-encryption"))
        self._mac_key = _derive(raw, b"lookup-hmac")

    def encrypt(self, plaintext: str) -> str:
        """A fresh nonce per value: equal plaintexts give different ciphertexts."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), None)
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def encrypt_optional(self, plaintext: str | None) -> str | None:
        """Keep absent values absent (e.g. no phone given)."""
        return None if plaintext is None else self.encrypt(plaintext)

    def decrypt(self, token: str) -> str:
        """Raise CryptoError rather than return garbage when the key or data is wrong."""
        if not token.startswith(_PREFIX):
            raise CryptoError("unknown ciphertext format")
        blob = base64.urlsafe_b64decode(token[len(_PREFIX) :].encode())
        try:
            return self._aead.decrypt(blob[:12], blob[12:], None).decode()
        except InvalidTag:
            raise CryptoError("ciphertext does not match the key") from None

    def decrypt_optional(self, token: str | None) -> str | None:
        """Mirror of encrypt_optional."""
        return None if token is None else self.decrypt(token)

    def mac(self, purpose: str, value: str) -> str:
        """Keyed hash of an already-normalised value; equal inputs give equal outputs."""
        message = f"{purpose}\x00{value}".encode()
        return hmac.new(self._mac_key, message, hashlib.sha256).hexdigest()

    def email_hash(self, email: str) -> str:
        """Lookup key for an email address."""
        return self.mac("email", normalise_email(email))

    def phone_hash(self, phone: str) -> str:
        """Lookup key for a phone number."""
        return self.mac("phone", normalise_phone(phone))
