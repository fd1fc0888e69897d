"""The network as one self-contained, interactive HTML page (no CDN, works offline).

Positions are precomputed with networkx's `spring_layout` (seeded, so the same data
gives the same picture) and drawn as inline SVG; about sixty lines of hand-written
JavaScript add zoom (wheel), pan (drag the background) and node dragging. Hovering a
node shows its title (id or name, source, organization, added on, outcomes). Nodes are
coloured by source with a colour-blind-safe palette (Okabe-Ito, then Paul Tol's muted
colours) and a legend, and sized by downstream outcomes: the meetings, job leads,
applications, interviews and offers credited to the contact or anyone it led to
(`referrals.attribute_outcomes`).

`network_html(G, outcomes)` returns the page as a string; in a notebook,
`IPython.display.HTML(network_html(G))` shows it inline.
"""

from __future__ import annotations

import html
import json
import math
from typing import TYPE_CHECKING, Any

from infoview_analysis.core.vocabulary import SOURCE_COLOURS

if TYPE_CHECKING:
    import networkx as nx

    from infoview_analysis.core.model import InterviewLog

PALETTE = SOURCE_COLOURS  # the same colours as every other figure
OWNER_COLOUR = "#000000"

_SCRIPT = """
(function(){
 var svg=document.getElementById('net'), view=document.getElementById('view');
 var tx=0, ty=0, k=1, drag=null, pan=null, last=null;
 var pos={}; document.querySelectorAll('#nodes circle').forEach(function(c){
   pos[c.dataset.id]={x:+c.getAttribute('cx'), y:+c.getAttribute('cy'), el:c};});
 var edges=Array.prototype.slice.call(document.querySelectorAll('#edges line'));
 function apply(){view.setAttribute('transform','translate('+tx+','+ty+') scale('+k+')');}
 function pt(e){var r=svg.getBoundingClientRect(); return {x:e.clientX-r.left, y:e.clientY-r.top};}
 svg.addEventListener('wheel',function(e){e.preventDefault(); var p=pt(e);
   var f=e.deltaY<0?1.15:1/1.15; tx=p.x-(p.x-tx)*f; ty=p.y-(p.y-ty)*f; k*=f; apply();},{passive:false});
 svg.addEventListener('mousedown',function(e){var id=e.target.dataset?e.target.dataset.id:null;
   last=pt(e); if(id){drag=id;} else {pan=true;}});
 window.addEventListener('mousemove',function(e){ if(!drag&&!pan){return;} var p=pt(e);
   var dx=p.x-last.x, dy=p.y-last.y; last=p;
   if(pan){tx+=dx; ty+=dy; apply(); return;}
   var n=pos[drag]; n.x+=dx/k; n.y+=dy/k; n.el.setAttribute('cx',n.x); n.el.setAttribute('cy',n.y);
   edges.forEach(function(l){ if(l.dataset.s===drag){l.setAttribute('x1',n.x);l.setAttribute('y1',n.y);}
     if(l.dataset.t===drag){l.setAttribute('x2',n.x);l.setAttribute('y2',n.y);} });});
 window.addEventListener('mouseup',function(){drag=null; pan=null;});
 document.getElementById('reset').addEventListener('click',function(){tx=0;ty=0;k=1;apply();});
 apply();
})();
"""


