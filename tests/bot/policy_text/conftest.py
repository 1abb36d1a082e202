"""The real policy and its index, built once per test session (jieba's dictionary takes a second to load)."""

from __future__ import annotations

import logging

import jieba
import pytest

from bot.policy_text import PolicyDocument, PolicyIndex, load_policy

jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="session")
def policy() -> PolicyDocument:
    return load_policy()


@pytest.fixture(scope="session")
def policy_index(policy: PolicyDocument) -> PolicyIndex:
    return PolicyIndex(policy)
