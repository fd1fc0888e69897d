"""Each thread's stages as facts: flags and key dates per contact row, and `threads`.

The stages are those of the package docstring; `thread_arrays` computes them once per
log and arguments, for `threads` and for every count built on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.metrics.conversion.events import (
    NAT,
    NEVER,
    NS_DAY,
    DateLike,
    SortedEvents,
    midnight,
    sorted_events,
    spread,
    to_ns,
    type_code,
)
from infoview_analysis.metrics.per_log import cut, per_log, read_only

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

STAGES: tuple[str, ...] = ("contacted", "replied", "met", "thanked", "followed_up", "converted")
DATE_COLUMNS: tuple[str, ...] = (
    "first_outreach",
    "first_reply",
    "first_meeting",
    "thank_you_at",
    "follow_up_at",
)
OUTCOME_TYPES: tuple[str, ...] = ("job_lead", "application", "interview", "offer")


def _within(ev: SortedEvents, at: np.ndarray, meetings: np.ndarray, days: int) -> np.ndarray:
    """The events of `at` on or after a meeting (of `meetings`) and by the end of that
    meeting's day + `days`. The last meeting at or before an event is the one whose
    window reaches furthest."""
    last = ev.last_at(at, meetings)
    at, last = at[last >= 0], last[last >= 0]
    limit = midnight(ev.date[last]) + (int(days) + 1) * NS_DAY
    return at[ev.date[at] < limit]


def thread_arrays(
    log: InterviewLog, thank_days: int, follow_days: int, end: np.int64 | None
) -> dict[str, np.ndarray]:
    """Stage flags and key dates (int64 ns, NEVER when absent) per contact row, once per
    log and arguments (read-only arrays).

    >>> from infoview_analysis.core.model import empty_log
    >>> thread_arrays(empty_log(), 2, 30, None)["met"].tolist()
    []
    """

    def compute() -> dict[str, np.ndarray]:
        return read_only(_compute_thread_arrays(log, thank_days, follow_days, end))

    # Kept on a cohort's log too: the funnel and the group outcomes of a window share it.
    key = ("threads", int(thank_days), int(follow_days), end)
    return per_log(log, key, compute, keep_large=True)


def _compute_thread_arrays(
    log: InterviewLog, thank_days: int, follow_days: int, end: np.int64 | None
) -> dict[str, np.ndarray]:
    n = len(log.contacts)
    ev = sorted_events(log, end)
    pos, date = ev.pos, ev.date
    c = {t: type_code(log, t) for t in ("outreach", "reply", "scheduled", "meeting")}
    c.update({t: type_code(log, t) for t in ("thank_you", "follow_up", *OUTCOME_TYPES)})
    # Event indices per type (ascending: each thread's in date order); every step below
    # reads these short lists, not masks over all events.
    out = ev.of_type(c["outreach"])
    meet = ev.of_type(c["meeting"])
    thank = ev.of_type(c["thank_you"])
    follow = ev.of_type(c["follow_up"])

    threads_out, first_out = ev.firsts(out)
    first_outreach = spread(threads_out, date[first_out], n, NEVER)
    out_row = spread(threads_out, ev.rows(first_out), n, -1)
    answer = ev.of_type(c["reply"], c["scheduled"], c["meeting"])
    answer = answer[date[answer] >= first_outreach[pos[answer]]]
    first_reply = ev.first(answer, date, n, NEVER)
    first_meeting = ev.first(meet, date, n, NEVER)

    def after_first_meeting(at: np.ndarray) -> np.ndarray:
        return at[date[at] >= first_meeting[pos[at]]]

    thank_you_at = ev.first(after_first_meeting(thank), date, n, NEVER)
    follow_up_at = ev.first(after_first_meeting(follow), date, n, NEVER)

    thanked = ev.any_at(_within(ev, thank, meet, thank_days), n)
    followed = ev.any_at(_within(ev, follow, meet, follow_days), n)

    converted = ev.any_at(ev.of_type(*(c[t] for t in OUTCOME_TYPES)), n)
    parent = log.referrer_pos
    child = parent >= 0
    if end is not None:
        added = log.contacts["added_on"].to_numpy("datetime64[ns]").view(np.int64)
        child &= (added == NAT) | (added < end)
    converted[parent[child]] = True

    contacted = first_outreach != NEVER
    replied = first_reply != NEVER  # an answer at or after an outreach: contacted too
    met = replied & (first_meeting != NEVER)
    return {
        "contacted": contacted,
        "replied": replied,
        "met": met,
        "thanked": met & thanked,
        "followed_up": met & followed,
        "converted": contacted & converted,
        "first_outreach": first_outreach,
        "first_reply": first_reply,
        "first_meeting": first_meeting,
        "thank_you_at": thank_you_at,
        "follow_up_at": follow_up_at,
        "meetings": np.bincount(pos[meet], minlength=n),
        "outreach_row": out_row,
    }


def as_datetime(ns: np.ndarray) -> np.ndarray:
    """int64 ns dates as datetime64, NEVER as NaT.

    >>> as_datetime(np.array([0, NEVER])).tolist()
    [0, None]
    """
    return np.where(ns == NEVER, NAT, ns).view("datetime64[ns]")


def outreach_channel(log: InterviewLog, rows: np.ndarray) -> pd.Categorical:
    """The channel of each event row in `rows` (-1: none, NA), as the events' categorical.

    >>> from infoview_analysis.core.model import empty_log
    >>> len(outreach_channel(empty_log(), np.array([-1])))
    1
    """
    channel = log.events["channel"]
    all_codes = np.append(channel.cat.codes.to_numpy().astype(np.int64), -1)
    codes = all_codes[np.where(rows >= 0, rows, len(all_codes) - 1)]
    return pd.Categorical.from_codes(codes.astype(np.int64), dtype=channel.dtype)


def window_mask(first_outreach: np.ndarray, start: np.int64 | None, end: np.int64 | None):
    """Threads first contacted in `[start, end)`; None when neither bound is given.

    >>> window_mask(np.array([1, 5, NEVER]), np.int64(2), None).tolist()
    [False, True, False]
    """
    if start is None and end is None:
        return None
    keep = first_outreach != NEVER
    if start is not None:
        keep &= first_outreach >= start
    if end is not None:
        keep &= first_outreach < end
    return keep


def threads(
    log: InterviewLog,
    thank_days: int = 2,
    follow_days: int = 30,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pd.DataFrame:
    """One row per owner-contact thread: stage flags (as facts) and the key dates.

    Columns: `owner_id`, `contact_id`, `source`, `channel` (of the first outreach),
    the six stage booleans `contacted` ... `converted`, `first_outreach`,
    `first_reply`, `first_meeting`, `thank_you_at` (first thank-you at or after the
    first meeting, however late), `follow_up_at` (same for follow-ups) and `meetings`
    (count). Without `start`/`end` the rows align with `log.contacts`.

    >>> from infoview_analysis.sample import generate
    >>> t = threads(generate(owners=2, seed=1))
    >>> bool((t["replied"] <= t["contacted"]).all()), list(t.columns[4:7])
    (True, ['contacted', 'replied', 'met'])
    """
    s, e = to_ns(start), to_ns(end)
    log = cut(log, end)
    a = thread_arrays(log, thank_days, follow_days, e)
    contacts = log.contacts
    frame = pd.DataFrame(
        {
            "owner_id": contacts["owner_id"],
            "contact_id": contacts["contact_id"],
            "source": contacts["source"],
            "channel": outreach_channel(log, a["outreach_row"]),
            **{stage: a[stage] for stage in STAGES},
            **{col: as_datetime(a[col]) for col in DATE_COLUMNS},
            "meetings": a["meetings"].astype(np.int64),
        }
    )
    keep = window_mask(a["first_outreach"], s, e)
    if keep is not None:
        frame = frame[keep].reset_index(drop=True)
    return frame


__all__ = [
    "STAGES",
    "DATE_COLUMNS",
    "OUTCOME_TYPES",
    "thread_arrays",
    "as_datetime",
    "outreach_channel",
    "window_mask",
    "threads",
]
