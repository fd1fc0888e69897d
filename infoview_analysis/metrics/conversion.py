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
sorted once by (contact row, date, type), then grouped "first" picks, a running max of
the last meeting's position and vectorized window tests; no per-thread Python loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from infoview_analysis.metrics.per_log import cut, per_log, read_only
from infoview_analysis.metrics.rates import rate

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

STAGES: tuple[str, ...] = ("contacted", "replied", "met", "thanked", "followed_up", "converted")
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
DATE_COLUMNS: tuple[str, ...] = (
    "first_outreach",
    "first_reply",
    "first_meeting",
    "thank_you_at",
    "follow_up_at",
)
OUTCOME_TYPES: tuple[str, ...] = ("job_lead", "application", "interview", "offer")
ROSTER_KEYS: tuple[str, ...] = ("cohort", "program", "advisor", "outcome")
THREAD_KEYS: tuple[str, ...] = ("owner_id", "source", "channel", "period")

NS_DAY = np.int64(86_400 * 10**9)
NEVER = np.iinfo(np.int64).max  # "no such event": later than any date
NAT = np.iinfo(np.int64).min  # numpy's NaT as int64
ABSENT_CODE = -2  # a type code no event has (pandas codes missing values as -1)

DateLike = str | pd.Timestamp | np.datetime64 | Any


def _ns(value: DateLike | None) -> np.int64 | None:
    if value is None:
        return None
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return np.int64(ts.as_unit("ns").value)


def _type_code(log: InterviewLog, name: str) -> int:
    """The category code of event type `name`, or ABSENT_CODE when no event has it (a
    contacts-only network's empty event table has no type categories at all)."""
    categories = log.events["type"].cat.categories
    return int(categories.get_loc(name)) if name in categories else ABSENT_CODE


