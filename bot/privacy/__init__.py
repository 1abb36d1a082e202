"""The assistant's own privacy: masking what it stores, erasure, retention, export."""
