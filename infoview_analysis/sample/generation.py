"""One synthetic, seeded interview log (a seeker's or a cohort's), fully vectorized:
contacts, referral forests, events with realistic lags, a roster with outcomes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infoview_analysis.core.dtypes import DATETIME, STRING
from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.vocabulary import CHANNELS, EVENT_TYPES
from infoview_analysis.sample.pools import (
    ADVICE,
    ADVISORS,
    DIRECT_SOURCE_P,
    DIRECT_SOURCES,
    FIRST_NAMES,
    LAST_NAMES,
    LOCATIONS,
    ORGANIZATIONS,
    OUTCOME_NAMES,
    PROGRAMS,
    REFERRED_SOURCE_P,
    REFERRED_SOURCES,
    REPLY_P,
    ROLES,
    TOPICS,
)

__all__ = ["DEFAULT_START", "DEFAULT_END", "MAX_DEPTH", "generate"]

DEFAULT_START = "2026-01-05"
DEFAULT_END = "2026-11-15"
MAX_DEPTH = 5


def _days(rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
    return pd.to_timedelta(rng.uniform(low, high, n), unit="D").to_numpy()


def _contact_events(
    rng: np.random.Generator,
    added: np.ndarray,
    source: np.ndarray,
    referred: np.ndarray,
    activity: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """Events for a batch of contacts.

    Returns the events (with contact index), the met flag, the meeting time and how
    engaged the seeker was after meeting (0-2: thanked in time, followed up in time).
    """
    n = len(added)
    day = np.timedelta64(1, "D")
    hour = (
        pd.to_timedelta(rng.integers(8, 19, n), unit="h").to_numpy()
        + pd.to_timedelta(rng.choice([0, 15, 30, 45], n), unit="m").to_numpy()
    )
    frames = []

    def add(mask: np.ndarray, when: np.ndarray, kind: str) -> None:
        rows = np.flatnonzero(mask)
        code = np.full(len(rows), EVENT_TYPES.index(kind), dtype=np.int8)
        frames.append(pd.DataFrame({"contact": rows, "date": when[mask], "type": code}))

    base = added + hour
    researched = rng.random(n) < 0.25
    add(researched, base, "research")
    outreach = base + np.where(researched, rng.integers(0, 3, n), 0) * day
    add(np.ones(n, bool), outreach, "outreach")
    p_reply = (
        np.vectorize(REPLY_P.get)(source)
        * np.where(referred, 1.15, 1.0)
        * np.clip(activity, 0.7, 1.2)
    )
    replied = rng.random(n) < np.clip(p_reply, 0, 0.97)
    reply_at = outreach + (rng.exponential(2.5, n) * 86400).astype("timedelta64[s]")
    add(replied, reply_at, "reply")
    scheduled = replied & (rng.random(n) < 0.82)
    scheduled_at = reply_at + _days(rng, n, 0.1, 2)
    add(scheduled, scheduled_at, "scheduled")
    met = scheduled & (rng.random(n) < 0.88)
    meet_at = (scheduled_at + rng.integers(2, 15, n) * day).astype("datetime64[D]") + hour
    add(met, meet_at, "meeting")
    thank_lag = (
        rng.choice([0, 0, 0, 1, 1, 1, 1, 2, 3, 5], n) * day
        + pd.to_timedelta(rng.integers(1, 8, n), unit="h").to_numpy()
    )
    thanked = met & (rng.random(n) < 0.8)
    add(thanked, meet_at + thank_lag, "thank_you")
    followed = met & (rng.random(n) < 0.5)
    follow_lag = rng.integers(7, 46, n)
    add(followed, meet_at + follow_lag * day, "follow_up")
    # Prompt thanks and follow-ups bring more leads and introductions: the pattern the
    # reports look for, so the sample shows it.
    engaged = (thanked & (thank_lag <= 2 * day)).astype(float) + (followed & (follow_lag <= 30))
    lead = met & (rng.random(n) < 0.06 * (1 + engaged) * np.clip(activity, 0.5, 1.5))
    lead_at = meet_at + rng.integers(5, 40, n) * day
    add(lead, lead_at, "job_lead")
    applied = lead & (rng.random(n) < 0.6)
    applied_at = lead_at + rng.integers(3, 11, n) * day
    add(applied, applied_at, "application")
    interviewed = applied & (rng.random(n) < 0.45)
    interview_at = applied_at + rng.integers(7, 22, n) * day
    add(interviewed, interview_at, "interview")
    offered = interviewed & (rng.random(n) < 0.35)
    add(offered, interview_at + rng.integers(7, 21, n) * day, "offer")
    events = pd.concat(frames, ignore_index=True)
    return events, met, meet_at, engaged


def _coded(codes: np.ndarray, categories) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(categories), dtype=STRING))


def _text(values: pa.Array, keep: np.ndarray) -> pd.Series:
    return pd.Series(pd.array(pc.if_else(pa.array(keep), values, None), dtype=STRING))


def generate(
    owners: int = 120,
    contacts_per_owner: float = 30.0,
    seed: int = 0,
    start: str = DEFAULT_START,
    end: str = DEFAULT_END,
    owner_ids: list[str] | None = None,
) -> InterviewLog:
    """A synthetic cohort (or one seeker's log with `owners=1, owner_ids=["me"]`).

    Deterministic for a given seed; no event falls after `end`.

    Parameters
    ----------
    owners : int
        How many job seekers.
    contacts_per_owner : float
        The mean number of contacts each has.
    seed : int
        The random seed: the same seed gives the same log.
    start, end : str
        The days the log covers (no event on or after `end`).
    owner_ids : list of str, optional
        Ids for the owners (default s0001, s0002, ...).

    Returns
    -------
    InterviewLog
        Contacts, events and a roster.

    Examples
    --------
    >>> log = generate(owners=3, contacts_per_owner=10, seed=1)
    >>> sorted(log.owners["owner_id"].tolist()), bool((log.events["date"] < "2026-11-15").all())
    (['s0001', 's0002', 's0003'], True)
    """
    rng = np.random.default_rng(seed)
    start_ts, end_ts = np.datetime64(start, "D"), np.datetime64(end, "D")
    span_days = (end_ts - start_ts).astype(int)
    ids = np.array(owner_ids if owner_ids is not None else [f"s{i + 1:04d}" for i in range(owners)])
    n_owners = len(ids)
    activity = rng.lognormal(0.0, 0.45, n_owners)
    owner_begin = rng.uniform(0, 0.45, n_owners) * span_days

    # Level 1: direct contacts, added over the owner's active span (more later on).
    n_direct = rng.poisson(contacts_per_owner * 0.72 * activity)
    if not n_direct.any():
        n_direct[0] = 1  # a log needs somebody in it; tiny draws can give nobody at all
    owner_of = np.repeat(np.arange(n_owners), n_direct)
    frac = rng.beta(1.4, 1.0, len(owner_of))
    begin = owner_begin[owner_of]
    added = start_ts + (begin + frac * (span_days - begin - 5)).astype(int)
    source = rng.choice(DIRECT_SOURCES, len(owner_of), p=DIRECT_SOURCE_P / DIRECT_SOURCE_P.sum())
    parent = np.full(len(owner_of), -1)
    depth = np.ones(len(owner_of), dtype=np.int64)

    all_owner, all_added, all_source, all_parent, all_depth, all_events = [], [], [], [], [], []
    offset = 0
    level = 1
    while len(owner_of):
        events, met, meet_at, engaged = _contact_events(
            rng, added, source, parent >= 0, activity[owner_of]
        )
        events["contact"] += offset
        all_owner.append(owner_of)
        all_added.append(added)
        all_source.append(source)
        all_parent.append(parent)
        all_depth.append(depth)
        all_events.append(events)
        if level >= MAX_DEPTH:
            break
        # People met introduce others: fewer at each level.
        rate = 0.5 * (1 + 0.6 * engaged) * 0.8 ** (level - 1)
        children = np.where(met, rng.poisson(rate), 0)
        parent_local = np.repeat(np.arange(len(met)), children)
        owner_of = owner_of[parent_local]
        added = (meet_at[parent_local] + _days(rng, len(parent_local), 1, 10)).astype(
            "datetime64[D]"
        )
        source = rng.choice(REFERRED_SOURCES, len(parent_local), p=REFERRED_SOURCE_P)
        parent = parent_local + offset
        depth = np.full(len(parent_local), level + 1)
        offset += len(met)
        level += 1
        keep = added < end_ts
        owner_of, added, source, parent, depth = (
            a[keep] for a in (owner_of, added, source, parent, depth)
        )

    owner_all = np.concatenate(all_owner)
    added_all = np.concatenate(all_added)
    source_all = np.concatenate(all_source)
    parent_all = np.concatenate(all_parent)
    n = len(owner_all)

    # Contact ids c001, c002, ... per owner in order of being added.
    order = np.lexsort((np.arange(n), added_all, owner_all))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    first_of_owner = np.searchsorted(owner_all[order], np.arange(n_owners))
    local = rank - first_of_owner[owner_all]
    width = max(3, len(str(int(local.max()) + 1))) if n else 3

    # People: a few well-known people are shared across owners (same name and email).
    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(LAST_NAMES), n)
    org = rng.integers(0, len(ORGANIZATIONS), n)
    tag = rng.integers(100, 999, n)
    shared_pool = 150
    shared = (rng.random(n) < 0.05) & np.isin(
        source_all, ["alumni", "industry_leader", "recruiter", "career_advisor"]
    )
    pool_id = np.where(shared, rng.integers(0, shared_pool, n), -1)
    dup = pd.DataFrame({"o": owner_all, "p": pool_id}).duplicated() & (pool_id >= 0)
    pool_id = np.where(dup.to_numpy(), -1, pool_id)
    pool_rng = np.random.default_rng(seed + 7919)
    pool_first = pool_rng.integers(0, len(FIRST_NAMES), shared_pool)
    pool_last = pool_rng.integers(0, len(LAST_NAMES), shared_pool)
    pool_org = pool_rng.integers(0, len(ORGANIZATIONS), shared_pool)
    is_pool = pool_id >= 0
    first = np.where(is_pool, pool_first[pool_id], first)
    last = np.where(is_pool, pool_last[pool_id], last)
    org = np.where(is_pool, pool_org[pool_id], org)
    tag = np.where(is_pool, 1000 + pool_id, tag)
    name_codes = first * len(LAST_NAMES) + last
    industries, industry_code = np.unique(ORGANIZATIONS[:, 1], return_inverse=True)
    name_categories = [f"{f} {g}" for f in FIRST_NAMES for g in LAST_NAMES]
    first_lower = pa.array(np.char.lower(FIRST_NAMES).tolist()).take(pa.array(first))
    last_lower = pa.array(np.char.lower(LAST_NAMES).tolist()).take(pa.array(last))
    tag_text = pc.cast(pa.array(tag), pa.string())
    handle = pc.binary_join_element_wise(first_lower, last_lower, ".")
    handle = pc.binary_join_element_wise(handle, tag_text, "")
    domain = pa.array(ORGANIZATIONS[:, 2].tolist()).take(pa.array(org))
    email = pc.binary_join_element_wise(handle, domain, "@")
    profile = pc.binary_join_element_wise(first_lower, last_lower, tag_text, "-")
    url = pc.binary_join_element_wise(pa.array(["https://www.linkedin.com/in"] * n), profile, "/")
    has_email = rng.random(n) < 0.8
    has_url = rng.random(n) < 0.6
    n_ids = int(local.max()) + 1 if n else 0
    contact_categories = ["c" + str(i + 1).zfill(width) for i in range(n_ids)]
    referred_code = np.where(parent_all >= 0, local[np.maximum(parent_all, 0)], -1)

    contacts = pd.DataFrame(
        {
            "owner_id": _coded(owner_all, ids),
            "contact_id": _coded(local, contact_categories),
            "name": _coded(name_codes, name_categories),
            "organization": _coded(org, ORGANIZATIONS[:, 0]),
            "role": _coded(rng.integers(0, len(ROLES), n), ROLES),
            "industry": _coded(industry_code[org], industries),
            "location": _coded(rng.integers(0, len(LOCATIONS), n), LOCATIONS),
            "email": _text(email, has_email | is_pool),
            "linkedin_url": _text(url, has_url | is_pool),
            "source": source_all,
            "referred_by": _coded(referred_code, contact_categories),
            "added_on": added_all.astype("datetime64[ns]"),
        }
    )

    events = pd.concat(all_events, ignore_index=True)
    events = events[events["date"] < end_ts]
    contact = events["contact"].to_numpy()
    m = len(events)
    kind = events["type"].to_numpy()
    src = source_all[contact]
    via_linkedin = np.isin(src, ["linkedin", "cold"]) & (rng.random(m) < 0.7)
    channel = np.where(via_linkedin, CHANNELS.index("linkedin"), CHANNELS.index("email"))
    is_meeting = kind == EVENT_TYPES.index("meeting")
    meeting_channels = [CHANNELS.index(c) for c in ("video", "phone", "in_person")]
    channel = np.where(is_meeting, rng.choice(meeting_channels, m, p=[0.5, 0.2, 0.3]), channel)
    channel = np.where(kind == EVENT_TYPES.index("research"), -1, channel)
    duration = np.where(is_meeting, rng.choice([20.0, 30.0, 30.0, 45.0, 60.0], m), np.nan)
    noted = is_meeting & (rng.random(m) < 0.6)
    note_codes = rng.integers(0, len(TOPICS), m) * len(ADVICE) + rng.integers(0, len(ADVICE), m)
    note_categories = [f"Talked about {t}; suggested {a}." for t in TOPICS for a in ADVICE]
    events = pd.DataFrame(
        {
            "owner_id": _coded(owner_all[contact], ids),
            "contact_id": _coded(local[contact], contact_categories),
            "date": events["date"].to_numpy().astype("datetime64[m]").astype(DATETIME),
            "type": _coded(kind, EVENT_TYPES),
            "channel": _coded(channel, CHANNELS),
            "duration_min": duration,
            "notes": _coded(np.where(noted, note_codes, -1), note_categories),
        }
    )

    # Roster: outcomes follow activity (more meetings and offers, more often employed).
    meetings = np.bincount(owner_all[contact[is_meeting]], minlength=n_owners)
    offers = np.bincount(owner_all[contact[kind == EVENT_TYPES.index("offer")]], minlength=n_owners)
    p_employed = np.clip(0.25 + 0.02 * meetings + 0.35 * (offers > 0), 0, 0.92)
    draw = rng.random(n_owners)
    outcome = np.where(
        draw < p_employed,
        "employed",
        rng.choice(OUTCOME_NAMES[1:], n_owners, p=[0.25, 0.5, 0.08, 0.17]),
    )
    outcome_date = np.where(
        np.isin(outcome, ["employed", "continuing_education"]),
        (end_ts - rng.integers(0, 120, n_owners)).astype("datetime64[ns]"),
        np.datetime64("NaT", "ns"),
    )
    roster = pd.DataFrame(
        {
            "owner_id": ids,
            "cohort": rng.choice(["2025", "2026", "2027"], n_owners, p=[0.3, 0.45, 0.25]),
            "program": PROGRAMS[rng.integers(0, len(PROGRAMS), n_owners)],
            "advisor": ADVISORS[rng.integers(0, len(ADVISORS), n_owners)],
            "outcome": outcome,
            "outcome_date": outcome_date,
        }
    )
    from infoview_analysis.loading.load import frames_to_log

    return frames_to_log(contacts, events, roster)
