"""One constant-time comparison for every secret a client presents (tokens, CSRF values, MACs).

`hmac.compare_digest` raises TypeError on a `str` with non-ASCII characters, which turned a typed
"令牌" into a 500 in three places. Comparing UTF-8 bytes makes any presented value just wrong.
"""

from __future__ import annotations

import hmac


def same_secret(presented: str | bytes | None, expected: str | bytes) -> bool:
    """True only for an exact match with a non-empty expected secret, in constant time."""
    if presented is None or not expected:
        return False
    given = presented if isinstance(presented, bytes) else presented.encode("utf-8", "surrogatepass")
    wanted = expected if isinstance(expected, bytes) else expected.encode("utf-8")
    return hmac.compare_digest(given, wanted)


def bearer_token(header: str | bytes | None) -> str | bytes | None:
    """The token of an `Authorization: Bearer <token>` header, or None for any other scheme."""
    if not header:
        return None
    space = b" " if isinstance(header, bytes) else " "
    scheme, _, token = header.partition(space)  # type: ignore[arg-type]
    if scheme.lower() not in ("bearer", b"bearer"):
        return None
    return token.strip()
