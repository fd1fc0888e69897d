"""Per-log invariants, computed once per log and shared by every metric of a report.

A report runs many metrics on one log (an owner's part, already cut at the period's
end): the sorted events, the per-thread stage arrays and the to-do rows are the same
for all of them. `per_log` keeps such values on the log object itself, so they live
exactly as long as the log; `cut` returns the log itself when `log.as_of(end)` would
keep every row, so metrics "as of the end" of an already cut log reuse its values.

A small log (an owner's, up to `SMALL_LOG_ROWS` contacts and events) keeps every value
and cut. A larger log (a cohort's, loaded once and alive as long as its kernel) keeps no
cuts, so it does not grow with every window asked for, and only the values asked for
with `keep_large` (the conversion metrics' sorted events and thread arrays, so that the
funnel and the group outcomes of one window share them), at most `LARGE_LOG_VALUES` of
them, the most recently used. Memory bound for such a log: `LARGE_LOG_VALUES` values,
each at most about 60 bytes a contact (the thread arrays, 85 MB for 1.4M contacts) or
26 bytes an event (the sorted events; 2 while the events are in order and all dated):
for 5M events and 1.4M contacts at most 4 x 130 MB, about 100 MB for one window. Other
values (the referral chains, which other metrics' peaks would carry) it computes on
every call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog


NEVER = np.iinfo(np.int64).max  # "no such event" as int64 nanoseconds: later than any date


def to_ns(value: Any) -> np.int64 | None:
    """A date as int64 nanoseconds (time zone dropped); None stays None.

    >>> int(to_ns("1970-01-02")), to_ns(None)
    (86400000000000, None)
    """
    if value is None:
        return None
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return np.int64(ts.as_unit("ns").value)


def per_log(
    log: InterviewLog, key: object, compute: Callable[[], Any], keep_large: bool = False
) -> Any:
    """`compute()` once per log and `key`: a per-log invariant (sorted events, thread
    arrays) shared by every metric of a report on that log (a larger log keeps only
    values asked for with `keep_large`, its `LARGE_LOG_VALUES` most recently used; see
    the module docstring).

    A log is never changed in place (every cut and every owner's part is a new log, as
    its cached `event_contact_pos` assumes); a log whose frames were replaced starts
    afresh. Cached numpy arrays are read-only, so no caller can change them for another.

    Parameters
    ----------
    log : InterviewLog
    key : hashable
        What is computed and with which arguments.
    compute : callable
        Computes the value on a miss.
    keep_large : bool
        Keep the value on a larger log too (one of its `LARGE_LOG_VALUES`).

    Returns
    -------
    object
        The value, computed once per (log, key) while the log keeps it.

    Examples
    --------
    >>> from infoview_analysis.core.model import empty_log
    >>> log = empty_log()
    >>> per_log(log, "answer", lambda: 42), per_log(log, "answer", lambda: 0)
    (42, 42)
    """
    small = _small(log)
    if not (small or keep_large):
        return compute()
    values = _values(log)
    # A value asked for again is re-inserted last: the most recently used.
    value = values.pop(key) if key in values else compute()
    values[key] = value
    if not small:
        while len(values) > LARGE_LOG_VALUES:
            del values[next(iter(values))]  # the least recently used (dicts keep order)
    return value


def _small(log: InterviewLog) -> bool:
    return len(log.contacts) + len(log.events) <= SMALL_LOG_ROWS


def _values(log: InterviewLog) -> dict:
    """The log's own store of per-log values (afresh once its frames were replaced)."""
    return _memo(log)[1]


def _cuts(log: InterviewLog) -> dict:
    """The log's cuts by end: None for "the log itself" (outside the values, so a large
    log's few values are not spent on them)."""
    return _memo(log)[2]


def _memo(log: InterviewLog) -> tuple:
    frames = (id(log.contacts), id(log.events), id(log.owners))
    memo = log.__dict__.get("_per_log")
    if memo is None or memo[0] != frames:
        memo = log.__dict__["_per_log"] = (frames, {}, {})
    return memo


# A log this small (rows of contacts and events: an owner's) keeps its per-log values
# and cuts; a report asks for each several times.
SMALL_LOG_ROWS = 50_000
# A larger log keeps this many of its most recently used `keep_large` values (see the
# module docstring): the sorted events and thread arrays of two windows or day limits.
LARGE_LOG_VALUES = 4


def cut(log: InterviewLog, end: object) -> InterviewLog:
    """`log.as_of(end)`: `log` itself when that cut keeps every row unchanged, and the
    same cut object each time for a small log.

    A report's log is already cut at its period's end, so every metric as of that end
    works on the one log (and its per-log invariants) instead of an equal copy; the
    metrics of the previous period share one cut of it.

    Parameters
    ----------
    log : InterviewLog
    end : date-like or None

    Returns
    -------
    InterviewLog
        Equal to `log.as_of(end)`.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> log = generate(owners=2, seed=1).as_of("2026-10-01")
    >>> cut(log, "2026-10-01") is log, len(cut(log, "2026-09-01").events) < len(log.events)
    (True, True)
    >>> cut(log, "2026-09-01") is cut(log, "2026-09-01")
    True
    """
    if end is None:
        return log
    key = to_ns(end)
    cuts = _cuts(log)
    if key in cuts:
        return cuts[key] or log  # None: the cut is the log itself
    shorter = log.as_of(end)
    unchanged = (
        shorter.owners is log.owners
        and len(shorter.contacts) == len(log.contacts)
        and len(shorter.events) == len(log.events)
        and _plain_index(log.contacts)
        and _plain_index(log.events)
    )
    if unchanged:
        cuts[key] = None
        return log
    if _small(log):
        cuts[key] = shorter
    # Cutting again at `end` keeps every row (`as_of` is idempotent): say so now, so
    # that metrics cutting the cut log do not cut it again.
    _cuts(shorter)[key] = None
    return shorter


def _plain_index(frame: pd.DataFrame) -> bool:
    """A 0..n-1 index, as `as_of` leaves it (so an uncut log equals its cut)."""
    index = frame.index
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def read_only(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Make every array of `arrays` read-only (shared through `per_log`); returns it.

    >>> read_only({"a": np.zeros(2)})["a"].flags.writeable
    False
    """
    for values in arrays.values():
        values.setflags(write=False)
    return arrays


__all__ = ["SMALL_LOG_ROWS", "LARGE_LOG_VALUES", "cut", "per_log", "read_only", "NEVER", "to_ns"]
