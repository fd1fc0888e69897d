"""The referral forest: each owner's referral trees drawn top-down, coloured by source,
marked by outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.views.palette import GREY, INK
from infoview_analysis.views.plots.figure import (
    count_text,
    label_colours,
    laid_out,
    new_figure,
    pretty_label,
    style_axes,
)
from infoview_analysis.views.text import figure_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Outcome markers in the referral forest, best outcome first.
OUTCOME_MARKERS: tuple[tuple[str, str, str], ...] = (
    ("offer", "*", "offer"),
    ("interview", "D", "job interview"),
    ("application", "s", "job lead / application"),
    ("job_lead", "s", "job lead / application"),
    ("meeting", "o", "met"),
)


def _best_outcome(events: pd.DataFrame | None, ids: pd.Series, owner: object) -> pd.Series:
    """Index into OUTCOME_MARKERS of each contact's best outcome; len() when none."""
    none = len(OUTCOME_MARKERS)
    if events is None or events.empty:
        return pd.Series(none, index=ids.index)
    ev = events
    if owner is not None and "owner_id" in ev.columns:
        ev = ev[ev["owner_id"].astype(object) == owner]
    rank = {t: i for i, (t, _, _) in enumerate(OUTCOME_MARKERS)}
    r = ev["type"].astype(object).map(rank)
    best = r.groupby(ev["contact_id"].astype(object)).min()
    return ids.astype(object).map(best).fillna(none).astype(int)


