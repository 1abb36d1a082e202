"""Data-subject requests in chat: validation, extraction, the form rules, the backend client."""
