"""Unbounded L-BFGS in numpy, for the two logistic-regression fits of every retrain.

Why not scipy's L-BFGS-B: with 450,000 weights (54 FAQ topics × 8,400 features) its Fortran step spent
37 ms per iteration on bound handling the fit never needs, 70 % of the FAQ fit and about 8 s of the
one-line retrain (#12, py-spy, target 60 s). The two-loop recursion below is a few vector operations per
stored pair. It stops where L-BFGS-B stops: largest gradient entry ≤ `gtol`, or a relative loss change
≤ `ftol` (L-BFGS-B's default factr × machine epsilon), or `max_iter`. The objective is strictly convex,
so both reach the same optimum; tests/bot/nlu/test_multinomial_fit.py holds the fit to scikit-learn's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import numpy as np

LossAndGradient = Callable[[np.ndarray], tuple[float, np.ndarray]]
FTOL = 1e7 * np.finfo(float).eps
ARMIJO = 1e-4
MAX_HALVINGS = 40


def _direction(gradient: np.ndarray, pairs: deque[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    """-H·g by the two-loop recursion over the stored (s, y, 1/yᵀs) pairs, oldest first."""
    q = gradient.copy()
    alphas = []
    for s, y, rho in reversed(pairs):
        alpha = rho * float(s @ q)
        q -= alpha * y
        alphas.append(alpha)
    if pairs:
        s, y, _ = pairs[-1]
        q *= float(s @ y) / float(y @ y)
    else:
        q /= max(float(np.linalg.norm(gradient)), 1.0)
    for (s, y, rho), alpha in zip(pairs, reversed(alphas), strict=True):
        beta = rho * float(y @ q)
        q += (alpha - beta) * s
    return -q


def minimize_lbfgs(
    loss_and_gradient: LossAndGradient,
    start: np.ndarray,
    gtol: float,
    max_iter: int,
    memory: int = 10,
) -> tuple[np.ndarray, int]:
    """(minimiser, iterations) of a smooth function given as (loss, gradient) per point."""
    x = start.astype(float, copy=True)
    loss, gradient = loss_and_gradient(x)
    pairs: deque[tuple[np.ndarray, np.ndarray, float]] = deque(maxlen=memory)
    iterations = 0
    while iterations < max_iter and float(np.abs(gradient).max()) > gtol:
        direction = _direction(gradient, pairs)
        slope = float(gradient @ direction)
        if slope >= 0:  # not a descent direction (lost curvature): start again from the gradient
            pairs.clear()
            direction, slope = -gradient, -float(gradient @ gradient)
        step = 1.0
        for _ in range(MAX_HALVINGS):
            candidate = x + step * direction
            new_loss, new_gradient = loss_and_gradient(candidate)
            if new_loss <= loss + ARMIJO * step * slope:
                break
            step /= 2
        else:
            break  # no decrease along the direction: as close as floating point gets
        iterations += 1
        s, y = candidate - x, new_gradient - gradient
        curvature = float(s @ y)
        if curvature > 1e-10 * float(y @ y):
            pairs.append((s, y, 1.0 / curvature))
        converged = (loss - new_loss) <= FTOL * max(abs(loss), abs(new_loss), 1.0)
        x, loss, gradient = candidate, new_loss, new_gradient
        if converged:
            break
    return x, iterations