def _day(ns: np.ndarray) -> np.ndarray:
    """Midnight of each date (int64 ns), flooring also before 1970."""
    return (ns // NS_DAY) * NS_DAY


class _Events:
    """The events as sorted integer arrays: contact row, date (ns), type code, row."""

    def __init__(self, log: InterviewLog, end: np.int64 | None) -> None:
        ev = log.events
        pos = log.event_contact_pos
        date = ev["date"].to_numpy("datetime64[ns]").view(np.int64)
        code = ev["type"].cat.codes.to_numpy().astype(np.int16)
        keep = (pos >= 0) & (date != NAT) & (code >= 0)
        if end is not None:
            keep &= date < end
        row = np.arange(len(ev), dtype=np.int64)
        if not keep.all():
            pos, date, code, row = pos[keep], date[keep], code[keep], row[keep]
        if not _is_sorted(pos, date, code):
            order = np.lexsort((code, date, pos))
            pos, date, code, row = pos[order], date[order], code[order], row[order]
        self.pos, self.date, self.code, self.row = pos, date, code, row

    def first(self, mask: np.ndarray, values: np.ndarray, n: int, fill: Any) -> np.ndarray:
        """Per contact row, `values` at the first (earliest) masked event; `fill` if none."""
        out = np.full(n, fill, dtype=values.dtype)
        p = self.pos[mask]
        if len(p):
            v = values[mask]
            start = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
            out[p[start]] = v[start]
        return out

    def any(self, mask: np.ndarray, n: int) -> np.ndarray:
        out = np.zeros(n, dtype=bool)
        out[self.pos[mask]] = True
        return out

    def last_before(self, mask: np.ndarray) -> np.ndarray:
        """Date of the last masked event at or before each event, same thread; NAT if none."""
        idx = np.where(mask, np.arange(len(mask), dtype=np.int64), -1)
        np.maximum.accumulate(idx, out=idx)
        safe = np.maximum(idx, 0)
        ok = (idx >= 0) & (self.pos[safe] == self.pos)
        return np.where(ok, self.date[safe], NAT)

    def next_after(self, mask: np.ndarray) -> np.ndarray:
        """Date of the next masked event at or after each event, same thread; NEVER if none."""
        n = len(mask)
        idx = np.where(mask, np.arange(n, dtype=np.int64), n)
        idx = np.minimum.accumulate(idx[::-1])[::-1]
        safe = np.minimum(idx, max(n - 1, 0))
        ok = (idx < n) & (self.pos[safe] == self.pos) if n else np.zeros(0, bool)
        return np.where(ok, self.date[safe], NEVER)


def _is_sorted(pos: np.ndarray, date: np.ndarray, code: np.ndarray) -> bool:
    if len(pos) < 2:
        return True
    dp, dd, dc = np.diff(pos), np.diff(date), np.diff(code)
    return bool(np.all((dp > 0) | ((dp == 0) & ((dd > 0) | ((dd == 0) & (dc >= 0))))))


def _within(ev: _Events, meeting_at: np.ndarray, days: int) -> np.ndarray:
    """Events on or after a meeting and by the end of the meeting's day + `days`."""
    ok = meeting_at != NAT
    limit = _day(np.where(ok, meeting_at, 0)) + (int(days) + 1) * NS_DAY
    return ok & (ev.date < limit)


def _events(log: InterviewLog, end: np.int64 | None) -> _Events:
    """The sorted events of `log` before `end`, once per log."""

    def compute() -> _Events:
        ev = _Events(log, end)
        read_only(vars(ev))
        return ev

    return per_log(log, ("events", end), compute)


def _thread_arrays(
    log: InterviewLog, thank_days: int, follow_days: int, end: np.int64 | None
) -> dict[str, np.ndarray]:
    """Stage flags and key dates (int64 ns, NEVER when absent) per contact row, once per
    log and arguments (read-only arrays)."""
    key = ("threads", int(thank_days), int(follow_days), end)
    return per_log(
        log, key, lambda: read_only(_compute_thread_arrays(log, thank_days, follow_days, end))
    )


def _compute_thread_arrays(
    log: InterviewLog, thank_days: int, follow_days: int, end: np.int64 | None
) -> dict[str, np.ndarray]:
    n = len(log.contacts)
    ev = _events(log, end)
    code = ev.code
    c = {t: _type_code(log, t) for t in ("outreach", "reply", "scheduled", "meeting")}
    c.update({t: _type_code(log, t) for t in ("thank_you", "follow_up", *OUTCOME_TYPES)})
    is_out = code == c["outreach"]
    is_meet = code == c["meeting"]
    is_thank = code == c["thank_you"]
    is_follow = code == c["follow_up"]

    first_outreach = ev.first(is_out, ev.date, n, NEVER)
    out_row = ev.first(is_out, ev.row, n, -1)
    answer = (code == c["reply"]) | (code == c["scheduled"]) | is_meet
    answer &= ev.date >= first_outreach[ev.pos]
    first_reply = ev.first(answer, ev.date, n, NEVER)
    first_meeting = ev.first(is_meet, ev.date, n, NEVER)
    after_first_meeting = ev.date >= first_meeting[ev.pos]
    thank_you_at = ev.first(is_thank & after_first_meeting, ev.date, n, NEVER)
    follow_up_at = ev.first(is_follow & after_first_meeting, ev.date, n, NEVER)

    # The last meeting at or before an event is the one whose window reaches furthest.
    last_meeting = ev.last_before(is_meet)
    thanked = ev.any(is_thank & _within(ev, last_meeting, thank_days), n)
    followed = ev.any(is_follow & _within(ev, last_meeting, follow_days), n)

    outcome = np.isin(code, [c[t] for t in OUTCOME_TYPES])
    converted = ev.any(outcome, n)
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
        "meetings": np.bincount(ev.pos[is_meet], minlength=n),
        "outreach_row": out_row,
    }


def _as_datetime(ns: np.ndarray) -> np.ndarray:
    return np.where(ns == NEVER, NAT, ns).view("datetime64[ns]")


def _outreach_channel(log: InterviewLog, rows: np.ndarray) -> pd.Categorical:
    channel = log.events["channel"]
    all_codes = np.append(channel.cat.codes.to_numpy().astype(np.int64), -1)
    codes = all_codes[np.where(rows >= 0, rows, len(all_codes) - 1)]
    return pd.Categorical.from_codes(codes.astype(np.int64), dtype=channel.dtype)


