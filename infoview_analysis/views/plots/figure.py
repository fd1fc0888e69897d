"""The figure every plot starts from: size and layout, laid out once, axes style,
colours and labels.

Figures are built with the object API (`Figure()`, no pyplot state, never shown).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from infoview_analysis.views.palette import INK, SERIES, colours_for
from infoview_analysis.views.plots.margins import PAD_IN
from infoview_analysis.views.text import figure_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

OKABE_ITO = SERIES  # the name other modules used; the colours live in views.palette
# A constrained figure cropped to its tight box with a PAD_IN border (IPython's default
# printing) was this much larger than the figure laid out with the default 3 pt border.
UNCROPPED = 2 * (PAD_IN - 3 / 72)


def new_figure(
    width: float, height: float, layout: str | None = "constrained", uncropped: bool = False
) -> Figure:
    """A figure. `uncropped`: printed without `bbox_inches="tight"` yet as it looked
    cropped, the tight box plus a `PAD_IN` border: larger by `UNCROPPED` inches and,
    when laid out, with that border instead of the layout's own.

    >>> new_figure(8, 4.2, layout=None).get_size_inches().tolist()
    [8.0, 4.2]
    """
    from matplotlib.figure import Figure

    if uncropped:
        width, height = width + UNCROPPED, height + UNCROPPED
    fig = Figure(figsize=(width, height), dpi=110, layout=layout)
    if uncropped and layout == "constrained":
        fig.get_layout_engine().set(w_pad=PAD_IN, h_pad=PAD_IN)
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
    it looks as the same figure cropped to its tight box with a `PAD_IN` border did
    (same size on the page, same border), without the two extra draws of the crop.

    >>> uncropped_figure(4, 3).get_size_inches().round(3).tolist()
    [4.117, 3.117]
    """
    return new_figure(width, height, uncropped=True)


def style_axes(ax) -> None:
    """The house style of one axes: no top or right spine, ink-coloured ticks.

    >>> ax = new_figure(4, 3).add_subplot(); style_axes(ax)
    >>> ax.spines["top"].get_visible()
    False
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=INK)


def label_colours(labels: Sequence[str], top: int = len(SERIES)) -> dict[str, str]:
    """Sources keep their one colour everywhere; other labels: Okabe-Ito, then grey.

    >>> list(label_colours(["friend", "alumni"]))
    ['friend', 'alumni']
    """
    return colours_for(list(labels), top=top)


def integer_axis(axis) -> None:
    """Ticks on whole numbers only: counts of people or events have no halves.

    >>> ax = new_figure(4, 3).add_subplot(); integer_axis(ax.yaxis)
    >>> type(ax.yaxis.get_major_locator()).__name__
    'MaxNLocator'
    """
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def count_text(n: int, noun: str) -> str:
    """A count with its noun, plural unless one.

    >>> count_text(1, "chain"), count_text(3, "chain")
    ('1 chain', '3 chains')
    """
    return f"{n} {noun}" + ("" if n == 1 else "s")


def pretty_label(label: object) -> str:
    """A column or category name as figure text: underscores as spaces, `$` escaped.

    >>> pretty_label("new_contacts")
    'new contacts'
    """
    return figure_text(str(label).replace("_", " "))


__all__ = [
    "OKABE_ITO",
    "UNCROPPED",
    "new_figure",
    "laid_out",
    "uncropped_figure",
    "style_axes",
    "label_colours",
    "integer_axis",
    "count_text",
    "pretty_label",
]
