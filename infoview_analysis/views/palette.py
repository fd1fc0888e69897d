"""The one set of colours every figure, table and map uses.

Sources keep one colour everywhere (the referral forest, growth bars, the network map,
neighbourhood drawings): Okabe-Ito first (safe for the common colour-vision
deficiencies), then Paul Tol's muted colours for the sources past seven, grey for
"other". Yellow is left out: it disappears on white. Other categories (funnel stages,
cohort panels) take `SERIES` colours in order, grey past the end.
"""

from __future__ import annotations

from collections.abc import Sequence

SOURCE_COLOURS: dict[str, str] = {
    "family": "#E69F00",
    "friend": "#56B4E9",
    "professor": "#009E73",
    "alumni": "#0072B2",
    "former_employer": "#D55E00",
    "coworker": "#CC79A7",
    "recruiter": "#332288",
    "career_advisor": "#882255",  # wine: the cyan beside "friend" read as one colour
    "industry_leader": "#117733",
    "linkedin": "#44AA99",
    "event": "#999933",
    "cold": "#AA4499",
    "other": "#BBBBBB",
}
# Okabe-Ito without black and yellow: colours for categories that are not sources.
SERIES: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
)
GREY = "#999999"
INK = "#333333"
OWNER_COLOUR = "#000000"


def source_colour(source: object) -> str:
    """The colour of a source; unknown sources are drawn as "other".

    Parameters
    ----------
    source : object
        A source value (or anything else).

    Returns
    -------
    str
        A hex colour.

    Examples
    --------
    >>> source_colour("alumni"), source_colour("nonsense") == SOURCE_COLOURS["other"]
    ('#0072B2', True)
    """
    return SOURCE_COLOURS.get(str(source), SOURCE_COLOURS["other"])


def colours_for(labels: Sequence[object], top: int = len(SERIES)) -> dict[object, str]:
    """Colours for labels: sources get their own colour; other labels the `SERIES`
    colours in order for the first `top`, grey for the rest.

    Parameters
    ----------
    labels : sequence
        The labels of a figure, most important first.
    top : int
        How many labels get a colour of their own.

    Returns
    -------
    dict
        Label -> hex colour.

    Examples
    --------
    >>> colours_for(["friend", "alumni"])
    {'friend': '#56B4E9', 'alumni': '#0072B2'}
    >>> colours_for(["a", "b"], top=1)
    {'a': '#0072B2', 'b': '#999999'}
    """
    if all(str(label) in SOURCE_COLOURS for label in labels[:top]):
        return {
            label: (SOURCE_COLOURS.get(str(label), GREY) if i < top else GREY)
            for i, label in enumerate(labels)
        }
    return {
        label: (SERIES[i] if i < min(top, len(SERIES)) else GREY) for i, label in enumerate(labels)
    }


__all__ = [
    "GREY",
    "INK",
    "OWNER_COLOUR",
    "SERIES",
    "SOURCE_COLOURS",
    "colours_for",
    "source_colour",
]
