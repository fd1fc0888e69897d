"""The seeker's to-do list: meetings still owed a thank-you or follow-up (`overdue`), and
the meetings still to come (`planned`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from infoview_analysis.metrics.conversion.events import (
    NEVER,
    NS_DAY,
    DateLike,
    midnight,
    sorted_events,
    to_ns,
    type_code,
)
from infoview_analysis.metrics.per_log import cut, per_log, read_only

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

OWED: tuple[str, ...] = ("thank_you", "follow_up")


def overdue(
    log: InterviewLog,
    as_of: DateLike,
    thank_days: int = 2,
    follow_days: int = 30,
) -> pd.DataFrame:
    """The seeker's to-do list: meetings still owed a thank-you or a follow-up.

    Only events before `as_of` count. A meeting is owed a thank-you when no thank_you
    of the same thread falls at or after it (before `as_of`); it is *done* even if the
    thank-you came late (unlike `thanked`, which needs it in time). It is overdue once
    its due day, the meeting's day + `thank_days` (+ `follow_days` for follow-ups), has
    passed: `days_overdue` = days from the due day to `as_of`'s day, always >= 1.
    One row per (meeting, owed); columns `owner_id`, `contact_id`, `name`, `meeting`,
    `owed` ("thank_you" / "follow_up"), `due`, `days_overdue`; by owner, due, contact.
    `attrs["meetings"]` holds the number of meetings before `as_of`.

    >>> import pandas as pd
    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "name": ["Ana Ruiz"]})
    >>> e = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "type": ["meeting"],
    ...                   "date": pd.to_datetime(["2026-03-02 10:00"])})
    >>> overdue(frames_to_log(c, e), "2026-03-06")[["owed", "days_overdue"]].values.tolist()
    [['thank_you', 2]]
    """
    end = to_ns(as_of)
    assert end is not None
    log = cut(log, as_of)
    rows = overdue_rows(log, end, thank_days, follow_days)
    contacts = log.contacts
    pos = rows["pos"]
    owner = contacts["owner_id"].to_numpy()[pos]
    contact = contacts["contact_id"].to_numpy()[pos]
    # By owner, due, contact, meeting, owed (stable): ids compare as text.
    order = np.lexsort(
        (rows["owed"], rows["meeting"], _text_rank(contact), rows["due"], _text_rank(owner))
    )
    todo = pd.DataFrame(
        {
            "owner_id": owner[order],
            "contact_id": contact[order],
            "name": contacts["name"].to_numpy()[pos][order],
            "meeting": rows["meeting"][order].view("datetime64[ns]"),
            "owed": pd.Categorical.from_codes(rows["owed"][order], categories=list(OWED)),
            "due": rows["due"][order].view("datetime64[ns]"),
            "days_overdue": rows["days_overdue"][order],
        }
    )
    # Lets advice tell "nothing owed" from "nobody met yet" on an empty list.
    todo.attrs["meetings"] = rows["meetings"]
    return todo


def _text_rank(values: np.ndarray) -> np.ndarray:
    """Each value's rank in text order (ties share one)."""
    return np.unique(values.astype(str), return_inverse=True)[1].reshape(-1)


def overdue_rows(
    log: InterviewLog, end: np.int64, thank_days: int, follow_days: int
) -> dict[str, Any]:
    """The to-do rows of `overdue` before sorting, once per log and arguments: contact
    row `pos`, `meeting` and `due` (int64 ns), `owed` (code in `OWED`), `days_overdue`,
    and `meetings` (meetings before `end`).

    >>> from infoview_analysis.core.model import empty_log
    >>> overdue_rows(empty_log(), to_ns("2026-03-06"), 2, 30)["meetings"]
    0
    """

    def compute() -> dict[str, Any]:
        ev = sorted_events(log, end)
        is_meet = ev.code == type_code(log, "meeting")
        today = midnight(np.array([end]))[0]
        parts: dict[str, list[np.ndarray]] = {k: [] for k in ("pos", "meeting", "owed", "due")}
        for code, (owed, days) in enumerate(zip(OWED, (thank_days, follow_days), strict=True)):
            done = ev.next_after(ev.code == type_code(log, owed)) != NEVER
            due = midnight(ev.date) + int(days) * NS_DAY
            late = is_meet & ~done & (due < today)
            parts["pos"].append(ev.pos[late])
            parts["meeting"].append(ev.date[late])
            parts["owed"].append(np.full(int(late.sum()), code, dtype=np.int8))
            parts["due"].append(due[late])
        out: dict[str, Any] = {k: np.concatenate(v) for k, v in parts.items()}
        out["days_overdue"] = ((today - out["due"]) // NS_DAY).astype(np.int64)
        read_only(out)
        out["meetings"] = int(is_meet.sum())
        return out

    return per_log(log, ("overdue", end, int(thank_days), int(follow_days)), compute)


def planned(log: InterviewLog, as_of: DateLike) -> pd.DataFrame:
    """Meetings and scheduled chats dated on or after `as_of`: plans, never "met".

    Every metric as of `as_of` leaves these rows out (`InterviewLog.as_of`); this list
    is the one place they show, as plans. Columns `owner_id`, `contact_id`, `name`,
    `date`, `type`; sorted by date.

    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "name": ["Ana Ruiz"]})
    >>> e = pd.DataFrame({"owner_id": "me", "contact_id": "c1", "type": ["outreach", "meeting"],
    ...                   "date": pd.to_datetime(["2026-11-20 09:00", "2026-12-03 10:00"])})
    >>> planned(frames_to_log(c, e), "2026-12-01")[["contact_id", "date"]].values.tolist()
    [['c1', Timestamp('2026-12-03 10:00:00')]]
    """
    events = log.events
    later = (events["date"] >= pd.Timestamp(as_of)).to_numpy() & events["type"].isin(
        ["meeting", "scheduled"]
    ).to_numpy()
    pos = log.event_contact_pos[later]
    names = (
        log.contacts["name"]
        if "name" in log.contacts
        else pd.Series(pd.NA, index=log.contacts.index)
    )
    out = pd.DataFrame(
        {
            "owner_id": events["owner_id"].to_numpy()[later],
            "contact_id": events["contact_id"].to_numpy()[later],
            "name": np.append(names.to_numpy(dtype=object), None)[np.where(pos >= 0, pos, -1)],
            "date": events["date"].to_numpy()[later],
            "type": events["type"].to_numpy()[later],
        }
    )
    return out.sort_values(["date", "owner_id", "contact_id"], kind="stable").reset_index(drop=True)


__all__ = ["OWED", "overdue", "overdue_rows", "planned"]
