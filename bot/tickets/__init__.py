"""Data-subject request tickets: lifecycle, deadlines, audit trail and service functions."""
