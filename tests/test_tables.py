"""Tables read alike in every report: one format per kind of number, small bases as
counts, plain headings, names not ids, delays in words, escaped values."""

from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_analysis.views import explore
from infoview_analysis.views.tables import delay_words, log_summary, stages, table
from infoview_analysis.views.text import figure_text, html_text, md_text


def cells(styler) -> list[list[str]]:
    """The table's body as displayed text, row by row."""
    html = styler.to_html()
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    out = []
    for row in rows:
        tds = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        if tds:
            out.append([t.strip() for t in tds])
    return out


def headings(styler) -> list[str]:
    return [
        h.strip()
        for h in re.findall(r'<th [^>]*class="col_heading[^>]*>(.*?)</th>', styler.to_html())
    ]


def test_one_format_per_kind_of_number():
    frame = pd.DataFrame(
        {
            "source": ["industry_leader", "friend"],
            "contacted": [1234, 8],
            "replied": [617, 6],
            "replied_rate": [617 / 1234, 6 / 8],
            "median_meetings": [3.0, 2.5],
            "mean_referrals": [0.6667, 1.0],
        }
    )
    assert cells(table(frame)) == [
        ["industry leader", "1,234", "617", "50%", "3", "0.7"],
        ["friend", "8", "6", "75%", "2.5", "1"],
    ]
    assert headings(table(frame)) == [
        "Source",
        "Contacted",
        "Replied",
        "Reply rate",
        "Median meetings",
        "Mean referrals",
    ]


def test_rates_on_small_bases_are_counts_marked_too_small():
    frame = pd.DataFrame(
        {"source": ["alumni", "cold"], "contacted": [10, 4], "converted": [5, 3]}
    ).assign(conversion_rate=lambda f: f["converted"] / f["contacted"])
    styled = table(frame)
    assert [row[-1] for row in cells(styled)] == ["50%", "3 of 4*"]
    assert "Fewer than 5 people" in styled.to_html()
    assert "Conversion rate" in headings(styled)


def test_names_not_ids_and_no_constant_columns():
    frame = pd.DataFrame(
        {
            "owner_id": ["me", "me"],
            "contact_id": ["c1", "c2"],
            "name": ["Ana Ruiz", None],
            "suppressed": [False, False],
            "note": ["", ""],
            "days_overdue": [3, 12],
        }
    )
    styled = table(frame)
    assert headings(styled) == ["Name", "Days overdue"]
    assert cells(styled) == [["Ana Ruiz", "3"], ["c2", "12"]]  # the id where no name


def test_periods_start_where_the_data_starts():
    frame = pd.DataFrame(
        {
            "period": pd.period_range("2026-03", periods=4, freq="M").astype(str),
            "new_contacts": [0, 0, 2, 1],
            "nodes": [1, 1, 3, 4],  # the owner alone is not data
        }
    )
    styled = table(frame)
    assert [row[0] for row in cells(styled)] == ["2026-05", "2026-06"]
    assert "Starts at 2026-05" in styled.to_html()


def test_delays_in_words_not_describe():
    delays = pd.DataFrame(
        {
            "reply_delay_days": [1.0, 2, 3, 3, 4, 6, 6, 8, 10, 30],
            "thank_you_delay_days": [np.nan] * 10,
        }
    )
    summary = delays.describe(percentiles=[0.25, 0.5, 0.75, 0.9]).T
    words = delay_words(summary)
    assert words["typical"].tolist() == [
        "median 5 days (half within 3–7.5, 9 in 10 within 12)",
        "none yet",
    ]
    styled = table(summary)  # a describe() table is turned into words by table() too
    assert "Std" not in styled.to_html() and "median 5 days" in styled.to_html()


def test_stage_list_measures_each_stage_against_its_base():
    funnel = pd.DataFrame(
        {
            "contacted": [20],
            "replied": [10],
            "met": [4],
            "thanked": [3],
            "followed_up": [1],
            "converted": [5],
        }
    )
    assert stages(funnel)["share"].tolist() == [
        "",
        "50% of contacted",
        "40% of replied",
        "3 of 4 met",
        "1 of 4 met",
        "25% of contacted",
    ]


def test_values_are_escaped_in_cells_headings_and_captions():
    frame = pd.DataFrame({"name": ['"><svg onload=alert(1)>'], "<b>col</b>": [1]})
    html = table(frame, caption="<i>x</i>").to_html()
    assert "<svg" not in html and "<b>col" not in html and "<i>x" not in html
    assert "&lt;svg onload=alert(1)&gt;" in html


def test_long_tables_are_sortable():
    long = pd.DataFrame({"name": [f"p{i}" for i in range(12)], "meetings": range(12)})
    assert 'class="infoview-table sortable"' in table(long).to_html()
    assert "sortable" not in table(long.head(3)).to_html()


def test_warnings_are_listed_where_they_are_counted():
    from infoview_analysis.core.model import empty_log
    from infoview_analysis.core.problem import Problem

    log = empty_log()
    log.warnings.append(
        Problem("/home/me/log.csv", 3, "Date", "<soon>", "a date", severity="warning")
    )
    text = log_summary(log)
    assert "1 warning:" in text and "warning(s)" not in text
    assert "log\\.csv" in text and "/home/me" not in text  # Markdown-escaped dot
    assert "&lt;soon&gt;" in text


