"""Rates and the counts behind them: one division, one small-base threshold.

Every rate a report shows is `numerator / base` with both counts kept beside it, so
a table can say "3 of 4" where a percentage would overstate what 4 people show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["MIN_RATE_BASE", "rate", "small_base"]

# A rate over fewer people than this is shown with its counts ("3 of 4") and marked
# as too small to compare (issue 9: honest small numbers).
MIN_RATE_BASE = 5


def rate(
    numerator: pd.Series | np.ndarray | float, base: pd.Series | np.ndarray | float
) -> pd.Series | np.ndarray | float:
    """`numerator / base`, NaN where the base is 0 (0 of 0 is not a rate of 0).

    Parameters
    ----------
    numerator, base : pandas.Series, numpy.ndarray or number
        Counts; a Series keeps its index, arrays (no Series) give an array.

    Returns
    -------
    pandas.Series, numpy.ndarray or float
        The rate, float64.

    Examples
    --------
    >>> rate(pd.Series([3, 0]), pd.Series([4, 0])).tolist()
    [0.75, nan]
    >>> rate(np.array([3, 0]), np.array([4, 0])).tolist()
    [0.75, nan]
    >>> rate(1, 0)
    nan
    """
    arrays = isinstance(numerator, np.ndarray) or isinstance(base, np.ndarray)
    if arrays and not (isinstance(numerator, pd.Series) or isinstance(base, pd.Series)):
        num, den = np.broadcast_arrays(
            np.asarray(numerator, dtype="float64"), np.asarray(base, dtype="float64")
        )
        out = np.full(num.shape, np.nan)
        np.divide(num, den, out=out, where=den > 0)
        return out
    if isinstance(numerator, pd.Series) or isinstance(base, pd.Series):
        num = pd.Series(numerator, dtype="float64") if np.isscalar(numerator) else numerator
        den = pd.Series(base) if np.isscalar(base) else base
        return num.astype("float64") / den.astype("float64").where(den > 0)
    return float(numerator) / float(base) if base else float("nan")


def small_base(base: pd.Series | float) -> pd.Series | bool:
    """Whether a rate's base is under `MIN_RATE_BASE` (too few people to compare).

    Examples
    --------
    >>> small_base(pd.Series([4, 5])).tolist(), small_base(0)
    ([True, False], True)
    """
    if isinstance(base, pd.Series):
        return base < MIN_RATE_BASE
    return bool(base < MIN_RATE_BASE)
