"""The exact audit: hidden counts an attacker can still pin under `min_group` from
everything a suppression pattern publishes (linear or integer programmes)."""

from __future__ import annotations

import math

import numpy as np

from infoview_analysis.metrics.disclosure.structure import Structure

__all__ = ["implied", "audit"]


def implied(s: Structure, hidden: np.ndarray, row: int, k: int, value: int) -> bool:
    """A pinned class count of 0 (or all) that a visible group containing `row` states.

    Parameters
    ----------
    s, hidden
        As for `audit`.
    row : int
        The hidden row whose count is pinned.
    k : int
        The NACE class, or -1 for the row's size.
    value : int
        The pinned count.

    Returns
    -------
    bool
        True when a visible row already publishes it (no finding).

    Examples
    --------
    >>> st = Structure(cells=np.array([[7, 0, 0, 0], [1, 0, 0, 0]]),
    ...                member=np.array([[True, True], [True, False], [False, True]]),
    ...                grouping=[(), ("cohort",), ("cohort",)], key=[(), ("a",), ("b",)],
    ...                lines=[(0, [1, 2])])
    >>> implied(st, np.array([False, False, True]), 2, 0, 1)
    True
    """
    if k < 0:
        return False
    inside = ~hidden & ~(s.member[:, s.member[row]] == 0).any(axis=1)
    inside &= s.member[row].any()
    counts, sizes = s.counts, s.sizes
    if value == 0:
        return bool((inside & (counts[:, k] == 0)).any())
    return bool((inside & (counts[:, k] == sizes)).any())


def audit(
    s: Structure, hidden: np.ndarray, min_group: int, exact: bool = False
) -> list[tuple[int, int, int]]:
    """Hidden counts an attacker pins under `min_group`: (row, NACE class or -1 for size, value).

    Unknowns: students per finest group and NACE class (>= 0). Known: every class count
    of every visible row, and that every hidden row has at least one student. Each
    hidden row's size and class counts are minimized and maximized: by linear
    programming, rounded inward (`exact=False`, fast), or integer programming. A
    class count pinned to 0 (or to the whole group) that a visible group containing
    the row already shows is not a finding: the visible group published it.

    Parameters
    ----------
    s : Structure
        The published rows.
    hidden : numpy.ndarray of bool
        The rows hidden.
    min_group : int
        Counts under this must not be pinned.
    exact : bool
        Integer programming instead of linear programming rounded inward.

    Returns
    -------
    list of (int, int, int)
        (row, NACE class or -1 for size, the pinned value), one per finding.

    Examples
    --------
    >>> import pandas as pd
    >>> from infoview_analysis.metrics.disclosure.structure import build_structure
    >>> s = pd.DataFrame({"cohort": list("aaaaaaab"), "program": "p", "advisor": "x",
    ...                   "activity_tertile": "low", "nace_class": "career"})
    >>> st = build_structure(s, [(), ("cohort",)])
    >>> audit(st, np.array([False, False, True]), 5), audit(st, np.array([False, True, True]), 5)
    ([(2, -1, 1)], [])
    """
    n_cells, n_class = s.cells.shape
    n_var = n_cells * n_class
    if n_var == 0 or not hidden.any():
        return []
    # Imported only when something is hidden: scipy.optimize takes 0.3 s to import.
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    member = s.member.astype(float)
    visible = np.flatnonzero(~hidden)
    a_eq = sparse.csr_array(
        np.concatenate([np.kron(member[visible], np.eye(n_class)[k]) for k in range(n_class)])
    )
    b_eq = np.concatenate([s.counts[visible, k] for k in range(n_class)]).astype(float)
    hid_rows = np.flatnonzero(hidden)
    a_size = sparse.csr_array(np.repeat(member[hid_rows], n_class, axis=1))
    found = []
    truth = s.cells.ravel().astype(float)
    for r in hid_rows:
        for k in (-1, *range(n_class)):
            c = np.kron(member[r], np.ones(n_class) if k < 0 else np.eye(n_class)[k])
            if c @ truth >= min_group:  # pinned or not, a value this large is no finding
                continue
            lo = hi = None
            for sign in (-1, 1):  # the maximum first: it usually settles the question
                if exact:
                    cons = [LinearConstraint(a_size, 1, np.inf)]
                    if len(visible):
                        cons.append(LinearConstraint(a_eq, b_eq, b_eq))
                    ints, bounds = np.ones(n_var), Bounds(0, np.inf)
                    res = milp(sign * c, constraints=cons, integrality=ints, bounds=bounds)
                else:
                    kw = {"A_ub": -a_size, "b_ub": -np.ones(len(hid_rows)), "bounds": (0, None)}
                    if len(visible):
                        kw.update(A_eq=a_eq, b_eq=b_eq)
                    res = linprog(sign * c, method="highs", **kw)
                if res.status != 0:  # unbounded: nothing pinned
                    break
                if sign < 0:
                    hi = math.floor(-res.fun + 1e-6)
                    if hi > round(c @ truth):
                        break
                else:
                    lo = math.ceil(res.fun - 1e-6)
            if lo is not None and lo == hi and not implied(s, hidden, r, k, lo):
                found.append((int(r), k, int(lo)))
    return found
