"""Hands-on exploration of one owner's graph: neighbourhoods and a small drawing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

OKABE_ITO = [
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
    "#000000",
]


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


def neighbourhood(G: nx.DiGraph, focus: str | None = None, radius: int = 1) -> nx.DiGraph:
    """The people within `radius` links of `focus` (a node id or a label; default: the
    contact with most links), links in either direction.

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
        by_label = {str(label).casefold(): n for n, label in G.nodes(data="label") if label}
        by_suffix = {str(n).rsplit("/", 1)[-1]: n for n in G.nodes}
        focus = by_label.get(str(focus).casefold()) or by_suffix.get(str(focus))
        if focus is None:
            raise KeyError("no node with that id or name in the graph")
    return nx.ego_graph(G, focus, radius=radius, undirected=True)


def draw_neighbourhood(H: nx.DiGraph, title: str = "Neighbourhood") -> Figure:
    """A small drawing of a neighbourhood: nodes coloured by source, labelled."""
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(8, 6), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    from infoview_analysis.views.network_map import OWNER_COLOUR, PALETTE

    sources = sorted({str(s) for _, s in H.nodes(data="source", default="owner")})
    # The same colours as the interactive view, so that both read alike.
    colour = {
        s: PALETTE.get(s, OWNER_COLOUR if s == "owner" else PALETTE["other"]) for s in sources
    }
    pos = nx.spring_layout(H, seed=7)
    nx.draw_networkx_edges(H, pos, ax=ax, edge_color="#888", arrows=True, arrowsize=10)
    nx.draw_networkx_nodes(
        H,
        pos,
        ax=ax,
        node_color=[colour[str(s)] for _, s in H.nodes(data="source", default="owner")],
        node_size=[300 + 120 * H.degree(n) for n in H.nodes],
        edgecolors="#333",
    )
    # Labels beside the circles, not on them; the owner is labelled too.
    labels = {n: str(lbl) for n, lbl in H.nodes(data="label", default="")}
    beside = {n: (x, y + 0.07) for n, (x, y) in pos.items()}
    nx.draw_networkx_labels(
        H, beside, labels=labels, ax=ax, font_size=8, verticalalignment="bottom"
    )
    ax.margins(0.12)
    handles = [
        Line2D([], [], marker="o", ls="", color=colour[s], label=s.replace("_", " "))
        for s in sources
    ]
    ax.legend(handles=handles, title="How you found them", loc="best", fontsize=8)
    ax.set_title(title)
    ax.set_axis_off()
    return fig
