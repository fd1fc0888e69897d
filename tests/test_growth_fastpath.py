"""Shortcuts in the growth graph counts give what the plain algorithms give.

`spanning_forest` peels leaves (their edges are bridges) before Borůvka; with ties
broken by edge order the minimum spanning forest is unique, so the mask must equal
plain Borůvka's over all edges, edge for edge.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_analysis.core.forest import find_roots
from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics import growth
from infoview_analysis.metrics.graph import person_index
from infoview_analysis.metrics.growth import network_growth, spanning_forest
from infoview_analysis.sample import generate


def reference_forest(n_nodes, u, v, weight):
    """Borůvka over every edge, as `spanning_forest` was written before leaf peeling."""
    m = len(u)
    taken = np.zeros(m, dtype=bool)
    if m == 0:
        return taken
    order = np.argsort(weight, kind="stable")
    rank = np.empty(m, dtype=np.int64)
    rank[order] = np.arange(m)
    label = np.arange(n_nodes, dtype=np.int64)
    eid = np.flatnonzero(u != v)
    while eid.size:
        cu, cv = label[u[eid]], label[v[eid]]
        inside = cu == cv
        if inside.any():
            eid, cu, cv = eid[~inside], cu[~inside], cv[~inside]
            if eid.size == 0:
                break
        r = rank[eid]
        best = np.full(n_nodes, m, dtype=np.int64)
        np.minimum.at(best, cu, r)
        np.minimum.at(best, cv, r)
        comps = np.flatnonzero(best < m)
        chosen = order[best[comps]]
        taken[chosen] = True
        lu, lv = label[u[chosen]], label[v[chosen]]
        other = np.where(lu == comps, lv, lu)
        ptr = np.arange(n_nodes, dtype=np.int64)
        ptr[comps] = other
        mutual = (ptr[other] == comps) & (comps < other)
        ptr[comps[mutual]] = comps[mutual]
        label = find_roots(ptr)[label]
    return taken


def tree_plus_extra(n, parents, extra):
    """A forest (node i > 0 hangs below parents[i-1] < i, or is a root when None) plus
    extra edges that close cycles, as edge arrays."""
    u = [p for p in parents if p is not None]
    v = [i + 1 for i, p in enumerate(parents) if p is not None]
    u += [a for a, _ in extra]
    v += [b for _, b in extra]
    return np.array(u, dtype=np.int64), np.array(v, dtype=np.int64)


graphs = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.just(n),
        # Mostly trees (as a contact network is), with a few extra edges, loops and repeats.
        st.tuples(*[st.one_of(st.none(), st.integers(0, i)) for i in range(n - 1)]),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=6),
        st.randoms(use_true_random=False),
    )
)


@settings(max_examples=300, deadline=None)
@given(graphs, st.sampled_from([1, 2, 64]), st.integers(1, 4))
def test_same_forest_as_plain_boruvka(case, rounds, n_weights):
    n, parents, extra, rnd = case
    u, v = tree_plus_extra(n, parents, extra)
    order = list(range(len(u)))
    rnd.shuffle(order)  # edges in any order, and either direction
    u, v = u[order], v[order]
    flip = np.array([rnd.random() < 0.5 for _ in order], dtype=bool)
    u, v = np.where(flip, v, u), np.where(flip, u, v)
    weight = np.array([rnd.randrange(n_weights) for _ in order], dtype=np.int64)  # many ties
    saved = growth._PEEL_ROUNDS
    growth._PEEL_ROUNDS = rounds  # few rounds leave chains to Borůvka
    try:
        got = spanning_forest(n, u, v, weight)
    finally:
        growth._PEEL_ROUNDS = saved
    assert got.tolist() == reference_forest(n, u, v, weight).tolist()


@pytest.mark.parametrize("rounds", [1, 3, 64])
def test_long_chain_and_cycle(monkeypatch, rounds):
    monkeypatch.setattr(growth, "_PEEL_ROUNDS", rounds)
    # A chain 0-1-...-9 hanging off a triangle 10-11-12, plus a loop and a repeated edge.
    u = np.array([*range(9), 9, 10, 11, 12, 5, 11], dtype=np.int64)
    v = np.array([*range(1, 10), 10, 11, 12, 10, 5, 12], dtype=np.int64)
    w = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 0, 7], dtype=np.int64)
    got = spanning_forest(13, u, v, w)
    assert got.tolist() == reference_forest(13, u, v, w).tolist()
    assert got.sum() == 12


def merged_log(seed):
    """A generated cohort where one person is known to many owners (emails spelled
    differently), with an extra roster owner 'zz' of another cohort and no contacts."""
    log = generate(owners=30, contacts_per_owner=20, seed=seed)
    c = log.contacts.astype({"owner_id": str, "contact_id": str, "referred_by": object})
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(c), 30, replace=False)
    c.loc[pick[:20], "email"] = [f" Shared@Example.org{' ' * (i % 3)}" for i in range(20)]
    c.loc[pick[20:], "linkedin_url"] = "https://www.linkedin.com/in/shared-2"
    owners = log.owners.astype({"owner_id": str, "cohort": str})
    owners["cohort"] = "c1"
    owners = pd.concat([owners, pd.DataFrame({"owner_id": ["zz"], "cohort": ["c2"]})])
    events = log.events.astype({"owner_id": str, "contact_id": str})
    return frames_to_log(c, events, owners)


@pytest.mark.parametrize("seed", [3, 4])
def test_one_group_numbering_same_as_grouped(seed):
    # network_growth(log) numbers persons without a sort (one group); by cohort takes
    # the general path. Cohort c1 is everything but the roster owner zz (one node and
    # one component of its own), so the counts differ by exactly that owner.
    log = merged_log(seed)
    assert (np.bincount(person_index(log.contacts)) >= 10).any()
    whole = network_growth(log, freq="W")
    by = network_growth(log, freq="W", by="cohort")
    c1 = by[by["cohort"] == "c1"].reset_index(drop=True)
    assert (c1["nodes"] == whole["nodes"] - 1).all()
    assert (c1["components"] == whole["components"] - 1).all()
    assert (c1["edges"] == whole["edges"]).all()
    assert (by.loc[by["cohort"] == "c2", ["nodes", "components"]] == 1).all().all()


@pytest.mark.parametrize("by", [None, "owner_id", "source"])
def test_active_slices_do_not_change_counts(monkeypatch, by):
    # Slices of 3 events split many contacts' events across a slice boundary.
    log = merged_log(5)
    whole = network_growth(log, freq="W", by=by, active_days=30)
    monkeypatch.setattr(growth, "_ACTIVE_SLICE", 3)
    sliced = network_growth(log, freq="W", by=by, active_days=30)
    pd.testing.assert_frame_equal(sliced, whole)
    assert whole["active_contacts"].sum() > 0
