"""Identity verification by emailed one-time codes: issue, check, lock, resend limits."""
