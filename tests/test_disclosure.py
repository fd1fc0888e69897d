"""Disclosure control: named rules on hand-checked rosters, and an attacker that solves
every published table of the tool for the hidden groups (integer programming)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics import cohort, disclosure
from infoview_analysis.sample import generate

CLASSES = cohort.NACE_CLASSES  # career, seeking, not_seeking, unknown
OUTCOME_OF = {
    "career": "employed_full_time",
    "seeking": "seeking_employment",
    "not_seeking": "not_seeking",
    "unknown": "unknown",
}


def roster_log(cohorts, programs, advisors, outcomes, meetings):
    """A cohort whose owners hold `meetings[i]` meetings each (their activity level)."""
    n = len(cohorts)
    ids = [f"s{i:03d}" for i in range(n)]
    roster = pd.DataFrame(
        {
            "owner_id": ids,
            "cohort": cohorts,
            "program": programs,
            "advisor": advisors,
            "outcome": outcomes,
        }
    )
    owner = np.repeat(ids, np.asarray(meetings) + 1)
    k = np.concatenate([np.arange(m + 1) for m in meetings])
    contact = [f"c{j}" for j in k]
    events = pd.DataFrame(
        {
            "owner_id": owner,
            "contact_id": contact,
            "date": pd.Timestamp("2026-01-05") + pd.to_timedelta(k, unit="D"),
            "type": np.where(k == 0, "outreach", "meeting"),
        }
    )
    contacts = events[["owner_id", "contact_id"]].drop_duplicates().assign(source="friend")
    return frames_to_log(contacts, events, roster)


def published(log, min_group, profile="standard"):
    """Every table the tool publishes for this cohort, one per standard grouping."""
    return {
        g: cohort.group_outcomes(log, by=g, min_group=min_group, disclosure=profile)
        for g in disclosure.STANDARD_GROUPINGS
    }


def attack(tables: dict, exact: bool = True) -> list[tuple]:
    """Solve all published tables together for each hidden group's size, known and career
    counts. Returns (grouping, key, figure, value) for every figure pinned to one value.

    Unknowns: students per (cohort, program, advisor, activity level, NACE class), over
    the cohort x program pairs the tables list (an unlisted pair is empty) and every
    advisor and level. Equations: each visible row's size, knowledge rate x size = known
    and career rate x (known - not seeking) = career. A listed hidden row has >= 1.
    The attacker sees only published numbers. `exact`: integer programming; else the
    linear relaxation, bounds rounded inward (fast; exact on these table structures).
    """
    keys = list(cohort.GROUP_KEYS)
    pairs = tables[("cohort", "program")][["cohort", "program"]].astype(str)
    cells = pairs.merge(tables[("advisor",)][["advisor"]].astype(str), how="cross").merge(
        tables[("activity_tertile",)][["activity_tertile"]].astype(str), how="cross"
    )[keys]
    n_cells, n_class = len(cells), len(CLASSES)
    eq, lo_b, hi_b, hidden_rows = [], [], [], []

    def cover(grouping, row):
        m = np.ones(n_cells, dtype=bool)
        for k in grouping:
            m &= (cells[k] == str(row[k])).to_numpy()
        return m.astype(float)

    def term(m, classes):
        v = np.zeros((n_cells, n_class))
        for c in classes:
            v[:, CLASSES.index(c)] = m
        return v.ravel()

    known_cls = ("career", "seeking", "not_seeking")
    for grouping, table in tables.items():
        for _, row in table.iterrows():
            m = cover(grouping, row)
            if row["suppressed"]:
                hidden_rows.append((grouping, tuple(row[k] for k in grouping), m))
                continue
            n = float(row["n_owners"])
            eq.append(term(m, CLASSES))
            lo_b.append(n)
            hi_b.append(n)
            if pd.notna(row["knowledge_rate"]):
                known = round(row["knowledge_rate"] * n)
                eq.append(term(m, known_cls))
                lo_b.append(known)
                hi_b.append(known)
            rate = row["career_outcomes_rate"]
            if pd.notna(rate):  # career - rate * (career + seeking) = 0
                eq.append(term(m, ("career",)) * (1 - rate) - term(m, ("seeking",)) * rate)
                lo_b.append(-1e-4)  # rates are floats; integer solutions miss by >= 1/30
                hi_b.append(1e-4)
    constraints = [LinearConstraint(np.array(eq), lo_b, hi_b)] if eq else []
    if hidden_rows:
        at_least = np.array([term(m, CLASSES) for *_, m in hidden_rows])
        constraints.append(LinearConstraint(at_least, 1, np.inf))
    pinned = []
    for grouping, key, m in hidden_rows:
        for figure, classes in (("size", CLASSES), ("known", known_cls), ("career", ("career",))):
            c = term(m, classes)
            low = high = None
            if exact:
                ints, bounds = np.ones(len(c)), Bounds(0, np.inf)
                low = milp(c, constraints=constraints, integrality=ints, bounds=bounds)
                high = milp(-c, constraints=constraints, integrality=ints, bounds=bounds)
            if not exact or 4 in (low.status, high.status):  # 4: numerical trouble
                low, high = (relaxed(sign * c, constraints) for sign in (1, -1))
            assert low.status in (0, 3) and high.status in (0, 3)  # solved, or unbounded
            if low.status == 0 and high.status == 0:
                lo, hi = math.ceil(low.fun - 1e-6), math.floor(-high.fun + 1e-6)
                if lo == hi:
                    pinned.append((grouping, key, figure, lo))
    return pinned


def relaxed(c, constraints):
    """linprog over the same constraints (equalities and >= rows)."""
    eq, at_least = constraints[0], constraints[-1]
    kw = {"A_ub": -at_least.A, "b_ub": -at_least.lb, "bounds": (0, None), "method": "highs"}
    if len(constraints) == 2:
        kw.update(
            A_ub=np.vstack([-at_least.A, eq.A, -eq.A]),
            b_ub=np.concatenate([-at_least.lb, eq.ub, -eq.lb]),
        )
    return linprog(c, **kw)


def said_by_a_visible_group(tables, log, grouping, key, figure, value) -> bool:
    """A count of 0 that holds for a whole published (visible) group containing this one:
    then the hidden group's 0 says nothing finer than a fact about a group >= min_group.

    "Containing" as a reader knows it: every student of the hidden group is in the
    visible one (program A, listed only under cohort 2026 in the cohort x program
    table, lies inside cohort 2026, whose visible 0 careers say A's 0 too)."""
    if figure == "size" or value != 0:
        return False
    s = cohort.owner_summary(log)
    s = s.assign(**{k: s[k].astype(str) for k in cohort.GROUP_KEYS})
    klass = s["nace_class"].astype(str)
    counted = klass == "career" if figure == "career" else klass != "unknown"
    mine = np.ones(len(s), dtype=bool)
    for k, v in zip(grouping, key, strict=True):
        mine &= (s[k] == str(v)).to_numpy()
    for g, table in tables.items():
        for _, row in table[~table["suppressed"].to_numpy(bool)].iterrows():
            inside = np.ones(len(s), dtype=bool)
            for k in g:
                inside &= (s[k] == str(row[k])).to_numpy()
            if not (mine & ~inside).any() and not counted[inside].any():
                return True
    return False


# ----------------------------------------------------------------------------- rules


def test_min_group_floor_and_profiles():
    assert disclosure.rules(1).min_group == 3
    assert disclosure.rules(8).min_group == 8
    r = disclosure.rules(5, "rounded")
    assert (r.min_rate_base, r.max_median_group) == (23, 7)
    with pytest.raises(ValueError, match="expected one of standard, rounded"):
        disclosure.rules(5, "none")


def test_hand_checked_complementary_suppression():
    # program A: 7 students, B: 6, C: 2 (primary). Without a second hidden program,
    # total 15 - 7 - 6 = 2 gives C away; B (the smaller sibling) is hidden with it.
    programs = ["A"] * 7 + ["B"] * 6 + ["C"] * 2
    outcomes = (
        ["employed"] * 4
        + ["seeking"] * 3
        + ["employed"] * 3
        + ["unknown"] * 3
        + [
            "employed",
            "seeking",
        ]
    )
    log = roster_log(["2026"] * 15, programs, ["x"] * 15, outcomes, [1] * 15)
    t = published(log, 5)
    by_program = t[("program",)].set_index("program")
    assert by_program["suppressed"].to_dict() == {"A": False, "B": True, "C": True}
    assert by_program.loc["C", "note"] == disclosure.PRIMARY
    assert by_program.loc["B", "note"] == disclosure.COMPLEMENTARY
    assert by_program.loc["A", "n_owners"] == 7
    assert by_program.loc["A", "knowledge_rate"] == 1.0
    assert by_program.loc["A", "career_outcomes_rate"] == pytest.approx(4 / 7)
    assert by_program.loc[["B", "C"]].drop(columns=["suppressed", "note"]).isna().all().all()
    total = t[()].iloc[0]
    assert total["n_owners"] == 15 and total["knowledge_rate"] == pytest.approx(12 / 15)
    assert total["career_outcomes_rate"] == pytest.approx(8 / 12)
    assert attack(t) == []


def test_rounded_profile_hand_checked():
    log = roster_log(
        ["2026"] * 12, ["A"] * 12, ["x"] * 12, ["employed"] * 9 + ["seeking"] * 3, [2] * 12
    )
    total = published(log, 5, "rounded")[()].iloc[0]
    assert total["n_owners"] == 10  # 12 rounded to the nearest 5
    assert pd.isna(total["knowledge_rate"])  # base 12 < 23
    assert total["median_meetings"] == 2.0  # a group of 12 > 7 keeps its median
    assert "rate: base under 23" in total["note"]


def test_low_knowledge_rate_flagged():
    log = roster_log(
        ["2026"] * 6, ["A"] * 6, ["x"] * 6, ["employed"] * 3 + ["unknown"] * 3, [1] * 6
    )
    total = published(log, 5)[()].iloc[0]
    assert total["knowledge_rate"] == 0.5
    assert disclosure.LOW_KNOWLEDGE in total["note"]


# ----------------------------------------------------------------------------- attacker


rosters = st.integers(8, 20).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(["2025", "2026"]), min_size=n, max_size=n),
        st.lists(st.sampled_from(["A", "B", "C"]), min_size=n, max_size=n),
        st.lists(st.sampled_from(["x", "y"]), min_size=n, max_size=n),
        st.lists(st.sampled_from(list(OUTCOME_OF.values())), min_size=n, max_size=n),
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
        st.integers(1, 6),
    )
)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rosters)
def test_attacker_pins_no_hidden_group(roster):
    """Every table the tool publishes, solved together: no hidden group's size, known
    or career count is pinned under min_group (a 0 a visible group shows is allowed)."""
    *columns, min_group = roster
    log = roster_log(*columns)
    tables = published(log, min_group)
    floor = disclosure.rules(min_group).min_group
    for grouping, table in tables.items():
        shown = table[~table["suppressed"]]
        assert (shown["n_owners"] >= floor).all(), grouping
    for grouping, key, figure, value in attack(tables):
        if value >= floor:
            continue
        assert said_by_a_visible_group(tables, log, grouping, key, figure, value), (
            grouping,
            key,
            figure,
            value,
        )


def test_issue_case_hidden_group_no_longer_recoverable():
    """The issue's case: a sample cohort with a group of 4 hidden by cohort x program.

    Before, total minus the published groups, or a cohort margin minus its published
    cells, gave its size (4), knowledge (4/4) and career outcomes (3 of 4). Now every
    table of every grouping, solved together, leaves it open."""
    log = generate(owners=120, seed=0)
    tables = published(log, 5)
    small = tables[("cohort", "program")]
    assert (small["note"] == disclosure.PRIMARY).any()
    summary = cohort.owner_summary(log)
    sizes = summary.groupby(["cohort", "program"], observed=True).size()
    four = [k for k, v in sizes.items() if v == 4]
    assert four, "the sample has a cohort x program group of 4"
    for grouping, key, figure, value in attack(tables, exact=False):
        assert value >= 5 or said_by_a_visible_group(tables, log, grouping, key, figure, value)
        assert not (grouping == ("cohort", "program") and key in four and figure == "size")
