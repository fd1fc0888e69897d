"""Benchmark the network map: build time in Python and render time in headless Chromium.

    .venv/bin/python benchmarks/bench_map.py                    # 1,000 / 10,000 / 20,000 contacts
    .venv/bin/python benchmarks/bench_map.py --sizes 10000 --repeat 5

For each size, a one-seeker network from `sample.generate` (seeded) is turned into a
map page, timing separately: `build_graph` (networkx), `node_measures` (interactions,
meetings, downstream outcomes), `radial_layout`, and the whole `network_html` (page
written with inlined sigma.js). The page is then opened in headless Chromium
(SwiftShader WebGL, no GPU) and timed from navigation to sigma's first `afterRender`,
then a search by company and a click-highlight of one person (the highlight redraws
every node through the reducers). Medians over `--repeat` runs; the page size is
printed too. Numbers depend on the machine: compare runs on the same one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
]


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def build(contacts: int, repeat: int, folder: Path) -> dict:
    from infoview_analysis.metrics.graph import build_graph
    from infoview_analysis.sample import generate
    from infoview_analysis.views.network_map import network_html, node_measures, radial_layout

    # generate's contacts per owner is a mean before referrals; scale to the target
    log = generate(owners=1, contacts_per_owner=contacts / 2.0, seed=3, owner_ids=["me"])
    t_graph, G = median_time(lambda: build_graph(log, include_personal=True), repeat)
    t_measures, m = median_time(lambda: node_measures(log, G), repeat)
    t_layout, _ = median_time(lambda: radial_layout(G), repeat)
    t_page, page = median_time(lambda: network_html(G, measures=m), repeat)
    path = folder / f"map-{contacts}.html"
    path.write_text(page)
    return {
        "contacts": len(log.contacts),
        "nodes": G.number_of_nodes(),
        "graph": t_graph,
        "measures": t_measures,
        "layout": t_layout,
        "page": t_page,
        "size_mb": len(page.encode()) / 1e6,
        "path": path,
        "company": log.contacts["organization"].value_counts().index[0],
        "person": log.contacts.loc[log.contacts["referred_by"].notna(), "name"].iloc[0],
    }


def render(path: Path, company: str, person: str, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    loads, searches, clicks = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(repeat):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector(".iv-map[data-rendered='1']", timeout=300_000)
                loads.append(time.perf_counter() - t)
                searches.append(
                    page.evaluate(
                        """q => { const m = document.querySelector('.iv-map').infoview;
                        const t = performance.now(); m.search(q); m.renderer.render();
                        return (performance.now() - t) / 1000; }""",
                        company,
                    )
                )
                clicks.append(
                    page.evaluate(
                        """n => { const m = document.querySelector('.iv-map').infoview;
                        const t = performance.now(); m.select(n); m.renderer.render();
                        return (performance.now() - t) / 1000; }""",
                        person,
                    )
                )
                page.close()
        finally:
            browser.close()
    return {
        "load": statistics.median(loads),
        "search": statistics.median(searches),
        "highlight": statistics.median(clicks),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 20_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="build times only")
    args = parser.parse_args(argv)
    print(
        f"{'contacts':>9} {'nodes':>7} {'graph s':>8} {'measures s':>10} {'layout s':>9} "
        f"{'page s':>7} {'MB':>5} {'load s':>7} {'search s':>9} {'highlight s':>11}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            b = build(size, args.repeat, Path(tmp))
            r = (
                {"load": float("nan"), "search": float("nan"), "highlight": float("nan")}
                if args.no_browser
                else render(b["path"], b["company"], b["person"], args.repeat)
            )
            print(
                f"{b['contacts']:>9,} {b['nodes']:>7,} {b['graph']:>8.2f} {b['measures']:>10.2f} "
                f"{b['layout']:>9.2f} {b['page']:>7.2f} {b['size_mb']:>5.1f} {r['load']:>7.2f} "
                f"{r['search']:>9.3f} {r['highlight']:>11.3f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
