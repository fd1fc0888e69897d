"""What is published: the standard groupings, and the finest groups a reader cannot
rule out, with every published row over them and the lines that add up."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from infoview_analysis.metrics.cohort import GROUP_KEYS, NACE_CLASSES

__all__ = ["STANDARD_GROUPINGS", "canonical_grouping", "Structure", "build_structure"]

STANDARD_GROUPINGS: tuple[tuple[str, ...], ...] = (
    (),
    ("cohort",),
    ("program",),
    ("advisor",),
    ("cohort", "program"),
    ("activity_tertile",),
)


def canonical_grouping(keys: Iterable[str]) -> tuple[str, ...]:
    """The standard grouping with these keys, in its own order; anything else is refused.

    Parameters
    ----------
    keys : iterable of str
        Grouping columns in any order.

    Returns
    -------
    tuple of str

    Raises
    ------
    ValueError
        For a grouping that is not published.

    Examples
    --------
    >>> canonical_grouping(["program", "cohort"])
    ('cohort', 'program')
    """
    keys = tuple(keys)
    bad = [k for k in keys if k not in GROUP_KEYS]
    if bad:
        raise ValueError(f"cannot group owners by {bad}; choose from {list(GROUP_KEYS)}")
    wanted = frozenset(keys)
    for grouping in STANDARD_GROUPINGS:
        if frozenset(grouping) == wanted:
            return grouping
    names = ", ".join(" x ".join(g) or "everyone" for g in STANDARD_GROUPINGS)
    raise ValueError(
        f"cannot publish a table by {' x '.join(keys)}: cohort reports publish only {names}, "
        "so that one suppression pattern protects every table"
    )


@dataclass
class Structure:
    """Finest groups (cells) with their NACE counts, and every published row over them."""

    cells: np.ndarray  # (F, 4) NACE class counts per finest group
    member: np.ndarray  # (R, F) bool: row r covers finest group f
    grouping: list[tuple[str, ...]]  # per row
    key: list[tuple]  # per row: the key values
    lines: list[tuple[int, list[int]]]  # (parent row, child rows)

    @property
    def counts(self) -> np.ndarray:
        """(R, 4) class counts per published row."""
        return self.member.astype(np.int64) @ self.cells

    @property
    def sizes(self) -> np.ndarray:
        """(R,) students per published row."""
        return self.counts.sum(axis=1)


def build_structure(summary: pd.DataFrame, groupings: Sequence[tuple[str, ...]]) -> Structure:
    """The finest groups of `summary` and every row the `groupings` publish over them.

    Parameters
    ----------
    summary : pandas.DataFrame
        `cohort.owner_summary` output.
    groupings : sequence of tuple of str
        Standard groupings, decided together.

    Returns
    -------
    Structure
        Cells, row membership, each row's grouping and key, and the lines (a parent
        row and the child rows that add up to it).

    Examples
    --------
    >>> s = pd.DataFrame({"cohort": list("aaaaaaab"), "program": "p", "advisor": "x",
    ...                   "activity_tertile": "low", "nace_class": "career"})
    >>> st = build_structure(s, [(), ("cohort",)])
    >>> st.sizes.tolist(), st.key, st.lines
    ([8, 7, 1], [(), ('a',), ('b',)], [(0, [1, 2])])
    """
    keys = list(GROUP_KEYS)
    frame = summary[keys].astype(object).fillna("(none)").astype(str).reset_index(drop=True)
    # The finest groups a reader cannot rule out: every listed cohort x program pair with
    # every advisor and activity level (an unlisted pair is known to be empty).
    pairs = frame[["cohort", "program"]].drop_duplicates()
    cell_keys = pairs.merge(frame[["advisor"]].drop_duplicates(), how="cross").merge(
        frame[["activity_tertile"]].drop_duplicates(), how="cross"
    )[keys]
    cell_keys = cell_keys.sort_values(keys).reset_index(drop=True)
    at = pd.MultiIndex.from_frame(cell_keys).get_indexer(pd.MultiIndex.from_frame(frame))
    klass = pd.Categorical(summary["nace_class"], categories=list(NACE_CLASSES)).codes
    cells = np.zeros((len(cell_keys), len(NACE_CLASSES)), dtype=np.int64)
    np.add.at(cells, (at, klass), 1)
    rows_member, grouping_of, key_of = [], [], []
    position: dict[tuple, int] = {}
    for grouping in groupings:
        labels = np.array(
            ["\x1f".join(t) for t in cell_keys[list(grouping)].itertuples(index=False)]
            if grouping
            else [""] * len(cell_keys),
            dtype=object,
        )
        for label in sorted(set(labels)) if len(labels) else ([""] if not grouping else []):
            value = tuple(label.split("\x1f")) if grouping else ()
            position[(grouping, value)] = len(rows_member)
            rows_member.append(labels == label)
            grouping_of.append(grouping)
            key_of.append(value)
    member = np.array(rows_member, dtype=bool).reshape(len(rows_member), len(cell_keys))
    lines = []
    for grouping in groupings:
        for drop in range(len(grouping)):
            parent = grouping[:drop] + grouping[drop + 1 :]
            if parent not in groupings:
                continue
            children: dict[tuple, list[int]] = {}
            for (g, value), row in position.items():
                if g == grouping:
                    pvalue = value[:drop] + value[drop + 1 :]
                    children.setdefault(pvalue, []).append(row)
            for pvalue, rows in children.items():
                lines.append((position[(parent, pvalue)], sorted(rows)))
    return Structure(cells, member, grouping_of, key_of, lines)
