"""Cohort views for advisors: the cohort headline and the students to reach out to.

Moved out of `headlines.py` so the cohort engineer owns them; `compare` and
`format_headline` stay shared there.
"""

from __future__ import annotations

import pandas as pd

from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.periods import Period
from infoview_analysis.views.headlines import _events_in, _rate, compare


def cohort_counts(log: InterviewLog, start: pd.Timestamp, end: pd.Timestamp) -> dict[str, float]:
    """Cohort activity in [start, end): active owners, meetings, median per active owner."""
    window = _events_in(log, start, end)
    meetings = window[window["type"] == "meeting"]
    per_owner = meetings.groupby("owner_id", observed=False).size()
    active = window["owner_id"].nunique()
    outcome = log.owners["outcome"]
    known = outcome.notna() & (outcome != "unknown")
    placed = outcome.isin(["employed", "continuing_education"])
    decided = log.owners["outcome_date"] < end
    return {
        "owners": len(log.owners),
        "active_owners": int(active),
        "meetings": len(meetings),
        "median_meetings": float(per_owner.median()) if len(per_owner) else 0.0,
        "career_outcomes_rate": _rate(int((placed & decided).sum()), int(known.sum())),
    }


COHORT_LABELS = {
    "owners": "Students in the roster",
    "active_owners": "Students active in the period",
    "meetings": "Meetings held",
    "median_meetings": "Median meetings per student",
    "career_outcomes_rate": "Career outcomes rate so far (employed or studying, of known)",
}


def cohort_headline(log: InterviewLog, period: Period) -> pd.DataFrame:
    """Cohort numbers of the period beside the previous period (no personal data)."""
    return compare(log, period, cohort_counts, COHORT_LABELS)


def students_to_contact(
    log: InterviewLog, as_of: pd.Timestamp | str, quiet_days: int = 30
) -> pd.DataFrame:
    """Students still seeking (or outcome unknown) with no meeting in the last `quiet_days`.

    For advisors; owner ids only, no contact data. Columns: owner_id, cohort, program,
    advisor, outcome, meetings (all time), last_meeting, days_since_meeting (NA: never
    met anyone), longest first.
    """
    as_of = pd.Timestamp(as_of)
    events = log.events[log.events["date"] < as_of]
    held = events[events["type"] == "meeting"].groupby("owner_id", observed=False)["date"]
    owners = log.owners.set_index("owner_id")
    table = owners[["cohort", "program", "advisor", "outcome"]].assign(
        meetings=held.size().reindex(owners.index).fillna(0).astype(int),
        last_meeting=held.max().reindex(owners.index),
    )
    open_outcome = table["outcome"].isna() | table["outcome"].isin(["seeking", "unknown"])
    days = (as_of - table["last_meeting"]).dt.days
    table = table.assign(days_since_meeting=days.astype("Int64"))
    table = table[open_outcome & (days.isna() | (days >= quiet_days)).to_numpy()]
    return table.sort_values(
        "days_since_meeting", ascending=False, na_position="first"
    ).reset_index()


__all__ = ["cohort_counts", "cohort_headline", "students_to_contact", "COHORT_LABELS"]
