"""Rasa adapter: Rasa's model graph run node after node in a fixed order, without dask.

Rasa 3.6 runs its graph three times a turn (NLU, then one prediction per action) through `dask.get`, which
builds a task graph, orders it and schedules it anew on every call, on one thread. That bookkeeping and
`minimal_graph_schema`, recomputed each call, were a sixth of a turn's CPU (#17, cProfile). Here the order
of the nodes a set of targets needs is computed once per graph and target set, then each node is called
with its dependencies' outputs, exactly the arguments dask passes: `(name, output)` pairs, inputs as
`(input name, value)`. `install()` swaps `DaskGraphRunner.run` for `run` below; the results are the same
dicts (tests/bot/test_graph_order.py runs the trained model both ways).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner


def execution_order(schema: GraphSchema, targets: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """The nodes the targets depend on, each after its dependencies, with the names it needs."""
    order: list[tuple[str, tuple[str, ...]]] = []
    placed: set[str] = set()

    def place(name: str) -> None:
        if name in placed or name not in schema.nodes:  # an input placeholder is not a node
            return
        placed.add(name)
        needs = tuple(schema.nodes[name].needs.values())
        for dependency in needs:
            place(dependency)
        order.append((name, needs))

    for target in targets:
        place(target)
    return order


STOCK_RUN = DaskGraphRunner.run
ORDERS = "_dsr_execution_orders"  # kept on each runner: target names -> (execution order, its node names)


def run(
    self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """`DaskGraphRunner.run` (same arguments, results and errors) without dask's per-call scheduling."""
    schema = self._graph_schema
    run_targets = tuple(targets if targets else schema.target_names)
    orders = self.__dict__.setdefault(ORDERS, {})
    if run_targets not in orders:
        order = execution_order(schema, run_targets)
        orders[run_targets] = (order, frozenset(name for name, _ in order))
    order, names = orders[run_targets]
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in names:
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names "
                f"passed to the `run` method are the same as node names in the graph schema."
            )
        results[name] = (name, value)
    try:
        for name, needs in order:
            node = self._instantiated_nodes[name]
            results[name] = node(*(results.get(need, need) for need in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    # dask answered the targets' `(name, output)` pairs, which Rasa turned into a dict
    return dict(results[target] for target in run_targets)


def install() -> None:
    """Run every Rasa graph of this process in order; calling it again changes nothing."""
    DaskGraphRunner.run = run  # type: ignore[method-assign]
