"""Contact patterns (email, mobile, phone), written once for the intake, the backend, the console and masking.

Two kinds: `*_IN_TEXT` find a contact inside free text (prefill, extraction, masking personal data);
the others are matched against one whole, trimmed value (`fullmatch`) to accept or refuse it.
"""

from __future__ import annotations

import re

_LOCAL_CHARS = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"

# Deliberately narrower than RFC 5322: dot-atoms only, no quoting, comments, display names or whitespace,
# so no input can smuggle extra headers or recipients; a top-level domain of letters.
EMAIL_ADDRESS = re.compile(
    rf"(?=[^@]{{1,64}}@){_LOCAL_CHARS}+(?:\.{_LOCAL_CHARS}+)*"
    rf"@(?=.{{1,253}}$)(?:{_LABEL}\.)+[A-Za-z]{{2,24}}"
)
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Also the masked form the tracker store keeps (zh***@example.com, bot/privacy/redaction.py).
EMAIL_CLEAR_OR_MASKED_IN_TEXT = re.compile(r"[A-Za-z0-9._%+*\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")

# Mainland China mobile numbers: 11 digits from 13-19, optionally +86, spaces or dashes between digits.
MOBILE_NUMBER = re.compile(r"1[3-9][0-9]{9}")
MOBILE_IN_TEXT = re.compile(r"(?<![\d])(?:\+?86[\s\-]?)?1[3-9]\d(?:[\s\-]?\d){8}(?![\d])")
MOBILE_MASKED_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d\*{4}\d{4}(?!\d)")

# Any phone the backend stores (a requester abroad, a landline): digits, an optional +, spaces, dashes.
PHONE_NUMBER = re.compile(r"\+?[0-9][0-9 -]{5,19}")
