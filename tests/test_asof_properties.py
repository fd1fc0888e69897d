"""Properties of the personal reports' figures over generated logs (issue 9, point 5).

Each report's figures are computed here with the calls its notebook makes
(`report_figures`), then checked for:

- as-of invariance: removing every row dated on or after the period's end (done here
  on the plain tables, independently of `InterviewLog.as_of`) changes no figure;
- additivity: the months of a quarter add up to the quarter;
- permutation: shuffling rows and renaming owners changes no figure;
- replication: a log concatenated with a renamed copy doubles every count and keeps
  every rate and median.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.periods import history_start, parse_period
from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics import conversion, growth, referrals
from infoview_analysis.sample import generate
from infoview_analysis.views import headlines

# Each example is a generated log (about a second of work): few examples, and no
# shrinking, since the drawn seed and sizes already name the failing log.
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Periods inside the generator's default span (2026-05 .. mid-November 2026).
MONTHS = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]


@st.composite
def logs(draw: st.DrawFn) -> InterviewLog:
    seed, owners = draw(st.integers(0, 10_000)), draw(st.integers(1, 3))
    per_owner = draw(st.integers(4, 12))
    try:
        return generate(owners=owners, contacts_per_owner=per_owner, seed=seed)
    except ValueError:  # generate() fails when it draws no contact at all (sample/generation.py)
        assume(False)
        raise


# ----------------------------------------------------------------------------- helpers


def frames(log: InterviewLog) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The log as plain tables, ids as text, the way a user's files hold them."""

    def plain(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for column in out.columns:
            if isinstance(out[column].dtype, pd.CategoricalDtype):
                out[column] = out[column].astype(object).where(out[column].notna(), None)
        return out

    return plain(log.contacts), plain(log.events), plain(log.owners)


def rebuild(contacts: pd.DataFrame, events: pd.DataFrame, owners: pd.DataFrame) -> InterviewLog:
    return frames_to_log(contacts, events, owners)


def cut_by_hand(log: InterviewLog, end: pd.Timestamp) -> InterviewLog:
    """Every row dated on or after `end` removed from the tables, then loaded again."""
    contacts, events, owners = frames(log)
    contacts = contacts[~(contacts["added_on"] >= end)]
    kept = pd.MultiIndex.from_frame(contacts[["owner_id", "contact_id"]])
    mine = pd.MultiIndex.from_frame(events[["owner_id", "contact_id"]]).isin(kept)
    events = events[mine & ~(events["date"] >= end).to_numpy()]
    owners = owners.copy()
    later = owners["outcome_date"] >= end
    owners.loc[later, "outcome"] = None
    owners.loc[later, "outcome_date"] = pd.NaT
    return rebuild(contacts, events, owners)


def figures(frame: pd.DataFrame) -> dict:
    """A table's figures keyed by its row keys, text ids as text: comparable across logs."""
    out = frame.reset_index(drop=True).copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(
            out[column]
        ):
            out[column] = out[column].astype(str)
    return out.to_dict("list")


def headline_figures(headline: pd.DataFrame) -> dict:
    return dict(
        zip(
            headline["metric"],
            zip(headline["current"], headline["previous"], strict=True),
            strict=True,
        )
    )


def report_figures(log: InterviewLog, label: str) -> dict[str, dict]:
    """The figures of the three personal reports, computed with the notebooks' calls."""
    period = parse_period(label)
    end = period.end
    cut = log.as_of(end)
    start = history_start(period, "M", 6)
    todo = conversion.overdue(log, as_of=end)
    return {
        # network_growth
        "growth_headline": headline_figures(headlines.growth_headline(cut, period)),
        "history": figures(growth.network_growth(cut, freq="M", start=start, end=end)),
        "by_source": figures(growth.network_growth(cut, "M", start, end, by="source")),
        # referral_chains
        "referral_headline": headline_figures(headlines.referral_headline(cut, period)),
        "chains": figures(referrals.referral_chains(cut)),
        # every root: which tied roots make a top 10 depends on owner names
        "roots": figures(
            headlines.top_referral_roots(cut, limit=len(cut.contacts), anonymize=True)
        ),
        "problems": figures(headlines.chain_problems(cut)),
        # followup_conversion
        "conversion_headline": headline_figures(headlines.conversion_headline(cut, period)),
        "todo": figures(todo.drop(columns=["name"])) | {"meetings": todo.attrs["meetings"]},
        "funnel": figures(conversion.funnel(cut, start=period.start, end=end)),
        "sources": figures(conversion.funnel(cut, by="source", end=end)),
        "effect": figures(conversion.followup_effect(cut, end=end)),
        "delays": figures(conversion.delay_summary(conversion.delays(cut, end=end))),
    }


def same(a, b) -> bool:
    """Equal, NaN equal to NaN, floats to 1e-9."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        if pd.isna(a) and pd.isna(b):
            return True
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def assert_same(a: dict, b: dict) -> None:
    for key in a:
        assert same(a[key], b[key]), key


# ----------------------------------------------------------------------------- as of


def test_future_meeting_is_a_plan_not_met():
    """A coffee chat dated after the report's end is not met, not counted, not drawn."""
    c = pd.DataFrame(
        {
            "owner_id": "me",
            "contact_id": ["a", "b"],
            "source": "alumni",
            "added_on": pd.to_datetime(["2026-11-02", "2026-11-03"]),
        }
    )
    e = pd.DataFrame(
        {
            "owner_id": "me",
            "contact_id": ["a", "a", "b"],
            "type": ["outreach", "meeting", "outreach"],
            "date": pd.to_datetime(["2026-11-02 09:00", "2026-12-03 10:00", "2026-11-03 09:00"]),
        }
    )
    log = frames_to_log(c, e)
    november = parse_period("2026-11")
    t = conversion.threads(log, end=november.end)
    assert t["contacted"].tolist() == [True, True] and not t["met"].any()
    assert conversion.funnel(log, end=november.end)["met"].iloc[0] == 0
    assert growth.growth_summary(log, november.start, november.end)["meetings"] == 0
    assert conversion.overdue(log, as_of=november.end).empty
    assert conversion.overdue(log, as_of=november.end).attrs["meetings"] == 0
    assert len(log.as_of(november.end).events) == 2
    plans = conversion.planned(log, november.end)  # shown as a plan
    assert plans[["contact_id", "type"]].values.tolist() == [["a", "meeting"]]
    # December sees it happen
    assert conversion.funnel(log, end="2027-01-01")["met"].iloc[0] == 1


@SETTINGS
@given(logs(), st.sampled_from(MONTHS))
def test_as_of_invariance(log, label):
    end = parse_period(label).end
    assert_same(report_figures(log, label), report_figures(cut_by_hand(log, end), label))


@SETTINGS
@given(logs(), st.sampled_from(MONTHS))
def test_as_of_is_the_hand_cut(log, label):
    end = parse_period(label).end
    by_method, by_hand = log.as_of(end), cut_by_hand(log, end)
    for mine, theirs in (
        (by_method.contacts, by_hand.contacts),
        (by_method.events, by_hand.events),
    ):
        pd.testing.assert_frame_equal(mine.astype(object), theirs.astype(object), check_dtype=False)
    assert by_method.as_of(end).events.equals(by_method.events)  # idempotent


# ----------------------------------------------------------------------------- additivity


@SETTINGS
@given(logs(), st.sampled_from(["2026-Q2", "2026-Q3", "2026-Q4"]))
def test_months_add_up_to_the_quarter(log, label):
    quarter = parse_period(label)
    months = growth.network_growth(log, freq="M", start=quarter.start, end=quarter.end)
    whole = growth.network_growth(log, freq="Q", start=quarter.start, end=quarter.end)
    assert len(months) == 3 and len(whole) == 1
    for column in ("new_contacts", "new_via_referral", "outreach", "meetings"):
        assert months[column].sum() == whole[column].iloc[0], column
    for column in ("cumulative_contacts", "active_contacts", "nodes", "edges", "components"):
        assert months[column].iloc[-1] == whole[column].iloc[0], column  # stock at the end
    bounds = pd.date_range(quarter.start, quarter.end, freq="MS")
    monthly = [
        referrals.referral_summary(log, lo, hi)
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
    ]
    total = referrals.referral_summary(log, quarter.start, quarter.end)
    for key in ("introductions", "outcomes_via_chains"):
        assert sum(m[key] for m in monthly) == total[key], key
    assert max(m["deepest_chain"] for m in monthly) == total["deepest_chain"]
    # threads grouped by the month of their first outreach, all as of the quarter's end
    by_month = conversion.funnel(log, by="period", freq="M", start=quarter.start, end=quarter.end)
    q_funnel = conversion.funnel(log, start=quarter.start, end=quarter.end)
    assert len(by_month) == 3
    for stage in conversion.STAGES:
        assert by_month[stage].sum() == q_funnel[stage].iloc[0], stage


# ----------------------------------------------------------------------------- permutation


def shuffled_and_renamed(log: InterviewLog, seed: int) -> InterviewLog:
    rng = np.random.default_rng(seed)
    contacts, events, owners = frames(log)
    ids = sorted(set(owners["owner_id"]) | set(contacts["owner_id"]))
    # New names in the reverse order, so the owners also sort differently.
    rename = {old: f"owner-{len(ids) - i:03d}" for i, old in enumerate(ids)}
    out = []
    for frame in (contacts, events, owners):
        frame = frame.assign(owner_id=frame["owner_id"].map(rename))
        out.append(frame.iloc[rng.permutation(len(frame))].reset_index(drop=True))
    return rebuild(*out)


def owner_free(figs: dict[str, dict]) -> dict[str, dict]:
    """Figures without the owner columns (renamed owners have other names)."""
    return {
        name: {k: v for k, v in table.items() if k != "owner_id"}
        if isinstance(table, dict)
        else table
        for name, table in figs.items()
    }


def sorted_rows(table: dict) -> list:
    columns = sorted(k for k in table if k != "owner_id")
    return sorted(zip(*(map(str, table[c]) for c in columns), strict=True))


@SETTINGS
@given(logs(), st.sampled_from(MONTHS), st.integers(0, 1000))
def test_permutation_changes_no_figure(log, label, seed):
    mine = report_figures(log, label)
    theirs = report_figures(shuffled_and_renamed(log, seed), label)
    # Tables whose row order follows the owners are compared as sets of rows.
    by_owner_order = {"chains", "todo", "roots", "problems"}
    for name in mine:
        if name in by_owner_order:
            a, b = dict(mine[name]), dict(theirs[name])
            meetings_a, meetings_b = a.pop("meetings", None), b.pop("meetings", None)
            assert meetings_a == meetings_b
            assert sorted_rows(a) == sorted_rows(b), name
        else:
            assert same(owner_free(mine)[name], owner_free(theirs)[name]), name


# ----------------------------------------------------------------------------- replication


def with_copy(log: InterviewLog) -> InterviewLog:
    """The log and a copy of it under other owner ids (people not shared between them)."""
    contacts, events, owners = frames(log)
    contacts = contacts.assign(email=None, linkedin_url=None)
    copies = [
        frame.assign(owner_id=frame["owner_id"].astype(str) + "-copy")
        for frame in (contacts, events, owners)
    ]
    return rebuild(
        *(
            pd.concat([a, b], ignore_index=True)
            for a, b in zip((contacts, events, owners), copies, strict=True)
        )
    )


def without_shared_people(log: InterviewLog) -> InterviewLog:
    contacts, events, owners = frames(log)
    return rebuild(contacts.assign(email=None, linkedin_url=None), events, owners)


@SETTINGS
@given(logs(), st.sampled_from(MONTHS))
def test_replication_doubles_counts_keeps_rates(log, label):
    period = parse_period(label)
    end = period.end
    one, two = without_shared_people(log), with_copy(log)
    g1 = growth.growth_summary(one, period.start, end)
    g2 = growth.growth_summary(two, period.start, end)
    assert g2 == {k: 2 * v for k, v in g1.items()}
    r1 = referrals.referral_summary(one, period.start, end)
    r2 = referrals.referral_summary(two, period.start, end)
    assert r2 == {**{k: 2 * v for k, v in r1.items()}, "deepest_chain": r1["deepest_chain"]}
    for kwargs in ({"start": period.start, "end": end}, {"end": end, "by": "source"}):
        f1, f2 = conversion.funnel(one, **kwargs), conversion.funnel(two, **kwargs)
        for stage in conversion.STAGES:
            assert (f2[stage] == 2 * f1[stage]).all(), stage
        for column in conversion.RATE_COLUMNS:
            assert same(f1[column].tolist(), f2[column].tolist()), column
    e1, e2 = conversion.followup_effect(one, end=end), conversion.followup_effect(two, end=end)
    assert (e2["threads"] == 2 * e1["threads"]).all() and (
        e2["converted"] == 2 * e1["converted"]
    ).all()
    assert same(e1["conversion_rate"].tolist(), e2["conversion_rate"].tolist())
    d1 = conversion.delay_summary(conversion.delays(one, end=end))
    d2 = conversion.delay_summary(conversion.delays(two, end=end))
    assert same((2 * d1["count"]).tolist(), d2["count"].tolist())
    for column in ("mean", "min", "50%", "max"):
        assert same(d1[column].tolist(), d2[column].tolist()), column
    o1, o2 = conversion.overdue(one, as_of=end), conversion.overdue(two, as_of=end)
    assert len(o2) == 2 * len(o1) and o2.attrs["meetings"] == 2 * o1.attrs["meetings"]
    if len(o1):
        assert o1["days_overdue"].median() == o2["days_overdue"].median()


def test_sample_reports_meet_every_property_once():
    """A plain (non-hypothesis) run on one bigger log, so a failure is easy to read."""
    log = generate(owners=3, contacts_per_owner=20, seed=7)
    end = parse_period("2026-09").end
    assert_same(report_figures(log, "2026-09"), report_figures(cut_by_hand(log, end), "2026-09"))


@pytest.mark.parametrize("label", ["2026-08", "2026-10"])
def test_replication_on_the_shipped_personal_sample(label):
    from pathlib import Path

    from infoview_analysis import load_log

    folder = Path(__file__).resolve().parents[1] / "data" / "sample" / "personal"
    if not folder.exists():
        pytest.skip(f"no sample data at {folder}")
    log = load_log(folder)
    period = parse_period(label)
    one, two = without_shared_people(log), with_copy(log)
    f1 = conversion.funnel(one, by="source", end=period.end)
    f2 = conversion.funnel(two, by="source", end=period.end)
    assert (f2["converted"] == 2 * f1["converted"]).all()
