"""The privacy policy as data: loading, passages, BM25 retrieval and citations (no Rasa imports)."""

from bot.policy_text.citation import format_citation, quote_passage, section_label
from bot.policy_text.document import PolicyDocument, PolicyFormatError, find_policy_file, load_policy
from bot.policy_text.passages import Passage, split_passages
from bot.policy_text.retrieval import ConfidenceRule, Hit, PolicyIndex, RetrievalResult, tokenize

__all__ = [
    "ConfidenceRule",
    "Hit",
    "Passage",
    "PolicyDocument",
    "PolicyFormatError",
    "PolicyIndex",
    "RetrievalResult",
    "find_policy_file",
    "format_citation",
    "load_policy",
    "quote_passage",
    "section_label",
    "split_passages",
    "tokenize",
]
