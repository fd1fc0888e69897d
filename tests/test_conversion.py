"""Follow-up conversion: hand-checked logs with exact numbers, plus properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_analysis.core.vocabulary import EVENT_TYPES
from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics import conversion as cv

CONTACTS = [
    # owner, contact, name, source, referred_by, added_on
    ("me", "c1", "Ana Ruiz", "friend", None, "2026-03-01"),
    ("me", "c2", "Bo Li", "cold", None, "2026-02-27"),
    ("me", "c3", "Chen Okafor", "alumni", None, "2026-03-03"),
    ("me", "c4", "Dara Smith", "alumni", None, "2026-03-04"),
    ("me", "c5", "Eli Nguyen", "other", "c3", "2026-03-15"),
    ("me", "c6", "Fatima Garcia", "event", None, "2026-03-20"),
    ("solo", "s1", "Gabe Kim", "linkedin", None, "2026-05-02"),
    ("quiet", "q1", "Hana Patel", "family", None, "2026-03-01"),
]
EVENTS = [
    # c1: the whole way, thank-you late on the last allowed day, follow-up on day 30
    ("me", "c1", "2026-03-01 09:00", "outreach", "email"),
    ("me", "c1", "2026-03-02 09:00", "reply", "email"),
    ("me", "c1", "2026-03-05 10:00", "meeting", "video"),
    ("me", "c1", "2026-03-07 22:00", "thank_you", "email"),
    ("me", "c1", "2026-04-04 08:00", "follow_up", "email"),
    ("me", "c1", "2026-04-10 08:00", "job_lead", "email"),
    # c2: replied before the outreach: not a reply to it
    ("me", "c2", "2026-02-27 09:00", "reply", "email"),
    ("me", "c2", "2026-03-01 09:00", "outreach", "linkedin"),
    # c3: reply at the very same time as the outreach; thank-you just past the edge;
    # converted because c5 names c3 as referrer
    ("me", "c3", "2026-03-03 10:00", "outreach", "email"),
    ("me", "c3", "2026-03-03 10:00", "reply", "email"),
    ("me", "c3", "2026-03-10 10:00", "meeting", "in_person"),
    ("me", "c3", "2026-03-13 00:00", "thank_you", "email"),
    # c4: same-day outreach, meeting and thank-you (the last two at the same minute)
    ("me", "c4", "2026-03-04 08:00", "outreach", "phone"),
    ("me", "c4", "2026-03-04 12:00", "thank_you", "email"),
    ("me", "c4", "2026-03-04 12:00", "meeting", "phone"),
    # c6: met without any logged outreach
    ("me", "c6", "2026-03-20 15:00", "meeting", "in_person"),
    # solo: one contact only, outreach in May (April is an empty period)
    ("solo", "s1", "2026-05-02 09:00", "outreach", "linkedin"),
]
ROSTER = [
    ("me", "2026", "Economics", "Avery", "employed"),
    ("solo", "2026", "Economics", "Avery", "seeking"),
    ("quiet", "2027", "Biology", "Blake", "unknown"),
    ("idle", "2027", "Biology", "Blake", None),
]


def make_log(contacts=CONTACTS, events=EVENTS, roster=ROSTER):
    c = pd.DataFrame(
        contacts,
        columns=["owner_id", "contact_id", "name", "source", "referred_by", "added_on"],
    )
    c["added_on"] = pd.to_datetime(c["added_on"])
    e = pd.DataFrame(events, columns=["owner_id", "contact_id", "date", "type", "channel"])
    e["date"] = pd.to_datetime(e["date"])
    r = pd.DataFrame(roster, columns=["owner_id", "cohort", "program", "advisor", "outcome"])
    return frames_to_log(c, e, r)


@pytest.fixture(scope="module")
def log():
    return make_log()


def counts(frame: pd.DataFrame, row: int = 0) -> list[int]:
    return [int(frame[s].iloc[row]) for s in cv.STAGES]


def test_threads_stage_facts(log):
    t = cv.threads(log).set_index("contact_id")
    assert list(t.index) == ["c1", "c2", "c3", "c4", "c5", "c6", "q1", "s1"]
    facts = t[list(cv.STAGES)].astype(int).to_dict("index")
    assert facts["c1"] == dict.fromkeys(cv.STAGES, 1)
    assert facts["c2"] == {**dict.fromkeys(cv.STAGES, 0), "contacted": 1}
    assert facts["c3"] == dict(contacted=1, replied=1, met=1, thanked=0, followed_up=0, converted=1)
    assert facts["c4"] == dict(contacted=1, replied=1, met=1, thanked=1, followed_up=0, converted=0)
    assert facts["c5"] == dict.fromkeys(cv.STAGES, 0)
    # c6 met without any logged outreach: not a thread of the funnel, so not "met"
    assert facts["c6"] == dict.fromkeys(cv.STAGES, 0)
    assert facts["q1"] == dict.fromkeys(cv.STAGES, 0)
    assert t.loc["c1", "first_reply"] == pd.Timestamp("2026-03-02 09:00")
    assert pd.isna(t.loc["c2", "first_reply"])
    assert t.loc["c3", "first_reply"] == pd.Timestamp("2026-03-03 10:00")
    assert t.loc["c4", "first_reply"] == pd.Timestamp("2026-03-04 12:00")  # the meeting
    assert t.loc["c3", "thank_you_at"] == pd.Timestamp("2026-03-13 00:00")  # late, still dated
    assert t.loc["c2", "channel"] == "linkedin"
    assert pd.isna(t.loc["c6", "channel"])
    assert t["meetings"].tolist() == [1, 0, 1, 1, 0, 1, 0, 0]
    assert list(t.columns) == [
        "owner_id",
        "source",
        "channel",
        *cv.STAGES,
        *cv.DATE_COLUMNS,
        "meetings",
    ]


def test_thank_days_edge(log):
    # c1: met 03-05 10:00, thanked 03-07 22:00: inside 2 days (end of day 2 counts)
    assert cv.threads(log, thank_days=2).set_index("contact_id").loc["c1", "thanked"]
    assert not cv.threads(log, thank_days=1).set_index("contact_id").loc["c1", "thanked"]
    # c3: met 03-10 10:00, thanked 03-13 00:00: just outside 2 days, inside 3
    assert not cv.threads(log, thank_days=2).set_index("contact_id").loc["c3", "thanked"]
    assert cv.threads(log, thank_days=3).set_index("contact_id").loc["c3", "thanked"]
    # c1's follow-up on 04-04 is on day 30 exactly; day 29 is too short
    assert cv.threads(log, follow_days=30).set_index("contact_id").loc["c1", "followed_up"]
    assert not cv.threads(log, follow_days=29).set_index("contact_id").loc["c1", "followed_up"]


def test_funnel_overall(log):
    f = cv.funnel(log)
    assert len(f) == 1
    # converted: c1 (job lead) and c3 (introduced c5), whatever stage they reached
    assert counts(f) == [5, 3, 3, 2, 1, 2]
    assert f["replied_rate"].iloc[0] == pytest.approx(3 / 5)
    assert f["met_rate"].iloc[0] == pytest.approx(1.0)
    assert f["thanked_rate"].iloc[0] == pytest.approx(2 / 3)
    assert f["followed_up_rate"].iloc[0] == pytest.approx(1 / 3)  # among met, like thanked
    assert f["conversion_rate"].iloc[0] == pytest.approx(2 / 5)
    assert list(f.columns) == [*cv.STAGES, *cv.RATE_COLUMNS]


def test_funnel_by_owner_lists_owners_without_events(log):
    f = cv.funnel(log, by="owner_id").set_index("owner_id")
    assert sorted(f.index) == ["idle", "me", "quiet", "solo"]
    assert counts(f.loc[["me"]]) == [4, 3, 3, 2, 1, 2]
    assert counts(f.loc[["solo"]]) == [1, 0, 0, 0, 0, 0]
    assert counts(f.loc[["idle"]]) == [0] * 6
    assert pd.isna(f.loc["idle", "replied_rate"])  # 0 / 0 is not a rate of 0
    assert f.loc["solo", "replied_rate"] == 0.0


def test_funnel_by_period_source_channel_roster(log):
    f = cv.funnel(log, by="period", freq="M")
    assert [str(p) for p in f["period"]] == ["2026-03", "2026-04", "2026-05"]
    assert f["contacted"].tolist() == [4, 0, 1]
    assert f["met"].tolist() == [3, 0, 0]
    by_source = cv.funnel(log, by="source").set_index("source")
    assert len(by_source) == 13  # every source, zeros included
    assert by_source.loc["alumni", "contacted"] == 2
    assert by_source.loc["alumni", "thanked"] == 1
    by_channel = cv.funnel(log, by="channel").set_index("channel")
    assert by_channel.loc["email", "contacted"] == 2  # c1, c3
    assert by_channel.loc["phone", "thanked"] == 1  # c4
    both = cv.funnel(log, by=["cohort", "program"])
    assert both[["cohort", "program", "contacted"]].values.tolist() == [
        ["2026", "Economics", 5],
        ["2027", "Biology", 0],
    ]
    with pytest.raises(ValueError, match="cannot group"):
        cv.funnel(log, by="name")


def test_funnel_window_is_half_open_and_as_of_end(log):
    f = cv.funnel(log, start="2026-03-02", end="2026-03-05")
    # c3 and c4 first reached out in the window; c3's meeting and referral come later
    assert counts(f) == [2, 2, 1, 1, 0, 0]
    # an outreach exactly at `start` is in, exactly at `end` is out
    assert counts(cv.funnel(log, start="2026-03-03 10:00", end="2026-03-04 08:00")) == [
        1,
        1,
        0,
        0,
        0,
        0,
    ]
    t = cv.threads(log, start="2026-03-02", end="2026-03-05")
    assert t["contact_id"].tolist() == ["c3", "c4"]


def test_followup_effect(log):
    e = cv.followup_effect(log)
    assert e[["thanked", "followed_up", "threads", "converted"]].values.tolist() == [
        [False, False, 1, 1],
        [False, True, 0, 0],
        [True, False, 1, 0],
        [True, True, 1, 1],
    ]
    # the converted of this table are the funnel's converted among met threads
    f = cv.funnel(log)
    assert e["threads"].sum() == f["met"].iloc[0]
    t = cv.threads(log)
    assert e["converted"].sum() == (t["met"] & t["converted"]).sum()
    assert e["conversion_rate"].tolist()[0] == 1.0
    assert pd.isna(e["conversion_rate"].iloc[1])


def test_overdue_to_do_list(log):
    assert cv.overdue(log, "2026-03-12").empty  # c3's thank-you due today: not late yet
    late = cv.overdue(log, "2026-03-13")  # the 00:00 thank-you is not before as_of
    assert late[["contact_id", "owed", "days_overdue"]].values.tolist() == [["c3", "thank_you", 1]]
    assert late.loc[0, "due"] == pd.Timestamp("2026-03-12")
    assert late.loc[0, "meeting"] == pd.Timestamp("2026-03-10 10:00")
    assert late.loc[0, "name"] == "Chen Okafor"
    todo = cv.overdue(log, "2026-04-05")
    # c3's late thank-you counts as done here; c4 owes a follow-up, c6 a thank-you
    assert todo[["contact_id", "owed", "due", "days_overdue"]].values.tolist() == [
        ["c6", "thank_you", pd.Timestamp("2026-03-22"), 14],
        ["c4", "follow_up", pd.Timestamp("2026-04-03"), 2],
    ]
    assert list(todo.columns) == [
        "owner_id",
        "contact_id",
        "name",
        "meeting",
        "owed",
        "due",
        "days_overdue",
    ]


def test_overdue_one_row_per_meeting():
    events = [
        ("me", "c1", "2026-01-05 10:00", "meeting", "video"),
        ("me", "c1", "2026-01-06 10:00", "thank_you", "email"),
        ("me", "c1", "2026-02-01 10:00", "meeting", "video"),
    ]
    log = make_log(CONTACTS[:1], events, ROSTER[:1])
    todo = cv.overdue(log, "2026-03-10", follow_days=30)
    assert todo[["meeting", "owed", "days_overdue"]].values.tolist() == [
        [pd.Timestamp("2026-02-01 10:00"), "thank_you", 35],  # due 02-03
        [pd.Timestamp("2026-01-05 10:00"), "follow_up", 34],  # due 02-04
        [pd.Timestamp("2026-02-01 10:00"), "follow_up", 7],
    ]


def test_delays(log):
    d = cv.delays(log).set_index("contact_id")
    assert sorted(d.index) == ["c1", "c3", "c4"]  # c6: a meeting but no pair to time
    assert d.loc["c1", "reply_delay_days"] == pytest.approx(1.0)
    assert d.loc["c3", "reply_delay_days"] == 0.0
    assert d.loc["c4", "reply_delay_days"] == pytest.approx(4 / 24)
    assert d.loc["c1", "thank_you_delay_days"] == pytest.approx(2.5)
    assert d.loc["c3", "thank_you_delay_days"] == pytest.approx(2 + 14 / 24)
    assert d.loc["c4", "thank_you_delay_days"] == 0.0
    assert d.loc["c1", "follow_up_delay_days"] == pytest.approx(29 + 22 / 24)
    assert pd.isna(d.loc["c3", "follow_up_delay_days"])
    s = cv.delay_summary(cv.delays(log))
    assert s.loc["reply_delay_days", "count"] == 3
    assert s.loc["thank_you_delay_days", "max"] == pytest.approx(2 + 14 / 24)


def test_empty_log():
    log = make_log(CONTACTS[:0], EVENTS[:0], ROSTER[:0])
    assert counts(cv.funnel(log)) == [0] * 6
    assert cv.threads(log).empty
    assert cv.overdue(log, "2026-01-01").empty
    assert cv.delays(log).empty
    assert cv.followup_effect(log)["threads"].sum() == 0


def test_unsorted_events_give_the_same_answer(log):
    shuffled = make_log(events=EVENTS[::-1])
    pd.testing.assert_frame_equal(cv.threads(shuffled), cv.threads(log))


@pytest.mark.parametrize("order", [1, -1])
@pytest.mark.parametrize("end", [None, "2026-03-05"])
def test_sorted_events_name_their_rows(order, end):
    """Kept, dropped (at or after `end`) or reordered: each sorted event's row is the
    log's row with its contact, date and type."""
    from infoview_analysis.metrics.conversion.events import SortedEvents, to_ns

    log = make_log(events=EVENTS[::order])
    ev = SortedEvents(log, to_ns(end))
    rows = ev.rows(np.arange(len(ev.pos)))
    assert ev.row is not None  # EVENTS list a thank-you before its same-minute meeting
    frame = log.events.iloc[rows]
    assert (log.event_contact_pos[rows] == ev.pos).all()
    assert (frame["date"].to_numpy("datetime64[ns]").view(np.int64) == ev.date).all()
    assert (frame["type"].cat.codes.to_numpy() == ev.code).all()
    expected = len(EVENTS) if end is None else int((log.events["date"] < end).sum())
    assert len(rows) == expected


