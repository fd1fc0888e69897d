"""The network map: sigma.js (WebGL) with names, search, filters and chain highlighting.

One page for everyone, offline: `network_html(G, ...)` inlines sigma.js and graphology
(vendored in `views/static/`, MIT, see the README there) and a small script of ours
(`static/network_map.js`) that adds the controls: search by name or company, filters
by source (legend check boxes), company and tie strength (interactions at least N),
node size by links, meetings, interactions or downstream outcomes, and a click on a
person that highlights their introduction chain (everyone who introduced them, up to
you) and their neighbours. Labels show the most connected people first and more
as you zoom (sigma's label grid). Thousands of nodes stay fluid.

Why not ipysigma's own HTML export: `Sigma.write_html` embeds the widget through the
Jupyter widget manager loaded from a CDN, so the page is blank offline. In JupyterLab,
`widget(G, ...)` gives the ipysigma widget with the same colours, sizes and positions;
`show(G, ...)` displays the widget where a live front end can render it and this page
everywhere else (papermill reports, nbconvert HTML).

Positions are computed here, not in the browser, so the same data gives the same
picture: a radial tree (you in the centre, the people you contacted directly on the
first ring, people they introduced further out), each person's introductions in one
sector, siblings ordered by source and company so colours and colleagues sit together.
It takes a fraction of a second for 20,000 people, where spring layouts take minutes.

Personal details: names label the nodes when the graph carries them
(`build_graph(..., include_personal=True)`, the default for your own network in
`infoview graph`); otherwise contacts are unlabelled and search covers companies only,
which is what a cohort map shows unless asked.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from infoview_analysis.views.palette import OWNER_COLOUR, SOURCE_COLOURS
from infoview_analysis.views.text import html_text

if TYPE_CHECKING:
    import networkx as nx

    from infoview_analysis.core.model import InterviewLog

STATIC = Path(__file__).with_name("static")
PALETTE = SOURCE_COLOURS  # the same colours as every other figure
MAP_HEIGHT = 640  # pixels
MAX_COMPANIES = 2000  # companies offered in the filter list (most people first)
SIZES = (
    ("degree", "links"),
    ("meetings", "meetings"),
    ("interactions", "interactions"),
    ("outcomes", "downstream outcomes"),
)


@cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _node_ids(log: InterviewLog) -> np.ndarray:
    """The graph node of each contact row, as `metrics.graph.build_graph` names it (the
    person index the graph used, computed once per log)."""
    from infoview_analysis.metrics.graph import log_person_index

    contacts = log.contacts
    n = len(contacts)
    if n == 0:
        return np.array([], dtype=object)
    person = np.asarray(log_person_index(log))
    local = (
        contacts["owner_id"].astype(str).to_numpy(dtype=object)
        + "/"
        + contacts["contact_id"].astype(str).to_numpy(dtype=object)
    )
    merged = np.bincount(person, minlength=n)[person] > 1
    return np.where(merged, "person:", "contact:").astype(object) + local[person]


def node_measures(log: InterviewLog, G: nx.DiGraph) -> pd.DataFrame:
    """Per graph node: `interactions` (events with them), `meetings`, `outcomes`
    (downstream: meetings, leads, applications, interviews, offers credited to them or
    anyone they led to, `referrals.attribute_outcomes`) and `last_contact` (ISO date).

    Nodes without a contact row (owners) get zeros and no date.

    >>> from infoview_analysis.loading.load import frames_to_log
    >>> from infoview_analysis.metrics.graph import build_graph
    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"], "referred_by": [None, "a"],
    ...                   "source": "friend", "added_on": pd.Timestamp("2026-01-01")})
    >>> e = pd.DataFrame({"owner_id": "me", "contact_id": ["b", "b"],
    ...                   "date": pd.to_datetime(["2026-01-02", "2026-01-05"]),
    ...                   "type": ["outreach", "meeting"]})
    >>> log = frames_to_log(c, e)
    >>> node_measures(log, build_graph(log)).loc["contact:me/b"].astype(str).tolist()
    ['2', '1', '1', '2026-01-05']
    """
    from infoview_analysis.metrics.referrals import attribute_outcomes

    columns = ["interactions", "meetings", "outcomes", "last_contact"]
    index = pd.Index([str(v) for v in G.nodes], name="node")
    contacts = log.contacts
    nodes = _node_ids(log)
    per_row = pd.DataFrame(index=np.arange(len(contacts)))
    events = log.events
    pos = np.asarray(log.event_contact_pos)
    known = pos >= 0
    ev = pd.DataFrame(
        {
            "row": pos[known],
            "meeting": (events["type"].astype(object) == "meeting").to_numpy()[known],
            "date": events["date"].to_numpy()[known],
        }
    )
    grouped = ev.groupby("row")
    per_row["interactions"] = grouped.size()
    per_row["meetings"] = grouped["meeting"].sum()
    per_row["last"] = grouped["date"].max()
    credited = attribute_outcomes(log)
    if len(credited):
        keys = pd.MultiIndex.from_arrays(
            [contacts["owner_id"].astype(str), contacts["contact_id"].astype(str)]
        )
        rows = keys.get_indexer(
            pd.MultiIndex.from_arrays(
                [credited["owner_id"].astype(str), credited["credited_id"].astype(str)]
            )
        )
        rows = rows[rows >= 0]
        per_row["outcomes"] = pd.Series(np.bincount(rows, minlength=len(contacts)))
    else:
        per_row["outcomes"] = 0
    per_row["node"] = nodes
    per_node = per_row.groupby("node").agg(
        interactions=("interactions", "sum"),
        meetings=("meetings", "sum"),
        outcomes=("outcomes", "sum"),
        last=("last", "max"),
    )
    out = per_node.reindex(index)
    for column in ("interactions", "meetings", "outcomes"):
        out[column] = out[column].fillna(0).astype(int)
    out["last_contact"] = pd.to_datetime(out.pop("last")).dt.strftime("%Y-%m-%d")
    out["last_contact"] = out["last_contact"].astype(object).where(out["last_contact"].notna())
    return out[columns]


def outcome_counts(log: InterviewLog, G: nx.DiGraph) -> dict[str, int]:
    """Downstream outcomes per graph node (multi-hop: a referrer gets its referrals').

    >>> from infoview_analysis.loading.load import frames_to_log
    >>> from infoview_analysis.metrics.graph import build_graph
    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"], "referred_by": [None, "a"],
    ...                   "source": "friend", "added_on": pd.Timestamp("2026-01-01")})
    >>> e = pd.DataFrame({"owner_id": "me", "contact_id": ["b"], "date": pd.to_datetime(["2026-01-02"]),
    ...                   "type": ["meeting"]})
    >>> log = frames_to_log(c, e)
    >>> outcome_counts(log, build_graph(log))
    {'contact:me/a': 1, 'contact:me/b': 1}
    """
    outcomes = node_measures(log, G)["outcomes"]
    return {str(k): int(v) for k, v in outcomes[outcomes > 0].items()}


def radial_layout(G: nx.DiGraph) -> dict[Any, tuple[float, float]]:
    """Positions as a radial tree: owners in the centre, introductions further out.

    A breadth-first spanning tree from all owners at once (links in either direction;
    a cluster without an owner, e.g. a referral cycle, hangs from the centre). Leaves take
    consecutive slots around the circle in depth-first order, children sorted by source,
    organization and label; a parent sits at the mean angle of its children; radius =
    depth, leaves staggered over three rings so neighbours' labels overlap less.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("owner:me", "contact:me/a"), ("contact:me/a", "contact:me/b")])
    >>> G.nodes["owner:me"]["kind"] = "owner"
    >>> {k: (round(x, 2), round(y, 2)) for k, (x, y) in radial_layout(G).items()}
    {'owner:me': (0.0, 0.0), 'contact:me/a': (1.0, 0.0), 'contact:me/b': (2.0, 0.0)}
    """
    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    kind = [G.nodes[v].get("kind") for v in nodes]
    owners = [i for i in range(n) if kind[i] == "owner"]
    key = [
        (
            str(G.nodes[v].get("source", "")),
            str(G.nodes[v].get("organization", "")),
            str(G.nodes[v].get("label", v)),
        )
        for v in nodes
    ]
    U = G.to_undirected(as_view=True)
    parent = np.full(n, -1)
    depth = np.zeros(n, dtype=float)
    seen = np.zeros(n, dtype=bool)
    centre_children: list[int] = []
    start_depth = 0 if len(owners) == 1 else 1
    children: list[list[int]] = [[] for _ in range(n)]

    def spread(queue: deque[int]) -> None:
        while queue:
            u = queue.popleft()
            for w in U[nodes[u]]:
                j = index[w]
                if not seen[j]:
                    seen[j] = True
                    parent[j] = u
                    depth[j] = depth[u] + 1
                    children[u].append(j)
                    queue.append(j)

    # All owners first, together (multi-source): each owner's people hang from them,
    # a person several owners know from the first to reach them.
    first = sorted(owners, key=lambda i: key[i])
    for r in first:
        seen[r] = True
        depth[r] = start_depth
        centre_children.append(r)
    spread(deque(first))
    for r in range(n):  # clusters no owner reaches (e.g. a referral cycle)
        if not seen[r]:
            seen[r] = True
            depth[r] = 1
            centre_children.append(r)
            spread(deque([r]))
    for kids in children:
        kids.sort(key=lambda j: key[j])
    single_centre = len(owners) == 1 and len(centre_children) == 1
    slot = np.full(n, np.nan)
    leaf = np.zeros(n, dtype=bool)
    preorder: list[int] = []
    stack = list(reversed(centre_children))
    next_slot = 0.0
    while stack:
        u = stack.pop()
        preorder.append(u)
        if children[u]:
            stack.extend(reversed(children[u]))
        else:
            leaf[u] = True
            slot[u] = next_slot
            next_slot += 1.0
    for u in reversed(preorder):  # children before parents
        if children[u]:
            slot[u] = float(np.mean(slot[children[u]]))
    angle = 2 * np.pi * slot / max(next_slot, 1.0)
    radius = depth.copy()
    stagger = leaf & (depth >= 1) & (next_slot > 24)
    radius[stagger] += 0.3 * (slot[stagger] % 3)
    if single_centre:
        radius[owners[0]] = 0.0
    x = radius * np.cos(angle)
    y = radius * np.sin(angle)
    return {v: (float(x[i]) + 0.0, float(y[i]) + 0.0) for i, v in enumerate(nodes)}


def _show_names(G: nx.DiGraph) -> bool:
    return any("name" in data for _, data in G.nodes(data=True))


def map_data(
    G: nx.DiGraph,
    measures: pd.DataFrame | None = None,
    *,
    personal: bool | None = None,
) -> dict[str, Any]:
    """The map's data as plain lists (what the page's script reads).

    `personal`: label contacts with their `label` (names when the graph has them);
    default: only when the graph carries names (`include_personal=True`).

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("owner:me", kind="owner", label="me")
    >>> G.add_node("contact:me/a", kind="contact", label="Ana", name="Ana", source="alumni")
    >>> G.add_edge("owner:me", "contact:me/a", kind="direct")
    >>> d = map_data(G)
    >>> d["nodes"]["label"], d["nodes"]["degree"], d["sources"][0]["count"]
    (['you', 'Ana'], [1, 1], 1)
    """
    if personal is None:
        personal = _show_names(G)
    nodes = list(G.nodes)
    pos = radial_layout(G)
    if measures is None:
        measures = pd.DataFrame(
            0, index=[str(v) for v in nodes], columns=["interactions", "meetings", "outcomes"]
        ).assign(last_contact=None)
    m = measures.reindex([str(v) for v in nodes])
    attrs = [G.nodes[v] for v in nodes]
    owner = [1 if a.get("kind") == "owner" else 0 for a in attrs]
    label = [
        str(a.get("label", v)) if (o or personal) else ""
        for v, a, o in zip(nodes, attrs, owner, strict=True)
    ]
    if sum(owner) == 1:  # a seeker's own map: the centre is "you", as in every report
        label = ["you" if o else text for text, o in zip(label, owner, strict=True)]
    source = ["" if o else str(a.get("source", "other")) for a, o in zip(attrs, owner, strict=True)]
    org = [str(a.get("organization", "") or "") for a in attrs]
    counts = pd.Series([s for s in source if s]).value_counts()
    sources = [
        {
            "name": s,
            "label": s.replace("_", " "),
            "colour": PALETTE.get(s, PALETTE["other"]),
            "count": int(counts[s]),
        }
        for s in [*PALETTE, *sorted(set(counts.index) - set(PALETTE))]
        if s in counts.index
    ]
    orgs = pd.Series([o for o, k in zip(org, owner, strict=True) if o and not k]).value_counts()
    orgs = orgs.sort_index().sort_values(ascending=False, kind="stable").head(MAX_COMPANIES)
    index = {v: i for i, v in enumerate(nodes)}
    edges = list(G.edges(data="kind"))
    interactions = m["interactions"].fillna(0).astype(int).tolist()

    def ints(column: str) -> list[int]:
        return m[column].fillna(0).astype(int).tolist()

    measured = {"meetings": ints("meetings"), "interactions": interactions}
    measured["outcomes"] = ints("outcomes")
    # "Size by" offers only measures someone has (a LinkedIn import has links only).
    sizes = [
        {"name": name, "label": text}
        for name, text in SIZES
        if name == "degree" or any(measured[name])
    ]
    return {
        "personal": bool(personal),
        "ownerColour": OWNER_COLOUR,
        "owners": sum(owner),
        "nodes": {
            "label": label,
            "x": [round(pos[v][0], 4) for v in nodes],
            "y": [round(pos[v][1], 4) for v in nodes],
            "owner": owner,
            "source": source,
            "org": org,
            "added": [str(a.get("added_on", "") or "") for a in attrs],
            "degree": [int(d) for _, d in G.degree(nodes)],
            "interactions": interactions,
            "meetings": measured["meetings"],
            "outcomes": measured["outcomes"],
            "last": [None if pd.isna(v) else str(v) for v in m["last_contact"].tolist()],
        },
        "edges": {
            "s": [index[u] for u, _, _ in edges],
            "t": [index[v] for _, v, _ in edges],
            "referral": [1 if k == "referral" else 0 for _, _, k in edges],
        },
        "sources": sources,
        "companies": [[str(k), int(v)] for k, v in orgs.items()],
        "sizes": sizes,
        "maxInteractions": max([0, *interactions]),
    }


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON that cannot close its <script> element or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_STYLE = """
.iv-map{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:14px;color:#222}
.iv-map .iv-controls{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin:4px 0}
.iv-map .iv-search{width:15em}
.iv-map .iv-company{max-width:16em}
.iv-map .iv-legend{display:flex;flex-wrap:wrap;gap:4px 12px;margin:6px 0;font-size:13px}
.iv-map .iv-swatch{display:inline-block;width:11px;height:11px;border-radius:6px;margin:0 4px;vertical-align:-1px}
.iv-map .iv-stage{position:relative;width:100%;height:HEIGHTpx;border:1px solid #ccc;background:#fff}
.iv-map .iv-status{margin:4px 0;color:#555;font-size:13px}
.iv-map .iv-info h4{margin:6px 0 2px}
.iv-map .iv-info dl{display:grid;grid-template-columns:max-content auto;gap:2px 10px;margin:0}
.iv-map .iv-info dt{color:#555}.iv-map .iv-info dd{margin:0}
"""


def network_html(
    G: nx.DiGraph,
    outcomes: dict[str, int] | None = None,
    *,
    measures: pd.DataFrame | None = None,
    title: str = "Your network",
    personal: bool | None = None,
    height: int = MAP_HEIGHT,
    fragment: bool = False,
) -> str:
    """The graph as an interactive, self-contained HTML page (no network access).

    `measures` is `node_measures(log, G)` (interactions, meetings, outcomes, last
    contact); `outcomes` alone (the older `outcome_counts`) fills only the outcomes.
    `fragment=True` gives just the map (a `div` with its own scoped style and scripts)
    to show inside a notebook or report.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("owner:me", kind="owner", label="me")
    >>> G.add_node("contact:me/a", kind="contact", label="a", source="alumni")
    >>> G.add_edge("owner:me", "contact:me/a")
    >>> page = network_html(G, {"contact:me/a": 2})
    >>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "<link" in page
    (True, False, False)
    """
    if measures is None and outcomes:
        measures = pd.DataFrame(
            {"interactions": 0, "meetings": 0, "last_contact": None},
            index=[str(v) for v in G.nodes],
        )
        measures["outcomes"] = [int(outcomes.get(str(v), 0)) for v in G.nodes]
    data = _json_for_script(map_data(G, measures, personal=personal))
    map_id = "iv-map-" + hashlib.sha1(data.encode("utf-8")).hexdigest()[:10]
    style = _STYLE.replace("HEIGHT", str(int(height)))
    inner = f"""<div class="iv-map" id="{map_id}"><style>{style}</style>
<p class="iv-help">Colour: how you found each person. Size: links, or what you choose.
Type a name or company to find it; click a person to see who introduced them and their
neighbours; click the background to clear. Scroll to zoom: more names appear.</p>
<script type="application/json" id="{map_id}-data">{data}</script>
<script>{_static("sigma-graphology.min.js")}</script>
<script>{_static("network_map.js")}</script>
<script>(function(){{var root=document.getElementById("{map_id}");
window.infoviewMap(root, JSON.parse(document.getElementById("{map_id}-data").textContent));}})();</script>
</div>"""
    if fragment:
        return inner
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html_text(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;padding:12px 18px;color:#222}}</style>
</head><body>
<h2>{html_text(title)}</h2>
{inner}
</body></html>
"""


def widget(G: nx.DiGraph, measures: pd.DataFrame | None = None, *, personal: bool | None = None):
    """The same map as an ipysigma widget for JupyterLab (needs a live kernel).

    Same positions, colours and sizes as `network_html`; ipysigma adds its own search,
    legend filters and a panel with each person's attributes.
    """
    import networkx as nx
    from ipysigma import Sigma

    data = map_data(G, measures, personal=personal)
    N = data["nodes"]
    # You are linked to everyone: sized like your busiest contact, not 40 times larger.
    busiest = max([d for d, o in zip(N["degree"], N["owner"], strict=True) if not o] or [1])
    H = nx.DiGraph()
    for i in range(len(N["label"])):
        H.add_node(
            i,
            label=N["label"][i],
            source="you" if N["owner"][i] else N["source"][i].replace("_", " "),
            company=N["org"][i],
            meetings=N["meetings"][i],
            interactions=N["interactions"][i],
            links=N["degree"][i],
            size=busiest if N["owner"][i] else N["degree"][i],
        )
    for s, t, r in zip(
        data["edges"]["s"], data["edges"]["t"], data["edges"]["referral"], strict=True
    ):
        H.add_edge(s, t, kind="introduction" if r else "first contact")
    palette = {s["label"]: s["colour"] for s in data["sources"]} | {"you": OWNER_COLOUR}
    return Sigma(
        H,
        layout={i: {"x": N["x"][i], "y": N["y"][i]} for i in range(len(N["label"]))},
        node_color="source",
        node_color_palette=palette,
        node_size="size",
        node_size_range=(3, 12),
        node_label="label",
        label_density=1,
        label_grid_cell_size=120,
        show_all_labels=len(N["label"]) < 100,  # a small network: every name
        default_edge_type="arrow",
        height=MAP_HEIGHT,
    )


class _Shown:
    """Widget where a front end can draw it, the offline page everywhere else."""

    def __init__(self, page: str, live: Any) -> None:
        self.page = page
        self.live = live

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/html": self.page, "text/plain": "network map"}
        if self.live is not None:
            widget_bundle = self.live._repr_mimebundle_(**kwargs)
            if isinstance(widget_bundle, tuple):
                widget_bundle = widget_bundle[0]
            view = widget_bundle.get("application/vnd.jupyter.widget-view+json")
            if view is not None:
                bundle["application/vnd.jupyter.widget-view+json"] = view
        return bundle


def show(
    G: nx.DiGraph,
    measures: pd.DataFrame | None = None,
    *,
    interactive: bool = True,
    personal: bool | None = None,
) -> _Shown:
    """Display the map: the ipysigma widget in JupyterLab, the offline page in reports.

    Both go into one output; JupyterLab picks the widget, the report's HTML template
    picks the page (it never loads a widget manager). `interactive=False` leaves the
    widget out.
    """
    page = network_html(G, measures=measures, personal=personal, fragment=True)
    live = None
    if interactive:
        try:
            live = widget(G, measures, personal=personal)
        except ImportError:
            live = None
    return _Shown(page, live)


__all__ = [
    "MAP_HEIGHT",
    "PALETTE",
    "map_data",
    "network_html",
    "node_measures",
    "outcome_counts",
    "radial_layout",
    "show",
    "widget",
]
