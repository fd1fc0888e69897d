"""The follow-up effect: conversion of met threads by thanked and followed up in time.

An association, not a causal effect: conversion is counted whenever it happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.metrics.conversion.events import DateLike, to_ns
from infoview_analysis.metrics.conversion.stages import thread_arrays, window_mask
from infoview_analysis.metrics.per_log import cut
from infoview_analysis.metrics.rates import rate

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog


def followup_effect(
    log: InterviewLog,
    thank_days: int = 2,
    follow_days: int = 30,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pd.DataFrame:
    """Conversion of met threads split by thanked (in time) and followed up (in time).

    Four rows (thanked x followed_up), columns `thanked`, `followed_up`, `threads`,
    `converted`, `conversion_rate` (NaN for an empty cell). Conversion is counted
    whenever it happened, so this is an association, not a causal effect.

    >>> from infoview_analysis.sample import generate
    >>> e = followup_effect(generate(owners=3, seed=2))
    >>> e[["thanked", "followed_up"]].values.tolist()
    [[False, False], [False, True], [True, False], [True, True]]
    """
    s, e = to_ns(start), to_ns(end)
    log = cut(log, end)
    a = thread_arrays(log, thank_days, follow_days, e)
    met = a["met"].copy()
    keep = window_mask(a["first_outreach"], s, e)
    if keep is not None:
        met &= keep
    # the four cells, (not thanked, not followed up) first, as the rows below
    cell = a["thanked"][met].astype(np.int64) * 2 + a["followed_up"][met]
    threads_n = np.bincount(cell, minlength=4).astype(np.int64)
    converted = np.bincount(cell[a["converted"][met]], minlength=4).astype(np.int64)
    return pd.DataFrame(
        {
            "thanked": np.array([False, False, True, True]),
            "followed_up": np.array([False, True, False, True]),
            "threads": threads_n,
            "converted": converted,
            "conversion_rate": rate(converted, threads_n),
        }
    )


__all__ = ["followup_effect"]
