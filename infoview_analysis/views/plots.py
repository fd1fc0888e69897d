"""Figures for notebooks and reports: each function returns a `matplotlib.figure.Figure`.

Figures are built with the object API (`Figure()`, no pyplot state, never shown), so
they work headless and in papermill runs; save them with `fig.savefig(path)`.
matplotlib is imported inside the functions to keep `import infoview_analysis` light.
Colours come from `views.palette` (one colour per source everywhere; Okabe-Ito for
other categories). Names and ids from the data go through `views.text.figure_text`, so
a `$` in a name never starts mathtext. Count axes have integer ticks only.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.metrics.conversion import RATE_BASES, STAGES
from infoview_analysis.metrics.rates import MIN_RATE_BASE
from infoview_analysis.views.palette import GREY, INK, SERIES, colours_for
from infoview_analysis.views.tables import STAGE_WORDS
from infoview_analysis.views.text import figure_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

OKABE_ITO = SERIES  # the name other modules used; the colours live in views.palette
STAGE_LABELS = STAGE_WORDS  # one wording of the stages for tables and figures
# Outcome markers in the referral forest, best outcome first.
OUTCOME_MARKERS: tuple[tuple[str, str, str], ...] = (
    ("offer", "*", "offer"),
    ("interview", "D", "job interview"),
    ("application", "s", "job lead / application"),
    ("job_lead", "s", "job lead / application"),
    ("meeting", "o", "met"),
)


def _figure(
    width: float, height: float, layout: str | None = "constrained", uncropped: bool = False
) -> Figure:
    """A figure. `uncropped`: printed without `bbox_inches="tight"` yet as it looked
    cropped, the tight box plus a `_PAD_IN` border: larger by `_UNCROPPED` inches and,
    when laid out, with that border instead of the layout's own."""
    from matplotlib.figure import Figure

    if uncropped:
        width, height = width + _UNCROPPED, height + _UNCROPPED
    fig = Figure(figsize=(width, height), dpi=110, layout=layout)
    if uncropped and layout == "constrained":
        fig.get_layout_engine().set(w_pad=_PAD_IN, h_pad=_PAD_IN)
    return fig


def laid_out(fig: Figure) -> Figure:
    """Run a finished figure's layout engine now and keep the result without the engine.

    Printing a figure that has a layout engine draws it once more, without output, to
    lay it out (matplotlib's `print_figure`); laid out beforehand, it is drawn once. The
    axes end where the engine put them, so the picture is the same.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(layout="constrained"); _ = fig.add_subplot().set_title("T")
    >>> laid_out(fig).get_layout_engine() is None
    True
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine(None)
    return fig


def uncropped_figure(width: float, height: float) -> Figure:
    """A constrained-layout figure to print without `bbox_inches="tight"`: drawn once,
    it looks as the same figure cropped to its tight box with a `_PAD_IN` border did
    (same size on the page, same border), without the two extra draws of the crop.

    >>> uncropped_figure(4, 3).get_size_inches().round(3).tolist()
    [4.117, 3.117]
    """
    return _figure(width, height, uncropped=True)


# Margins measured, not laid out: a layout engine (and bbox_inches="tight") draws every
# artist once more per render, about half of a figure's time in a report.
_PAD_IN = 0.1  # white border around the labels and title, in inches
# A constrained figure cropped to its tight box with a _PAD_IN border (IPython's default
# printing) was this much larger than the figure laid out with the default 3 pt border.
_UNCROPPED = 2 * (_PAD_IN - 3 / 72)
# The title's height given: left to find it, matplotlib measures every tick label of
# the axes once more per draw, and on these axes (no top ticks, no offset text above
# them) it always finds the top of the axes.
_TITLE_Y = 1.0


@functools.cache
def _measurer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)  # at 72 dpi one pixel is one point


@functools.lru_cache(maxsize=4096)
def _text_inches(text: str, size: float, weight: object = "normal") -> float:
    """Width of one plain-text line in inches (measured, not drawn; labels, counts and
    dates repeat from report to report, so each is measured once per process)."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size, weight=weight)
    # figure_text escapes `$` as `\$`; drawn as plain text it is one `$`
    plain = text.replace(r"\$", "$")
    return _measurer().get_text_width_height_descent(plain, prop, ismath=False)[0] / 72


