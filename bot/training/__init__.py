"""Tools for trainers: data checks, NLU evaluation bookkeeping, and the review inbox (no Rasa imports)."""
