"""Per-owner counts from row-level arrays: the arithmetic under `cohort.owner_summary`.

Rows (contacts or events) carry their owner as a position in the summary's owner index
(`owner_positions`, -1 for none), computed once per table; every count is then one
`np.bincount` over integer positions, with no grouping on strings and no DataFrame of
rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoview_analysis.metrics.conversion.events import NAT, NS_DAY

# `months_active` marks a boolean owner x month table when it is no larger than this
# or than a mask over the rows (so no larger than the arrays it replaces), else it sorts.
MONTH_TABLE_CELLS = 1 << 20


def owner_positions(owner: pd.Series, index: pd.Index) -> np.ndarray:
    """Each row's position in `index` (unique owner ids), from a categorical owner column.

    Parameters
    ----------
    owner : pandas.Series
        A categorical column of owner ids.
    index : pandas.Index
        The owners, each once; every category of `owner` should be in it.

    Returns
    -------
    numpy.ndarray
        Integer positions, -1 for a missing owner or one not in `index`.

    Examples
    --------
    >>> owner = pd.Series(["b", None, "a"], dtype="category")
    >>> owner_positions(owner, pd.Index(["a", "b", "c"])).tolist()
    [1, -1, 0]
    >>> owner_positions(owner, pd.Index(["0", "a", "b"])).tolist()
    [2, -1, 1]
    """
    codes = owner.cat.codes.to_numpy()
    categories = owner.cat.categories
    if len(categories) == len(index) and categories.equals(index):
        return codes  # a loaded log's usual case (no hashing of the owner ids)
    at = index.get_indexer(categories.astype(object))
    return np.append(at, -1)[codes]  # code -1 (missing) picks the appended -1


def count_per_owner(flags: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """The number of flagged rows per owner position (of `n`), as int64.

    Parameters
    ----------
    flags : numpy.ndarray of bool
        One flag per row.
    owner : numpy.ndarray
        Each row's owner position (`owner_positions`; -1 counts for no one).
    n : int
        The number of owners.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> count_per_owner(np.array([True, True, False, True]), np.array([1, 1, 0, -1]), 3).tolist()
    [0, 2, 0]
    """
    # Shifted by one: position -1 lands in bin 0, which is dropped.
    counts = np.bincount(owner[flags].astype(np.int64) + 1, minlength=n + 1)
    return counts[1:].astype(np.int64)


def months_active(date: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Per owner position (of `n`), the calendar months in which it has any dated row.

    Parameters
    ----------
    date : numpy.ndarray
        Row dates as int64 nanoseconds (NaT, the int64 minimum, is undated).
    owner : numpy.ndarray
        Each row's owner position (`owner_positions`; -1 counts for no one).
    n : int
        The number of owners.

    Returns
    -------
    numpy.ndarray
        int64 counts of distinct months.

    Examples
    --------
    >>> d = np.array(["2026-01-31T23:00", "2026-02-01", "2026-02-20", "2026-02-03"], "M8[ns]")
    >>> months_active(d.view(np.int64), np.array([0, 0, 0, 1]), 3).tolist()
    [2, 1, 0]
    """
    keep = (owner >= 0) & (date != NAT)
    if not keep.all():
        date, owner = date[keep], owner[keep]
    if not len(date):
        return np.zeros(n, dtype=np.int64)
    day = date // NS_DAY
    first = int(day.min())
    day -= first
    # The month of each day in range: a table as long as the range of days, not the rows.
    days = np.arange(first, first + int(day.max()) + 1).astype("datetime64[D]")
    month_of_day = days.astype("datetime64[M]").astype(np.int64)
    month_of_day = (month_of_day - month_of_day[0]).astype(np.int32)
    month = month_of_day[day]
    del day
    span = int(month_of_day[-1]) + 1
    cell = owner.astype(np.int64) * span + month
    if n * span <= max(MONTH_TABLE_CELLS, len(cell)):
        seen = np.zeros(n * span, dtype=bool)
        seen[cell] = True
        return seen.reshape(n, span).sum(axis=1, dtype=np.int64)
    return np.bincount(np.unique(cell) // span, minlength=n).astype(np.int64)


__all__ = ["owner_positions", "count_per_owner", "months_active", "MONTH_TABLE_CELLS"]
