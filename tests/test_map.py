"""The network map: its data on a hand-checkable graph, and a generated network of
10,000+ contacts in headless Chromium (renders, searches, highlights a chain)."""

from __future__ import annotations

import pandas as pd
import pytest
from chromium import BROWSER_ARGS, CHROMIUM

from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.metrics.graph import build_graph
from infoview_analysis.views.network_map import (
    map_data,
    network_html,
    node_measures,
    radial_layout,
)


def small_log():
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
            "contact_id": ["ana", "ana", "bo", "cy", "cy"],
            "date": pd.to_datetime(
                ["2026-01-02", "2026-01-20", "2026-01-12", "2026-02-02", "2026-03-01"]
            ),
            "type": ["outreach", "meeting", "meeting", "meeting", "offer"],
        }
    )
    return frames_to_log(contacts, events)


def test_measures_count_events_meetings_and_downstream_outcomes():
    log = small_log()
    G = build_graph(log, include_personal=True)
    m = node_measures(log, G)
    assert m.loc["contact:me/ana", "interactions"] == 2
    assert m.loc["contact:me/ana", "meetings"] == 1
    # ana's chain: her meeting, bo's meeting, cy's meeting and offer
    assert m.loc["contact:me/ana", "outcomes"] == 4
    assert m.loc["contact:me/cy", "last_contact"] == "2026-03-01"
    assert m.loc["contact:me/di", "interactions"] == 0
    assert m.loc["owner:me", "outcomes"] == 0


def test_map_data_names_for_your_network_hidden_for_a_cohort():
    log = small_log()
    mine = map_data(build_graph(log, include_personal=True))
    assert sorted(mine["nodes"]["label"]) == ["Ana Ruiz", "Bo Li", "Cy Do", "Di Wu", "you"]
    assert mine["companies"] == [["Acme", 2], ["Beta", 1]]
    assert [s["name"] for s in mine["sources"]] == ["friend", "alumni", "linkedin"]
    hidden = map_data(build_graph(log))
    assert sorted(hidden["nodes"]["label"]) == ["", "", "", "", "you"]
    assert not hidden["personal"]


def test_radial_layout_puts_you_in_the_centre_and_introductions_further_out():
    G = build_graph(small_log())
    pos = radial_layout(G)
    r = {k: (x * x + y * y) ** 0.5 for k, (x, y) in pos.items()}
    assert r["owner:me"] == 0
    assert round(r["contact:me/ana"], 6) == round(r["contact:me/di"], 6) == 1
    assert round(r["contact:me/bo"], 6) == 2 and round(r["contact:me/cy"], 6) == 3


def test_values_cannot_close_the_script_element():
    c = pd.DataFrame(
        {
            "owner_id": "me",
            "contact_id": ["x"],
            "name": ["</script><script>alert(1)</script>"],
            "organization": ["<img src=x onerror=alert(2)>"],
            "source": "friend",
        }
    )
    log = frames_to_log(c, pd.DataFrame(columns=["owner_id", "contact_id", "date", "type"]))
    page = network_html(build_graph(log, include_personal=True), title="<b>t</b>")
    assert "</script><script>alert" not in page and "<img src=x" not in page
    assert "&lt;b&gt;t&lt;/b&gt;" in page


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
)
def test_ten_thousand_contacts_render_search_and_highlight(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from infoview_analysis.sample import generate

    log = generate(owners=1, contacts_per_owner=4800, seed=3, owner_ids=["me"])
    assert len(log.contacts) >= 10_000
    G = build_graph(log, include_personal=True)
    out = tmp_path / "map.html"
    out.write_text(network_html(G, measures=node_measures(log, G)))
    referred = log.contacts[log.contacts["referred_by"].notna()].iloc[0]
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda r: errors.append(r.url) if r.url != out.as_uri() else None)
            page.goto(out.as_uri())
            page.wait_for_selector(".iv-map[data-rendered='1']", timeout=120_000)
            root = page.locator(".iv-map")
            assert int(root.get_attribute("data-shown")) == G.number_of_nodes() - 1
            # something was drawn: the node layer has non-white pixels
            shot = page.locator(".iv-stage").screenshot()
            assert len(set(shot[200:4000])) > 10
            # search by company: everyone there, and nobody else, highlighted
            org = log.contacts["organization"].value_counts().index[0]
            at_org = sum(1 for _, o in G.nodes(data="organization") if o == org)
            page.fill(".iv-search", org)
            page.press(".iv-search", "Enter")
            assert int(root.get_attribute("data-highlighted")) >= at_org
            # selecting a referred person highlights the chain up to you, plus neighbours
            name = referred["name"]
            assert page.evaluate("n => document.querySelector('.iv-map').infoview.select(n)", name)
            assert int(root.get_attribute("data-highlighted")) >= 3
            assert "\u2192" in page.locator(".iv-info").inner_text()
        finally:
            browser.close()
    assert errors == []


def test_map_of_a_network_without_events_offers_no_empty_controls():
    """A LinkedIn import has links only: no size by meetings or interactions, and the
    page hides the interactions slider (its maximum is 0)."""
    G = build_graph(small_log(), include_personal=True)
    data = map_data(G)  # no measures: nobody has a meeting, an interaction or an outcome
    assert [s["label"] for s in data["sizes"]] == ["links"]
    assert data["maxInteractions"] == 0
    with_events = map_data(G, node_measures(small_log(), G))
    assert [s["label"] for s in with_events["sizes"]] == [
        "links",
        "meetings",
        "interactions",
        "downstream outcomes",
    ]