def outcome_counts(log: InterviewLog, G: nx.DiGraph) -> dict[str, int]:
    """Downstream outcomes per graph node (multi-hop: a referrer gets its referrals').

    >>> import pandas as pd
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
    import numpy as np

    from infoview_analysis.metrics.graph import person_index
    from infoview_analysis.metrics.referrals import attribute_outcomes

    contacts = log.contacts
    if len(contacts) == 0:
        return {}
    credited = attribute_outcomes(log)
    owners = contacts["owner_id"].astype(str).to_numpy()
    ids = contacts["contact_id"].astype(str).to_numpy()
    row_of = {(o, c): i for i, (o, c) in enumerate(zip(owners, ids, strict=True))}
    per_row = np.zeros(len(contacts), dtype=np.int64)
    for o, c in zip(
        credited["owner_id"].astype(str), credited["credited_id"].astype(str), strict=True
    ):
        i = row_of.get((o, c))
        if i is not None:
            per_row[i] += 1
    person = np.asarray(person_index(contacts))
    out: dict[str, int] = {}
    first_row: dict[int, int] = {}
    size: dict[int, int] = {}
    for i, p in enumerate(person):
        first_row.setdefault(int(p), i)
        size[int(p)] = size.get(int(p), 0) + 1
    for i, p in enumerate(person):
        head = first_row[int(p)]
        kind = "person" if size[int(p)] > 1 else "contact"
        node = f"{kind}:{owners[head]}/{ids[head]}"
        if node in G:
            out[node] = out.get(node, 0) + int(per_row[i])
    return out


def _layout(G: nx.DiGraph, width: int, height: int) -> dict[Any, tuple[float, float]]:
    import networkx as nx

    if len(G) == 0:
        return {}
    n = len(G)
    iterations = 50 if n <= 2000 else 15
    raw = nx.spring_layout(
        G.to_undirected(as_view=True), seed=0, iterations=iterations, k=1.5 / math.sqrt(n)
    )
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx = (width - 80) / ((x1 - x0) or 1)
    sy = (height - 80) / ((y1 - y0) or 1)
    return {node: (40 + (p[0] - x0) * sx, 40 + (p[1] - y0) * sy) for node, p in raw.items()}


def network_html(
    G: nx.DiGraph,
    outcomes: dict[str, int] | None = None,
    *,
    title: str = "Network",
    width: int = 960,
    height: int = 640,
    fragment: bool = False,
) -> str:
    """The graph as a self-contained HTML page (inline SVG and script, no external files).

    `fragment=True` gives just the map (a `div` with its own scoped style), to show
    inside a notebook or report without touching the page around it.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("owner:me", kind="owner", label="me")
    >>> G.add_node("contact:me/a", kind="contact", label="a", source="alumni")
    >>> G.add_edge("owner:me", "contact:me/a")
    >>> page = network_html(G, {"contact:me/a": 2})
    >>> page.startswith("<!DOCTYPE html>"), "http" in page.replace("http://www.w3.org/2000/svg", "")
    (True, False)
    """
    outcomes = outcomes or {}
    pos = _layout(G, width, height)
    node_id = {node: f"n{i}" for i, node in enumerate(G.nodes)}
    edges = []
    for u, v, data in G.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        dash = ' stroke-dasharray="4 3"' if data.get("kind") == "referral" else ""
        edges.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'data-s="{node_id[u]}" data-t="{node_id[v]}"{dash}/>'
        )
    nodes = []
    present: set[str] = set()
    for node, data in G.nodes(data=True):
        x, y = pos[node]
        is_owner = data.get("kind") == "owner"
        source = str(data.get("source", "other"))
        if not is_owner:
            present.add(source)
        colour = OWNER_COLOUR if is_owner else PALETTE.get(source, PALETTE["other"])
        count = int(outcomes.get(str(node), 0))
        radius = 9.0 if is_owner else 4.0 + 3.0 * math.sqrt(count)
        lines = [str(data.get("label", node))]
        if is_owner:
            lines.append("owner")
        else:
            lines.append(f"source: {source}")
            for key in ("organization", "added_on", "depth"):
                if data.get(key) is not None:
                    lines.append(f"{key.replace('_', ' ')}: {data[key]}")
            lines.append(f"downstream outcomes: {count}")
        tip = html.escape("\n".join(lines))
        nodes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" '
            f'data-id="{node_id[node]}"><title>{tip}</title></circle>'
        )
    legend = "".join(
        f'<li><span style="background:{PALETTE[s]}"></span>{html.escape(s.replace("_", " "))}</li>'
        for s in PALETTE
        if s in present
    )
    legend = f'<li><span style="background:{OWNER_COLOUR}"></span>owner</li>' + legend
    stats = json.dumps({"nodes": G.number_of_nodes(), "edges": G.number_of_edges()})
    style = """
.infoview-network #net{border:1px solid #ccc;background:#fff;cursor:grab;touch-action:none;max-width:100%}
.infoview-network #edges line{stroke:#999;stroke-opacity:.6;stroke-width:1}
.infoview-network #nodes circle{stroke:#333;stroke-width:.6;cursor:pointer}
.infoview-network ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:10px;font-size:13px}
.infoview-network ul.legend span{display:inline-block;width:12px;height:12px;border-radius:6px;margin-right:4px;vertical-align:middle;border:1px solid #333}
"""
    inner = f"""<div class="infoview-network"><style>{style}</style>
<p>Colour: how each contact was found. Size: downstream outcomes (meetings, leads,
applications, interviews, offers of the contact and everyone it led to). Dashed: referral.
Wheel to zoom, drag to pan or move a node. <button id="reset" type="button">reset view</button></p>
<ul class="legend">{legend}</ul>
<svg id="net" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" data-stats='{stats}'>
<g id="view"><g id="edges">{"".join(edges)}</g><g id="nodes">{"".join(nodes)}</g></g></svg>
<script>{_SCRIPT}</script></div>"""
    if fragment:
        return inner
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:0;padding:12px;color:#222}}</style>
</head><body>
<h2>{html.escape(title)}</h2>
{inner}
</body></html>
"""


__all__ = ["network_html", "outcome_counts", "PALETTE"]
