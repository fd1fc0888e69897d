"""Margins measured, not laid out: one axes placed so that its labels and title fit.

A layout engine (and bbox_inches="tight") draws every artist once more per render,
about half of a figure's time in a report; measuring the text instead costs nothing.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PAD_IN = 0.1  # white border around the labels and title, in inches
# The title's height given: left to find it, matplotlib measures every tick label of
# the axes once more per draw, and on these axes (no top ticks, no offset text above
# them) it always finds the top of the axes.
TITLE_Y = 1.0


@functools.cache
def _measurer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)  # at 72 dpi one pixel is one point


@functools.lru_cache(maxsize=4096)
def text_inches(text: str, size: float, weight: object = "normal") -> float:
    """Width of one plain-text line in inches (measured, not drawn; labels, counts and
    dates repeat from report to report, so each is measured once per process).

    >>> text_inches("Ana", 10) < text_inches("Ana Ruiz", 10)
    True
    """
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size, weight=weight)
    # figure_text escapes `$` as `\$`; drawn as plain text it is one `$`
    plain = text.replace(r"\$", "$")
    return _measurer().get_text_width_height_descent(plain, prop, ismath=False)[0] / 72


def _line_inches(size: object) -> float:
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=size).get_size_in_points() * 1.2 / 72  # one text line


def fixed_margins(fig: Figure, ax, twin=None) -> None:
    """Place the one axes of a `layout=None` figure so that its labels and title fit.

    Room on the left for the widest y tick label (and the y label), below for x tick
    labels (slanted ones by their slanted height) and x label, above for the title, and
    on the right for texts in data coordinates that run past the axes (the funnel's
    counts, the timeline's days overdue) or for the tick labels and label of a `twin`
    axes' right y axis. Slanted x tick labels that run past the left edge widen it.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(4, 3)); ax = fig.add_subplot(); _ = ax.set_ylabel("People")
    >>> fixed_margins(fig, ax); bool(fig.subplotpars.left > 0.1)
    True
    """
    import matplotlib as mpl

    rc = mpl.rcParams
    width, height = fig.get_size_inches()
    y_room = (rc["ytick.major.size"] + rc["ytick.major.pad"]) / 72
    label_room = rc["axes.labelpad"] / 72 + _line_inches(rc["axes.labelsize"])
    left = PAD_IN + y_room + _widest(ax.get_yticklabels())
    if ax.get_ylabel():
        left += label_room
    line = _line_inches(rc["xtick.labelsize"])
    x_labels = ax.get_xticklabels()
    slant = [np.radians(t.get_rotation()) for t in x_labels]
    x_widths = [text_inches(t.get_text(), t.get_fontsize()) for t in x_labels]
    tall = max(
        (w * np.sin(r) + line * np.cos(r) for w, r in zip(x_widths, slant, strict=True)),
        default=line,
    )
    bottom = PAD_IN + (rc["xtick.major.size"] + rc["xtick.major.pad"]) / 72
    bottom += max(line, tall)
    if ax.get_xlabel():
        bottom += label_room
    top = PAD_IN + rc["axes.titlepad"] / 72 + _line_inches(rc["axes.titlesize"])
    axis_right = 0.0  # room for the twin's right y axis, beyond the border
    if twin is not None:
        axis_right = y_room + _widest(twin.get_yticklabels())
        if twin.get_ylabel():
            axis_right += label_room
    span = width - left - PAD_IN - axis_right  # the axes' width without a right margin
    x0, x1 = ax.get_xlim()
    # (start as a fraction of the axes' width, inches drawn from there) of texts that may
    # run past the right edge: data texts, and the right half of a centred tick label
    ends = [
        (
            (float(ax.xaxis.convert_units(t.get_position()[0])) - x0) / (x1 - x0),
            text_inches(t.get_text(), t.get_fontsize()),
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
        axes_width = width - left - PAD_IN - right
        left = max([left, *(PAD_IN + w - f * axes_width for f, w in starts)])
    span = width - left - PAD_IN  # so that span - right is the axes' width
    title = ax.get_title(loc="left")
    over = left + text_inches(title, rc["axes.titlesize"], "bold") + PAD_IN - width
    if title and over > 0:  # long names pushed the title off the right: start it further left
        shift = min(over, left - PAD_IN) / (span - right)
        ax.set_title(title, loc="left", fontweight="bold", x=-shift, y=TITLE_Y)
    fig.subplots_adjust(
        left=left / width,
        right=1 - (PAD_IN + right) / width,
        bottom=bottom / height,
        top=1 - top / height,
    )


def _widest(labels) -> float:
    """Width in inches of the widest of some tick labels (0 for none)."""
    return max((text_inches(t.get_text(), t.get_fontsize()) for t in labels), default=0.0)


__all__ = ["PAD_IN", "TITLE_Y", "text_inches", "fixed_margins"]
