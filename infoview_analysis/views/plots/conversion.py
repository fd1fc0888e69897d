"""The follow-up conversion figures: the funnel and the overdue to-do timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.metrics.conversion import RATE_BASES, STAGES
from infoview_analysis.metrics.rates import MIN_RATE_BASE
from infoview_analysis.views.palette import INK
from infoview_analysis.views.plots.figure import OKABE_ITO, integer_axis, new_figure, style_axes
from infoview_analysis.views.plots.margins import TITLE_Y, fixed_margins
from infoview_analysis.views.tables import STAGE_WORDS
from infoview_analysis.views.text import figure_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STAGE_LABELS = STAGE_WORDS  # one wording of the stages for tables and figures
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
    fig = new_figure(8, 4.2, layout=None)  # margins: fixed_margins
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
    integer_axis(ax.xaxis)
    ax.set_title(figure_text(title), loc="left", fontweight="bold", y=TITLE_Y)
    style_axes(ax)
    fixed_margins(fig, ax)
    return fig


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
    fig = new_figure(9, 1.2 + 0.32 * max(min(len(todo), top), 3), layout=None)
    ax = fig.add_subplot()
    if as_of is None:
        as_of = (todo["due"] + pd.to_timedelta(todo["days_overdue"], unit="D")).max()
    as_of = pd.Timestamp(as_of) if as_of is not None and not pd.isna(as_of) else None
    items = todo.sort_values("days_overdue", ascending=False, kind="stable").head(top)
    items = items.iloc[::-1].reset_index(drop=True)
    heading = figure_text(title) + (f" as of {as_of:%Y-%m-%d}" if as_of is not None else "")
    if len(todo) > top:
        heading += f" ({top} most overdue of {len(todo)})"
    ax.set_title(heading, loc="left", fontweight="bold", y=TITLE_Y)
    ax.set_xlabel("Date")
    style_axes(ax)
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
        fixed_margins(fig, ax)
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
    fixed_margins(fig, ax)
    return fig


__all__ = ["STAGE_LABELS", "funnel_chart", "overdue_timeline"]
