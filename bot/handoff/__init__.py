"""Human handoff: requests, who has them, notes, canned replies, and the Rasa HTTP API client."""
