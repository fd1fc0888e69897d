"""The suppression pattern: small groups hidden, then enough others (the greedy
complementary rule, to a fixed point, then the audit) over all groupings at once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from infoview_analysis.metrics.cohort import GROUP_KEYS
from infoview_analysis.metrics.disclosure.audit import audit
from infoview_analysis.metrics.disclosure.policy import (
    COMPLEMENTARY,
    MIN_GROUP_DEFAULT,
    MIN_GROUP_FLOOR,
    PRIMARY,
)
from infoview_analysis.metrics.disclosure.structure import (
    STANDARD_GROUPINGS,
    Structure,
    build_structure,
    canonical_grouping,
)

__all__ = ["AUDIT_MAX_VARIABLES", "complementary", "suppression"]

# The exact audit solves 2 integer programmes per hidden figure over (finest group x NACE
# class) unknowns; above this many unknowns it is skipped (the greedy rules still apply).
AUDIT_MAX_VARIABLES = 3000


def complementary(s: Structure, hidden: np.ndarray) -> np.ndarray:
    """The greedy rule of the package docstring (rule 2), repeated to a fixed point.

    Parameters
    ----------
    s : Structure
        The published rows and the lines that add up.
    hidden : numpy.ndarray of bool
        Rows hidden so far (not changed).

    Returns
    -------
    numpy.ndarray of bool
        The rows hidden once no line gives a hidden row away.

    Examples
    --------
    >>> from infoview_analysis.metrics.disclosure.structure import build_structure
    >>> s = pd.DataFrame({"cohort": list("aaaaaaab"), "program": "p", "advisor": "x",
    ...                   "activity_tertile": "low", "nace_class": "career"})
    >>> st = build_structure(s, [(), ("cohort",)])
    >>> complementary(st, st.sizes < 5).tolist()
    [False, True, True]
    """
    counts, sizes = s.counts, s.sizes
    hidden = hidden.copy()
    changed = True
    while changed:
        changed = False
        for parent, children in s.lines:
            kids = np.array(children)
            hid = kids[hidden[kids]]
            vis = kids[~hidden[kids]]
            unknown = len(hid) + int(hidden[parent])
            if unknown == 0:
                continue
            pick: np.ndarray | None = None
            if unknown == 1:
                pick = vis if len(vis) else np.array([parent])
            elif not hidden[parent] and len(vis):
                sub = counts[hid].sum(axis=0)
                total = int(sub.sum())
                if total == len(hid):  # every hidden group a single student
                    pick = vis
                else:
                    for k in range(counts.shape[1]):
                        if sub[k] == 0 and (counts[vis, k] > 0).any():
                            pick = vis[counts[vis, k] > 0]
                            break
                        if sub[k] == total and (counts[vis, k] < sizes[vis]).any():
                            pick = vis[counts[vis, k] < sizes[vis]]
                            break
            if pick is not None and len(pick):
                choice = pick[np.argmin(sizes[pick])]  # the smallest hides the least
                if not hidden[choice]:
                    hidden[choice] = True
                    changed = True
    return hidden


def suppression(
    summary: pd.DataFrame,
    min_group: int = MIN_GROUP_DEFAULT,
    groupings: Sequence[tuple[str, ...]] = STANDARD_GROUPINGS,
) -> dict[tuple[str, ...], pd.DataFrame]:
    """The suppression pattern of every grouping at once: keys, n_owners, hidden, reason.

    `summary` is `cohort.owner_summary` output. `min_group` is floored at
    `MIN_GROUP_FLOOR`. The pattern is decided over all `groupings` together so that
    any set of tables drawn from it is protected.

    Parameters
    ----------
    summary : pandas.DataFrame
        `cohort.owner_summary` output.
    min_group : int
        The smallest group shown (floored).
    groupings : sequence of tuple of str
        The groupings decided together.

    Returns
    -------
    dict
        Grouping -> its pattern.

    Examples
    --------
    >>> s = pd.DataFrame({"cohort": list("aaaaaaab"), "program": "p", "advisor": "x",
    ...                   "activity_tertile": "low", "nace_class": "career"})
    >>> suppression(s, 5)[("cohort",)][["cohort", "hidden"]].values.tolist()
    [['a', True], ['b', True]]
    """
    min_group = max(int(min_group), MIN_GROUP_FLOOR)
    groupings = tuple(canonical_grouping(g) for g in groupings)
    columns = [*GROUP_KEYS, "nace_class"]
    digest = int(pd.util.hash_pandas_object(summary[columns].astype(str), index=False).sum())
    cache_key = (digest, len(summary), min_group, groupings)
    if cache_key not in _PATTERNS:
        _PATTERNS.clear()  # one roster at a time: a report asks for the same one repeatedly
        _PATTERNS[cache_key] = _suppression(summary, min_group, groupings)
    return {g: frame.copy() for g, frame in _PATTERNS[cache_key].items()}


_PATTERNS: dict[tuple, dict[tuple[str, ...], pd.DataFrame]] = {}


def _suppression(
    summary: pd.DataFrame, min_group: int, groupings: tuple[tuple[str, ...], ...]
) -> dict[tuple[str, ...], pd.DataFrame]:
    s = build_structure(summary, groupings)
    sizes = s.sizes
    primary = sizes < min_group
    hidden = complementary(s, primary)
    n_var = s.cells.size
    audited = n_var <= AUDIT_MAX_VARIABLES
    if audited:
        pinned = audit(s, hidden, min_group)
        while pinned:
            before = hidden.copy()
            counts = s.counts
            for row, k in sorted({(p[0], p[1]) for p in pinned}):
                # hide the smallest visible row sharing a line with the pinned one, one
                # holding the pinned class if any (it is what unpins the count)
                near = [
                    r
                    for parent, kids in s.lines
                    if row == parent or row in kids
                    for r in (parent, *kids)
                    if not hidden[r]
                ]
                if not near:
                    near = list(np.flatnonzero(~hidden))
                useful = [r for r in near if k < 0 or 0 < counts[r, k] < sizes[r]]
                if useful or near:
                    hidden[min(useful or near, key=lambda r: sizes[r])] = True
            hidden = complementary(s, hidden)
            if (hidden == before).all():  # nothing left to hide that helps: hide it all
                hidden[:] = True
                break
            pinned = audit(s, hidden, min_group)
    out: dict[tuple[str, ...], pd.DataFrame] = {}
    for grouping in groupings:
        rows = [i for i, g in enumerate(s.grouping) if g == grouping]
        frame = pd.DataFrame(
            [s.key[i] for i in rows], columns=list(grouping), index=range(len(rows))
        )
        frame["n_owners"] = sizes[rows]
        frame["hidden"] = hidden[rows]
        frame["reason"] = np.where(
            primary[rows], PRIMARY, np.where(hidden[rows], COMPLEMENTARY, "")
        )
        frame.attrs["audited"] = audited
        out[grouping] = frame
    return out
