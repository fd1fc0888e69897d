"""The network graph: nodes, edges, shared people, export, summary."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics.graph import (
    bridges,
    build_graph,
    normalize_email,
    normalize_linkedin_url,
    person_index,
    summary,
    write_gexf,
    write_graphml,
)
from infoview_analysis.sample import generate


@pytest.fixture
def cohort():
    """s1: a (direct), b (referred by a), c (cycle with d); s2: a2 = same person as s1/a
    (email in another case, with spaces), b2 referred by a2; s3: roster only, no events."""
    contacts = pd.DataFrame(
        {
            "owner_id": ["s1", "s1", "s1", "s1", "s2", "s2"],
            "contact_id": ["a", "b", "c", "d", "a2", "b2"],
            "name": ["Ana Ruiz", "Bo Li", "Cy", "Di", "Ana Ruiz", "Bea"],
            "email": ["ana@x.org", "bo@y.org", None, None, "  ANA@X.org ", None],
            "linkedin_url": [None, None, None, None, None, "https://linkedin.com/in/bea/"],
            "organization": ["X", None, "Z", None, "X", "Y"],
            "source": ["alumni", "friend", "cold", "cold", "alumni", "other"],
            "referred_by": [None, "a", "d", "c", None, "a2"],
            "added_on": pd.to_datetime(
                ["2026-01-05", "2026-02-10", "2026-03-01", "2026-03-02", "2026-02-01", "2026-04-01"]
            ),
        }
    )
    events = pd.DataFrame(
        {
            "owner_id": ["s1", "s2"],
            "contact_id": ["a", "a2"],
            "date": pd.to_datetime(["2026-01-06", "2026-02-02"]),
            "type": ["meeting", "meeting"],
        }
    )
    owners = pd.DataFrame({"owner_id": ["s1", "s2", "s3"], "cohort": ["2026"] * 3})
    return frames_to_log(contacts, events, owners)


def test_normalizers():
    emails = pd.Series([" Ana@X.org", "ana@x.org ", "MAILTO:ana@x.org", "", "not an email", None])
    assert normalize_email(emails).tolist() == ["ana@x.org"] * 3 + [pd.NA] * 3
    urls = pd.Series(
        [
            "https://www.linkedin.com/in/Ana-Ruiz",
            "http://linkedin.com/in/ana-ruiz/",
            "www.linkedin.com/in/ana-ruiz?originalSubdomain=uk",
            "https://www.linkedin.com/company/x",
            None,
        ]
    )
    assert normalize_linkedin_url(urls).tolist() == ["https://www.linkedin.com/in/ana-ruiz"] * 3 + [
        "https://www.linkedin.com/company/x",
        pd.NA,
    ]


def test_person_index_chains_keys():
    c = pd.DataFrame(
        {
            "email": ["a@x.org", "A@x.org", None, None, "b@x.org"],
            "linkedin_url": [None, "linkedin.com/in/a", "https://linkedin.com/in/A/", None, None],
        }
    )
    assert person_index(c).tolist() == [0, 0, 0, 3, 4]


def test_cohort_graph_hand_checked(cohort):
    G = build_graph(cohort)
    assert set(G.nodes) == {
        "owner:s1",
        "owner:s2",
        "owner:s3",
        "person:s1/a",
        "contact:s1/b",
        "contact:s1/c",
        "contact:s1/d",
        "contact:s2/b2",
    }
    assert set(G.edges) == {
        ("owner:s1", "person:s1/a"),
        ("owner:s2", "person:s1/a"),
        ("person:s1/a", "contact:s1/b"),
        ("contact:s1/d", "contact:s1/c"),
        ("contact:s1/c", "contact:s1/d"),
        ("person:s1/a", "contact:s2/b2"),
    }
    ana = G.nodes["person:s1/a"]
    assert ana == {
        "kind": "contact",
        "label": "a",
        "owner": "s1",
        "owners": 2,
        "source": "alumni",
        "organization": "X",
        "added_on": "2026-01-05",
        "depth": 1,
    }
    assert "depth" not in G.nodes["contact:s1/c"]  # on a cycle
    assert G.nodes["contact:s2/b2"]["depth"] == 2
    assert G.edges["person:s1/a", "contact:s1/b"] == {"kind": "referral", "date": "2026-02-10"}
    assert G.edges["owner:s2", "person:s1/a"] == {"kind": "direct", "date": "2026-02-01"}
    assert G.nodes["owner:s3"] == {"kind": "owner", "label": "s3"}
    for _, attrs in G.nodes(data=True):
        assert not {"name", "email", "linkedin_url"} & set(attrs)
        assert None not in attrs.values()
    assert nx.number_weakly_connected_components(G) == 3  # s1+s2 via Ana, cycle, s3


def test_personal_graph_and_owner_filter(cohort):
    G = build_graph(cohort, owner="s1", include_personal=True)
    assert {n for n, k in G.nodes(data="kind") if k == "owner"} == {"owner:s1"}
    assert G.number_of_nodes() == 5 and G.number_of_edges() == 4
    assert G.nodes["contact:s1/a"]["label"] == "Ana Ruiz"
    assert G.nodes["contact:s1/a"]["email"] == "ana@x.org"
    assert "email" not in G.nodes["contact:s1/c"]
    # An owner with no contacts is just its node.
    G3 = build_graph(cohort, owner="s3")
    assert list(G3.nodes) == ["owner:s3"] and G3.number_of_edges() == 0


@pytest.mark.parametrize(
    ("writer", "reader"), [(write_gexf, nx.read_gexf), (write_graphml, nx.read_graphml)]
)
def test_export_round_trip(cohort, tmp_path, writer, reader):
    G = build_graph(cohort, include_personal=True)
    G.nodes["owner:s1"]["odd"] = pd.Timestamp("2026-05-01 10:30")
    path = writer(G, tmp_path / "net.out")
    assert path.exists() and not list(tmp_path.glob(".*tmp"))
    H = reader(path)
    assert set(H.nodes) == set(G.nodes)
    assert set(H.edges) == set(G.edges)
    ana = H.nodes["person:s1/a"]
    assert ana["depth"] == 1 and isinstance(ana["depth"], int)
    assert ana["owners"] == 2
    assert ana["added_on"] == "2026-01-05"
    assert ana["source"] == "alumni"
    assert ana["email"] == "ana@x.org"
    assert H.nodes["owner:s1"]["odd"] == "2026-05-01T10:30:00"
    assert H.edges["person:s1/a", "contact:s1/b"]["date"] == "2026-02-10"
    assert H.edges["person:s1/a", "contact:s1/b"]["kind"] == "referral"


def test_export_replaces_atomically(cohort, tmp_path):
    path = tmp_path / "g.gexf"
    path.write_text("old")
    write_gexf(build_graph(cohort), path)
    assert nx.read_gexf(path).number_of_nodes() == 8


def test_summary(cohort):
    s = summary(build_graph(cohort))
    assert (s["nodes"], s["edges"], s["components"]) == (8, 6, 3)
    assert (s["owners"], s["contacts"], s["referral_edges"]) == (3, 5, 4)
    assert list(s["top_degree"].columns) == ["node", "label", "degree", "referred"]
    top = s["top_degree"].iloc[0]
    assert (top["node"], top["degree"], top["referred"]) == ("person:s1/a", 4, 2)
    assert list(s["top_betweenness"].columns) == ["node", "label", "betweenness", "referred"]
    # only Ana (shared by s1 and s2) carries paths: b, b2, and the c-d loop carry none
    assert s["top_betweenness"]["node"].tolist() == ["person:s1/a"]
    assert not s["betweenness_sampled"]
    # the explore report computes bridges once and hands them to summary
    G = build_graph(cohort)
    reused = summary(G, bridges_frame=bridges(G, limit=10))
    assert reused["top_betweenness"]["node"].tolist() == ["person:s1/a"]
    assert reused["nodes"] == s["nodes"] and not reused["betweenness_sampled"]


def hand_graph() -> nx.DiGraph:
    """me -> a -> b -> c, a -> e, me -> d, and f known to two owners (me and you)."""
    G = nx.DiGraph()
    G.add_nodes_from(["owner:me", "owner:you"], kind="owner")
    G.add_edges_from(
        [("owner:me", "a"), ("owner:me", "d"), ("owner:me", "f"), ("owner:you", "f")],
        kind="direct",
    )
    G.add_edges_from([("a", "b"), ("b", "c"), ("a", "e"), ("f", "g")], kind="referral")
    return G


def test_bridges_match_networkx_betweenness():
    G = hand_graph()
    got = bridges(G)
    exact = nx.betweenness_centrality(G)
    # a: paths me->b, me->c, me->e (3) of 8*7 ordered pairs; b: me->c, a->c (2);
    # f: me->g, you->g (2); leaves d, c, e, g and the owners carry none
    assert got["node"].tolist() == ["a", "b", "f"]
    assert got["betweenness"].tolist() == pytest.approx([3 / 56, 2 / 56, 2 / 56])
    assert got["betweenness"].tolist() == pytest.approx([exact[n] for n in got["node"]])
    assert {n for n, v in exact.items() if v > 0 and not n.startswith("owner:")} == set(got["node"])
    assert got["referred"].tolist() == [2, 1, 1]
    assert bridges(G, limit=1)["node"].tolist() == ["a"]
    assert bridges(nx.DiGraph()).empty


def test_bridges_of_a_built_graph_agree_with_networkx():
    log = generate(owners=3, contacts_per_owner=15, seed=4)
    G = build_graph(log)
    exact = nx.betweenness_centrality(G)
    kinds = nx.get_node_attributes(G, "kind")
    positive = {n for n, v in exact.items() if v > 0 and kinds.get(n) != "owner"}
    got = bridges(G, limit=len(G))
    assert set(got["node"]) == positive
    assert (got["referred"] > 0).all()  # in a tree from the owners, a bridge introduced someone


def test_generated_cohort_counts():
    log = generate(owners=30, contacts_per_owner=20, seed=5)
    G = build_graph(log)
    persons = len(set(person_index(log.contacts)))
    assert G.number_of_nodes() == 30 + persons
    # one edge per contact row, minus repeats through merged persons
    assert G.number_of_edges() <= len(log.contacts)
    assert all(isinstance(n, str) for n in G.nodes)
    assert summary(G)["nodes"] == G.number_of_nodes()
