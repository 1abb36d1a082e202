"""Email: Chinese templates, a transactional outbox, and an SMTP sender that never sends twice."""
