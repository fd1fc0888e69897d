"""The funnel: stage counts and their rates, overall or per group (`funnel`).

Counts come from the thread stages (`stages.thread_arrays`); each rate is a stage over
its base (`RATE_BASES`), divided by `metrics.rates.rate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from infoview_analysis.metrics.conversion.events import DateLike, to_ns
from infoview_analysis.metrics.conversion.stages import (
    STAGES,
    as_datetime,
    outreach_channel,
    thread_arrays,
    window_mask,
)
from infoview_analysis.metrics.per_log import cut
from infoview_analysis.metrics.rates import rate

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

# Each rate of `funnel`: (numerator column, base column). Thanked and followed up are
# practices among met threads; conversion counts over everyone contacted.
RATE_BASES: dict[str, tuple[str, str]] = {
    "replied_rate": ("replied", "contacted"),
    "met_rate": ("met", "replied"),
    "thanked_rate": ("thanked", "met"),
    "followed_up_rate": ("followed_up", "met"),
    "conversion_rate": ("converted", "contacted"),
}
RATE_COLUMNS: tuple[str, ...] = tuple(RATE_BASES)
ROSTER_KEYS: tuple[str, ...] = ("cohort", "program", "advisor", "outcome")
THREAD_KEYS: tuple[str, ...] = ("owner_id", "source", "channel", "period")


def _roster_values(log: InterviewLog, column: str) -> pd.Series:
    """A roster column spread onto contact rows (NA when the owner has no roster row)."""
    owners = log.owners
    cats = log.contacts["owner_id"].cat.categories
    at = pd.Index(owners["owner_id"].astype(object)).get_indexer(cats.astype(object))
    codes = log.contacts["owner_id"].cat.codes.to_numpy()
    rows = np.where(codes >= 0, at[np.maximum(codes, 0)], -1)
    values = owners[column].reset_index(drop=True)
    values = pd.concat([values, pd.Series([pd.NA], dtype=values.dtype)], ignore_index=True)
    return values.iloc[np.where(rows >= 0, rows, len(owners))].reset_index(drop=True)


def _keys(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    keys = [by] if isinstance(by, str) else list(by)
    allowed = (*THREAD_KEYS, *ROSTER_KEYS)
    bad = [k for k in keys if k not in allowed]
    if bad:
        raise ValueError(f"cannot group the funnel by {bad}; choose from {list(allowed)}")
    return keys


def _add_rates(table: pd.DataFrame) -> pd.DataFrame:
    """The rates of `RATE_BASES` as columns after the counts (numpy: no per-column frame
    operations on these small tables)."""
    rates = {
        name: rate(table[numerator].to_numpy(), table[base].to_numpy())
        for name, (numerator, base) in RATE_BASES.items()
    }
    return pd.concat([table, pd.DataFrame(rates, index=table.index)], axis=1)


def funnel(
    log: InterviewLog,
    thank_days: int = 2,
    follow_days: int = 30,
    by: str | Sequence[str] | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    freq: str = "M",
) -> pd.DataFrame:
    """Stage counts and rates, overall or per group.

    `by`: any of "owner_id", "source", "channel" (of the first outreach), "period"
    (of the first outreach, `freq` W/M/Q) and the roster's "cohort", "program",
    "advisor", "outcome". One row per group (a single row without `by`); columns: the
    group keys, the six stage counts (the stages of the package docstring, so
    contacted >= replied >= met >= thanked, followed_up and converted <= contacted),
    and the rates of `RATE_BASES` (numerator / base, NaN when the base is 0; both
    counts are columns of the table). A single categorical key lists every category,
    and "period" every period in range, zeros included.

    >>> from infoview_analysis.sample import generate
    >>> f = funnel(generate(owners=3, seed=2))
    >>> int(f["contacted"].iloc[0]) >= int(f["replied"].iloc[0]) >= int(f["met"].iloc[0])
    True
    """
    keys = _keys(by)
    s, e = to_ns(start), to_ns(end)
    log = cut(log, end)
    a = thread_arrays(log, thank_days, follow_days, e)
    data: dict[str, Any] = {stage: a[stage] for stage in STAGES}
    for key in keys:
        if key in ("owner_id", "source"):
            data[key] = log.contacts[key].reset_index(drop=True)
        elif key == "channel":
            data[key] = outreach_channel(log, a["outreach_row"])
        elif key == "period":
            data[key] = pd.Series(as_datetime(a["first_outreach"])).dt.to_period(freq)
        else:
            data[key] = _roster_values(log, key)
    frame = pd.DataFrame(data)
    keep = window_mask(a["first_outreach"], s, e)
    if keep is not None:
        frame = frame[keep]
    if not keys:
        table = frame[list(STAGES)].sum().to_frame().T.astype(np.int64)
        return _add_rates(table)
    table = frame.groupby(keys, observed=True, dropna=False, sort=True)[list(STAGES)].sum()
    if len(keys) == 1:
        table = table.reindex(_full_index(frame[keys[0]], keys[0], s, e, freq), fill_value=0)
    table = table.astype(np.int64).reset_index()
    return _add_rates(table)


def _full_index(values: pd.Series, key: str, s, e, freq: str) -> pd.Index:
    """Every category of a categorical key, every period in range for "period"."""
    if key == "period":
        present = values.dropna()
        lo = pd.Timestamp(s).to_period(freq) if s is not None else present.min()
        hi = pd.Timestamp(e - 1).to_period(freq) if e is not None else present.max()
        if pd.isna(lo) or pd.isna(hi):
            return pd.PeriodIndex(present.unique(), name=key)
        return pd.period_range(lo, hi, freq=freq, name=key)
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = pd.CategoricalIndex(values.cat.categories, dtype=values.dtype, name=key)
        if values.isna().any():
            cats = cats.append(pd.CategoricalIndex([np.nan], dtype=values.dtype, name=key))
        return cats
    return pd.Index(values.drop_duplicates().sort_values(), name=key)


__all__ = ["RATE_BASES", "RATE_COLUMNS", "ROSTER_KEYS", "THREAD_KEYS", "funnel"]
