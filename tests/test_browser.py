"""Each sample report's `report.html` in headless Chromium: every image loads, no
console errors, no network requests, no code visible; a full-page screenshot is saved
under `reports/screenshots/<report>.png` (git-ignored) for people to look at.
"""

from __future__ import annotations

import pytest
from chromium import BROWSER_ARGS, CHROMIUM
from conftest import PERIOD, ROOT, SAMPLE_REPORTS

SCREENSHOTS = ROOT / "reports" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.notebook,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.mark.parametrize("name", list(SAMPLE_REPORTS))
def test_report_in_headless_chromium(browser, sample_reports, name):
    assert sample_reports["results"][name]["status"] == "ok"
    owner = SAMPLE_REPORTS[name][1]
    folder = sample_reports["root"] / name / PERIOD
    html = (folder / owner if owner else folder) / "report.html"

    errors: list[str] = []
    remote: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))

        def only_local(route):
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:  # the report must open offline
                remote.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        page.goto(html.as_uri(), wait_until="load")

        images = page.evaluate(
            """() => Array.from(document.images).map(img => ({
                src: img.src.slice(0, 30), complete: img.complete,
                width: img.naturalWidth, shown: img.getBoundingClientRect().width}))"""
        )
        assert images, "no figure in the report"
        broken = [img for img in images if not (img["complete"] and img["width"] > 0)]
        assert broken == [], f"images that did not load: {broken}"
        assert all(img["shown"] > 0 for img in images), "an image is laid out with no width"

        # markdown lives in input areas; a code cell shows its outputs only
        code = page.locator(
            ".jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-Cell-inputWrapper, "
            ".jp-InputPrompt, .jp-OutputPrompt, .jp-CodeCell .highlight"
        )
        assert code.count() == 0, "code is in the page"
        assert page.locator(".jp-CodeCell").count() == page.locator(".jp-mod-noInput").count()
        text = page.inner_text("body")
        assert "load_log(" not in text and "save_metrics(" not in text
        assert "Traceback" not in text
        assert page.locator("table").count() >= 1, "no table in the report"
        assert page.locator("h1").first.inner_text().strip()
        assert "warning(s)" not in text and "Converted rate" not in text
        if name == "explore_network":
            # the map draws (WebGL), names on it, no Gephi instruction in a report
            page.wait_for_selector(".iv-map[data-rendered='1']", timeout=30_000)
            assert "export_gexf" not in text
            assert page.locator(".iv-source").count() >= 5
        # long tables sort by a click on a heading, numbers as numbers
        sortable = page.locator("table.infoview-table.sortable")
        if sortable.count():
            table = sortable.first
            heads = table.locator("thead th")
            last = heads.nth(heads.count() - 1)
            last.click()
            assert last.get_attribute("aria-sort") == "ascending"
            last.click()
            assert last.get_attribute("aria-sort") == "descending"

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        page.close()
    assert remote == [], f"requests to the network: {remote}"
    assert errors == [], f"console errors: {errors}"
