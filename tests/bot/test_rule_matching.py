"""Rules found per dialogue state are the ones Rasa's rule-by-rule test finds, on real conversations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot import rasa_patches, rule_matching

MODEL = Path(__file__).resolve().parents[2] / "models" / "current.tar.gz"
CONVERSATIONS = [
    ["你好", "cookie怎么关闭", "提交请求要收费吗", "谢谢"],
    ["我要删除我的个人信息", "张三", "zhangsan@example.com", "算了不删了"],
    ["帮我注销账号", "等等 注销要收费吗", "好的继续", "李四"],
    ["今天天气怎么样", "转人工", "my application status?"],
]


@pytest.fixture(scope="module")
def agent() -> Agent:
    if not MODEL.is_file():
        pytest.skip(f"no trained model at {MODEL}; `make test` trains it first")
    rasa_patches.install()
    loaded = Agent.load(str(MODEL))
    loaded.tracker_store = InMemoryTrackerStore(loaded.domain)
    loaded.processor.tracker_store = loaded.tracker_store
    return loaded


def rule_policy(agent: Agent) -> RulePolicy:
    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    return next(node._component for node in nodes if isinstance(node._component, RulePolicy))


def every_prefix(agent: Agent) -> list[DialogueStateTracker]:
    trackers = []
    for number, messages in enumerate(CONVERSATIONS):
        sender = f"rules-{number}"
        for text in messages:
            asyncio.run(agent.handle_text(text, sender_id=sender))
        tracker = asyncio.run(agent.tracker_store.retrieve(sender))
        assert tracker is not None
        trackers += [tracker.travel_back_in_time(event.timestamp) for event in tracker.events]
    return trackers


def test_the_fitting_rules_are_rasas_at_every_step_of_real_conversations(agent: Agent) -> None:
    policy = rule_policy(agent)
    compared = 0
    for tracker in every_prefix(agent):
        states = policy._prediction_states(tracker, agent.domain, rule_only_data=policy._get_rule_only_data())
        for lookup in (policy.lookup[RULES], policy.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})):
            for _ in range(2):  # worked out, then from what was kept
                assert rule_matching.possible_keys(
                    policy, lookup, states
                ) == rule_matching.STOCK_POSSIBLE_KEYS(policy, lookup, states)
            compared += 1
    assert compared > 40


def test_the_kept_sets_stay_bounded(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = rule_policy(agent)
    monkeypatch.setattr(rule_matching, "MAX_KEPT", 3)
    for tracker in every_prefix(agent)[:20]:
        states = policy._prediction_states(tracker, agent.domain, rule_only_data=policy._get_rule_only_data())
        rule_matching.possible_keys(policy, policy.lookup[RULES], states)
        assert len(policy.__dict__[rule_matching.FITTING][id(policy.lookup[RULES])]) <= 3
