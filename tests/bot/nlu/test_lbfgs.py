"""The numpy L-BFGS finds the minimum and stops by L-BFGS-B's rules."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bot.nlu.lbfgs import minimize_lbfgs


def quadratic(scales: np.ndarray, centre: np.ndarray) -> Callable[[np.ndarray], tuple[float, np.ndarray]]:
    def loss_and_gradient(x: np.ndarray) -> tuple[float, np.ndarray]:
        d = x - centre
        return float(0.5 * (scales * d * d).sum()), scales * d

    return loss_and_gradient


def test_an_ill_conditioned_quadratic_is_minimised() -> None:
    rng = np.random.default_rng(3)
    scales, centre = np.logspace(0, 3, 200), rng.normal(size=200)
    x, iterations = minimize_lbfgs(quadratic(scales, centre), np.zeros(200), gtol=1e-6, max_iter=1000)
    np.testing.assert_allclose(x, centre, atol=1e-3)  # L-BFGS-B also stops on a tiny relative loss change
    assert 0 < iterations < 1000


def test_the_iteration_cap_stops_it() -> None:
    scales, centre = np.logspace(0, 3, 200), np.ones(200)
    _, iterations = minimize_lbfgs(quadratic(scales, centre), np.zeros(200), gtol=1e-12, max_iter=3)
    assert iterations == 3


def test_a_start_at_the_minimum_takes_no_step() -> None:
    centre = np.arange(5.0)
    x, iterations = minimize_lbfgs(quadratic(np.ones(5), centre), centre.copy(), gtol=1e-8, max_iter=50)
    assert iterations == 0 and np.array_equal(x, centre)
