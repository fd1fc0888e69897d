"""The network graph of DESIGN.md: owners, contacts, who introduced whom.

`build_graph` returns a `networkx.DiGraph`: one node per owner (`owner:<owner_id>`),
one node per person, an edge owner -> direct contact and an edge referrer -> referred
contact (attribute `date`, the referred contact's `added_on`). In a cohort the same
person (same normalized email, or same normalized LinkedIn URL; the two keys are
chained, so a row sharing an email with one row and a URL with another joins both) is
one node shared by all the owners who know them.

Node ids are strings, stable for the same data and never personal:

- `owner:<owner_id>`;
- `contact:<owner_id>/<contact_id>` for a person known through one contact row;
- `person:<owner_id>/<contact_id>` for a person merged from several rows, named after
  the first of them in (owner, contact) order.

Names, emails and LinkedIn URLs are node attributes only with `include_personal=True`.
networkx is imported inside the functions that need it, so importing this module
(e.g. for `normalize_email`) stays cheap.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infoview_analysis.core.forest import find_roots
from infoview_analysis.core.identity import (  # one home for merge keys
    normalize_email,
    normalize_linkedin_url,
)
from infoview_analysis.metrics.per_log import cut, per_log, read_only

if TYPE_CHECKING:
    import networkx as nx

    from infoview_analysis.core.model import InterviewLog


def _arrow_strings(values: pd.Series) -> pa.Array:
    array = pa.array(values.astype("string[pyarrow]").array)
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    return array.cast(pa.string())


def log_person_index(log: InterviewLog) -> np.ndarray:
    """`person_index(log.contacts)`, computed once per log (a read-only array): every
    metric of a report that needs people, not contact rows, shares it.

    >>> from infoview_analysis.sample import generate
    >>> log = generate(owners=2, seed=1)
    >>> log_person_index(log) is log_person_index(log)
    True
    """
    return per_log(log, "person_index", lambda: read_only({"p": person_index(log.contacts)})["p"])


def person_index(contacts: pd.DataFrame) -> np.ndarray:
    """For each contact row, the position of the first row describing the same person.

    Rows are the same person when their normalized emails or normalized LinkedIn URLs
    are equal (transitively). Rows with neither key are people of their own. Vectorized
    label propagation: each pass gives every row the smallest label among rows sharing a
    key, then labels jump to their label's label, until nothing changes.

    >>> c = pd.DataFrame({"email": ["A@x.org", None, " a@x.org", None],
    ...                   "linkedin_url": [None, "linkedin.com/in/b", "linkedin.com/in/b", None]})
    >>> person_index(c).tolist()
    [0, 0, 0, 3]
    """
    n = len(contacts)
    label = np.arange(n, dtype=np.int64)
    key_codes = []
    for column, normalize in (("email", normalize_email), ("linkedin_url", normalize_linkedin_url)):
        if column not in contacts or n == 0:
            continue
        encoded = pc.dictionary_encode(_arrow_strings(normalize(contacts[column])))
        size = len(encoded.dictionary)
        if size == 0:
            continue
        codes = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64)
        counts = np.bincount(codes[codes >= 0], minlength=size)
        shared = (codes >= 0) & (counts[np.maximum(codes, 0)] > 1)
        if shared.any():
            rows = np.flatnonzero(shared)
            key_codes.append((rows, codes[rows], size))
    if not key_codes:
        return label
    # Only rows sharing a key ever change label, and a label is always such a row: the
    # propagation runs on those rows alone, numbered in row order (so "smallest" is
    # unchanged), with their keys renumbered among themselves.
    # (Renumbering by masks and cumulative sums: no sort.)
    is_involved = np.zeros(n, dtype=bool)
    for rows, _, _ in key_codes:
        is_involved[rows] = True
    involved = np.flatnonzero(is_involved)
    m = len(involved)
    position = np.cumsum(is_involved) - 1
    compact = []
    for rows, codes, size in key_codes:
        used = np.zeros(size, dtype=bool)
        used[codes] = True
        compact.append((position[rows], (np.cumsum(used) - 1)[codes], int(used.sum())))
    sub = np.arange(m, dtype=np.int64)
    while True:
        before = sub.copy()
        for at, codes, size in compact:
            smallest = np.full(size, m, dtype=np.int64)
            np.minimum.at(smallest, codes, sub[at])
            sub[at] = np.minimum(sub[at], smallest[codes])
        sub = find_roots(sub)
        if np.array_equal(before, sub):
            break
    label[involved] = involved[sub]
    return label


def _iso(values: pd.Series) -> list[str | None]:
    text = values.dt.strftime("%Y-%m-%d")
    return [None if pd.isna(v) else v for v in text.tolist()]


def _python(values: pd.Series | np.ndarray) -> list[Any]:
    """Column as a list of plain Python values, None for missing."""
    series = pd.Series(values)
    out = series.astype(object).where(series.notna(), None).tolist()
    return out


def _records(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    keys = list(columns)
    return [
        {k: v for k, v in zip(keys, row, strict=True) if v is not None}
        for row in zip(*columns.values(), strict=True)
    ]


def build_graph(
    log: InterviewLog,
    owner: str | None = None,
    *,
    include_personal: bool = False,
    as_of: object = None,
) -> nx.DiGraph:
    """The network as a DiGraph: owners, people, direct and referral edges.

    Owner nodes: `kind="owner"`, `label`. Person nodes: `kind="contact"`, `label`
    (contact id, or the name with `include_personal`), `owner` (first owner), `owners`
    (how many owners know them), `source`, `organization`, `added_on` (ISO date, the
    earliest), `depth` (smallest referral depth; absent on a cycle), and with
    `include_personal` also `name`, `email`, `linkedin_url` and `role` (a job title
    beside an organization can point to one person). Edges: `kind`
    ("direct" or "referral"), `date` (ISO `added_on` of the contact reached). Missing
    values are left out, never stored as None. `owner` restricts to one owner's log;
    `as_of` draws the network as it stood before that date (`InterviewLog.as_of`).

    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": ["s1", "s1", "s2"], "contact_id": ["a", "b", "a"],
    ...                   "email": ["ann@x.org", None, " ANN@x.org"],
    ...                   "referred_by": [None, "a", None], "source": "alumni",
    ...                   "added_on": pd.to_datetime(["2026-01-01", "2026-01-05", "2026-02-01"])})
    >>> e = pd.DataFrame(columns=["owner_id", "contact_id", "date", "type"])
    >>> G = build_graph(frames_to_log(c, e))
    >>> sorted(G.edges(data="kind"))
    [('owner:s1', 'person:s1/a', 'direct'), ('owner:s2', 'person:s1/a', 'direct'), ('person:s1/a', 'contact:s1/b', 'referral')]
    >>> G.nodes["person:s1/a"]["owners"], "email" in G.nodes["person:s1/a"]
    (2, False)
    """
    import networkx as nx

    from infoview_analysis.metrics.referrals import chain_arrays

    if owner is not None:
        log = log.for_owner(owner)
    log = cut(log, as_of)
    contacts = log.contacts
    n = len(contacts)
    parent = log.referrer_pos
    _, depth, cycle, _ = chain_arrays(parent)
    person = log_person_index(log)
    owner_s = contacts["owner_id"].astype("string[pyarrow]")
    cid_s = contacts["contact_id"].astype("string[pyarrow]")
    local = owner_s + "/" + cid_s
    rep_local = local.to_numpy(dtype=object)[person] if n else np.array([], dtype=object)
    rows_per_person = np.bincount(person, minlength=n)
    merged = rows_per_person[person] > 1
    node_id = np.where(merged, "person:", "contact:").astype(object) + rep_local
    reps = np.flatnonzero(person == np.arange(n))

    # Person attributes: the representative row's, or aggregated over the person's rows.
    frame = pd.DataFrame(
        {
            "person": person,
            "owner_code": contacts["owner_id"].cat.codes.to_numpy(),
            "added_on": contacts["added_on"].to_numpy(),
            "depth": np.where(cycle, np.nan, depth.astype(float)),
        }
    )
    grouped = frame.groupby("person", sort=True)
    added = grouped["added_on"].min()
    depth_min = grouped["depth"].min()
    owners = grouped["owner_code"].nunique()
    columns: dict[str, list[Any]] = {
        "kind": ["contact"] * len(reps),
        "label": _python(cid_s.to_numpy()[reps]),
        "owner": _python(owner_s.to_numpy()[reps]),
        "owners": [int(v) for v in owners.to_numpy()],
        "source": _python(contacts["source"].astype(object).to_numpy()[reps]),
        "organization": _python(_first_valid(contacts["organization"], person, reps)),
        "added_on": _iso(pd.Series(added.to_numpy())),
        "depth": [None if math.isnan(v) else int(v) for v in depth_min.to_numpy()],
    }
    if include_personal:
        for column in ("name", "email", "linkedin_url", "role"):
            if column in contacts:
                columns[column] = _python(_first_valid(contacts[column], person, reps))
        columns["label"] = [
            name if name is not None else label
            for name, label in zip(
                columns.get("name", columns["label"]), columns["label"], strict=True
            )
        ]
    person_nodes = list(zip(node_id[reps].tolist(), _records(columns), strict=True))

    owner_ids = pd.Index(log.owners["owner_id"].astype(str).tolist()).union(
        pd.Index(owner_s.dropna().unique().tolist())
    )
    owner_nodes = [(f"owner:{o}", {"kind": "owner", "label": o}) for o in owner_ids]

    source_node = np.where(
        parent >= 0,
        node_id[np.maximum(parent, 0)] if n else node_id,
        ("owner:" + owner_s).to_numpy(dtype=object),
    )
    edge_kind = np.where(parent >= 0, "referral", "direct")
    edge_attr = _records({"kind": edge_kind.tolist(), "date": _iso(contacts["added_on"])})
    edges = list(zip(source_node.tolist(), node_id.tolist(), edge_attr, strict=True))

    G = nx.DiGraph()
    G.add_nodes_from(owner_nodes)
    G.add_nodes_from(person_nodes)
    G.add_edges_from(edges)
    return G


def _first_valid(values: pd.Series, person: np.ndarray, reps: np.ndarray) -> np.ndarray:
    """Per person (in `reps` order), the first non-missing value over its rows."""
    frame = pd.DataFrame({"person": person, "value": values.astype(object).to_numpy()})
    first = frame.groupby("person", sort=True)["value"].first()
    return first.reindex(reps).to_numpy()


def _clean_value(value: Any) -> Any:
    """A value Gephi and GraphML readers accept, or None to leave it out."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return None
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _clean_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in attrs.items():
        cleaned = _clean_value(value)
        if cleaned is not None:
            out[str(key)] = cleaned
    return out