def _line_inches(size: object) -> float:
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=size).get_size_in_points() * 1.2 / 72  # one text line


def _fixed_margins(fig: Figure, ax, twin=None) -> None:
    """Place the one axes of a `layout=None` figure so that its labels and title fit.

    Room on the left for the widest y tick label (and the y label), below for x tick
    labels (slanted ones by their slanted height) and x label, above for the title, and
    on the right for texts in data coordinates that run past the axes (the funnel's
    counts, the timeline's days overdue) or for the tick labels and label of a `twin`
    axes' right y axis. Slanted x tick labels that run past the left edge widen it.
    """
    import matplotlib as mpl

    rc = mpl.rcParams
    width, height = fig.get_size_inches()
    y_room = (rc["ytick.major.size"] + rc["ytick.major.pad"]) / 72
    label_room = rc["axes.labelpad"] / 72 + _line_inches(rc["axes.labelsize"])
    left = _PAD_IN + y_room + _widest(ax.get_yticklabels())
    if ax.get_ylabel():
        left += label_room
    line = _line_inches(rc["xtick.labelsize"])
    x_labels = ax.get_xticklabels()
    slant = [np.radians(t.get_rotation()) for t in x_labels]
    x_widths = [_text_inches(t.get_text(), t.get_fontsize()) for t in x_labels]
    tall = max(
        (w * np.sin(r) + line * np.cos(r) for w, r in zip(x_widths, slant, strict=True)),
        default=line,
    )
    bottom = _PAD_IN + (rc["xtick.major.size"] + rc["xtick.major.pad"]) / 72
    bottom += max(line, tall)
    if ax.get_xlabel():
        bottom += label_room
    top = _PAD_IN + rc["axes.titlepad"] / 72 + _line_inches(rc["axes.titlesize"])
    axis_right = 0.0  # room for the twin's right y axis, beyond the border
    if twin is not None:
        axis_right = y_room + _widest(twin.get_yticklabels())
        if twin.get_ylabel():
            axis_right += label_room
    span = width - left - _PAD_IN - axis_right  # the axes' width without a right margin
    x0, x1 = ax.get_xlim()
    # (start as a fraction of the axes' width, inches drawn from there) of texts that may
    # run past the right edge: data texts, and the right half of a centred tick label
    ends = [
        (
            (float(ax.xaxis.convert_units(t.get_position()[0])) - x0) / (x1 - x0),
            _text_inches(t.get_text(), t.get_fontsize()),
        )
        for t in ax.texts
        if t.get_transform() is ax.transData
    ]
    ticks = [
        ((loc - x0) / (x1 - x0), w, r, t.get_horizontalalignment())
        for loc, t, w, r in zip(ax.get_xticks(), x_labels, x_widths, slant, strict=True)
        if min(x0, x1) <= loc <= max(x0, x1)
    ]
    ends += [(f, w / 2) for f, w, r, ha in ticks if ha == "center" and not r]
    right = 0.0
    for f, w in ends:
        if f > 0:  # fits when w - (1 - f) * (span - right) <= right
            right = max(right, (w - (1 - f) * span) / f)
    right = max(right, axis_right)
    # a slanted label ending at its tick reaches its slanted width to the left of it
    starts = [(f, w * np.cos(r) + line * np.sin(r)) for f, w, r, ha in ticks if r and ha == "right"]
    for _ in range(2):  # a wider left margin narrows the axes: settle in two rounds
        axes_width = width - left - _PAD_IN - right
        left = max([left, *(_PAD_IN + w - f * axes_width for f, w in starts)])
    span = width - left - _PAD_IN  # so that span - right is the axes' width
    title = ax.get_title(loc="left")
    over = left + _text_inches(title, rc["axes.titlesize"], "bold") + _PAD_IN - width
    if title and over > 0:  # long names pushed the title off the right: start it further left
        shift = min(over, left - _PAD_IN) / (span - right)
        ax.set_title(title, loc="left", fontweight="bold", x=-shift, y=_TITLE_Y)
    fig.subplots_adjust(
        left=left / width,
        right=1 - (_PAD_IN + right) / width,
        bottom=bottom / height,
        top=1 - top / height,
    )