@given(st.text(max_size=40))
def test_any_text_is_inert_in_html_markdown_and_figures(value):
    assert "<" not in html_text(value) and ">" not in html_text(value)
    assert "<" not in md_text(value)
    escaped = figure_text(value)
    assert escaped.count("$") == escaped.count(r"\$")


@settings(deadline=None)  # the renderer's first import
@given(
    st.sampled_from(["", "Ana ", '=HYPERLINK("', "<", "*"]),
    st.sampled_from(["http://x", "https://evil.example/a?b=1", "HTTP://X.COM", "www.x.com"]),
    st.sampled_from(["", '")', ")", "*", " Jr"]),
)
def test_a_url_in_a_name_is_shown_as_typed_never_as_a_link(before, url, after):
    # What the reports' Markdown renderer (nbconvert's) makes of a bold name: the name's
    # own text, no link (a linked URL also swallowed the closing `**`).
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    name = before + url + after
    page = markdown2html_mistune(f"- Send a thank-you to **{md_text(name)}** (3 days late).")
    assert "<a" not in page
    assert f"<strong>{html_text(name)}</strong>" in page


def test_explore_answers_small_questions():
    G = nx.DiGraph()
    G.add_node("owner:me", kind="owner", label="me")
    for node, label, org, source in [
        ("c:a", "Ana Ruiz", "Acme", "alumni"),
        ("c:b", "Bo Li", "Acme Labs", "friend"),
        ("c:c", "Cy Do", "Beta", "cold"),
    ]:
        G.add_node(node, kind="contact", label=label, organization=org, source=source)
    G.add_edge("owner:me", "c:a", kind="direct")
    G.add_edge("c:a", "c:b", kind="referral", date="2026-02-01")
    G.add_edge("owner:me", "c:c", kind="direct")
    assert explore.introductions(G)[["introduced_by", "introduced"]].values.tolist() == [
        ["Ana Ruiz", "Bo Li"]
    ]
    at = explore.people_at(G, "acme")
    assert at[["name", "introduced_by"]].values.tolist() == [
        ["Ana Ruiz", "you"],
        ["Bo Li", "Ana Ruiz"],
    ]
    assert explore.companies(G).to_dict() == {"Acme": 1, "Acme Labs": 1, "Beta": 1}
    H = explore.neighbourhood(G, "bo")
    assert sorted(H.nodes) == ["c:a", "c:b"]
    fig = explore.draw_neighbourhood(H)
    assert fig.axes[0].get_title(loc="left") == "Neighbourhood of Bo Li"
    measures = pd.DataFrame(
        {
            "interactions": [0, 5, 2, 3],
            "meetings": [0, 2, 0, 1],
            "outcomes": 0,
            "last_contact": [None, "2026-09-20", "2026-01-05", "2026-03-01"],
        },
        index=["owner:me", "c:a", "c:b", "c:c"],
    )
    assert explore.strongest_ties(G, measures)["name"].tolist() == ["Ana Ruiz", "Cy Do", "Bo Li"]
    dormant = explore.dormant_ties(G, measures, as_of="2026-10-01", quiet_days=90)
    assert dormant[["name", "days_quiet"]].values.tolist() == [["Bo Li", 269], ["Cy Do", 214]]


def test_headings_of_word_columns_are_left_aligned_like_their_words():
    html = table(pd.DataFrame({"name": ["Ana", "Bo"], "organization": ["X", "Y"], "n": [1, 2]}))
    css = html.to_html()
    assert re.search(r"th\.col0 \{\s*text-align: left;", css)
    assert re.search(r"th\.col1 \{\s*text-align: left;", css)
    assert not re.search(r"th\.col2 \{\s*text-align: left;", css)  # numbers stay right


@pytest.mark.parametrize("rows", [0, 1, 3, 12])
def test_notebook_html_is_the_stylers(rows):
    """`Table._repr_html_` writes the Styler's own HTML, escaped the same way."""
    from pandas.io.formats.style import Styler

    frame = pd.DataFrame(
        {
            "owner_id": "me",
            "name": ["<img src=x onerror=alert(1)>", None, "Bo & co"] * 4,
            "contact_id": [f"c{i}" for i in range(12)],
            "contacted": [4, 12, 0] * 4,
            "converted": [3, 7, 0] * 4,
            "conversion_rate": [0.75, 0.58, float("nan")] * 4,
            "source": ["friend", "cold_call", None] * 4,
            "met_on": pd.to_datetime(["2026-01-01 10:00", None, "2026-02-03 00:00"] * 4),
            "note": ["x" * 30, "", "$x$"] * 4,
        }
    ).head(rows)
    for shown in (table(frame), table(frame, max_rows=2, caption="A <caption>")):
        html = shown._repr_html_()
        assert html == Styler.to_html(shown)
        assert "<img" not in html
    changed = table(frame).set_caption("changed")  # changed after table(): a Styler's
    assert changed._repr_html_() == Styler.to_html(changed)