def _exportable(G: nx.DiGraph) -> nx.DiGraph:
    H = G.__class__()
    H.add_nodes_from((str(n), _clean_attrs(a)) for n, a in G.nodes(data=True))
    H.add_edges_from((str(u), str(v), _clean_attrs(a)) for u, v, a in G.edges(data=True))
    return H


def _write_atomic(path: str | os.PathLike[str], write) -> Path:
    from infoview_analysis.core.files import replace_atomically

    return replace_atomically(path, write)


def write_gexf(G: nx.DiGraph, path: str | os.PathLike[str]) -> Path:
    """Write a graph as GEXF for Gephi: no None values, dates as ISO strings, plain ints.

    Written to a temporary file next to `path`, then renamed into place.

    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.DiGraph([("owner:me", "contact:me/a", {"date": pd.Timestamp("2026-01-02")})])
    >>> p = write_gexf(G, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")
    >>> nx.read_gexf(p).edges["owner:me", "contact:me/a"]["date"]
    '2026-01-02'
    """
    import networkx as nx

    H = _exportable(G)
    return _write_atomic(path, lambda tmp: nx.write_gexf(H, tmp))


def write_graphml(G: nx.DiGraph, path: str | os.PathLike[str]) -> Path:
    """Write a graph as GraphML, with the same clean attribute types as `write_gexf`.

    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.DiGraph()
    >>> G.add_node("contact:me/a", depth=np.int64(2), organization=None)
    >>> p = write_graphml(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> nx.read_graphml(p).nodes["contact:me/a"]
    {'depth': 2}
    """
    import networkx as nx

    H = _exportable(G)
    return _write_atomic(path, lambda tmp: nx.write_graphml(H, tmp))


