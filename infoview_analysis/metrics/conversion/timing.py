"""How long each step of a thread took: reply, thank-you and follow-up delays, summarized."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from infoview_analysis.metrics.conversion.events import DateLike
from infoview_analysis.metrics.conversion.stages import threads

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog


def delays(
    log: InterviewLog,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pd.DataFrame:
    """Per-thread delays in days (floats): reply, thank-you and follow-up.

    `reply_delay_days` = first reply (or scheduled / meeting) - first outreach;
    `thank_you_delay_days` and `follow_up_delay_days` = first thank-you / follow-up at
    or after the first meeting - first meeting. NaN where a thread lacks the pair.
    Rows: threads with at least one delay; columns `owner_id`, `contact_id`, `source`
    and the three delays. `delay_summary` describes them.

    >>> from infoview_analysis.sample import generate
    >>> d = delays(generate(owners=2, seed=1))
    >>> bool((d["reply_delay_days"].dropna() >= 0).all())
    True
    """
    t = threads(log, start=start, end=end)
    day = pd.Timedelta(days=1)
    out = pd.DataFrame(
        {
            "owner_id": t["owner_id"],
            "contact_id": t["contact_id"],
            "source": t["source"],
            "reply_delay_days": (t["first_reply"] - t["first_outreach"]) / day,
            "thank_you_delay_days": (t["thank_you_at"] - t["first_meeting"]) / day,
            "follow_up_delay_days": (t["follow_up_at"] - t["first_meeting"]) / day,
        }
    )
    delay_cols = ["reply_delay_days", "thank_you_delay_days", "follow_up_delay_days"]
    return out[out[delay_cols].notna().any(axis=1)].reset_index(drop=True)


def delay_summary(delay_table: pd.DataFrame) -> pd.DataFrame:
    """Describe-like summary of `delays` output: one row per delay kind, in days.

    Columns `count`, `mean`, `std`, `min`, `25%`, `50%`, `75%`, `90%`, `max`.

    >>> from infoview_analysis.sample import generate
    >>> delay_summary(delays(generate(owners=2, seed=1))).index.tolist()
    ['reply_delay_days', 'thank_you_delay_days', 'follow_up_delay_days']
    """
    cols = ["reply_delay_days", "thank_you_delay_days", "follow_up_delay_days"]
    summary = delay_table[cols].astype("float64").describe(percentiles=[0.25, 0.5, 0.75, 0.9])
    return summary.T


__all__ = ["delays", "delay_summary"]
