"""`infoview graph`: GEXF/GraphML parse back with attributes; the HTML view in Chromium."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from chromium import BROWSER_ARGS, CHROMIUM
from click.testing import CliRunner

from infoview_analysis.cli import main
from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.views.network_map import PALETTE, network_html, outcome_counts


@pytest.fixture
def data(tmp_path) -> Path:
    """A small log with a referral chain and outcomes, written as the importer does."""
    contacts = pd.DataFrame(
        {
            "owner_id": "me",
            "contact_id": ["ana", "bo", "cy", "di"],
            "name": ["Ana Ruiz", "Bo Li", "Cy Do", "Di Wu"],
            "organization": ["Acme", "Beta", None, "Acme"],
            "source": ["alumni", "friend", "linkedin", "alumni"],
            "referred_by": [None, "ana", "bo", None],
            "added_on": pd.to_datetime(["2026-01-01", "2026-01-10", "2026-02-01", "2026-02-03"]),
        }
    )
    events = pd.DataFrame(
        {
            "owner_id": "me",
            "contact_id": ["ana", "bo", "cy", "cy"],
            "date": pd.to_datetime(["2026-01-02", "2026-01-12", "2026-02-02", "2026-03-01"]),
            "type": ["meeting", "meeting", "meeting", "offer"],
        }
    )
    folder = tmp_path / "log"
    folder.mkdir()
    contacts.assign(added_on=contacts["added_on"].dt.strftime("%Y-%m-%d")).to_csv(
        folder / "contacts.csv", index=False
    )
    events.to_csv(folder / "events.csv", index=False)
    return folder


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_gephi_formats_parse_back_with_typed_attributes(data, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    run("graph", "--data", str(data), "--owner", "me", "--format", fmt, "-o", str(out))
    ET.parse(out)  # valid XML
    G = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    assert G.number_of_nodes() == 5 and G.number_of_edges() == 4
    node = next(n for n, a in G.nodes(data=True) if a.get("label") == "cy")
    attrs = G.nodes[node]
    assert attrs["source"] == "linkedin"
    assert attrs["added_on"] == "2026-02-01"
    assert int(attrs["depth"]) == 3
    ana = next(a for _, a in G.nodes(data=True) if a.get("label") == "ana")
    assert ana["organization"] == "Acme"
    assert not any("Ana Ruiz" in str(v) for _, a in G.nodes(data=True) for v in a.values())


def test_format_from_suffix_and_bad_data_exit_1(data, tmp_path):
    run("graph", "--data", str(data), "-o", str(tmp_path / "g.graphml"))
    assert (tmp_path / "g.graphml").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Date,Type\nAna,someday,meeting\n")
    result = CliRunner().invoke(main, ["graph", "--data", str(bad), "-o", str(tmp_path / "x.gexf")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (tmp_path / "x.gexf").exists()


def test_html_is_self_contained_sized_by_outcomes(data, tmp_path):
    out = tmp_path / "g.html"
    run("graph", "--data", str(data), "--format", "html", "-o", str(out))
    page = out.read_text()
    assert "<script src" not in page and "<link" not in page and 'src="http' not in page
    assert "window.Sigma" in page  # sigma.js inlined, not loaded from a CDN
    assert PALETTE["alumni"] in page and "alumni" in page  # legend
    assert "Ana Ruiz" in page  # your own network: names by default
    from infoview_analysis.loading.load import load_log
    from infoview_analysis.metrics.graph import build_graph

    log = load_log(data)
    counts = outcome_counts(log, build_graph(log))
    # ana's referral chain: her meeting, bo's, cy's meeting and offer
    assert counts["contact:me/ana"] == 4 and counts["contact:me/cy"] == 2
    assert "contact:me/di" not in counts


def test_html_hides_names_when_asked(data, tmp_path):
    out = tmp_path / "g.html"
    run("graph", "--data", str(data), "--hide-personal", "-o", str(out))
    assert "Ana Ruiz" not in out.read_text()


def test_network_html_function_for_notebooks():
    c = pd.DataFrame({"owner_id": "me", "contact_id": ["a"], "source": "event"})
    e = pd.DataFrame(columns=["owner_id", "contact_id", "date", "type"])
    from infoview_analysis.metrics.graph import build_graph

    log = frames_to_log(c, e)
    page = network_html(build_graph(log), outcome_counts(log, build_graph(log)), title="Mine")
    assert "<title>Mine</title>" in page and 'class="iv-map"' in page


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
)
def test_html_opens_in_headless_chromium_without_console_errors(data, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

    out = tmp_path / "g.html"
    run("graph", "--data", str(data), "--format", "html", "-o", str(out))
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda r: errors.append(r.url) if r.url != out.as_uri() else None)
            page.goto(out.as_uri())
            page.wait_for_selector(".iv-map[data-rendered='1']", timeout=30_000)
            order, size = page.evaluate(
                "() => { const g = document.querySelector('.iv-map').infoview.graph;"
                " return [g.order, g.size]; }"
            )
            assert (order, size) == (5, 4)
            assert page.locator(".iv-source").count() == 3  # alumni, friend, linkedin
            # a click on Cy highlights Cy, Bo and Ana who introduced them, and you
            xy = page.evaluate(
                "() => { const m = document.querySelector('.iv-map').infoview;"
                " const key = m.graph.findNode((k, a) => a.label === 'Cy Do');"
                " const d = m.renderer.getNodeDisplayData(key);"
                " const r = m.renderer.getContainer().getBoundingClientRect();"
                " const v = m.renderer.framedGraphToViewport(d);"
                " return [r.left + v.x, r.top + v.y]; }"
            )
            page.mouse.click(*xy)
            page.wait_for_timeout(300)
            root = page.locator(".iv-map")
            assert root.get_attribute("data-selected") == "Cy Do"
            assert root.get_attribute("data-highlighted") == "4"
            assert (
                "you \u2192 Ana Ruiz \u2192 Bo Li \u2192 Cy Do"
                in page.locator(".iv-info").inner_text()
            )
            # the company filter keeps Acme's two people
            page.select_option(".iv-company", "Acme")
            assert root.get_attribute("data-shown") == "2"
        finally:
            browser.close()
    assert errors == []


def test_cohort_map_hides_names_unless_asked(tmp_path):
    contacts = pd.DataFrame(
        {
            "owner_id": ["s1", "s2"],
            "contact_id": ["a", "b"],
            "name": ["Ana Ruiz", "Bo Li"],
            "source": "alumni",
            "added_on": "2026-01-01",
        }
    )
    folder = tmp_path / "cohort"
    folder.mkdir()
    contacts.to_csv(folder / "contacts.csv", index=False)
    pd.DataFrame(
        {"owner_id": ["s1"], "contact_id": ["a"], "date": ["2026-01-02"], "type": ["meeting"]}
    ).to_csv(folder / "events.csv", index=False)
    hidden, shown = tmp_path / "hidden.html", tmp_path / "shown.html"
    run("graph", "--data", str(folder), "-o", str(hidden))
    run("graph", "--data", str(folder), "--include-personal", "-o", str(shown))
    assert "Ana Ruiz" not in hidden.read_text() and "The networks of 2 people" in hidden.read_text()
    assert "Ana Ruiz" in shown.read_text()
