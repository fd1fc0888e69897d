"""The cohort comparison figure: one panel per metric, one bar per group of students."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.views.palette import INK
from infoview_analysis.views.plots.figure import OKABE_ITO, new_figure, pretty_label, style_axes
from infoview_analysis.views.text import figure_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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
    fig = new_figure(3.4 * len(metrics) + 1.6, 1.3 + 0.34 * max(n, 3))
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
        name = pretty_label(metric).capitalize()
        ax.set_title(name, fontsize=10)
        ax.set_ylim(-0.7, n - 0.3)
        if is_rate:
            ax.set_xlim(0, max(100.0, top * 1.15))
            ax.set_xlabel("Percent")
        else:
            ax.set_xlim(0, top * 1.3 if top > 0 else 1)
            ax.set_xlabel("Per student")
        style_axes(ax)
    axes[0].set_yticks(y, [figure_text(v) for v in labels])
    axes[0].set_ylabel(" / ".join(pretty_label(k) for k in keys) or "group")
    fig.suptitle(figure_text(title), x=0.01, ha="left", fontweight="bold")
    return fig


__all__ = ["cohort_comparison"]
