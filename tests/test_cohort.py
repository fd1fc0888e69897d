"""Cohort outcomes: per-owner summary, group tables, suppression and privacy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_conversion import make_log

from infoview_analysis.core.vocabulary import PERSONAL_COLUMNS
from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics import cohort
from infoview_analysis.sample import generate


@pytest.fixture(scope="module")
def log():
    return make_log()


@pytest.fixture(scope="module")
def sample():
    return generate(owners=60, seed=11)


def test_owner_summary_hand_checked(log):
    s = cohort.owner_summary(log).set_index("owner_id")
    assert list(s.index) == ["idle", "me", "quiet", "solo"]
    me = s.loc["me"]
    assert (me["cohort"], me["program"], me["advisor"], me["outcome"]) == (
        "2026",
        "Economics",
        "Avery",
        "employed",
    )
    assert me["contacts"] == 6
    assert (me["contacted"], me["replied"]) == (4, 3)
    assert me["reply_rate"] == pytest.approx(0.75)
    assert (me["meetings"], me["met"]) == (4, 3)  # c6, met without a reply, is not "met"
    assert me["months_active"] == 3  # Feb (c2's early reply), Mar, Apr
    assert me["meetings_per_month"] == pytest.approx(4 / 3)
    assert (me["thanked"], me["followed_up"]) == (2, 1)
    assert me["thank_you_rate"] == pytest.approx(2 / 3)
    assert me["follow_up_rate"] == pytest.approx(1 / 3)
    assert me["conversions"] == 2  # c1 (job lead), c3 (referred c5)
    assert me["max_referral_depth"] == 2
    # one contact only
    solo = s.loc["solo"]
    assert (solo["contacts"], solo["contacted"], solo["replied"]) == (1, 1, 0)
    assert solo["reply_rate"] == 0.0
    assert pd.isna(solo["thank_you_rate"])  # nobody met: not a rate of 0
    # an owner with a contact but no events, and one in the roster only
    quiet, idle = s.loc["quiet"], s.loc["idle"]
    assert (quiet["contacts"], quiet["meetings"], quiet["months_active"]) == (1, 0, 0)
    assert pd.isna(quiet["reply_rate"]) and pd.isna(quiet["meetings_per_month"])
    assert quiet["max_referral_depth"] == 1
    assert idle["contacts"] == 0 and pd.isna(idle["max_referral_depth"])
    assert pd.isna(idle["outcome"])
    assert list(s.reset_index().columns) == list(cohort.SUMMARY_COLUMNS)
    assert s["nace_class"].astype(str).to_dict() == {
        "idle": "unknown",
        "me": "career",
        "quiet": "unknown",
        "solo": "seeking",
    }


def test_activity_tertiles_share_ties(log):
    s = cohort.owner_summary(log).set_index("owner_id")
    # meetings: idle 0, quiet 0, solo 0, me 4 -> the three zeros share the low third
    assert s["activity_tertile"].astype(str).to_dict() == {
        "idle": "low",
        "me": "high",
        "quiet": "low",
        "solo": "low",
    }


def test_owner_summary_window(log):
    s = cohort.owner_summary(log, start="2026-03-01", end="2026-04-01").set_index("owner_id")
    me = s.loc["me"]
    assert me["contacts"] == 5  # c2 was added on 02-27
    assert me["contacted"] == 4
    assert me["meetings"] == 4 and me["months_active"] == 1
    assert s.loc["solo", "contacted"] == 0


def test_group_figures_hand_checked(log):
    g = cohort.group_figures(cohort.owner_summary(log), ["cohort"]).set_index("cohort")
    y26, y27 = g.loc["2026"], g.loc["2027"]
    assert y26["n_owners"] == 2
    assert y26["median_contacts"] == 3.5  # me 6, solo 1
    assert y26["reply_rate"] == pytest.approx(3 / 5)  # pooled over threads
    assert y26["knowledge_rate"] == 1.0  # employed, seeking
    assert y26["career_outcomes_rate"] == 0.5  # employed / (known - not seeking)
    assert y26["conversion_rate"] == pytest.approx(2 / 5)
    assert y27["n_owners"] == 2
    assert y27["knowledge_rate"] == 0.0  # unknown and missing
    # published, groups of 2 are under the floor of 3 whatever min_group says
    published = cohort.group_outcomes(log, by="cohort", min_group=1)
    assert published["suppressed"].all() and published["n_owners"].isna().all()
    assert pd.isna(y27["career_outcomes_rate"])


def test_nace_not_seeking_leaves_the_denominator():
    roster = pd.DataFrame(
        {
            "owner_id": [f"o{i}" for i in range(6)],
            "cohort": "2026",
            "program": "x",
            "advisor": "a",
            "outcome": [
                "employed",
                "continuing_education",
                "seeking",
                "not_seeking",
                "unknown",
                None,
            ],
        }
    )
    c = pd.DataFrame({"owner_id": ["o0"], "contact_id": ["c1"], "source": ["friend"]})
    e = pd.DataFrame(
        {
            "owner_id": ["o0"],
            "contact_id": ["c1"],
            "date": pd.to_datetime(["2026-01-01"]),
            "type": ["outreach"],
        }
    )
    log = frames_to_log(c, e, roster)
    raw = cohort.group_figures(cohort.owner_summary(log), ["cohort"])
    assert raw["knowledge_rate"].iloc[0] == pytest.approx(4 / 6)
    assert raw["career_outcomes_rate"].iloc[0] == pytest.approx(2 / 3)
    g = cohort.group_outcomes(log, by="cohort", min_group=5)
    assert g["knowledge_rate"].iloc[0] == pytest.approx(4 / 6)
    # published, the career rate's base (3 known and seeking an outcome) is under 5
    assert pd.isna(g["career_outcomes_rate"].iloc[0])
    assert "career outcomes rate: base under 5" in g["note"].iloc[0]


def test_small_groups_are_suppressed_not_zero_not_dropped(log):
    g = cohort.group_outcomes(log, by=("cohort", "program"), min_group=5)
    assert len(g) == 2  # both groups listed
    assert g["suppressed"].all()
    assert g["n_owners"].isna().all()
    figures = [c for c in g.columns if c not in ("cohort", "program", "suppressed", "note")]
    assert (g["note"] == "small group").all()
    assert g[figures].isna().all().all()


def test_no_personal_data_in_cohort_outputs(sample):
    outputs = [
        cohort.owner_summary(sample),
        cohort.group_outcomes(sample, by=("cohort", "program"), min_group=3),
        cohort.group_outcomes(sample, by="advisor"),
        cohort.outcome_by_activity(sample),
    ]
    contacts = sample.contacts
    secrets = set()
    for column in ("name", "email", "linkedin_url"):
        secrets |= set(contacts[column].dropna().astype(str))
    secrets |= set(sample.events["notes"].dropna().astype(str))
    secrets |= set(contacts["contact_id"].astype(str))
    for frame in outputs:
        assert not PERSONAL_COLUMNS & set(frame.columns)
        assert "contact_id" not in frame.columns
        for column in frame.columns:
            values = set(frame[column].dropna().astype(str))
            assert not values & secrets, column


def test_outcome_rate_by_activity(sample):
    t = cohort.outcome_by_activity(sample)
    assert t["activity_tertile"].astype(str).tolist() == ["low", "medium", "high"]
    assert t["n_owners"].sum() == 60
    with pytest.raises(ValueError, match="publish only"):  # outside the protected groupings
        cohort.outcome_by_activity(sample, by="cohort", min_group=5)


def test_bad_group_key(log):
    with pytest.raises(ValueError, match="cannot group"):
        cohort.group_outcomes(log, by="name")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=30),
    st.integers(1, 8),
)
def test_suppression_never_reveals_a_small_group(programs, min_group):
    n = len(programs)
    roster = pd.DataFrame(
        {
            "owner_id": [f"o{i:02d}" for i in range(n)],
            "cohort": "2026",
            "program": programs,
            "advisor": "a",
            "outcome": np.array(["employed", "seeking", "unknown"])[np.arange(n) % 3],
        }
    )
    c = pd.DataFrame({"owner_id": roster["owner_id"], "contact_id": "c1", "source": "friend"})
    e = pd.DataFrame(
        {
            "owner_id": roster["owner_id"],
            "contact_id": "c1",
            "date": pd.Timestamp("2026-01-01") + pd.to_timedelta(np.arange(n), unit="D"),
            "type": "outreach",
        }
    )
    g = cohort.group_outcomes(frames_to_log(c, e, roster), by="program", min_group=min_group)
    sizes = pd.Series(programs).value_counts()
    assert sorted(g["program"]) == sorted(sizes.index)  # nothing silently dropped
    for _, row in g.iterrows():
        small = sizes[row["program"]] < max(min_group, 3)  # the floor holds
        if small:
            assert row["suppressed"]
        figures = row.drop(["program", "suppressed", "note"])
        if row["suppressed"]:
            assert figures.isna().all()
        else:
            assert row["n_owners"] == sizes[row["program"]]


def _roster_log(outcomes, dates=None, programs=None):
    """A roster-only cohort: one outreach each so every owner exists in the events."""
    n = len(outcomes)
    roster = pd.DataFrame(
        {
            "owner_id": [f"o{i:02d}" for i in range(n)],
            "cohort": "2026",
            "program": programs or ["x"] * n,
            "advisor": "a",
            "outcome": outcomes,
            "outcome_date": pd.to_datetime(dates or [None] * n),
        }
    )
    c = pd.DataFrame({"owner_id": roster["owner_id"], "contact_id": "c1", "source": "friend"})
    e = pd.DataFrame(
        {
            "owner_id": roster["owner_id"],
            "contact_id": "c1",
            "date": pd.Timestamp("2026-01-05"),
            "type": "outreach",
        }
    )
    return frames_to_log(c, e, roster)


def test_nace_full_categories_hand_checked():
    outcomes = [
        "employed_full_time",
        "employed_part_time",
        "entrepreneur",
        "temporary_contract",
        "freelance",
        "military_service",
        "volunteer_service",
        "continuing_education",
        "seeking_employment",
        "seeking_continuing_education",
        "not_seeking",
        "unknown",
        "employed",  # the old spellings still count
        "seeking",
    ]
    g = cohort.group_outcomes(_roster_log(outcomes), by=(), min_group=5).iloc[0]
    assert g["n_owners"] == 14
    # known: all but unknown = 13; career: 8 NACE + employed = 9; base 13 - 1 = 12
    assert g["knowledge_rate"] == pytest.approx(13 / 14)
    assert g["career_outcomes_rate"] == pytest.approx(9 / 12)


def test_outcome_dated_at_or_after_the_end_is_not_known_yet():
    outcomes = ["employed"] * 3 + ["seeking"] * 3
    dates = ["2026-03-01", "2026-06-30", "2026-07-01", None, None, None]
    log = _roster_log(outcomes, dates)
    at_july = cohort.group_outcomes(log, by=(), end="2026-07-01").iloc[0]
    # the outcome dated July 1 is unknown on July 1; undated outcomes count as known
    assert at_july["knowledge_rate"] == pytest.approx(5 / 6)
    assert at_july["career_outcomes_rate"] == pytest.approx(2 / 5)
    later = cohort.group_outcomes(log, by=(), end="2026-07-02").iloc[0]
    assert later["career_outcomes_rate"] == pytest.approx(3 / 6)


def test_headline_and_table_give_one_rate(sample):
    from infoview_analysis.views.cohort import cohort_counts

    end = pd.Timestamp("2026-10-01")
    counts = cohort_counts(sample, pd.Timestamp("2026-07-01"), end)
    total = cohort.group_outcomes(sample, by=(), end=end).iloc[0]
    assert counts["owners"] == total["n_owners"] == 60
    assert counts["career_outcomes_rate"] == total["career_outcomes_rate"]
    assert counts["knowledge_rate"] == total["knowledge_rate"]
    # and the same rate as pooling the groups by hand
    s = cohort.owner_summary(sample, end=end)
    klass = s["nace_class"].astype(str)
    known = (klass != "unknown").sum()
    assert total["career_outcomes_rate"] == pytest.approx(
        (klass == "career").sum() / (known - (klass == "not_seeking").sum())
    )


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dates(
        min_value=pd.Timestamp("2026-03-01").date(), max_value=pd.Timestamp("2026-11-30").date()
    )
)
def test_published_tables_as_of_the_end_ignore_later_rows(sample, day):
    """Cutting every row dated on or after the end out of the data changes no figure
    of any published table (events, contacts and roster outcomes alike)."""
    from infoview_analysis.metrics.disclosure import protected_tables

    end = pd.Timestamp(day)
    full = protected_tables(cohort.owner_summary(sample, end=end))
    cut = protected_tables(cohort.owner_summary(sample.as_of(end), end=end))
    for grouping, table in full.items():
        pd.testing.assert_frame_equal(table, cut[grouping])


def _frames(log, suffix="", order=None):
    """The log's three tables as plain frames, owners renamed with `suffix`, rows in `order`."""
    out = []
    for frame in (log.contacts, log.events, log.owners):
        f = frame.copy()
        for column in f.columns:
            if isinstance(f[column].dtype, pd.CategoricalDtype):
                f[column] = f[column].astype(object)
        f["owner_id"] = f["owner_id"].astype(str) + suffix
        if order is not None:
            f = f.sample(frac=1.0, random_state=order).reset_index(drop=True)
        out.append(f)
    return out