def _widest(labels) -> float:
    """Width in inches of the widest of some tick labels (0 for none)."""
    return max((_text_inches(t.get_text(), t.get_fontsize()) for t in labels), default=0.0)


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=INK)


def _palette(labels: Sequence[str], top: int = len(SERIES)) -> dict[str, str]:
    """Sources keep their one colour everywhere; other labels: Okabe-Ito, then grey."""
    return colours_for(list(labels), top=top)


def _integer_axis(axis) -> None:
    """Ticks on whole numbers only: counts of people or events have no halves."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _pretty(label: object) -> str:
    return figure_text(str(label).replace("_", " "))


def growth_by_source(
    growth: pd.DataFrame,
    by: str = "source",
    value: str = "new_contacts",
    top: int = 6,
    title: str = "Network growth by source",
) -> Figure:
    """Stacked bars of `value` per period by `by`, and the cumulative total as a line.

    Takes `growth.network_growth(log, by="source")` (columns `period`, `by`,
    `new_contacts`, `cumulative_contacts`, ...). The `top` largest groups keep their
    own colour, the rest are pooled as "other sources".

    >>> g = pd.DataFrame({"period": pd.period_range("2026-01", periods=2, freq="M").repeat(2),
    ...                   "source": ["friend", "alumni"] * 2, "new_contacts": [1, 2, 0, 3],
    ...                   "cumulative_contacts": [1, 2, 1, 5]})
    >>> growth_by_source(g).axes[0].get_ylabel()
    'New contacts per period'
    """
    frame = growth.copy()
    if by not in frame.columns:
        frame[by] = "all"
    frame[by] = frame[by].astype(object).where(frame[by].notna(), "unknown")
    totals = frame.groupby(by)[value].sum().sort_values(ascending=False, kind="stable")
    keep = list(totals.index[:top])
    frame["_group"] = frame[by].where(frame[by].isin(keep), "other sources")
    table = frame.pivot_table(index="period", columns="_group", values=value, aggfunc="sum")
    order = [g for g in keep if g in table.columns] + (
        ["other sources"] if "other sources" in table.columns else []
    )
    table = table.reindex(columns=order).fillna(0)
    # Start where the data starts: leading periods with nothing in them are left out
    # (a period with contacts from before it has started, as in the growth table).
    filled = table.sum(axis=1)
    if "cumulative_contacts" in frame.columns:
        filled = filled + frame.groupby("period")["cumulative_contacts"].sum().reindex(
            table.index, fill_value=0
        )
    started = np.flatnonzero(filled.to_numpy() > 0)
    if len(started) and started[0] > 0:
        table = table.iloc[started[0] :]
    colours = _palette(keep, top=len(OKABE_ITO))
    colours["other sources"] = GREY

    fig = _figure(9, 4.8, layout=None, uncropped=True)  # margins: _fixed_margins
    ax = fig.add_subplot()
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for group in table.columns:
        heights = table[group].to_numpy(dtype=float)
        ax.bar(x, heights, bottom=bottom, color=colours[group], label=_pretty(group), width=0.8)
        bottom += heights
    labels = [_period_label(p) for p in table.index]
    step = max(1, int(np.ceil(len(x) / 12)))  # at most about a dozen tick labels
    rotate = len(x[::step]) > 8
    ax.set_xticks(
        x[::step], labels[::step], rotation=45 if rotate else 0, ha="right" if rotate else "center"
    )
    ax.set_xlim(-0.6, len(x) - 0.4)
    unit = _period_unit(table.index)
    ax.set_xlabel(f"Period ({unit})")
    ax.set_ylabel(f"{_pretty(value).capitalize()} per period")
    _integer_axis(ax.yaxis)
    ax.set_title(figure_text(title), loc="left", fontweight="bold", y=_TITLE_Y)
    _style(ax)
    ax2 = None
    if "cumulative_contacts" in frame.columns:
        cumulative = frame.groupby("period")["cumulative_contacts"].sum().reindex(table.index)
        ax2 = ax.twinx()
        ax2.plot(x, cumulative.to_numpy(), color=INK, marker="o", lw=2, label="cumulative (right)")
        ax2.set_ylabel("Cumulative contacts")
        ax2.set_ylim(bottom=0)
        _integer_axis(ax2.yaxis)
        ax2.spines["top"].set_visible(False)
        handles, names = ax.get_legend_handles_labels()
        h2, n2 = ax2.get_legend_handles_labels()
        ax.legend(handles + h2, names + n2, loc="upper left", frameon=False, fontsize=9)
    else:
        ax.legend(loc="upper left", frameon=False, fontsize=9)
    _fixed_margins(fig, ax, twin=ax2)
    return fig


def _period_label(p: object) -> str:
    if isinstance(p, pd.Period):
        return p.strftime("%Y-%m") if p.freqstr.startswith("M") else str(p).split("/")[0]
    if isinstance(p, pd.Timestamp):
        return f"{p:%Y-%m-%d}"
    return str(p)


def _period_unit(index: pd.Index) -> str:
    if isinstance(index, pd.PeriodIndex):
        code = index.freqstr[0]
        return {"W": "week", "M": "month", "Q": "quarter", "Y": "year", "D": "day"}.get(
            code, index.freqstr
        )
    return "start date"


_BASE_OF = {numerator: base for numerator, base in RATE_BASES.values()}


def funnel_chart(funnel: pd.DataFrame, title: str = "Follow-up conversion funnel") -> Figure:
    """Horizontal funnel of stage counts, each labelled with its rate over the stage before.

    Takes `conversion.funnel(...)` output; several rows (groups) are added up.

    >>> f = pd.DataFrame([dict(contacted=10, replied=6, met=4, thanked=3, followed_up=1,
    ...                        converted=1)])
    >>> funnel_chart(f).axes[0].get_xlabel()
    'People (one conversation each)'
    """
    counts = funnel[list(STAGES)].sum().astype(int)
    fig = _figure(8, 4.2, layout=None)  # margins: _fixed_margins
    ax = fig.add_subplot()
    y = np.arange(len(STAGES))[::-1]
    colours = [OKABE_ITO[0]] * 3 + [OKABE_ITO[2]] * 2 + [OKABE_ITO[5]]
    ax.barh(y, counts.to_numpy(), color=colours, height=0.7)
    top = max(int(counts.max()), 1)
    for i, stage in enumerate(STAGES):
        n = int(counts[stage])
        text = f"{n:,}"
        if i:  # each stage over its base (conversion.RATE_BASES), e.g. converted of contacted
            base = _BASE_OF[stage]
            prev = int(counts[base])
            if prev and prev < MIN_RATE_BASE:  # too few for a percentage: say the counts
                text += f"  ({n} of {prev} {STAGE_LABELS[base].lower()})"
            elif prev:
                text += f"  ({n / prev:.0%} of {STAGE_LABELS[base].lower()})"
        ax.text(n + top * 0.01, y[i], text, va="center", fontsize=10, color=INK)
    ax.set_yticks(y, [STAGE_LABELS[s] for s in STAGES])
    ax.set_xlim(0, top * 1.45)
    ax.set_xlabel("People (one conversation each)")
    _integer_axis(ax.xaxis)
    ax.set_title(figure_text(title), loc="left", fontweight="bold", y=_TITLE_Y)
    _style(ax)
    _fixed_margins(fig, ax)
    return fig


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
    colours = _palette(list(by_count.index))
    best = _best_outcome(events, ch["_id"], owner).to_numpy()

    width = min(max(6.0, 0.32 * max(len(leaves), 1) + 2), 16)
    fig = _figure(width, 5.2, uncropped=True)  # printed uncropped, drawn once
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
            for i in at:  # greedy left to right; roots always named
                if level == 1 or x[i] - last >= min_gap:
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
        Line2D([], [], ls="", marker="o", markersize=8, color=colours[s], label=_pretty(s))
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
    notes = [f"{_count(n_trees, 'chain')}, {n} {'person' if n == 1 else 'people'}"]
    if hidden_roots:
        notes.append(f"{_count(hidden_roots, 'direct contact')} without referrals not shown")
    if on_cycle.any():
        notes.append(f"{int(on_cycle.sum())} on a referral cycle not shown")
    if unnamed:
        notes.append(f"{unnamed} names left out where they would overlap")
    ax.set_xlabel(
        "People, grouped under the direct contact who started each chain\n("
        + "; ".join(notes)
        + ")"
    )
    _style(ax)
    ax.spines["bottom"].set_visible(False)
    return laid_out(fig)


def overdue_timeline(
    todo: pd.DataFrame,
    as_of: object | None = None,
    top: int = 25,
    title: str = "Overdue thank-yous and follow-ups",
) -> Figure:
    """The to-do list on a time axis: meeting (dot), due date, and the overdue stretch.

    Takes `conversion.overdue(log, as_of)`; shows the `top` most overdue items.

    >>> t = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "name": ["Ana"],
    ...                   "meeting": [pd.Timestamp("2026-03-01")], "owed": ["thank_you"],
    ...                   "due": [pd.Timestamp("2026-03-03")], "days_overdue": [4]})
    >>> overdue_timeline(t, "2026-03-07").axes[0].get_xlabel()
    'Date'
    """
    fig = _figure(9, 1.2 + 0.32 * max(min(len(todo), top), 3), layout=None)
    ax = fig.add_subplot()
    if as_of is None:
        as_of = (todo["due"] + pd.to_timedelta(todo["days_overdue"], unit="D")).max()
    as_of = pd.Timestamp(as_of) if as_of is not None and not pd.isna(as_of) else None
    items = todo.sort_values("days_overdue", ascending=False, kind="stable").head(top)
    items = items.iloc[::-1].reset_index(drop=True)
    heading = figure_text(title) + (f" as of {as_of:%Y-%m-%d}" if as_of is not None else "")
    if len(todo) > top:
        heading += f" ({top} most overdue of {len(todo)})"
    ax.set_title(heading, loc="left", fontweight="bold", y=_TITLE_Y)
    ax.set_xlabel("Date")
    _style(ax)
    if items.empty:
        ax.text(
            0.5,
            0.5,
            "Nothing overdue",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize=12,
            color=INK,
        )
        ax.set_yticks([])
        _fixed_margins(fig, ax)
        return fig
    colour = {"thank_you": OKABE_ITO[5], "follow_up": OKABE_ITO[0]}
    y = np.arange(len(items))
    owed = items["owed"].astype(str).to_numpy()
    end = as_of if as_of is not None else items["due"].max()
    # numpy dates: matplotlib converts a Series of dates one Timestamp at a time
    due_at = items["due"].to_numpy("datetime64[ns]")
    met_at = items["meeting"].to_numpy("datetime64[ns]")
    for kind, name in (("thank_you", "thank-you overdue"), ("follow_up", "follow-up overdue")):
        m = owed == kind
        if not m.any():
            continue
        ax.hlines(y[m], due_at[m], end, color=colour[kind], lw=6, label=name)
        ax.hlines(y[m], met_at[m], due_at[m], color=colour[kind], lw=1.2, alpha=0.6)
    ax.scatter(met_at, y, color=INK, s=22, zorder=3, label="meeting")
    for yi, days in zip(y, items["days_overdue"], strict=True):
        ax.text(end, yi, f"  {int(days)} d", va="center", fontsize=8, color=INK)
    many_owners = items["owner_id"].astype(object).nunique() > 1
    names = items["name"] if "name" in items else pd.Series(pd.NA, index=items.index)
    who = names.astype(object).fillna(items["contact_id"].astype(object))
    if many_owners:
        who = items["owner_id"].astype(str) + ": " + who.astype(str)
    ax.set_yticks(y, [figure_text(w) for w in who.astype(str)])
    ax.axvline(end, color=INK, lw=1, ls="--")
    import matplotlib.dates as mdates

    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.legend(loc="lower left", frameon=False, fontsize=8)
    ax.margins(x=0.08)
    ax.set_ylim(-0.8, len(items) - 0.4)
    _fixed_margins(fig, ax)
    return fig


def cohort_comparison(
    groups: pd.DataFrame,
    metrics: Sequence[str] = ("career_outcomes_rate", "reply_rate", "median_meetings"),
    title: str = "Cohort comparison",
) -> Figure:
    """One panel per metric, one bar per group; suppressed groups say so instead of a bar.

    Takes `cohort.group_outcomes(...)` output; the key columns are those before
    `n_owners`. Rates are drawn as percentages.

    >>> g = pd.DataFrame({"cohort": ["2025", "2026"], "n_owners": [12, pd.NA],
    ...                   "suppressed": [False, True], "career_outcomes_rate": [0.7, None],
    ...                   "reply_rate": [0.5, None], "median_meetings": [4.0, None]})
    >>> [ax.get_title() for ax in cohort_comparison(g).axes]
    ['Career outcomes rate', 'Reply rate', 'Median meetings']
    """
    keys = list(groups.columns[: list(groups.columns).index("n_owners")])
    labels = (
        groups[keys].astype(object).fillna("(none)").astype(str).agg(" / ".join, axis=1)
        if keys
        else pd.Series(["all"] * len(groups))
    )
    suppressed = groups["suppressed"].fillna(False).to_numpy(bool)
    sizes = pd.to_numeric(groups["n_owners"], errors="coerce")
    labels = labels.where(
        suppressed | sizes.isna(), labels + " (n=" + sizes.astype("Int64").astype(str) + ")"
    )
    n = len(groups)
    fig = _figure(3.4 * len(metrics) + 1.6, 1.3 + 0.34 * max(n, 3))
    axes = fig.subplots(1, len(metrics), sharey=True, squeeze=False)[0]
    y = np.arange(n)[::-1]
    for k, (ax, metric) in enumerate(zip(axes, metrics, strict=True)):
        values = pd.to_numeric(groups[metric], errors="coerce").to_numpy(dtype=float)
        is_rate = metric.endswith("_rate")
        shown = values * 100 if is_rate else values
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        ok = ~suppressed & ~np.isnan(shown)
        ax.barh(y[ok], shown[ok], color=colour, height=0.7)
        top = np.nanmax(shown[ok]) if ok.any() else 1.0
        for yi, v, sup in zip(y, shown, suppressed, strict=True):
            if sup:
                ax.text(
                    0,
                    yi,
                    " suppressed (small group)",
                    va="center",
                    fontsize=8,
                    color="#666666",
                    style="italic",
                )
            elif np.isnan(v):
                ax.text(0, yi, " no data", va="center", fontsize=8, color="#666666")
            else:
                ax.text(
                    v,
                    yi,
                    f" {v:.0f}%"
                    if is_rate
                    else f" {v:,.0f}"
                    if float(v).is_integer()
                    else f" {v:,.1f}",
                    va="center",
                    fontsize=8,
                    color=INK,
                )
        name = _pretty(metric).capitalize()
        ax.set_title(name, fontsize=10)
        ax.set_ylim(-0.7, n - 0.3)
        if is_rate:
            ax.set_xlim(0, max(100.0, top * 1.15))
            ax.set_xlabel("Percent")
        else:
            ax.set_xlim(0, top * 1.3 if top > 0 else 1)
            ax.set_xlabel("Per student")
        _style(ax)
    axes[0].set_yticks(y, [figure_text(v) for v in labels])
    axes[0].set_ylabel(" / ".join(_pretty(k) for k in keys) or "group")
    fig.suptitle(figure_text(title), x=0.01, ha="left", fontweight="bold")
    return fig


__all__ = [
    "OKABE_ITO",
    "laid_out",
    "uncropped_figure",
    "growth_by_source",
    "funnel_chart",
    "referral_forest",
    "overdue_timeline",
    "cohort_comparison",
]