def _window_mask(first_outreach: np.ndarray, start: np.int64 | None, end: np.int64 | None):
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
    s, e = _ns(start), _ns(end)
    log = cut(log, end)
    a = _thread_arrays(log, thank_days, follow_days, e)
    contacts = log.contacts
    frame = pd.DataFrame(
        {
            "owner_id": contacts["owner_id"],
            "contact_id": contacts["contact_id"],
            "source": contacts["source"],
            "channel": _outreach_channel(log, a["outreach_row"]),
            **{stage: a[stage] for stage in STAGES},
            **{col: _as_datetime(a[col]) for col in DATE_COLUMNS},
            "meetings": a["meetings"].astype(np.int64),
        }
    )
    keep = _window_mask(a["first_outreach"], s, e)
    if keep is not None:
        frame = frame[keep].reset_index(drop=True)
    return frame


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
    group keys, the six stage counts (the stages of the module docstring, so
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
    s, e = _ns(start), _ns(end)
    log = cut(log, end)
    a = _thread_arrays(log, thank_days, follow_days, e)
    data: dict[str, Any] = {stage: a[stage] for stage in STAGES}
    for key in keys:
        if key in ("owner_id", "source"):
            data[key] = log.contacts[key].reset_index(drop=True)
        elif key == "channel":
            data[key] = _outreach_channel(log, a["outreach_row"])
        elif key == "period":
            data[key] = pd.Series(_as_datetime(a["first_outreach"])).dt.to_period(freq)
        else:
            data[key] = _roster_values(log, key)
    frame = pd.DataFrame(data)
    keep = _window_mask(a["first_outreach"], s, e)
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
    s, e = _ns(start), _ns(end)
    log = cut(log, end)
    a = _thread_arrays(log, thank_days, follow_days, e)
    met = a["met"].copy()
    keep = _window_mask(a["first_outreach"], s, e)
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
    end = _ns(as_of)
    assert end is not None
    log = cut(log, as_of)
    rows = _overdue_rows(log, end, thank_days, follow_days)
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


OWED: tuple[str, ...] = ("thank_you", "follow_up")


def _text_rank(values: np.ndarray) -> np.ndarray:
    """Each value's rank in text order (ties share one)."""
    return np.unique(values.astype(str), return_inverse=True)[1].reshape(-1)


def _overdue_rows(
    log: InterviewLog, end: np.int64, thank_days: int, follow_days: int
) -> dict[str, Any]:
    """The to-do rows of `overdue` before sorting, once per log and arguments: contact
    row `pos`, `meeting` and `due` (int64 ns), `owed` (code in `OWED`), `days_overdue`,
    and `meetings` (meetings before `end`)."""

    def compute() -> dict[str, Any]:
        ev = _events(log, end)
        is_meet = ev.code == _type_code(log, "meeting")
        today = _day(np.array([end]))[0]
        parts: dict[str, list[np.ndarray]] = {k: [] for k in ("pos", "meeting", "owed", "due")}
        for code, (owed, days) in enumerate(zip(OWED, (thank_days, follow_days), strict=True)):
            done = ev.next_after(ev.code == _type_code(log, owed)) != NEVER
            due = _day(ev.date) + int(days) * NS_DAY
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
    owed = _overdue_rows(cut(log, end), _ns(end), thank_days, follow_days)["owed"]
    out: dict[str, float] = {stage: int(row[stage]) for stage in STAGES}
    out.update({name: float(row[name]) for name in RATE_COLUMNS})
    out["overdue_thank_you"] = int((owed == OWED.index("thank_you")).sum())
    out["overdue_follow_up"] = int((owed == OWED.index("follow_up")).sum())
    return out


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


__all__ = [
    "STAGES",
    "RATE_BASES",
    "RATE_COLUMNS",
    "threads",
    "funnel",
    "conversion_summary",
    "followup_effect",
    "overdue",
    "planned",
    "delays",
    "delay_summary",
]
