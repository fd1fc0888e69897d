"""The network growth figure: new contacts per period by source, and the running total."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.views.palette import GREY, INK
from infoview_analysis.views.plots.figure import (
    OKABE_ITO,
    integer_axis,
    label_colours,
    new_figure,
    pretty_label,
    style_axes,
)
from infoview_analysis.views.plots.margins import TITLE_Y, fixed_margins
from infoview_analysis.views.text import figure_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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
    colours = label_colours(keep, top=len(OKABE_ITO))
    colours["other sources"] = GREY

    fig = new_figure(9, 4.8, layout=None, uncropped=True)  # margins: fixed_margins
    ax = fig.add_subplot()
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for group in table.columns:
        heights = table[group].to_numpy(dtype=float)
        ax.bar(
            x, heights, bottom=bottom, color=colours[group], label=pretty_label(group), width=0.8
        )
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
    ax.set_ylabel(f"{pretty_label(value).capitalize()} per period")
    integer_axis(ax.yaxis)
    ax.set_title(figure_text(title), loc="left", fontweight="bold", y=TITLE_Y)
    style_axes(ax)
    ax2 = None
    if "cumulative_contacts" in frame.columns:
        cumulative = frame.groupby("period")["cumulative_contacts"].sum().reindex(table.index)
        ax2 = ax.twinx()
        ax2.plot(x, cumulative.to_numpy(), color=INK, marker="o", lw=2, label="cumulative (right)")
        ax2.set_ylabel("Cumulative contacts")
        ax2.set_ylim(bottom=0)
        integer_axis(ax2.yaxis)
        ax2.spines["top"].set_visible(False)
        handles, names = ax.get_legend_handles_labels()
        h2, n2 = ax2.get_legend_handles_labels()
        ax.legend(handles + h2, names + n2, loc="upper left", frameon=False, fontsize=9)
    else:
        ax.legend(loc="upper left", frameon=False, fontsize=9)
    fixed_margins(fig, ax, twin=ax2)
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


__all__ = ["growth_by_source"]
