"""Figures with measured fixed margins (no layout engine) keep every label on the canvas.

The notebooks print them without `bbox_inches="tight"`, so nothing may stick out.
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from infoview_analysis.views import plots

LONG = "Maximiliana Alexandra Featherstonehaugh-Wolfeschlegel"


def outside(fig: Figure) -> list[str]:
    """Sides where what `bbox_inches="tight"` would keep sticks out of the canvas."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    tight = fig.get_tightbbox(renderer)  # inches, like the canvas below
    width, height = fig.get_size_inches()
    slack = 1 / fig.dpi  # one pixel
    sides = {"left": -tight.x0, "bottom": -tight.y0, "right": tight.x1 - width}
    sides["top"] = tight.y1 - height
    return [side for side, over in sides.items() if over > slack]


def todo(names: list[object], days: list[int]) -> pd.DataFrame:
    n = len(names)
    due = pd.Timestamp("2026-11-01") - pd.to_timedelta(days, unit="D")
    return pd.DataFrame(
        {
            "owner_id": ["s0001"] * (n - 1) + ["s0002"],
            "contact_id": [f"c{i}" for i in range(n)],
            "name": names,
            "meeting": due - pd.Timedelta(days=2),
            "owed": ["thank_you", "follow_up"] * (n // 2) + ["follow_up"] * (n % 2),
            "due": due,
            "days_overdue": days,
        }
    )


@pytest.mark.parametrize(
    "names",
    [["Ana", "Bo"], [LONG, "$Bo \\alpha$", None], [f"Person {i}" for i in range(30)]],
)
def test_overdue_timeline_fits_its_canvas(names):
    days = [(i * 37) % 400 + 1 for i in range(len(names))]
    fig = plots.overdue_timeline(todo(names, days), "2026-11-01")
    assert fig.get_layout_engine() is None
    assert outside(fig) == []


def test_empty_overdue_timeline_fits_its_canvas():
    assert outside(plots.overdue_timeline(todo(["Ana"], [3]).iloc[:0], "2026-11-01")) == []


@pytest.mark.parametrize("contacted", [1, 7, 12_345])
def test_funnel_chart_fits_its_canvas(contacted):
    f = pd.DataFrame(
        [
            dict(
                contacted=contacted,
                replied=contacted,
                met=contacted,
                thanked=contacted // 3,
                followed_up=contacted,
                converted=contacted,
            )
        ]
    )
    fig = plots.funnel_chart(f, title="Follow-up conversion, first contacted in 2026-10")
    assert fig.get_layout_engine() is None
    assert outside(fig) == []


def growth(periods: int, freq: str, sources: list[str], big: int = 1) -> pd.DataFrame:
    index = pd.period_range("2024-01", periods=periods, freq=freq)
    rows = [
        {"period": p, "source": s, "new_contacts": (i * 7 + j) % 4 * big}
        for i, p in enumerate(index)
        for j, s in enumerate(sources)
    ]
    frame = pd.DataFrame(rows)
    frame["cumulative_contacts"] = frame.groupby("source")["new_contacts"].cumsum()
    return frame


@pytest.mark.parametrize(
    ("periods", "freq", "sources", "big"),
    [
        (6, "M", ["alumni", "friend"], 1),
        (20, "W", ["alumni", "cold", "professor", "a very long source name indeed"], 1),
        (60, "W", ["alumni"], 1),
        (8, "Q", ["alumni", "friend", "cold", "coworker", "other", "x", "y", "z"], 12_345),
    ],
)
def test_growth_by_source_fits_its_canvas(periods, freq, sources, big):
    fig = plots.growth_by_source(growth(periods, freq, sources, big))
    assert fig.get_layout_engine() is None
    assert outside(fig) == []


def test_growth_by_source_without_cumulative_fits_its_canvas():
    frame = growth(6, "M", ["alumni"]).drop(columns="cumulative_contacts")
    assert outside(plots.growth_by_source(frame)) == []


@pytest.mark.parametrize("name", ["A", LONG])
def test_referral_forest_fits_its_canvas_uncropped(name):
    contacts = pd.DataFrame(
        {
            "owner_id": "me",
            "contact_id": ["a", "b", "c"],
            "name": [name, "B", "C"],
            "source": ["friend", "alumni", "a very long source name indeed"],
            "referred_by": [None, "a", "b"],
        }
    )
    chains = pd.DataFrame(
        {
            "owner_id": "me",
            "contact_id": ["a", "b", "c"],
            "depth": [1, 2, 3],
            "root": "a",
            "path": ["a", "a > b", "a > b > c"],
            "cycle": False,
        }
    )
    assert outside(plots.referral_forest(chains, contacts)) == []
