"""Referral chains, roots and multi-hop attribution: hand-checked logs and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics.referrals import (
    attribute_outcomes,
    chain_arrays,
    referral_chains,
    referral_roots,
)

NO_EVENTS = pd.DataFrame(columns=["owner_id", "contact_id", "date", "type"])


def make_log(rows, events=None):
    """rows: (owner, contact, referred_by); events: (owner, contact, date, type)."""
    contacts = pd.DataFrame(rows, columns=["owner_id", "contact_id", "referred_by"])
    contacts["source"] = "friend"
    contacts["added_on"] = pd.Timestamp("2026-01-01")
    ev = (
        pd.DataFrame(events, columns=["owner_id", "contact_id", "date", "type"])
        if events
        else NO_EVENTS
    )
    if events:
        ev["date"] = pd.to_datetime(ev["date"])
    return frames_to_log(contacts, ev)


@pytest.fixture
def tangled():
    """me: a > b > c, a > d; e refers f; x names a missing referrer 'zz' and refers y;
    p <-> q cycle with r hanging below q; s refers itself."""
    return make_log(
        [
            ("me", "a", None),
            ("me", "b", "a"),
            ("me", "c", "b"),
            ("me", "d", "a"),
            ("me", "e", None),
            ("me", "f", "e"),
            ("me", "x", "zz"),
            ("me", "y", "x"),
            ("me", "p", "q"),
            ("me", "q", "p"),
            ("me", "r", "q"),
            ("me", "s", "s"),
        ],
        [
            ("me", "c", "2026-02-01", "meeting"),
            ("me", "c", "2026-02-01", "job_lead"),  # same day
            ("me", "c", "2026-03-01", "offer"),
            ("me", "b", "2026-02-01", "interview"),
            ("me", "d", "2026-02-02", "outreach"),  # not an outcome
            ("me", "y", "2026-02-03", "application"),
            ("me", "r", "2026-02-04", "meeting"),
            ("me", "e", "2026-02-05", "reply"),
        ],
    )


def by_id(frame, column="contact_id"):
    return frame.assign(**{column: frame[column].astype(str)}).set_index(column)


def test_chains_hand_checked(tangled):
    chains = by_id(referral_chains(tangled))
    assert list(referral_chains(tangled).columns) == [
        "owner_id",
        "contact_id",
        "depth",
        "root",
        "path",
        "referrer_missing",
        "cycle",
        "on_cycle",
    ]
    assert str(chains["depth"].dtype) == "Int64"
    expected = {
        "a": (1, "a", "a", False, False, False),
        "b": (2, "a", "a > b", False, False, False),
        "c": (3, "a", "a > b > c", False, False, False),
        "d": (2, "a", "a > d", False, False, False),
        "e": (1, "e", "e", False, False, False),
        "f": (2, "e", "e > f", False, False, False),
        "x": (1, "x", "x", True, False, False),
        "y": (2, "x", "x > y", False, False, False),
        "p": (None, None, None, False, True, True),
        "q": (None, None, None, False, True, True),
        "r": (None, None, None, False, True, False),
        "s": (None, None, None, False, True, True),
    }
    for cid, (depth, root, path, missing, cycle, on_cycle) in expected.items():
        row = chains.loc[cid]
        assert (pd.isna(row["depth"]) and depth is None) or row["depth"] == depth, cid
        assert (pd.isna(row["root"]) and root is None) or row["root"] == root, cid
        assert (pd.isna(row["path"]) and path is None) or row["path"] == path, cid
        assert (row["referrer_missing"], row["cycle"], row["on_cycle"]) == (
            missing,
            cycle,
            on_cycle,
        ), cid
    assert (chains["depth"].isna() == chains["cycle"]).all()


def test_roots_hand_checked(tangled):
    roots = by_id(referral_roots(tangled), "root")
    assert sorted(roots.index) == ["a", "e", "x"]
    assert roots.loc["a", ["descendants", "max_depth"]].tolist() == [3, 3]
    assert roots.loc["e", ["descendants", "max_depth"]].tolist() == [1, 2]
    assert roots.loc["x", ["descendants", "max_depth"]].tolist() == [1, 2]
    counts = ["meetings", "job_leads", "applications", "interviews", "offers"]
    assert roots.loc["a", counts].tolist() == [1, 1, 0, 1, 1]
    assert roots.loc["e", counts].tolist() == [0, 0, 0, 0, 0]
    assert roots.loc["x", counts].tolist() == [0, 0, 1, 0, 0]
    assert roots["source"].astype(str).eq("friend").all()


def test_attribution_hand_checked(tangled):
    att = attribute_outcomes(tangled)
    got = sorted(
        zip(
            att["contact_id"].astype(str),
            att["type"].astype(str),
            att["credited_id"].astype(str),
            att["hops"],
            strict=True,
        )
    )
    assert got == sorted(
        [
            ("c", "meeting", "c", 0),
            ("c", "meeting", "b", 1),
            ("c", "meeting", "a", 2),
            ("c", "job_lead", "c", 0),
            ("c", "job_lead", "b", 1),
            ("c", "job_lead", "a", 2),
            ("c", "offer", "c", 0),
            ("c", "offer", "b", 1),
            ("c", "offer", "a", 2),
            ("b", "interview", "b", 0),
            ("b", "interview", "a", 1),
            ("y", "application", "y", 0),
            ("y", "application", "x", 1),
            ("r", "meeting", "r", 0),  # below a cycle: credited to itself only
        ]
    )
    # event_row points back at the event
    events = tangled.events
    assert (events["type"].to_numpy()[att["event_row"]] == att["type"].to_numpy()).all()


def test_one_contact_only():
    log = make_log([("me", "solo", None)], [("me", "solo", "2026-01-02", "offer")])
    chains = referral_chains(log)
    assert chains[["depth", "path"]].astype(str).values.tolist() == [["1", "solo"]]
    roots = referral_roots(log)
    assert roots[["descendants", "max_depth", "offers"]].values.tolist() == [[0, 1, 1]]
    assert attribute_outcomes(log)["hops"].tolist() == [0]


def test_empty_log():
    from infoview_analysis.core.model import empty_log

    log = empty_log()
    assert referral_chains(log).empty
    assert referral_roots(log).empty
    assert attribute_outcomes(log).empty


def test_cohort_same_ids_different_owners():
    """Contact ids repeat across owners; chains never cross owners."""
    log = make_log(
        [
            ("s1", "c1", None),
            ("s1", "c2", "c1"),
            ("s2", "c1", None),
            ("s2", "c2", None),
            ("s2", "c3", "c2"),
            ("s3", "c9", "c1"),  # s3 has no c1: missing referrer
        ]
    )
    chains = referral_chains(log)
    got = chains.assign(key=chains["owner_id"].astype(str) + "/" + chains["contact_id"].astype(str))
    got = got.set_index("key")
    assert got.loc["s1/c2", "path"] == "c1 > c2"
    assert got.loc["s2/c3", "path"] == "c2 > c3"
    assert got.loc["s3/c9", "referrer_missing"]
    assert got.loc["s3/c9", "depth"] == 1
    roots = referral_roots(log)
    assert len(roots) == 4
    assert roots["descendants"].sum() == 2


def test_chain_arrays_long_chain_and_big_cycle():
    n = 100_000
    parent = np.arange(-1, n - 1)  # one chain of depth n
    root, depth, cycle, _ = chain_arrays(parent)
    assert depth[-1] == n and (root == 0).all() and not cycle.any()
    ring = np.roll(np.arange(n), 1)  # one cycle through every node
    root, depth, cycle, on_cycle = chain_arrays(ring)
    assert cycle.all() and on_cycle.all() and (depth == 0).all()


@st.composite
def parent_arrays(draw):
    n = draw(st.integers(1, 60))
    return np.array(draw(st.lists(st.integers(-1, n - 1), min_size=n, max_size=n)))


def reference(parent):
    """Plain walk up with a visited set."""
    out = []
    for i in range(len(parent)):
        seen, cur, d = set(), i, 1
        while parent[cur] >= 0 and cur not in seen:
            seen.add(cur)
            cur = parent[cur]
            d += 1
        out.append((cur, d) if parent[cur] < 0 else (-1, 0))
    return out


@settings(max_examples=300, deadline=None)
@given(parent_arrays())
def test_chain_arrays_properties(parent):
    root, depth, cycle, on_cycle = chain_arrays(parent)
    assert [(int(r), int(d)) for r, d in zip(root, depth, strict=True)] == reference(parent)
    off = ~cycle & (parent >= 0)
    # depth(child) = depth(parent) + 1 off cycles
    assert (depth[off] == depth[parent[off]] + 1).all()
    assert (depth[~cycle & (parent < 0)] == 1).all()
    # a node on a cycle reaches itself; cycle nodes' parents are cycle nodes
    assert (cycle[parent[cycle]]).all()
    for i in np.flatnonzero(on_cycle):
        cur, steps = parent[i], 0
        while cur != i and steps <= len(parent):
            cur, steps = parent[cur], steps + 1
        assert cur == i
    assert not (on_cycle & ~cycle).any()
    # descendants of a root = contacts whose root it is, minus itself
    roots = np.flatnonzero(depth == 1)
    for r in roots:
        assert (root == r).sum() - 1 == sum(
            1 for j in range(len(parent)) if j != r and not cycle[j] and root[j] == r
        )


@settings(max_examples=100, deadline=None)
@given(parent_arrays())
def test_roots_descendants_property(parent):
    n = len(parent)
    ids = [f"c{i:03d}" for i in range(n)]
    log = make_log([("me", ids[i], ids[p] if p >= 0 else None) for i, p in enumerate(parent)])
    chains = referral_chains(log)
    roots = referral_roots(log)
    counts = chains.loc[~chains["cycle"], "root"].astype(str).value_counts()
    for root, descendants in zip(roots["root"].astype(str), roots["descendants"], strict=True):
        assert descendants == counts[root] - 1
    # path ends with the contact and has depth parts
    ok = chains[~chains["cycle"]]
    assert (ok["path"].str.split(" > ").str.len() == ok["depth"]).all()
    assert (ok["path"].str.split(" > ").str[-1] == ok["contact_id"].astype(str)).all()