def referral_forest(
    chains: pd.DataFrame,
    contacts: pd.DataFrame,
    events: pd.DataFrame | None = None,
    owner: object | None = None,
    min_size: int = 2,
    label: str | None = "name",
    title: str | None = None,
) -> Figure:
    """Referral trees drawn top-down: roots on top, one row per depth, leaves spread out.

    `chains` is `referrals.referral_chains(log)` (`owner_id`, `contact_id`, `depth`,
    `root`, `path`, `cycle`), `contacts` is `log.contacts` (source, referred_by, names),
    `events` optional (`log.events`) for outcome markers: star offer, diamond job
    interview, square job lead / application, filled circle met, hollow none. Colour =
    how you found the first person of the tree (its root's source), for everyone in
    it. Trees with fewer than `min_size` people are left out (counted in the subtitle),
    and so are contacts on a referral cycle. Everyone whose name fits beside the
    neighbour at the same depth is labelled with `label` (a contacts column, or None);
    roots always are.

    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"], "name": ["A", "B"],
    ...                   "source": ["friend", "alumni"], "referred_by": [None, "a"]})
    >>> ch = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"], "depth": [1, 2],
    ...                    "root": ["a", "a"], "path": ["a", "a > b"], "cycle": False})
    >>> referral_forest(ch, c).axes[0].get_ylabel()
    'Referral depth (1 = direct contact)'
    """
    ch = chains.reset_index(drop=True)
    co = contacts.reset_index(drop=True)
    owners = ch["owner_id"].astype(object)
    if owner is None:
        owner = owners.iloc[0] if len(owners) else None
    mine = (owners == owner).to_numpy()
    ch = ch[mine].reset_index(drop=True)
    co_mine = co[(co["owner_id"].astype(object) == owner).to_numpy()]
    co_mine = co_mine.set_index(co_mine["contact_id"].astype(object))
    ids = ch["contact_id"].astype(object)
    on_cycle = ch["cycle"].fillna(False).to_numpy(bool) | ch["depth"].isna().to_numpy()
    tree_size = ids[~on_cycle].groupby(ch["root"].astype(object)[~on_cycle]).transform("size")
    keep = np.zeros(len(ch), dtype=bool)
    keep[np.flatnonzero(~on_cycle)] = (tree_size >= min_size).to_numpy()
    hidden_roots = int(((ch["depth"] == 1) & ~on_cycle & ~keep).sum())
    ch = ch[keep].copy()
    ch["_id"] = ch["contact_id"].astype(object)
    ch["_depth"] = ch["depth"].astype(int)
    ch = ch.sort_values("path", key=lambda s: s.astype(str), kind="stable").reset_index(drop=True)

    # Layout: leaves on consecutive x in depth-first order, parents centred over children.
    at = pd.Series(np.arange(len(ch)), index=ch["_id"])
    parent_id = co_mine["referred_by"].astype(object).reindex(ch["_id"]).to_numpy()
    parent = at.reindex(parent_id).to_numpy()
    parent = np.where((ch["_depth"].to_numpy() > 1) & ~np.isnan(parent), parent, -1).astype(int)
    n = len(ch)
    has_child = np.zeros(n, dtype=bool)
    has_child[parent[parent >= 0]] = True
    x = np.full(n, np.nan)
    leaves = np.flatnonzero(~has_child)
    x[leaves] = np.arange(len(leaves), dtype=float)
    # a little extra space between trees
    tree_of_leaf = pd.factorize(ch["root"].astype(object))[0][leaves]
    x[leaves] += 0.6 * np.r_[0, np.cumsum(np.diff(tree_of_leaf) != 0)]
    depth = ch["_depth"].to_numpy()
    for level in range(int(depth.max(initial=1)), 1, -1):
        kids = np.flatnonzero((depth == level) & (parent >= 0))
        sums = np.bincount(parent[kids], weights=x[kids], minlength=n)
        cnt = np.bincount(parent[kids], minlength=n)
        inner = (cnt > 0) & (depth == level - 1)
        x[inner] = sums[inner] / cnt[inner]

    # Colour = the source of the tree's first person, as the legend and reports say.
    source = (
        co_mine["source"].astype(object).reindex(ch["root"].astype(object)).fillna("other")
    ).to_numpy()
    by_count = pd.Series(source).value_counts()
    colours = label_colours(list(by_count.index))
    best = _best_outcome(events, ch["_id"], owner).to_numpy()

    width = min(max(6.0, 0.32 * max(len(leaves), 1) + 2), 16)
    fig = new_figure(width, 5.2, uncropped=True)  # printed uncropped, drawn once
    ax = fig.add_subplot()
    from matplotlib.collections import LineCollection

    child = np.flatnonzero(parent >= 0)
    segments = [
        [(x[p], -depth[p]), (x[c], -depth[c])] for c, p in zip(child, parent[child], strict=True)
    ]
    ax.add_collection(LineCollection(segments, colors="#BBBBBB", linewidths=1.2, zorder=1))
    drawn_sources = set()
    for src in by_count.index:
        for i, (_, marker, _) in enumerate(OUTCOME_MARKERS):
            m = (source == src) & (best == i)
            if m.any():
                size = 220 if marker == "*" else 70
                ax.scatter(
                    x[m],
                    -depth[m],
                    s=size,
                    marker=marker,
                    color=colours[src],
                    edgecolors=INK,
                    linewidths=0.6,
                    zorder=3,
                )
                drawn_sources.add(src)
        m = (source == src) & (best == len(OUTCOME_MARKERS))
        if m.any():
            ax.scatter(
                x[m],
                -depth[m],
                s=60,
                marker="o",
                facecolors="white",
                edgecolors=colours[src],
                linewidths=1.8,
                zorder=3,
            )
            drawn_sources.add(src)
    if n:
        # Room on the right for the last slanted name, clear of the legends.
        ax.set_xlim(np.nanmin(x) - 1, np.nanmax(x) + 6)
    if label is not None and label in co_mine.columns and n:
        names = co_mine[label].astype(object).reindex(ch["_id"]).fillna("").to_numpy()
        # Inches per x unit: a name fits when its neighbour at the same depth is at least
        # a line height away along the axis (labels are slanted at 35 degrees).
        fig_width = width * 0.72
        per_unit = fig_width / max(np.nanmax(x) - np.nanmin(x) + 7, 1)
        min_gap = (10 / 72) / np.sin(np.radians(35)) / per_unit  # a 7 pt line and a gap
        fits = np.zeros(n, dtype=bool)
        for level in np.unique(depth):
            at = np.flatnonzero(depth == level)
            at = at[np.argsort(x[at], kind="stable")]
            last = -np.inf
            for i in at:  # greedy left to right, at every depth: 165 roots side by side
                if x[i] - last >= min_gap:  # would otherwise overwrite each other's names
                    fits[i] = True
                    last = x[i]
        for i in np.flatnonzero(fits & (names != "")):
            ax.annotate(
                figure_text(names[i]),
                (x[i], -depth[i]),
                xytext=(4, 5),
                textcoords="offset points",
                ha="left",
                va="bottom",
                rotation=35,
                rotation_mode="anchor",
                fontsize=7 if depth[i] > 1 else 8,
                color=INK,
                zorder=4,
            )
        unnamed = int((~fits & (names != "")).sum())
    else:
        unnamed = 0

    from matplotlib.lines import Line2D

    named = [s for s in by_count.index if s in drawn_sources and colours[s] != GREY]
    src_handles = [
        Line2D([], [], ls="", marker="o", markersize=8, color=colours[s], label=pretty_label(s))
        for s in named
    ]
    if any(colours[s] == GREY for s in drawn_sources):
        src_handles.append(
            Line2D([], [], ls="", marker="o", markersize=8, color=GREY, label="remaining sources")
        )
    seen = []
    out_handles = []
    for _, marker, name in OUTCOME_MARKERS:
        if name in seen:
            continue
        seen.append(name)
        out_handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker=marker,
                color=GREY,
                markeredgecolor=INK,
                markersize=11 if marker == "*" else 7,
                label=name,
            )
        )
    out_handles.append(
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            markerfacecolor="white",
            markeredgecolor=GREY,
            markersize=7,
            label="not met",
        )
    )
    leg = ax.legend(
        handles=src_handles,
        title="How you found\nthe first person",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=8,
        title_fontsize=9,
    )
    ax.add_artist(leg)
    ax.legend(
        handles=out_handles,
        title="Outcome",
        loc="lower left",
        bbox_to_anchor=(1.01, 0.0),
        frameon=False,
        fontsize=8,
        title_fontsize=9,
    )
    max_depth = int(depth.max(initial=1))
    ax.set_yticks(-np.arange(1, max_depth + 1), [str(d) for d in range(1, max_depth + 1)])
    ax.set_ylim(-max_depth - 0.5, -0.2)
    ax.set_xticks([])
    ax.set_ylabel("Referral depth (1 = direct contact)")
    n_trees = int((depth == 1).sum())
    ax.set_title(
        figure_text(
            title or ("Your referral trees" if owner == "me" else f"Referral trees of {owner}")
        ),
        loc="left",
        fontweight="bold",
    )
    notes = [f"{count_text(n_trees, 'chain')}, {n} {'person' if n == 1 else 'people'}"]
    if hidden_roots:
        notes.append(f"{count_text(hidden_roots, 'direct contact')} without referrals not shown")
    if on_cycle.any():
        notes.append(f"{int(on_cycle.sum())} on a referral cycle not shown")
    if unnamed:
        notes.append(f"{unnamed} names left out where they would overlap")
    # Wrapped to the drawing's width: centred under a narrow forest, one long line ran
    # past the figure's left edge and lost its start.
    # Lines break between notes only, so each note reads whole.
    fits = max(40, int(width * 0.72 * 12))  # characters of 10 pt text across the drawing
    lines = [f"({notes[0]}"]
    for note in notes[1:]:
        if len(lines[-1]) + len(note) + 2 > fits:
            lines[-1] += ";"
            lines.append(note)
        else:
            lines[-1] += f"; {note}"
    counts = "\n".join(lines) + ")"
    ax.set_xlabel("People, grouped under the direct contact who started each chain\n" + counts)
    style_axes(ax)
    ax.spines["bottom"].set_visible(False)
    return laid_out(fig)


__all__ = ["OUTCOME_MARKERS", "referral_forest"]
