"""Pointer jumping on parent arrays: the one place the package climbs a forest.

A forest is an int array `parent` of positions. `climb` works with `-1` for roots
(referral chains); `find_roots` with roots pointing at themselves (union-find labels,
Borůvka components, person merging). Both take a few vectorized passes: every node
still below a root jumps to its ancestor's ancestor, so after k passes it has climbed
2**k levels, and a node still unresolved after log2(n) + 1 passes can never reach a
root (it is on a cycle or below one) — pointer jumping alone never converges there.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["climb", "find_roots"]


def climb(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Root ancestor, distance to it and a stuck flag for every node.

    Parameters
    ----------
    parent : numpy.ndarray
        `parent[i]` is the position of i's parent, -1 for a root.

    Returns
    -------
    ancestor, distance, stuck : numpy.ndarray
        `ancestor[i]` is i's root (itself for a root) and `distance[i]` the number of
        edges up to it. Where `stuck` is set (on a cycle or below one) `ancestor` is a
        node on that cycle and `distance` is meaningless.

    Examples
    --------
    >>> anc, dist, stuck = climb(np.array([-1, 0, 1, 4, 3, 3]))
    >>> anc.tolist()[:3], dist.tolist()[:3], stuck.tolist()
    ([0, 0, 0], [0, 1, 2], [False, False, False, True, True, True])
    """
    parent = np.asarray(parent, dtype=np.int64)
    n = len(parent)
    is_root = parent < 0
    anc = np.where(is_root, np.arange(n, dtype=np.int64), parent)
    dist = (~is_root).astype(np.int64)
    active = np.flatnonzero(~is_root)
    active = active[~is_root[anc[active]]]
    for _ in range(math.ceil(math.log2(n + 1)) + 1):
        if active.size == 0:
            break
        a = anc[active]
        dist[active] += dist[a]
        anc[active] = anc[a]
        active = active[~is_root[anc[active]]]
    stuck = np.zeros(n, dtype=bool)
    stuck[active] = True
    return anc, dist, stuck


def find_roots(parent: np.ndarray) -> np.ndarray:
    """The root of every node of a forest whose roots point at themselves.

    Parameters
    ----------
    parent : numpy.ndarray
        `parent[i]` is the position of i's parent; `parent[r] == r` for a root.

    Returns
    -------
    numpy.ndarray
        The root of each node.

    Raises
    ------
    ValueError
        When `parent` holds a cycle longer than a self-loop (a caller's bug: union-find
        and Borůvka labels never make one).

    Examples
    --------
    >>> find_roots(np.array([0, 0, 1, 3, 3])).tolist()
    [0, 0, 0, 3, 3]
    """
    parent = np.asarray(parent, dtype=np.int64)
    own = np.arange(len(parent), dtype=np.int64)
    anc, _, stuck = climb(np.where(parent == own, -1, parent))
    if stuck.any():
        raise ValueError(f"parent array has a cycle through position {int(own[stuck][0])}")
    return anc
