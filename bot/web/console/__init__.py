"""The staff console at /console: tickets queue, handoff inbox, staff accounts."""
