"""Staff tests hash with cheap argon2 parameters."""

from tests.support.passwords import fast_password_hashing

__all__ = ["fast_password_hashing"]
