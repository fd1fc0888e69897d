"""Plots return Figures with the expected titles and axes, and save as PNG."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from test_conversion import make_log

from infoview_analysis.metrics import conversion as cv
from infoview_analysis.views import plots


@pytest.fixture(scope="module")
def log():
    return make_log()


def growth_frame() -> pd.DataFrame:
    """The shape `growth.network_growth(log, by="source")` returns."""
    periods = pd.period_range("2026-01", periods=4, freq="M")
    sources = ["alumni", "friend", "cold", "event", "family", "coworker", "linkedin", "other"]
    rows = []
    total = dict.fromkeys(sources, 0)
    for i, p in enumerate(periods):
        for j, s in enumerate(sources):
            new = (i + j) % 4
            total[s] += new
            rows.append(
                dict(
                    source=s,
                    period=p,
                    period_start=p.start_time,
                    period_end=p.end_time,
                    new_contacts=new,
                    cumulative_contacts=total[s],
                    new_via_referral=new // 2,
                    meetings=new,
                    active_contacts=total[s],
                    nodes=total[s],
                    edges=max(total[s] - 1, 0),
                    components=1,
                )
            )
    return pd.DataFrame(rows)


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def saves(fig: Figure, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    fig.savefig(path)
    assert path.stat().st_size > 5_000
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_growth_by_source(tmp_path):
    fig = plots.growth_by_source(growth_frame(), top=3)
    assert isinstance(fig, Figure)
    ax, right = fig.axes
    assert ax.get_title(loc="left") == "Network growth by source"
    assert ax.get_xlabel() == "Period (month)"
    assert ax.get_ylabel() == "New contacts per period"
    assert right.get_ylabel() == "Cumulative contacts"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-2:] == ["other sources", "cumulative (right)"]
    assert len(legend) == 5  # three named sources, the rest pooled, the line
    # stacked bars add up to the new contacts of each period
    heights = np.zeros(4)
    for bar in ax.patches:
        heights[round(bar.get_x() + bar.get_width() / 2)] += bar.get_height()
    expected = growth_frame().groupby("period")["new_contacts"].sum().to_numpy()
    assert heights.tolist() == expected.tolist()
    saves(fig, tmp_path, "growth")


def test_growth_from_network_growth(tmp_path, log):
    growth = pytest.importorskip("infoview_analysis.metrics.growth")
    fig = plots.growth_by_source(growth.network_growth(log, by="source"))
    assert fig.axes[0].get_title(loc="left") == "Network growth by source"
    saves(fig, tmp_path, "growth_real")


def test_funnel_chart(tmp_path, log):
    fig = plots.funnel_chart(cv.funnel(log))
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Follow-up conversion funnel"
    assert ax.get_xlabel() == "People (one conversation each)"
    ticks = dict(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()], strict=True))
    assert ticks[max(ticks)] == "Contacted" and ticks[min(ticks)] == "Converted"  # top down
    assert [round(p.get_width()) for p in ax.patches] == [5, 3, 3, 2, 1, 2]
    assert "3  (60% of contacted)" in texts(fig)
    # several groups are added up
    by_owner = plots.funnel_chart(cv.funnel(log, by="owner_id"))
    assert [round(p.get_width()) for p in by_owner.axes[0].patches] == [5, 3, 3, 2, 1, 2]
    saves(fig, tmp_path, "funnel")


def test_referral_forest(tmp_path):
    contacts = [
        ("me", "a", "Ana", "friend", None, "2026-01-01"),
        ("me", "b", "Bo", "alumni", "a", "2026-01-02"),
        ("me", "c", "Chen", "alumni", "a", "2026-01-03"),
        ("me", "d", "Dara", "cold", "b", "2026-01-04"),
        ("me", "e", "Eli", "event", None, "2026-01-05"),  # alone: hidden by min_size
        ("me", "x", "Xi", "other", "y", "2026-01-06"),  # a cycle
        ("me", "y", "Yu", "other", "x", "2026-01-07"),
    ]
    events = [
        ("me", "a", "2026-01-01 09:00", "meeting", "video"),
        ("me", "d", "2026-02-01 09:00", "offer", "email"),
    ]
    log = make_log(contacts, events, [])
    referrals = pytest.importorskip("infoview_analysis.metrics.referrals")
    chains = referrals.referral_chains(log)
    fig = plots.referral_forest(chains, log.contacts, log.events)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Your referral trees"
    assert ax.get_ylabel() == "Referral depth (1 = direct contact)"
    assert "1 chain, 4 people" in ax.get_xlabel()
    assert "1 direct contact without referrals not shown" in ax.get_xlabel()
    assert "2 on a referral cycle not shown" in ax.get_xlabel()
    # everyone whose name fits is named, not only the first person of each tree
    assert sorted(a.get_text() for a in ax.texts) == ["Ana", "Bo", "Chen", "Dara"]
    # one colour per tree: how you found its first person (Ana: friend), as the text says
    from infoview_analysis.views.palette import SOURCE_COLOURS

    faces = {
        tuple(np.round(c, 3))
        for coll in ax.collections[1:]
        for c in list(coll.get_facecolors()) + list(coll.get_edgecolors())
    }
    friend = tuple(
        np.round(__import__("matplotlib.colors").colors.to_rgba(SOURCE_COLOURS["friend"]), 3)
    )
    alumni = tuple(
        np.round(__import__("matplotlib.colors").colors.to_rgba(SOURCE_COLOURS["alumni"]), 3)
    )
    assert friend in faces and alumni not in faces
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "2", "3"]
    # layout: a over the middle of b and c, d right under b
    xy = {}
    for coll in ax.collections[1:]:
        for x, y in coll.get_offsets():
            xy.setdefault(round(-y), []).append(x)
    assert sorted(len(v) for v in xy.values()) == [1, 1, 2]
    (xa,), (xd,) = xy[1], xy[3]
    xb, xc = sorted(xy[2])
    assert xa == pytest.approx((xb + xc) / 2)
    assert xd == pytest.approx(xb)
    saves(fig, tmp_path, "forest")


def test_names_with_dollars_and_backslashes_are_drawn_as_text(tmp_path):
    contacts = [
        ("me", "a", r"$\alert{x}$", "friend", None, "2026-01-01"),
        ("me", "b", "Jo $$ Bloggs", "alumni", "a", "2026-01-02"),
    ]
    log = make_log(contacts, [("me", "b", "2026-01-03 09:00", "meeting", "video")], [])
    referrals = pytest.importorskip("infoview_analysis.metrics.referrals")
    fig = plots.referral_forest(referrals.referral_chains(log), log.contacts, log.events)
    fig.savefig(tmp_path / "f.png")  # mathtext would raise on \alert
    texts = [a.get_text() for a in fig.axes[0].texts]
    assert r"\$\alert{x}\$" in texts and r"Jo \$\$ Bloggs" in texts
    todo = cv.overdue(log, "2026-02-20")
    plots.overdue_timeline(todo, "2026-02-20").savefig(tmp_path / "o.png")


def test_overdue_timeline(tmp_path, log):
    todo = cv.overdue(log, "2026-04-05")
    fig = plots.overdue_timeline(todo, "2026-04-05")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Overdue thank-yous and follow-ups as of 2026-04-05"
    assert ax.get_xlabel() == "Date"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Dara Smith", "Fatima Garcia"]
    assert sorted(texts(fig)) == ["  14 d", "  2 d"]
    saves(fig, tmp_path, "overdue")
    empty = plots.overdue_timeline(cv.overdue(log, "2026-03-01"), "2026-03-01")
    assert texts(empty) == ["Nothing overdue"]
    saves(empty, tmp_path, "overdue_empty")


def test_cohort_comparison_shows_suppressed_groups(tmp_path):
    # group_outcomes' own columns, one group shown and one suppressed (too small)
    groups = pd.DataFrame(
        {
            "cohort": ["2026", "2027"],
            "n_owners": pd.array([6, pd.NA], dtype="Int64"),
            "suppressed": [False, True],
            "career_outcomes_rate": [0.5, np.nan],
            "reply_rate": [0.25, np.nan],
            "median_meetings": [3.0, np.nan],
        }
    )
    fig = plots.cohort_comparison(groups, metrics=("career_outcomes_rate", "reply_rate"))
    assert fig.get_suptitle() == "Cohort comparison"
    first, second = fig.axes
    assert first.get_title() == "Career outcomes rate"
    assert first.get_xlabel() == "Percent"
    assert [t.get_text() for t in first.get_yticklabels()] == ["2026 (n=6)", "2027"]
    for ax in fig.axes:
        assert len(ax.patches) == 1  # no bar, not even a zero one, for the suppressed group
        assert " suppressed (small group)" in [t.get_text() for t in ax.texts]
    assert [t.get_text() for t in first.texts] == [" 50%", " suppressed (small group)"]
    medians = plots.cohort_comparison(groups, metrics=("median_meetings",)).axes[0]
    assert medians.texts[0].get_text() == " 3"  # a median of 3 meetings, not 3.0
    saves(fig, tmp_path, "cohort")


def test_plots_leave_pyplot_alone(log):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plots.funnel_chart(cv.funnel(log))
    assert plt.get_fignums() == before


def test_growth_starts_where_the_data_starts():
    g = pd.DataFrame(
        {
            "period": pd.period_range("2026-01", periods=3, freq="M").repeat(2),
            "source": ["friend", "alumni"] * 3,
            "new_contacts": [0, 0, 1, 2, 0, 3],
            "cumulative_contacts": [0, 0, 1, 2, 1, 5],
        }
    )
    ax = plots.growth_by_source(g).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026-02", "2026-03"]
    assert all(float(t).is_integer() for t in ax.get_yticks())  # counts: whole ticks


def test_growth_by_source_starts_like_the_table():
    """A period with no new contacts but contacts from before it is drawn (its point on
    the cumulative line), as the growth table shows it; empty periods before it are not."""
    frame = pd.DataFrame(
        {
            "period": pd.PeriodIndex(["2024-04", "2024-05", "2024-06", "2024-07"], freq="M"),
            "source": "linkedin",
            "new_contacts": [0, 0, 1, 5],
            "cumulative_contacts": [0, 16, 17, 22],
        }
    )
    fig = plots.growth_by_source(frame)
    ax, right = fig.axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024-05", "2024-06", "2024-07"]
    assert right.lines[0].get_ydata().tolist() == [16, 17, 22]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["linkedin", "cumulative (right)"]