@pytest.fixture(scope="module")
def small():
    return generate(owners=24, seed=5)


def test_replication_doubles_counts_and_keeps_rates(small):
    """A cohort next to a renamed copy of itself: every group's size doubles, every rate
    and median of every grouping stays (raw figures; suppression then differs by design)."""
    one = _frames(small)
    two = _frames(small, suffix="_copy")
    double = frames_to_log(
        *(pd.concat([a, b], ignore_index=True) for a, b in zip(one, two, strict=True))
    )
    end = "2026-10-01"
    s1 = cohort.owner_summary(small, end=end)
    s2 = cohort.owner_summary(double, end=end)
    # activity thirds are ranks: a doubled cohort ties in pairs and keeps each owner's third
    assert (
        s2["activity_tertile"].astype(str).value_counts()
        == 2 * s1["activity_tertile"].astype(str).value_counts()
    ).all()
    for keys in (["cohort"], ["program"], ["advisor"], ["activity_tertile"], []):
        a = cohort.group_figures(s1, keys)
        b = cohort.group_figures(s2, keys)
        assert (b["n_owners"] == 2 * a["n_owners"]).all()
        for column in ("knowledge_rate", "career_outcomes_rate", "reply_rate", "median_meetings"):
            pd.testing.assert_series_equal(a[column], b[column], check_names=False)


def test_permutation_and_renaming_change_no_published_figure(small):
    """Shuffled rows and renamed owners: the same published tables, cell for cell."""
    from infoview_analysis.metrics.disclosure import protected_tables

    shuffled = frames_to_log(*_frames(small, suffix="_x", order=3))
    end = "2026-10-01"
    a = protected_tables(cohort.owner_summary(small, end=end))
    b = protected_tables(cohort.owner_summary(shuffled, end=end))
    for grouping in a:
        pd.testing.assert_frame_equal(a[grouping], b[grouping])
