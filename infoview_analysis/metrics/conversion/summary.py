"""A window's conversion in one dict: the funnel of its threads and the to-dos at its end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infoview_analysis.metrics.conversion.events import DateLike, to_ns
from infoview_analysis.metrics.conversion.stage_counts import RATE_COLUMNS, funnel
from infoview_analysis.metrics.conversion.stages import STAGES
from infoview_analysis.metrics.conversion.todo import OWED, overdue_rows
from infoview_analysis.metrics.per_log import cut

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog


def conversion_summary(
    log: InterviewLog,
    start: DateLike,
    end: DateLike,
    thank_days: int = 2,
    follow_days: int = 30,
) -> dict[str, float]:
    """The funnel of threads first contacted in `[start, end)` and the to-dos at `end`.

    Parameters
    ----------
    log : InterviewLog
        The log; rows dated on or after `end` are cut first.
    start, end : date-like
        The half-open window.
    thank_days, follow_days : int
        Windows of `thanked` and `followed_up`.

    Returns
    -------
    dict
        The six stage counts of `funnel(log, start=start, end=end)`, its rates
        (`RATE_COLUMNS`), and `overdue_thank_you` / `overdue_follow_up`: rows of
        `overdue(log, as_of=end)`.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> s = conversion_summary(generate(owners=2, seed=1), "2026-10-01", "2026-11-01")
    >>> s["contacted"] >= s["replied"] >= s["met"]
    True
    """
    row = funnel(log, thank_days, follow_days, start=start, end=end).iloc[0]
    # the rows of `overdue(log, as_of=end, ...)`, counted without building its table
    owed = overdue_rows(cut(log, end), to_ns(end), thank_days, follow_days)["owed"]
    out: dict[str, float] = {stage: int(row[stage]) for stage in STAGES}
    out.update({name: float(row[name]) for name in RATE_COLUMNS})
    out["overdue_thank_you"] = int((owed == OWED.index("thank_you")).sum())
    out["overdue_follow_up"] = int((owed == OWED.index("follow_up")).sum())
    return out


__all__ = ["conversion_summary"]