# ------------------------------------------------------------------ properties


def reference_thread(rows: list[tuple[pd.Timestamp, str]], thank_days: int, follow_days: int):
    """Plain-Python reading of DESIGN.md for one thread, to check the vectorized one."""
    outreach = [d for d, t in rows if t == "outreach"]
    meetings = [d for d, t in rows if t == "meeting"]
    first = min(outreach) if outreach else None

    def within(kind: str, days: int) -> bool:
        return any(
            m <= d <= m.normalize() + pd.Timedelta(days=days + 1) - pd.Timedelta(1, "ns")
            for d, t in rows
            if t == kind
            for m in meetings
        )

    replied = first is not None and any(
        t in ("reply", "scheduled", "meeting") and d >= first for d, t in rows
    )
    met = replied and bool(meetings)
    return {
        "contacted": first is not None,
        "replied": replied,
        "met": met,
        "thanked": met and within("thank_you", thank_days),
        "followed_up": met and within("follow_up", follow_days),
    }


event_rows = st.lists(
    st.tuples(
        st.integers(0, 4),  # contact
        st.integers(0, 24 * 40),  # hours after the start
        st.sampled_from(EVENT_TYPES),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_rows, st.integers(0, 4), st.integers(0, 40), st.lists(st.integers(-1, 4)))
def test_properties(rows, thank_days, follow_days, parents):
    contacts = [("me", f"c{i}", f"N{i}", "friend", None, "2026-01-01") for i in range(5)]
    for i, p in enumerate(parents[:5]):
        if p >= 0 and p != i:
            contacts[i] = (*contacts[i][:4], f"c{p}", contacts[i][5])
    base = pd.Timestamp("2026-01-01")
    events = [
        ("me", f"c{c}", str(base + pd.Timedelta(hours=h)), kind, "email") for c, h, kind in rows
    ]
    log = make_log(contacts, events, ROSTER[:1])
    t = cv.threads(log, thank_days, follow_days)
    f = cv.funnel(log, thank_days, follow_days)
    got = counts(f)
    assert got[:3] == sorted(got[:3], reverse=True)  # contacted >= replied >= met
    assert max(got[3], got[4]) <= got[2] and got[5] <= got[0]
    rates = f[list(cv.RATE_COLUMNS)].iloc[0].dropna()
    assert ((rates >= 0) & (rates <= 1)).all()
    assert (t["replied"] <= t["contacted"]).all()
    assert (t["thanked"] <= t["met"]).all() and (t["followed_up"] <= t["met"]).all()
    for c in range(5):
        mine = [(base + pd.Timedelta(hours=h), kind) for cc, h, kind in rows if cc == c]
        expected = reference_thread(mine, thank_days, follow_days)
        row = t.set_index("contact_id").loc[f"c{c}"]
        assert {k: bool(row[k]) for k in expected} == expected
        has_child = (log.contacts["referred_by"] == f"c{c}").fillna(False).any()
        has_outcome = any(k in cv.OUTCOME_TYPES for _, k in mine)
        assert bool(row["converted"]) == bool(expected["contacted"] and (has_child or has_outcome))
    # a longer thank-you window never thanks fewer threads
    wider = cv.threads(log, thank_days + 1, follow_days)
    assert (wider["thanked"] >= t["thanked"]).all()
    # per-owner and per-source counts add up to the total
    assert (
        cv.funnel(log, thank_days, follow_days, by="source")[list(cv.STAGES)].sum().tolist() == got
    )


def test_sample_cohort_consistency():
    from infoview_analysis.sample import generate

    log = generate(owners=40, seed=5)
    f = cv.funnel(log)
    by_owner = cv.funnel(log, by="owner_id")
    assert by_owner[list(cv.STAGES)].sum().tolist() == counts(f)
    by_period = cv.funnel(log, by="period", freq="W")
    assert by_period["contacted"].sum() == f["contacted"].iloc[0]
    t = cv.threads(log)
    assert len(t) == len(log.contacts)
    assert np.array_equal(
        t["meetings"].to_numpy().sum(), int((log.events["type"] == "meeting").sum())
    )


def test_headline_rates_on_small_bases_are_counts_as_in_tables(log):
    """format_headline shows a rate over fewer than MIN_RATE_BASE people as "3 of 4*",
    through the same function as every table (issue 9 point 3)."""
    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.views import headlines
    from infoview_analysis.views.tables import table

    # March: c1, c2, c3, c4 first contacted; c1, c3, c4 replied and met; c1, c4 thanked
    headline = headlines.conversion_headline(log.for_owner("me"), parse_period("2026-03"))
    shown = headlines.format_headline(headline).set_index("measure")
    assert shown.loc["Reply rate"].tolist() == ["3 of 4*", "–", "–"]
    assert shown.loc["Met and thanked in time"].tolist() == ["2 of 3*", "–", "–"]
    assert shown.loc["People contacted (first outreach in the period)"].tolist() == ["4", "0", "+4"]
    assert "Fewer than 5 people" in table(headlines.format_headline(headline)).to_html()
    # the numbers underneath stay rates (metrics.json keeps them)
    assert headline.set_index("metric").loc["reply_rate", "current"] == pytest.approx(3 / 4)
