"""Hands-on exploration of one person's network: small questions, small answers.

Each function answers one question the explore notebook asks and returns a table or
a figure: who introduced whom (`introductions`), everyone at a company (`people_at`),
strongest and dormant ties (`strongest_ties`, `dormant_ties`), one person's
neighbourhood (`neighbourhood`, `draw_neighbourhood`), the nodes as a table
(`node_table`). Tables carry names when the graph does (`include_personal=True`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from infoview_analysis.views.palette import GREY, INK, OWNER_COLOUR, source_colour
from infoview_analysis.views.text import figure_text

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

NEIGHBOURHOOD_LABELS = 40  # names drawn in a neighbourhood figure (most connected first)
SPRING_LIMIT = 300  # people: past this a neighbourhood is drawn as a radial tree


def node_table(G: nx.DiGraph) -> pd.DataFrame:
    """Nodes with their attributes and degrees, one row each.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("owner:me", "contact:me/c1")])
    >>> node_table(G)["out_degree"].tolist()
    [1, 0]
    """
    rows = pd.DataFrame.from_dict(dict(G.nodes(data=True)), orient="index")
    rows.index.name = "node"
    rows["in_degree"] = pd.Series(dict(G.in_degree()))
    rows["out_degree"] = pd.Series(dict(G.out_degree()))
    return rows.reset_index()


def _label(G: nx.DiGraph, node: object) -> str:
    data = G.nodes[node]
    if data.get("kind") == "owner":
        return "you" if len(G) and _owners(G) == 1 else str(data.get("label", node))
    return str(data.get("label", node))


def _owners(G: nx.DiGraph) -> int:
    return sum(1 for _, k in G.nodes(data="kind") if k == "owner")


def introductions(G: nx.DiGraph) -> pd.DataFrame:
    """Who introduced whom: one row per introduction, newest first.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("owner:me", kind="owner", label="me")
    >>> G.add_node("c:a", label="Ana", organization="Acme")
    >>> G.add_node("c:b", label="Bo")
    >>> G.add_edge("owner:me", "c:a", kind="direct")
    >>> G.add_edge("c:a", "c:b", kind="referral", date="2026-02-01")
    >>> introductions(G).values.tolist()
    [['Ana', 'Acme', 'Bo', '', '2026-02-01']]
    """
    rows = [
        (
            _label(G, u),
            str(G.nodes[u].get("organization", "") or ""),
            _label(G, v),
            str(G.nodes[v].get("organization", "") or ""),
            str(d.get("date", "") or ""),
        )
        for u, v, d in G.edges(data=True)
        if d.get("kind") == "referral"
    ]
    out = pd.DataFrame(
        rows, columns=["introduced_by", "their_company", "introduced", "company", "on"]
    )
    return out.sort_values(["on", "introduced"], ascending=[False, True]).reset_index(drop=True)


def companies(G: nx.DiGraph) -> pd.Series:
    """How many people you know at each company, most first.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("a", {"organization": "Acme"}), ("b", {"organization": "Acme"})])
    >>> companies(G).to_dict()
    {'Acme': 2}
    """
    orgs = pd.Series(
        [o for _, o in G.nodes(data="organization") if o], dtype="object", name="people"
    )
    counts = orgs.value_counts()
    return counts.sort_index().sort_values(ascending=False, kind="stable")


def people_at(G: nx.DiGraph, company: str, measures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Everyone whose organization contains `company` (case-insensitive), with how
    you found them and who introduced them.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("owner:me", kind="owner", label="me")
    >>> G.add_node("c:a", label="Ana", organization="Acme Corp", source="alumni")
    >>> G.add_edge("owner:me", "c:a", kind="direct")
    >>> people_at(G, "acme")[["name", "introduced_by"]].values.tolist()
    [['Ana', 'you']]
    """
    needle = str(company).casefold()
    rows = []
    for node, data in G.nodes(data=True):
        org = str(data.get("organization", "") or "")
        if data.get("kind") == "owner" or not needle or needle not in org.casefold():
            continue
        referrers = [_label(G, p) for p in G.predecessors(node)]
        rows.append(
            {
                "name": _label(G, node),
                "organization": org,
                "role": data.get("role"),
                "source": data.get("source"),
                "introduced_by": ", ".join(referrers),
                "added_on": data.get("added_on"),
                "node": node,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["name", "organization", "role", "source", "introduced_by", "added_on", "node"],
    )
    if measures is not None and len(out):
        m = measures.reindex(out["node"].astype(str))
        out["interactions"] = m["interactions"].to_numpy()
        out["last_contact"] = m["last_contact"].to_numpy()
    out = out.drop(columns="node").dropna(axis=1, how="all")
    return out.sort_values("name", kind="stable").reset_index(drop=True)


def _tie_frame(G: nx.DiGraph, measures: pd.DataFrame) -> pd.DataFrame:
    people = [n for n, k in G.nodes(data="kind") if k != "owner"]
    m = measures.reindex([str(n) for n in people])
    return pd.DataFrame(
        {
            "name": [_label(G, n) for n in people],
            "organization": [G.nodes[n].get("organization") for n in people],
            "source": [G.nodes[n].get("source") for n in people],
            "interactions": m["interactions"].fillna(0).astype(int).to_numpy(),
            "meetings": m["meetings"].fillna(0).astype(int).to_numpy(),
            "last_contact": pd.to_datetime(m["last_contact"]).to_numpy(),
        }
    )


def strongest_ties(G: nx.DiGraph, measures: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The people you have been in touch with most (meetings first, then interactions).

    `measures` is `network_map.node_measures(log, G)`.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("a", {"label": "Ana"}), ("b", {"label": "Bo"})])
    >>> m = pd.DataFrame({"interactions": [1, 5], "meetings": [0, 2],
    ...                   "last_contact": ["2026-01-01", "2026-02-01"]}, index=["a", "b"])
    >>> strongest_ties(G, m)["name"].tolist()
    ['Bo', 'Ana']
    """
    ties = _tie_frame(G, measures)
    ties = ties[ties["interactions"] > 0]
    ties = ties.sort_values(
        ["meetings", "interactions", "name"], ascending=[False, False, True], kind="stable"
    )
    return ties.head(top).dropna(axis=1, how="all").reset_index(drop=True)


def dormant_ties(
    G: nx.DiGraph,
    measures: pd.DataFrame,
    as_of: object,
    quiet_days: int = 90,
    min_interactions: int = 2,
    top: int = 10,
) -> pd.DataFrame:
    """People you were in touch with (at least `min_interactions` times) but not in the
    `quiet_days` before `as_of`: worth a note. Longest quiet first.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("a", {"label": "Ana"}), ("b", {"label": "Bo"})])
    >>> m = pd.DataFrame({"interactions": [3, 5], "meetings": [1, 2],
    ...                   "last_contact": ["2026-01-01", "2026-09-20"]}, index=["a", "b"])
    >>> dormant_ties(G, m, "2026-10-01")[["name", "days_quiet"]].values.tolist()
    [['Ana', 273]]
    """
    ties = _tie_frame(G, measures)
    end = pd.Timestamp(as_of)
    quiet = (end - ties["last_contact"]).dt.days
    ties = ties.assign(days_quiet=quiet)
    ties = ties[(ties["interactions"] >= min_interactions) & (ties["days_quiet"] >= quiet_days)]
    ties = ties.sort_values(["days_quiet", "name"], ascending=[False, True], kind="stable")
    return ties.head(top).dropna(axis=1, how="all").reset_index(drop=True)


def neighbourhood(G: nx.DiGraph, focus: str | None = None, radius: int = 1) -> nx.DiGraph:
    """The people within `radius` links of `focus` (a node id, a name, or part of a
    name; default: the contact with most links), links in either direction.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("owner:me", "contact:me/c1"), ("contact:me/c1", "contact:me/c2")])
    >>> sorted(neighbourhood(G, "contact:me/c2").nodes)
    ['contact:me/c1', 'contact:me/c2']
    """
    import networkx as nx

    if not focus:
        contacts = [n for n, kind in G.nodes(data="kind") if kind != "owner"] or list(G.nodes)
        focus = max(contacts, key=G.degree)
    elif focus not in G:
        wanted = str(focus).casefold()
        labels = [(n, str(label).casefold()) for n, label in G.nodes(data="label") if label]
        by_suffix = {str(n).rsplit("/", 1)[-1]: n for n in G.nodes}
        exact = [n for n, label in labels if label == wanted]
        partial = [n for n, label in labels if wanted in label]
        found = (exact or partial or [by_suffix.get(str(focus))])[0]
        if found is None:
            raise KeyError(f"nobody called {focus!r} in this network")
        focus = found
    near = set(nx.ego_graph(G, focus, radius=radius, undirected=True))
    # Nodes and links in G's order: the subgraph's own order follows string hashing, so
    # the drawing's layout (seeded) would change from one process to the next.
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in G if n in near)
    H.add_edges_from((u, v, d) for u in H for v, d in G.adj[u].items() if v in near)
    H.graph["focus"] = focus
    return H


# Inches added to the neighbourhood drawing's width for its legend, beside the drawing.
LEGEND_WIDTH_IN = 1.4


def draw_neighbourhood(H: nx.DiGraph, title: str | None = None) -> Figure:
    """A small drawing of a neighbourhood: nodes coloured by source, names beside them.

    Names sit a few points from their circle (offsets in points, not data units, so
    they stay beside the node at any scale); past `NEIGHBOURHOOD_LABELS` people only the
    most connected are named. The default title names the person at the centre.
    """
    import networkx as nx
    from matplotlib.lines import Line2D

    from infoview_analysis.views.plots import laid_out, uncropped_figure

    if title is None:
        focus = H.graph.get("focus")
        title = "Neighbourhood" + (f" of {_label(H, focus)}" if focus in H else "")
    size = min(len(H), 30)
    # printed uncropped (explore_network's %config): one draw. The legend sits beside the
    # drawing, never on it (inside, "best" could cover a name or a link).
    fig = uncropped_figure(LEGEND_WIDTH_IN + 4 + size / 6, 3 + size / 10)
    ax = fig.add_subplot()
    kinds = dict(H.nodes(data="kind"))
    sources = {
        n: ("you" if kinds.get(n) == "owner" else str(s))
        for n, s in H.nodes(data="source", default="other")
    }
    colour = {n: OWNER_COLOUR if s == "you" else source_colour(s) for n, s in sources.items()}
    if len(H) > SPRING_LIMIT:  # a spring layout takes minutes past a few hundred people
        from infoview_analysis.views.network_map import radial_layout

        pos = radial_layout(H)
    else:
        pos = nx.spring_layout(H.to_undirected(as_view=True), seed=7) if len(H) else {}
    nx.draw_networkx_edges(H, pos, ax=ax, edge_color="#999999", arrows=True, arrowsize=10)
    nodes = list(H.nodes)
    nx.draw_networkx_nodes(
        H,
        pos,
        nodelist=nodes,
        ax=ax,
        node_color=[colour[n] for n in nodes],
        node_size=[120 + 60 * min(H.degree(n), 10) for n in nodes],
        edgecolors=INK,
        linewidths=0.6,
    )
    named = sorted(nodes, key=lambda n: (-H.degree(n), str(n)))[:NEIGHBOURHOOD_LABELS]
    for n in named:
        label = "you" if kinds.get(n) == "owner" else H.nodes[n].get("label", "")
        x, y = pos[n]
        ax.annotate(
            figure_text(label),
            (x, y),
            xytext=(7, 5),
            textcoords="offset points",
            fontsize=8,
            color=INK,
        )
    ax.margins(0.15)
    shown = sorted(set(sources.values()), key=lambda s: (s != "you", s))
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color=OWNER_COLOUR if s == "you" else source_colour(s),
            label=figure_text(s.replace("_", " ")),
        )
        for s in shown
    ]
    ax.legend(
        handles=handles,
        title="How you found them",
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        frameon=False,
    )
    if len(nodes) > len(named):
        ax.set_xlabel(f"{len(named)} of {len(nodes)} named (the most connected)", color=GREY)
    ax.set_title(figure_text(title), loc="left", fontweight="bold")
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    return laid_out(fig)


__all__ = [
    "LEGEND_WIDTH_IN",
    "NEIGHBOURHOOD_LABELS",
    "SPRING_LIMIT",
    "companies",
    "dormant_ties",
    "draw_neighbourhood",
    "introductions",
    "neighbourhood",
    "node_table",
    "people_at",
    "strongest_ties",
]
