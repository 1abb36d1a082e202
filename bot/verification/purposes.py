"""Why a code is sent; a wire value too, so it lives apart from the service (the action server imports it)."""

from __future__ import annotations

from enum import Enum


class Purpose(str, Enum):
    FILE_REQUEST = "file_request"
    STATUS_CHECK = "status_check"
