"""Random draws on whole arrays: days by weight, one choice per row, balanced Bernoulli draws.

Each helper takes the ``numpy.random.Generator`` to draw from, so that every
part of the generator keeps its own stream.

>>> rng = np.random.default_rng(0)
>>> _choice_rows(rng, np.array([[0.0, 1.0], [1.0, 0.0]])).tolist()
[1, 0]
>>> int(_systematic(rng, np.full(10, 0.3), np.zeros(10, dtype=np.int64)).sum())
3
"""

from __future__ import annotations

import numpy as np


def _cumulative(weights: np.ndarray) -> np.ndarray:
    """C[k] = sum of weights[:k] (length n + 1)."""
    return np.concatenate([[0.0], np.cumsum(weights)])


def _last_positive(weights: np.ndarray) -> np.ndarray:
    """For each day, the last day at or before it with a positive weight."""
    index = np.where(weights > 0, np.arange(len(weights)), -1)
    return np.maximum.accumulate(index)


def _sample_days(rng, weights: np.ndarray, n: int) -> np.ndarray:
    """Draw n day indices with probability proportional to ``weights``."""
    cdf = np.cumsum(weights)
    u = rng.random(n) * cdf[-1]
    return np.minimum(np.searchsorted(cdf, u, side="right"), len(weights) - 1)


def _sample_in_intervals(rng, weights, a, b):
    """One day per interval [a, b), with density proportional to ``weights``.

    Every interval must hold at least one day of positive weight.
    """
    cum = _cumulative(weights)
    lo, hi = cum[a], cum[b]
    target = lo + rng.random(len(a)) * (hi - lo)
    day = np.searchsorted(cum, target, side="right") - 1
    day = np.clip(day, a, b - 1)
    return _last_positive(weights)[day]  # guard against rounding at the edges


def _choice_rows(rng, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a (n, k) probability matrix (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)


def _systematic(rng, p: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Bernoulli draws with P(draw i) = p[i], balanced within each group.

    Systematic sampling: the leads of a group are put in random order and an
    evenly spaced grid (random offset) is laid over their cumulated
    probabilities, so that each group gets its expected count give or take
    one. Small groups (a campaign's 10 leads) then keep plausible rates
    instead of the wild swings of independent draws.
    """
    n = len(p)
    order = np.lexsort((rng.random(n), group))
    ps, g = p[order], group[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    lengths = np.diff(np.r_[starts, n])
    cum = np.cumsum(ps)
    before = np.repeat(np.r_[0.0, cum[starts[1:] - 1]], lengths)
    offset = np.repeat(rng.random(len(starts)), lengths)
    local = cum - before
    hit = np.floor(local + offset) - np.floor(local - ps + offset) > 0
    out = np.empty(n, dtype=bool)
    out[order] = hit
    return out
