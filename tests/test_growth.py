"""Network growth: hand-checked periods, groups, and graph counts against networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_analysis.core.model import empty_log
from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics.graph import build_graph, person_index
from infoview_analysis.metrics.growth import network_growth, spanning_forest
from infoview_analysis.sample import generate

METRICS = [
    "new_contacts",
    "cumulative_contacts",
    "new_via_referral",
    "outreach",
    "meetings",
    "active_contacts",
    "nodes",
    "edges",
    "components",
]


def make_log(contacts, events, owners=None):
    c = pd.DataFrame(contacts, columns=["owner_id", "contact_id", "referred_by", "added_on"])
    c["added_on"] = pd.to_datetime(c["added_on"])
    c["source"] = np.where(c["referred_by"].isna(), "friend", "alumni")
    e = pd.DataFrame(events, columns=["owner_id", "contact_id", "date", "type"])
    e["date"] = pd.to_datetime(e["date"])
    return frames_to_log(c, e, owners)


@pytest.fixture
def personal():
    """One seeker; March is an empty month; two events on the same day."""
    return make_log(
        [
            ("me", "a", None, "2026-01-10"),
            ("me", "b", "a", "2026-01-31"),
            ("me", "c", None, "2026-02-01"),
            ("me", "d", "zz", "2026-04-15"),  # missing referrer: a root, still 'referred'
        ],
        [
            ("me", "a", "2026-01-10 09:00", "outreach"),
            ("me", "a", "2026-01-20 10:00", "meeting"),
            ("me", "b", "2026-02-01 00:00", "meeting"),
            ("me", "b", "2026-02-01 18:00", "thank_you"),  # same day
            ("me", "c", "2026-02-28 23:59", "meeting"),
            ("me", "d", "2026-04-15 12:00", "outreach"),
        ],
    )


def test_personal_monthly(personal):
    g = network_growth(personal, active_days=30)
    assert list(g.columns) == ["period", "period_start", "period_end", *METRICS]
    assert [str(p) for p in g["period"]] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert g["period_start"].tolist() == list(
        pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"])
    )
    assert g["period_end"].iloc[-1] == pd.Timestamp("2026-05-01")
    expected = {
        "new_contacts": [2, 1, 0, 1],
        "cumulative_contacts": [2, 3, 3, 4],
        "new_via_referral": [1, 0, 0, 1],
        "outreach": [1, 0, 0, 1],
        "meetings": [1, 2, 0, 0],
        # window [end - 30 days, end): Jan 2-Feb 1 -> a; Jan 30-Mar 1 -> b, c;
        # Mar 2-Apr 1 -> none; Apr 1-May 1 -> d
        "active_contacts": [1, 2, 0, 1],
        "nodes": [3, 4, 4, 5],
        "edges": [2, 3, 3, 4],
        "components": [1, 1, 1, 1],
    }
    for column, values in expected.items():
        assert g[column].tolist() == values, column


def test_window_is_half_open():
    log = make_log(
        [("me", "a", None, "2026-01-01")],
        [("me", "a", "2026-01-01 00:00", "meeting"), ("me", "a", "2026-02-01 00:00", "meeting")],
    )
    g = network_growth(log, freq="M", active_days=31)
    # Feb 1 00:00 belongs to February, not January; Jan 1 is inside [Jan 1, Feb 1)
    assert g["meetings"].tolist() == [1, 1]
    # window for January's end is [Jan 1, Feb 1): contains the Jan 1 event
    assert g["active_contacts"].tolist() == [1, 1]
    g = network_growth(log, freq="M", active_days=30)
    # [Jan 2, Feb 1) misses Jan 1; [Jan 29 + ..., Mar 1) holds Feb 1
    assert g["active_contacts"].tolist() == [0, 1]


def test_start_end_and_weeks(personal):
    g = network_growth(personal, freq="W", start="2026-02-01", end="2026-02-16")
    assert [str(p) for p in g["period"]] == [
        "2026-01-26/2026-02-01",
        "2026-02-02/2026-02-08",
        "2026-02-09/2026-02-15",
    ]
    assert g["new_contacts"].tolist() == [2, 0, 0]  # b (Jan 31) and c (Feb 1)
    assert g["cumulative_contacts"].tolist() == [3, 3, 3]  # a counts though added before
    q = network_growth(personal, freq="Q")
    assert q["new_contacts"].tolist() == [3, 1]


def test_one_contact_only():
    log = make_log([("me", "a", None, "2026-03-03")], [("me", "a", "2026-03-03", "meeting")])
    g = network_growth(log)
    assert g[METRICS].values.tolist() == [[1, 1, 0, 0, 1, 1, 2, 1, 1]]


def test_empty_log():
    g = network_growth(empty_log())
    assert g.empty and "components" in g.columns


@pytest.fixture
def shared():
    """s1 and s2 share Ana (same email, different case and spaces); s3 has no events."""
    contacts = pd.DataFrame(
        {
            "owner_id": ["s1", "s1", "s2", "s2"],
            "contact_id": ["a", "b", "a2", "c"],
            "email": ["ana@x.org", None, " Ana@X.ORG  ", None],
            "source": ["alumni", "friend", "alumni", "friend"],
            "referred_by": [None, "a", None, None],
            "added_on": pd.to_datetime(["2026-01-05", "2026-01-20", "2026-03-10", "2026-02-15"]),
        }
    )
    events = pd.DataFrame(
        {
            "owner_id": ["s1", "s2", "s2"],
            "contact_id": ["a", "a2", "c"],
            "date": pd.to_datetime(["2026-01-06", "2026-03-11", "2026-02-16"]),
            "type": ["meeting", "meeting", "outreach"],
        }
    )
    owners = pd.DataFrame({"owner_id": ["s1", "s2", "s3"], "cohort": ["2026", "2026", "2027"]})
    return frames_to_log(contacts, events, owners)


def test_cohort_shared_contact(shared):
    g = network_growth(shared)
    assert [str(p) for p in g["period"]] == ["2026-01", "2026-02", "2026-03"]
    assert g["cumulative_contacts"].tolist() == [2, 3, 4]
    # three owners always; Ana is one node once s2 adds her
    assert g["nodes"].tolist() == [5, 6, 6]
    assert g["edges"].tolist() == [2, 3, 4]
    # Jan: {s1,a,b}, {s2}, {s3}; Feb: + c under s2; Mar: s2 reaches Ana -> {s1,s2,...}, {s3}
    assert g["components"].tolist() == [3, 3, 2]
    G = build_graph(shared)
    last = g.iloc[-1]
    assert (last["nodes"], last["edges"], last["components"]) == (
        G.number_of_nodes(),
        G.number_of_edges(),
        nx.number_weakly_connected_components(G),
    )


def test_by_owner_includes_owner_without_events(shared):
    g = network_growth(shared, by="owner_id")
    assert list(g.columns[:2]) == ["owner_id", "period"]
    s3 = g[g["owner_id"] == "s3"]
    assert len(s3) == 3
    assert s3[METRICS].values.tolist() == [[0, 0, 0, 0, 0, 0, 1, 0, 1]] * 3
    s2 = g[g["owner_id"] == "s2"]
    # per owner: Ana is s2's own node, no merge with s1's graph
    assert s2["nodes"].tolist() == [1, 2, 3]
    assert s2["components"].tolist() == [1, 1, 1]
    by_cohort = network_growth(shared, by="cohort")
    assert sorted(by_cohort["cohort"].unique()) == ["2026", "2027"]
    c26 = by_cohort[by_cohort["cohort"] == "2026"]
    assert c26["components"].tolist() == [2, 2, 1]


def test_by_source_is_the_induced_subgraph(shared):
    g = network_growth(shared, by="source")
    alumni = g[g["source"] == "alumni"]
    # owners enter with their first alumni contact; Ana merges s1's and s2's
    assert alumni["nodes"].tolist() == [2, 2, 3]
    assert alumni["edges"].tolist() == [1, 1, 2]
    assert alumni["components"].tolist() == [1, 1, 1]
    friend = g[g["source"] == "friend"]
    # b's referrer (Ana) is alumni: in the friend graph b has no edge, and s1 (present
    # from b on) none either; s2 enters with c and its edge
    assert friend["nodes"].tolist() == [2, 4, 4]
    assert friend["edges"].tolist() == [0, 1, 1]
    assert friend["components"].tolist() == [2, 3, 3]
    total = g.groupby("period")[["new_contacts", "meetings"]].sum()
    assert total["new_contacts"].tolist() == [2, 1, 1]


def reference_counts(log, ends):
    """Graph size at each period end by building the graph with networkx."""
    c = log.contacts
    person = person_index(c)
    owner = c["owner_id"].astype(str).to_numpy()
    added = c["added_on"].to_numpy()
    parent = log.referrer_pos
    owners = set(log.owners["owner_id"].astype(str)) | set(owner)
    first = pd.Series(added).groupby(person).min()
    out = []
    for end in ends:
        G = nx.DiGraph()
        G.add_nodes_from(f"owner:{o}" for o in owners)
        for r in range(len(c)):
            if not added[r] < end:
                continue
            G.add_node(int(person[r]))
            if parent[r] < 0:
                G.add_edge(f"owner:{owner[r]}", int(person[r]))
            elif first[person[parent[r]]] < end:
                G.add_edge(int(person[parent[r]]), int(person[r]))
        out.append(
            (G.number_of_nodes(), G.number_of_edges(), nx.number_weakly_connected_components(G))
        )
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_graph_counts_match_networkx(seed):
    log = generate(owners=40, contacts_per_owner=25, seed=seed)
    # Make trouble: one person known to many owners (email spelled differently), a
    # referral cycle, and a contact added before its referrer.
    c = log.contacts.astype({"owner_id": str, "contact_id": str, "referred_by": object})
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(c), 25, replace=False)
    c.loc[pick[:15], "email"] = [f" Shared@Example.org{' ' * (i % 3)}" for i in range(15)]
    x, y = pick[15], pick[16]
    c.loc[x, "referred_by"] = c.loc[y, "contact_id"]
    c.loc[y, "referred_by"] = c.loc[x, "contact_id"]
    c.loc[y, "owner_id"] = c.loc[x, "owner_id"]
    c = c.drop_duplicates(["owner_id", "contact_id"])
    c.loc[pick[17], "added_on"] = pd.Timestamp("2026-01-01")
    events = log.events.merge(c[["owner_id", "contact_id"]], on=["owner_id", "contact_id"])
    log = frames_to_log(c, events.astype({"owner_id": str, "contact_id": str}), log.owners)
    assert (np.bincount(person_index(log.contacts)) >= 10).any()
    g = network_growth(log, freq="W")
    ends = g["period_end"].to_numpy()
    got = list(zip(g["nodes"], g["edges"], g["components"], strict=True))
    assert got == reference_counts(log, ends)
    assert (g["cumulative_contacts"].diff().fillna(g["new_contacts"]) == g["new_contacts"]).all()
    assert len(log.contacts) == g["cumulative_contacts"].iloc[-1]


def test_graph_counts_with_cycle_and_late_referrer():
    log = make_log(
        [
            ("me", "a", None, "2026-01-01"),
            ("me", "b", "c", "2026-01-15"),  # referrer c only added in March
            ("me", "c", "a", "2026-03-01"),
            ("me", "p", "q", "2026-02-01"),  # p <-> q cycle, complete in April
            ("me", "q", "p", "2026-04-01"),
        ],
        [],
    )
    g = network_growth(log)
    ends = g["period_end"].to_numpy()
    got = list(zip(g["nodes"], g["edges"], g["components"], strict=True))
    assert got == reference_counts(log, ends)
    # Jan {me,a} {b}; Feb + {p}; Mar c joins b to a: {me,a,c,b} {p}; Apr q closes the cycle
    assert g["components"].tolist() == [2, 3, 2, 2]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda n: st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(0, 5)),
            max_size=25,
        ).map(lambda edges: (n, edges))
    )
)
def test_spanning_forest_components(case):
    n, edges = case
    u = np.array([e[0] for e in edges], dtype=np.int64)
    v = np.array([e[1] for e in edges], dtype=np.int64)
    w = np.array([e[2] for e in edges], dtype=np.int64)
    forest = spanning_forest(n, u, v, w)
    for t in range(7):
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from((a, b) for a, b, x in edges if x < t)
        assert n - int((forest & (w < t)).sum()) == nx.number_connected_components(G)
