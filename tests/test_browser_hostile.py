"""Reports, index and map made from script-bearing names, opened in headless Chromium:
any script from the data that runs (an alert, an onerror, an onload) fails the test
(issue 11, rows 2 and 3). Names with `$` reach the figures as text, not mathtext."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import BROWSER_ARGS, CHROMIUM
from click.testing import CliRunner

from infoview_analysis.cli import main

OWNER = "o<img src=x onerror=alert('owner')>"
NAMES = [
    '"><svg onload=alert("contact")>',
    "<script>alert('name')</script>",
    r"$\alert{x}$",
    "Jo $$ Bloggs",
    "[link](javascript:alert('md'))",
]
ORGANIZATION = "<img src=y onerror=alert('org')>"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.notebook,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """A cohort of six whose first owner and some contacts carry markup and script."""
    from infoview_analysis.sample import generate, write_log

    folder = tmp_path_factory.mktemp("hostile")
    log = generate(owners=6, contacts_per_owner=18, seed=5)
    ids = log.owners["owner_id"].astype(str)
    first = ids.iloc[0]
    for frame in (log.contacts, log.events, log.owners):
        frame["owner_id"] = frame["owner_id"].astype(str).replace(first, OWNER)
    contacts = log.contacts
    mine = (contacts["owner_id"] == OWNER).to_numpy()
    rows = contacts.index[mine]
    # the people met most get the hostile names, so tables and figures show them
    met = log.events[
        (log.events["owner_id"] == OWNER) & (log.events["type"].astype(str) == "meeting")
    ]
    busy = met["contact_id"].astype(str).value_counts().index[: len(NAMES)]
    contacts["name"] = contacts["name"].astype(object)
    contacts["organization"] = contacts["organization"].astype(object)
    for name, cid in zip(NAMES, busy, strict=False):
        at = rows[(contacts.loc[rows, "contact_id"].astype(str) == cid).to_numpy()]
        contacts.loc[at, "name"] = name
        contacts.loc[at, "organization"] = ORGANIZATION
    data = folder / "data"
    write_log(log, data)
    out = folder / "reports"
    runner = CliRunner()
    for args in (
        ["report", "all", "--data", str(data), "--period", "2026-10", "--owner", OWNER],
        ["report", "cohort_outcomes", "--data", str(data), "--period", "2026-10"],
    ):
        result = runner.invoke(main, [*args, "--out", str(out)])
        assert result.exit_code == 0, result.output
    map_page = folder / "map.html"
    result = runner.invoke(
        main, ["graph", "--data", str(data), "--owner", OWNER, "-o", str(map_page)]
    )
    assert result.exit_code == 0, result.output
    return {"out": out, "map": map_page}


def pages(hostile: dict[str, Path]) -> list[Path]:
    found = sorted(hostile["out"].rglob("report.html")) + [
        hostile["out"] / "index.html",
        hostile["map"],
    ]
    return [p for p in found if p.exists()]


def test_no_script_from_the_data_runs_in_any_report_index_or_map(hostile):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

    shown = pages(hostile)
    assert len(shown) >= 6  # four owner reports, the cohort report, the index, the map
    ran: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            for path in shown:
                page = browser.new_page(viewport={"width": 1280, "height": 900})

                def on_dialog(dialog, path=path):
                    ran.append(f"{path.name}: {dialog.message}")
                    dialog.dismiss()

                page.on("dialog", on_dialog)
                page.on("pageerror", lambda exc, path=path: ran.append(f"{path}: {exc}"))
                page.goto(path.as_uri())
                page.wait_for_timeout(1500)
                # no element the data could have created carries an event handler
                handlers = page.evaluate(
                    "() => Array.from(document.querySelectorAll('[onerror],[onload]')).length"
                )
                assert handlers == 0, path
                page.close()
        finally:
            browser.close()
    assert ran == []


def test_names_are_shown_as_typed(hostile):
    texts = {p: p.read_text() for p in pages(hostile)}
    for path, text in texts.items():
        for raw in ("<svg onload", "<script>alert(", "<img src=x onerror", "<img src=y onerror"):
            assert raw not in text, (path, raw)
    # the names are there, as characters
    assert any("&lt;svg onload=alert" in text for text in texts.values())
    assert any("\\u003cimg src=y onerror" in text for text in texts.values())  # map data