def bridges(G: nx.DiGraph, limit: int = 10, exact_limit: int = 5000) -> pd.DataFrame:
    """The people the network runs through: contacts with betweenness above 0, most first.

    The rule: networkx's normalized betweenness centrality on the whole directed graph
    of `build_graph` (owners, people, direct and referral edges). A contact scores
    above 0 exactly when some shortest path between two other nodes passes through
    them, so someone who introduced nobody (a leaf) is never a bridge. Above
    `exact_limit` nodes, betweenness is estimated from `exact_limit` pivots (seed 0)
    and the frame's `attrs["sampled"]` is True.

    Parameters
    ----------
    G : networkx.DiGraph
        A graph from `build_graph` (owner nodes have `kind="owner"`).
    limit : int
        How many bridges to return at most.
    exact_limit : int
        Largest graph scored exactly.

    Returns
    -------
    pandas.DataFrame
        Columns `node`, `label`, `betweenness`, `referred` (people they introduced);
        sorted by betweenness (highest first), then node id. Owners are never listed.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("owner:me", kind="owner")
    >>> G.add_edges_from([("owner:me", "contact:me/a"), ("owner:me", "contact:me/d")], kind="direct")
    >>> G.add_edges_from([("contact:me/a", "contact:me/b"), ("contact:me/b", "contact:me/c")],
    ...                  kind="referral")
    >>> bridges(G)[["node", "referred"]].values.tolist()
    [['contact:me/a', 1], ['contact:me/b', 1]]
    """
    import networkx as nx

    sampled = G.number_of_nodes() > exact_limit
    between = (
        nx.betweenness_centrality(G, k=exact_limit, seed=0)
        if sampled
        else nx.betweenness_centrality(G)
    )
    kinds = nx.get_node_attributes(G, "kind")
    labels = nx.get_node_attributes(G, "label")
    edge_kinds = nx.get_edge_attributes(G, "kind")
    referred: dict[Any, int] = {}
    for (u, _), kind in edge_kinds.items():
        if kind == "referral":
            referred[u] = referred.get(u, 0) + 1
    rows = [
        (n, labels.get(n, n), score, referred.get(n, 0))
        for n, score in between.items()
        if score > 0 and kinds.get(n) != "owner"
    ]
    out = pd.DataFrame(rows, columns=["node", "label", "betweenness", "referred"])
    out = out.astype({"node": str, "label": str, "betweenness": "float64", "referred": "int64"})
    out = out.sort_values(["betweenness", "node"], ascending=[False, True], kind="stable")
    out = out.head(limit).reset_index(drop=True)
    out.attrs["sampled"] = sampled
    return out


