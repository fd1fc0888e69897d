"""Follow-up conversion (DESIGN.md "Follow-up conversion"): threads, funnel, to-do list.

A *thread* is one owner-contact pair (one row of `log.contacts`). Its stages:

- `contacted`: the thread has an outreach event.
- `replied`: a contacted thread with a reply, scheduled or meeting event at or after
  the first outreach (same timestamp counts; a reply logged before any outreach does
  not).
- `met`: a replied thread with a meeting.
- `thanked`: a met thread with a thank_you at or after a meeting and no later than
  the end of the calendar day `thank_days` days after that meeting's day. A meeting
  on Monday 14:00 with `thank_days=2` is thanked by a thank-you sent up to Wednesday
  23:59:59. Dates are naive local times, so "day" is the local calendar day.
- `followed_up`: a met thread, the same with `follow_up` events and `follow_days`.
- `converted`: a contacted thread whose contact referred someone (another contact
  names it in `referred_by`), or with a job_lead, application, interview or offer
  with the contact or with one of its descendants, whatever stage it reached. Any
  descendant implies a direct referral, so "referred someone or has an outcome event"
  is exactly that definition.

These are the one meaning of each stage, in `threads`, `funnel`, `followup_effect`
and every report: `contacted` ⊇ `replied` ⊇ `met` ⊇ `thanked`, `followed_up`;
`converted` ⊆ `contacted`. Rates are stage / its base (`RATE_BASES`).

Windows are half-open `[start, end)`: the log is cut at `end` first
(`InterviewLog.as_of`: events and contacts dated on or after it do not exist, so a
meeting planned after `end` is not "met") and, when `start` or `end` is given, only threads whose first
outreach falls in the window are kept. Everything runs on integer codes: events are
sorted once by (contact row, date, type), then grouped "first" picks, a binary search
for the last meeting before each event and vectorized window tests; no per-thread
Python loop.

The package's modules, each one job: `events` (the events as sorted integer arrays),
`stages` (each thread's stages, `threads`), `stage_counts` (`funnel`), `effect`
(`followup_effect`), `todo` (`overdue`, `planned`), `summary` (`conversion_summary`),
`timing` (`delays`, `delay_summary`). This package's names are the public API.
"""

from infoview_analysis.metrics.conversion.effect import followup_effect
from infoview_analysis.metrics.conversion.events import DateLike
from infoview_analysis.metrics.conversion.stage_counts import RATE_BASES, RATE_COLUMNS, funnel
from infoview_analysis.metrics.conversion.stages import (
    DATE_COLUMNS,
    OUTCOME_TYPES,
    STAGES,
    threads,
)
from infoview_analysis.metrics.conversion.summary import conversion_summary
from infoview_analysis.metrics.conversion.timing import delay_summary, delays
from infoview_analysis.metrics.conversion.todo import overdue, planned

__all__ = [
    "STAGES",
    "RATE_BASES",
    "RATE_COLUMNS",
    "DATE_COLUMNS",
    "OUTCOME_TYPES",
    "DateLike",
    "threads",
    "funnel",
    "conversion_summary",
    "followup_effect",
    "overdue",
    "planned",
    "delays",
    "delay_summary",
]
