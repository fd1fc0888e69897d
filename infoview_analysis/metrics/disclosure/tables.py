"""Published tables: a grouping's figures with the pattern and the rules applied."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from infoview_analysis.metrics.cohort import group_figures
from infoview_analysis.metrics.disclosure.pattern import suppression
from infoview_analysis.metrics.disclosure.policy import (
    LOW_KNOWLEDGE,
    MEDIANS,
    MIN_GROUP_DEFAULT,
    PRIMARY,
    PUBLISHED_FIGURES,
    RATE_BASES,
    ROUND_TO,
    SMALL_BASE,
    Rules,
    rules,
)
from infoview_analysis.metrics.disclosure.structure import STANDARD_GROUPINGS, canonical_grouping

__all__ = ["publish", "protected_tables"]


def _rounded(values: pd.Series) -> pd.Series:
    return (np.floor(values / ROUND_TO + 0.5) * ROUND_TO).astype("float64")


def publish(
    raw: pd.DataFrame, pattern: pd.DataFrame, keys: Sequence[str], r: Rules
) -> pd.DataFrame:
    """One published table: `raw` (`cohort.group_figures`) with `pattern` and `r` applied.

    Columns: keys, `n_owners`, `suppressed`, `note`, the medians and rates of
    `PUBLISHED_FIGURES`; nothing student-level and no NACE class counts.

    Parameters
    ----------
    raw : pandas.DataFrame
        `cohort.group_figures` of one grouping.
    pattern : pandas.DataFrame
        That grouping's pattern from `suppression`.
    keys : sequence of str
        The grouping.
    r : Rules
        The rules in force.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> from infoview_analysis.metrics.cohort import group_figures, owner_summary
    >>> from infoview_analysis.sample import generate
    >>> s = owner_summary(generate(owners=12, seed=2))
    >>> table = publish(group_figures(s), suppression(s, 5, [()])[()], [], rules(5))
    >>> int(table["n_owners"].iloc[0]), bool(table["suppressed"].iloc[0])
    (12, False)
    """
    keys = list(keys)
    table = raw.copy()
    label = table[keys].astype(object).fillna("(none)").astype(str) if keys else None
    if keys:
        hidden_of = {tuple(row[:-1]): bool(row[-1]) for row in pattern[[*keys, "hidden"]].values}
        reason_of = {tuple(row[:-1]): row[-1] for row in pattern[[*keys, "reason"]].values}
        tuples = list(label.itertuples(index=False, name=None))
        hidden = np.array([hidden_of.get(t, True) for t in tuples], dtype=bool)
        reason = [reason_of.get(t, PRIMARY) for t in tuples]
    else:
        hidden = pattern["hidden"].to_numpy(bool)
        reason = list(pattern["reason"])
    notes = [[x] if x else [] for x in reason]
    table["career_base"] = table["known"] - table["not_seeking"]
    for figure, base in RATE_BASES.items():
        small = (table[base] < r.min_rate_base).to_numpy() & table[figure].notna().to_numpy()
        for i in np.flatnonzero(small & ~hidden):
            notes[i].append(f"{figure.replace('_', ' ')}: {SMALL_BASE} {r.min_rate_base}")
        table.loc[small, figure] = np.nan
    low = (table["knowledge_rate"] < 0.65).to_numpy() & ~hidden
    for i in np.flatnonzero(low):
        notes[i].append(LOW_KNOWLEDGE)
    if r.rounded:
        few = (table["n_owners"] <= r.max_median_group).to_numpy()
        table.loc[few, list(MEDIANS)] = np.nan
        table["n_owners"] = _rounded(table["n_owners"])
    table.loc[hidden, ["n_owners", *PUBLISHED_FIGURES]] = np.nan
    table["suppressed"] = hidden
    table["note"] = ["; ".join(n) for n in notes]
    table["n_owners"] = table["n_owners"].astype("Int64")
    out = table[[*keys, "n_owners", "suppressed", "note", *PUBLISHED_FIGURES]].reset_index(
        drop=True
    )
    out.attrs["rules"] = r.describe()
    out.attrs["audited"] = pattern.attrs.get("audited", True)
    return out


def protected_tables(
    summary: pd.DataFrame,
    min_group: int = MIN_GROUP_DEFAULT,
    disclosure: str = "standard",
    groupings: Sequence[tuple[str, ...]] | None = None,
) -> dict[tuple[str, ...], pd.DataFrame]:
    """Published tables for `groupings` (default: all standard ones), under one pattern.

    The suppression pattern is always decided over every standard grouping, whatever
    is asked for: a table from one run and a margin from another share it.

    Parameters
    ----------
    summary, min_group
        As for `suppression`.
    disclosure : {'standard', 'rounded'}
        The profile.
    groupings : sequence of tuple of str, optional
        The tables wanted (default: every standard grouping).

    Returns
    -------
    dict
        Grouping -> published table.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> from infoview_analysis.metrics.cohort import owner_summary
    >>> t = protected_tables(owner_summary(generate(owners=40, seed=2)), groupings=[()])
    >>> int(t[()]["n_owners"].iloc[0])
    40
    """
    r = rules(min_group, disclosure)
    asked = [tuple(g) for g in (groupings if groupings is not None else STANDARD_GROUPINGS)]
    canonical = {g: canonical_grouping(g) for g in asked}
    pattern = suppression(summary, r.min_group, STANDARD_GROUPINGS)
    out = {}
    for g in asked:
        c = canonical[g]
        raw = group_figures(summary, c)
        table = publish(raw, pattern[c], c, r)
        out[g] = table[[*g, *[col for col in table.columns if col not in c]]] if g != c else table
        out[g].attrs.update(table.attrs)
    return out
