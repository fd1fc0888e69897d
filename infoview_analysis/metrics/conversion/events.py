"""The events of a log as sorted integer arrays, once per log: what every conversion metric reads.

Events are sorted once by (contact row, date, type) into int64/int16 arrays; grouped
"first" picks over the indices of a few event types, a binary search for the last
meeting before an event and a running minimum (the to-do list) answer every stage and
to-do question without a per-thread Python loop. Dates are int64 nanoseconds; `NEVER` is
"no such event" (later than any date), `NAT` numpy's NaT.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from infoview_analysis.metrics.per_log import NEVER, per_log, read_only, to_ns

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

NS_DAY = np.int64(86_400 * 10**9)
NAT = np.iinfo(np.int64).min  # numpy's NaT as int64
ABSENT_CODE = -2  # a type code no event has (pandas codes missing values as -1)

DateLike = str | pd.Timestamp | np.datetime64 | Any


def type_code(log: InterviewLog, name: str) -> int:
    """The category code of event type `name`, or ABSENT_CODE when no event has it (a
    contacts-only network's empty event table has no type categories at all).

    >>> from infoview_analysis.core.model import empty_log
    >>> type_code(empty_log(), "outreach"), type_code(empty_log(), "no such type")
    (1, -2)
    """
    categories = log.events["type"].cat.categories
    return int(categories.get_loc(name)) if name in categories else ABSENT_CODE


def midnight(ns: np.ndarray) -> np.ndarray:
    """Midnight of each date (int64 ns), flooring also before 1970.

    >>> midnight(np.array([-1, 0, NS_DAY + 5])).tolist() == [-NS_DAY, 0, NS_DAY]
    True
    """
    return (ns // NS_DAY) * NS_DAY


class SortedEvents:
    """The events as sorted integer arrays: contact row, date (ns), type code, and the
    log's event row of each (`rows`)."""

    def __init__(self, log: InterviewLog, end: np.int64 | None) -> None:
        ev = log.events
        pos = log.event_contact_pos
        date = ev["date"].to_numpy("datetime64[ns]").view(np.int64)
        code = ev["type"].cat.codes.to_numpy().astype(np.int16)
        keep = (pos >= 0) & (date != NAT) & (code >= 0)
        if end is not None:
            keep &= date < end
        # The log's event row of each sorted event; None while that is its own index
        # (every event kept, already in order: no array the size of the events kept).
        row = None
        if not keep.all():
            row = np.flatnonzero(keep)
            pos, date, code = pos[keep], date[keep], code[keep]
        if not _is_sorted(pos, date, code):
            order = np.lexsort((code, date, pos))
            row = order if row is None else row[order]
            pos, date, code = pos[order], date[order], code[order]
        self.pos, self.date, self.code, self.row = pos, date, code, row

    def rows(self, at: np.ndarray) -> np.ndarray:
        """The log's event rows of the sorted event indices `at`."""
        return at if self.row is None else self.row[at]

    def of_type(self, *codes: int) -> np.ndarray:
        """Indices of the events with any of the type `codes`, ascending: each thread's
        in date order. Stages work on these short index lists, not on masks of every event.
        """
        mask = self.code == codes[0]
        for code in codes[1:]:
            mask |= self.code == code
        return np.flatnonzero(mask)

    def firsts(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The contact rows with an event of `at` (ascending indices), and the index of
        each one's first (earliest) such event."""
        p = self.pos[at]
        start = np.flatnonzero(p[1:] != p[:-1]) + 1
        start = np.concatenate((np.zeros(min(len(p), 1), dtype=start.dtype), start))
        return p[start], at[start]

    def first(self, at: np.ndarray, values: np.ndarray, n: int, fill: Any) -> np.ndarray:
        """Per contact row, `values` at its first event of `at` (ascending); `fill` if none."""
        rows, first = self.firsts(at)
        return spread(rows, values[first], n, fill)

    def last_at(self, at: np.ndarray, among: np.ndarray) -> np.ndarray:
        """For each event index of `at`, the last index of `among` (ascending) at or
        before it in the same thread; -1 if none."""
        if not len(among):
            return np.full(len(at), -1, dtype=np.int64)
        k = np.searchsorted(among, at, side="right") - 1
        found = among[np.maximum(k, 0)]
        return np.where((k >= 0) & (self.pos[found] == self.pos[at]), found, -1)

    def any_at(self, at: np.ndarray, n: int) -> np.ndarray:
        """Per contact row, whether any of the event indices `at` is in its thread."""
        out = np.zeros(n, dtype=bool)
        out[self.pos[at]] = True
        return out

    def next_after(self, mask: np.ndarray) -> np.ndarray:
        """Date of the next masked event at or after each event, same thread; NEVER if none."""
        n = len(mask)
        idx = np.where(mask, np.arange(n, dtype=np.int64), n)
        idx = np.minimum.accumulate(idx[::-1])[::-1]
        safe = np.minimum(idx, max(n - 1, 0))
        ok = (idx < n) & (self.pos[safe] == self.pos) if n else np.zeros(0, bool)
        return np.where(ok, self.date[safe], NEVER)


def spread(rows: np.ndarray, values: np.ndarray, n: int, fill: Any) -> np.ndarray:
    """Per contact row (of `n`): `values` on `rows`, `fill` on the rest.

    >>> spread(np.array([2]), np.array([6]), 3, 0).tolist()
    [0, 0, 6]
    """
    out = np.full(n, fill, dtype=values.dtype)
    out[rows] = values
    return out


def _is_sorted(pos: np.ndarray, date: np.ndarray, code: np.ndarray) -> bool:
    if len(pos) < 2:
        return True
    dp, dd, dc = np.diff(pos), np.diff(date), np.diff(code)
    return bool(np.all((dp > 0) | ((dp == 0) & ((dd > 0) | ((dd == 0) & (dc >= 0))))))


def sorted_events(log: InterviewLog, end: np.int64 | None) -> SortedEvents:
    """The sorted events of `log` before `end`, once per log.

    >>> from infoview_analysis.core.model import empty_log
    >>> len(sorted_events(empty_log(), None).pos)
    0
    """

    def compute() -> SortedEvents:
        ev = SortedEvents(log, end)
        read_only({k: v for k, v in vars(ev).items() if v is not None})
        return ev

    return per_log(log, ("events", end), compute, keep_large=True)


__all__ = [
    "NS_DAY",
    "NEVER",
    "NAT",
    "ABSENT_CODE",
    "DateLike",
    "to_ns",
    "type_code",
    "midnight",
    "SortedEvents",
    "spread",
    "sorted_events",
]