def summary(
    G: nx.DiGraph,
    top: int = 10,
    exact_limit: int = 5000,
    bridges_frame: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Size and top connectors of a graph built by `build_graph`.

    `bridges_frame`: the result of `bridges(G, ...)` when the caller already has it
    (betweenness costs seconds past a few thousand people: computed once).

    Returns `nodes`, `edges`, `components` (weakly connected), `owners`, `contacts`,
    `referral_edges`, and two small DataFrames of contacts (owners excluded):
    `top_betweenness` (`bridges(G, top, exact_limit)`: contacts with betweenness
    above 0 only, with `betweenness_sampled` set when estimated) and `top_degree`
    (`node`, `label`, `degree` in the whole graph, `referred` = people they introduced).

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from(["owner:me"], kind="owner")
    >>> G.add_nodes_from(["contact:me/a", "contact:me/b", "contact:me/c"], kind="contact")
    >>> G.add_edge("owner:me", "contact:me/a", kind="direct")
    >>> G.add_edges_from([("contact:me/a", "contact:me/b"), ("contact:me/b", "contact:me/c")], kind="referral")
    >>> s = summary(G)
    >>> s["nodes"], s["edges"], s["components"], s["top_betweenness"]["node"].iloc[0]
    (4, 3, 1, 'contact:me/a')
    """
    import networkx as nx

    kinds = nx.get_node_attributes(G, "kind")
    contacts = [n for n in G.nodes if kinds.get(n) != "owner"]
    referral = [(u, v) for u, v, k in G.edges(data="kind") if k == "referral"]
    R = nx.DiGraph(referral)
    top_between = bridges(G, top, exact_limit) if bridges_frame is None else bridges_frame
    labels = nx.get_node_attributes(G, "label")

    def frame(rows: list[tuple[Any, ...]], names: list[str], by: list[str]) -> pd.DataFrame:
        out = pd.DataFrame(rows, columns=names)
        out = out.sort_values([*by, "node"], ascending=[False] * len(by) + [True])
        return out.head(top).reset_index(drop=True)

    top_degree = frame(
        [(n, labels.get(n, n), G.degree(n), R.out_degree(n) if n in R else 0) for n in contacts],
        ["node", "label", "degree", "referred"],
        ["degree", "referred"],
    )
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "components": nx.number_weakly_connected_components(G) if len(G) else 0,
        "owners": len(G) - len(contacts),
        "contacts": len(contacts),
        "referral_edges": len(referral),
        "betweenness_sampled": top_between.attrs["sampled"],
        "top_betweenness": top_between,
        "top_degree": top_degree,
    }


__all__ = [
    "bridges",
    "build_graph",
    "normalize_email",
    "normalize_linkedin_url",
    "person_index",
    "summary",
    "write_gexf",
    "write_graphml",
]
