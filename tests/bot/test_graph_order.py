"""The model graph run in order gives what dask gave: same order constraints, same results, same errors."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner

from bot import graph_order, rasa_patches

MODEL = Path(__file__).resolve().parents[2] / "models" / "current.tar.gz"


def node(*needs: str) -> SchemaNode:
    return SchemaNode(
        needs={f"arg{i}": need for i, need in enumerate(needs)},
        uses=object,
        constructor_name="",
        fn="",
        config={},
    )


def test_each_node_comes_after_what_it_needs_and_once() -> None:
    schema = GraphSchema(
        {"a": node("__input__"), "b": node("a"), "c": node("a", "b"), "d": node("c"), "unused": node("a")}
    )
    order = [name for name, _ in graph_order.execution_order(schema, ("d", "b"))]
    assert order == ["a", "b", "c", "d"]
    assert dict(graph_order.execution_order(schema, ("c",)))["c"] == ("a", "b")


@pytest.fixture(scope="module")
def agent() -> Agent:
    if not MODEL.is_file():
        pytest.skip(f"no trained model at {MODEL}; `make test` trains it first")
    return Agent.load(str(MODEL))


def parse_both_ways(agent: Agent, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    stock = graph_order.STOCK_RUN
    rasa_patches.install()
    ours = asyncio.run(agent.parse_message(text))
    DaskGraphRunner.run = stock  # type: ignore[method-assign]
    try:
        theirs = asyncio.run(agent.parse_message(text))
    finally:
        rasa_patches.install()
    return ours, theirs


@pytest.mark.parametrize(
    "text", ["cookie怎么关闭", "我要注销账号", "what's the weather", "我叫张三 邮箱 zs@example.com"]
)
def test_the_trained_model_parses_the_same_both_ways(agent: Agent, text: str) -> None:
    ours, theirs = parse_both_ways(agent, text)
    assert ours == theirs
    assert ours["intent"]["name"]


def test_an_input_named_like_a_node_is_refused_as_dask_refused_it(agent: Agent) -> None:
    rasa_patches.install()
    runner = agent.processor.graph_runner
    a_node = next(iter(runner._graph_schema.nodes))
    with pytest.raises(GraphRunError):
        runner.run(inputs={"__message__": a_node}, targets=[a_node])
