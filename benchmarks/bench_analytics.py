"""Benchmark the analytics at 1M and 5M events against DuckDB SQL and networkx.

    .venv/bin/python benchmarks/bench_analytics.py            # 1M and 5M
    .venv/bin/python benchmarks/bench_analytics.py --sizes 1m # quicker
    .venv/bin/python benchmarks/bench_analytics.py --sizes 5m --repeat 3 \
        --only chains_funnel all_metrics duckdb_all              # end to end only

Synthetic cohorts from `sample.generate` are cached as Parquet under
`benchmarks/_data/<size>/` (git-ignored). Every step runs in a fresh subprocess that
loads the data, then times only the step (wall clock, `time.perf_counter`); memory
is that process's peak RSS (`resource.getrusage`, which includes the loaded data)
and the RSS right after loading, so the step's own cost is the difference. Results
are written next to the data and compared in the parent process: referral chains of
numpy, DuckDB's recursive CTE and networkx must agree row for row, and the funnel
counts of `conversion.funnel` and DuckDB must be equal. The networkx baseline (graph
plus a BFS from each root) runs at 1M only: it takes minutes at 5M.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"
SIZES = {"1m": 8300, "5m": 41500}  # owners; ~30 contacts and ~120 events each
sys.path.insert(0, str(HERE.parent))


# ----------------------------------------------------------------------------- data


def prepare(size: str) -> Path:
    folder = DATA / size
    if (folder / "events.parquet").exists():
        return folder
    from infoview_analysis.sample import generate

    folder.mkdir(parents=True, exist_ok=True)
    log = generate(owners=SIZES[size], contacts_per_owner=30, seed=2026)
    for stem, frame in (("contacts", log.contacts), ("events", log.events), ("roster", log.owners)):
        tmp = folder / f"{stem}.parquet.tmp"
        frame.to_parquet(tmp, index=False)
        tmp.replace(folder / f"{stem}.parquet")
    return folder


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------- steps

DUCK_CHAINS = """
WITH RECURSIVE chain(owner_id, contact_id, depth, root, path) AS (
    SELECT c.owner_id, c.contact_id, 1, c.contact_id, c.contact_id
    FROM contacts c
    LEFT JOIN contacts p ON p.owner_id = c.owner_id AND p.contact_id = c.referred_by
    WHERE c.referred_by IS NULL OR p.contact_id IS NULL
    UNION ALL
    SELECT k.owner_id, k.contact_id, ch.depth + 1, ch.root, ch.path || ' > ' || k.contact_id
    FROM contacts k
    JOIN chain ch ON k.owner_id = ch.owner_id AND k.referred_by = ch.contact_id
)
SELECT c.owner_id, c.contact_id, ch.depth, ch.root, ch.path
FROM contacts c LEFT JOIN chain ch USING (owner_id, contact_id)
"""

DUCK_FUNNEL = """
WITH ev AS (
    SELECT owner_id, contact_id, date, type::VARCHAR AS type FROM events
),
firsts AS (
    SELECT owner_id, contact_id,
           min(date) FILTER (WHERE type = 'outreach') AS first_outreach,
           bool_or(type = 'meeting') AS met,
           bool_or(type IN ('job_lead', 'application', 'interview', 'offer')) AS outcome
    FROM ev GROUP BY owner_id, contact_id
),
replied AS (
    SELECT DISTINCT e.owner_id, e.contact_id FROM ev e
    JOIN firsts f USING (owner_id, contact_id)
    WHERE e.type IN ('reply', 'scheduled', 'meeting') AND e.date >= f.first_outreach
),
meetings AS (SELECT owner_id, contact_id, date FROM ev WHERE type = 'meeting'),
thanks AS (
    SELECT DISTINCT t.owner_id, t.contact_id FROM ev t
    ASOF JOIN meetings m
      ON t.owner_id = m.owner_id AND t.contact_id = m.contact_id AND t.date >= m.date
    WHERE t.type = 'thank_you'
      AND t.date < date_trunc('day', m.date) + INTERVAL (? + 1) DAY
),
follows AS (
    SELECT DISTINCT t.owner_id, t.contact_id FROM ev t
    ASOF JOIN meetings m
      ON t.owner_id = m.owner_id AND t.contact_id = m.contact_id AND t.date >= m.date
    WHERE t.type = 'follow_up'
      AND t.date < date_trunc('day', m.date) + INTERVAL (? + 1) DAY
),
referrers AS (
    SELECT DISTINCT p.owner_id, p.contact_id FROM contacts k
    JOIN contacts p ON p.owner_id = k.owner_id AND p.contact_id = k.referred_by
),
stages AS (
    SELECT f.first_outreach IS NOT NULL AS contacted,
           r.contact_id IS NOT NULL AS replied,
           coalesce(f.met, false) AS met,
           t.contact_id IS NOT NULL AS thanked,
           fu.contact_id IS NOT NULL AS followed_up,
           coalesce(f.outcome, false) OR rf.contact_id IS NOT NULL AS converted
    FROM contacts c
    LEFT JOIN firsts f USING (owner_id, contact_id)
    LEFT JOIN replied r USING (owner_id, contact_id)
    LEFT JOIN thanks t USING (owner_id, contact_id)
    LEFT JOIN follows fu USING (owner_id, contact_id)
    LEFT JOIN referrers rf USING (owner_id, contact_id)
)
SELECT count(*) FILTER (WHERE contacted) AS contacted,
       count(*) FILTER (WHERE contacted AND replied) AS replied,
       count(*) FILTER (WHERE contacted AND replied AND met) AS met,
       count(*) FILTER (WHERE contacted AND replied AND met AND thanked) AS thanked,
       count(*) FILTER (WHERE contacted AND replied AND met AND thanked AND followed_up)
           AS followed_up,
       count(*) FILTER (WHERE contacted AND replied AND met AND thanked AND followed_up
                        AND converted) AS converted
FROM stages
"""


def _have(module: str, name: str) -> bool:
    try:
        mod = __import__(f"infoview_analysis.metrics.{module}", fromlist=[name])
    except ImportError:
        return False
    return hasattr(mod, name)


def _results(size: str) -> Path:
    folder = DATA / f"{size}_results"  # not inside the data folder load_log reads
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _save(frame, folder: Path, step: str) -> None:
    frame.to_parquet(_results(folder.name) / f"result_{step}.parquet", index=False)


def _networkx_chains(log):
    """The straightforward way: a referral DiGraph, then a BFS from every root."""
    import networkx as nx
    import pandas as pd

    c = log.contacts
    owner = c["owner_id"].astype(str).tolist()
    cid = c["contact_id"].astype(str).tolist()
    ref = c["referred_by"].astype(object).where(c["referred_by"].notna(), None).tolist()
    G = nx.DiGraph()
    G.add_nodes_from(zip(owner, cid, strict=True))
    known = set(G.nodes)
    G.add_edges_from(
        ((o, r), (o, k)) for o, k, r in zip(owner, cid, ref, strict=True) if (o, r) in known
    )
    roots = [n for n in G.nodes if G.in_degree(n) == 0]
    depth, root, path = {}, {}, {}
    for r in roots:
        depth[r], root[r], path[r] = 1, r[1], r[1]
        for u, v in nx.bfs_edges(G, r):
            depth[v], root[v], path[v] = depth[u] + 1, r[1], path[u] + " > " + v[1]
    keys = list(zip(owner, cid, strict=True))
    return pd.DataFrame(
        {
            "owner_id": owner,
            "contact_id": cid,
            "depth": pd.array([depth.get(k) for k in keys], dtype="Int64"),
            "root": [root.get(k) for k in keys],
            "path": [path.get(k) for k in keys],
        }
    )


def run_step(step: str, size: str) -> dict[str, float]:
    """Run one step in this (fresh) process; returns seconds and memory."""
    folder = DATA / size
    out: dict[str, float] = {}
    if step.startswith("duckdb"):
        import duckdb

        con = duckdb.connect()
        t0 = time.perf_counter()
        for table, stem in (("contacts", "contacts"), ("events", "events")):
            con.execute(
                f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{folder / stem}.parquet')"
            )
        con.execute(
            "CREATE TABLE c2 AS SELECT owner_id::VARCHAR owner_id, contact_id::VARCHAR "
            "contact_id, referred_by::VARCHAR referred_by FROM contacts"
        )
        con.execute(
            "CREATE TABLE e2 AS SELECT owner_id::VARCHAR owner_id, contact_id::VARCHAR "
            "contact_id, date, type::VARCHAR type FROM events"
        )
        con.execute("DROP TABLE contacts; DROP TABLE events")
        con.execute("ALTER TABLE c2 RENAME TO contacts; ALTER TABLE e2 RENAME TO events")
        out["load_s"] = time.perf_counter() - t0
        out["rss_after_load_mb"] = rss_mb()
        t0 = time.perf_counter()
        if step == "duckdb_chains":
            result = con.execute(DUCK_CHAINS).df()
        elif step == "duckdb_all":  # the SQL pipeline end to end: both queries, one load
            con.execute(DUCK_CHAINS).df()
            result = con.execute(DUCK_FUNNEL, [2, 30]).df()
        else:
            result = con.execute(DUCK_FUNNEL, [2, 30]).df()
        out["seconds"] = time.perf_counter() - t0
        out["peak_mb"] = peak_mb()
        if step != "duckdb_all":
            _save(result, folder, step)
        return out

    from infoview_analysis.loading.load import load_log

    t0 = time.perf_counter()
    log = load_log(folder)
    out["load_s"] = time.perf_counter() - t0
    out["rss_after_load_mb"] = rss_mb()
    from infoview_analysis.metrics import growth, referrals

    t0 = time.perf_counter()
    if step == "referral_chains":
        result = referrals.referral_chains(log)
    elif step == "referral_roots":
        result = referrals.referral_roots(log)
    elif step == "attribute_outcomes":
        result = referrals.attribute_outcomes(log)
    elif step == "network_growth":
        result = growth.network_growth(log)
    elif step == "funnel":
        from infoview_analysis.metrics import conversion

        result = conversion.funnel(log)
    elif step == "group_outcomes":
        from infoview_analysis.metrics import cohort

        result = cohort.group_outcomes(log)
    elif step == "networkx_chains":
        result = _networkx_chains(log)
    elif step == "chains_funnel":  # the same work as duckdb_all: chains and the funnel
        from infoview_analysis.metrics import conversion

        referrals.referral_chains(log)
        conversion.funnel(log)
    elif step == "all_metrics":
        result = referrals.referral_chains(log)
        referrals.referral_roots(log)
        growth.network_growth(log)
        if _have("conversion", "funnel"):
            from infoview_analysis.metrics import conversion

            conversion.funnel(log)
        if _have("cohort", "group_outcomes"):
            from infoview_analysis.metrics import cohort

            cohort.group_outcomes(log)
    else:
        raise SystemExit(f"unknown step {step}")
    out["seconds"] = time.perf_counter() - t0
    out["peak_mb"] = peak_mb()
    if step in ("referral_chains", "networkx_chains"):
        _save(result.astype({"owner_id": str, "contact_id": str, "root": str}), folder, step)
    elif step == "funnel":
        _save(result, folder, step)
    return out


def in_subprocess(step: str, size: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--step", step, "--size", size],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"step {step} at {size} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- checks


def check_chains(size: str, other: str) -> None:
    import pandas as pd

    folder = _results(size)
    mine = pd.read_parquet(folder / "result_referral_chains.parquet")
    theirs = pd.read_parquet(folder / f"result_{other}.parquet")
    cols = ["owner_id", "contact_id", "depth", "root", "path"]
    a = mine[cols].astype(str).sort_values(["owner_id", "contact_id"]).reset_index(drop=True)
    b = theirs[cols].astype({"depth": "Int64"}).astype(str)
    b = b.replace({"None": "<NA>", "nan": "<NA>"}).sort_values(["owner_id", "contact_id"])
    b = b.reset_index(drop=True)
    a = a.replace({"None": "<NA>", "nan": "<NA>"})
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def check_funnel(size: str) -> None:
    import pandas as pd

    folder = _results(size)
    mine = pd.read_parquet(folder / "result_funnel.parquet")
    theirs = pd.read_parquet(folder / "result_duckdb_funnel.parquet")
    stages = ["contacted", "replied", "met", "thanked", "followed_up", "converted"]
    got = mine[stages].iloc[0].astype(int).tolist()
    want = theirs[stages].iloc[0].astype(int).tolist()
    assert got == want, (got, want)


# ----------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1m", "5m"], choices=list(SIZES))
    parser.add_argument("--networkx-sizes", nargs="+", default=["1m"], choices=list(SIZES))
    parser.add_argument(
        "--only",
        nargs="+",
        help="run only these steps (e.g. all_metrics duckdb_all for the end-to-end line)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per step (fresh process each); the fastest (load + step) is kept",
    )
    parser.add_argument("--step")
    parser.add_argument("--size")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.size)))
        return

    steps = ["referral_chains", "referral_roots", "attribute_outcomes", "network_growth"]
    if _have("conversion", "funnel"):
        steps.append("funnel")
    if _have("cohort", "group_outcomes"):
        steps.append("group_outcomes")
    steps += ["all_metrics", "chains_funnel", "duckdb_chains", "duckdb_funnel", "duckdb_all"]
    if args.only:
        steps = [s for s in steps if s in args.only]
        args.networkx_sizes = [z for z in args.networkx_sizes if "networkx_chains" in args.only]
    header = f"{'size':<5}{'step':<22}{'seconds':>9}{'load s':>9}{'RSS after load MB':>19}{'peak RSS MB':>13}"
    print(header)
    print("-" * len(header))
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for size in args.sizes:
        prepare(size)
        todo = steps + (["networkx_chains"] if size in args.networkx_sizes else [])
        summary[size] = {}
        for step in todo:
            runs = [in_subprocess(step, size) for _ in range(max(1, args.repeat))]
            r = min(runs, key=lambda run: run["load_s"] + run["seconds"])
            summary[size][step] = r
            print(
                f"{size:<5}{step:<22}{r['seconds']:>9.3f}{r['load_s']:>9.2f}"
                f"{r['rss_after_load_mb']:>19.0f}{r['peak_mb']:>13.0f}",
                flush=True,
            )
        if {"referral_chains", "duckdb_chains"} <= set(todo):
            check_chains(size, "duckdb_chains")
            if "networkx_chains" in todo:
                check_chains(size, "networkx_chains")
            if {"funnel", "duckdb_funnel"} <= set(todo):
                check_funnel(size)
            print(
                f"{size}: results agree (chains: numpy = DuckDB"
                + (" = networkx" if "networkx_chains" in todo else "")
                + ("; funnel: pandas = DuckDB)" if "funnel" in todo else ")"),
                flush=True,
            )

    print()
    for size, r in summary.items():
        if "referral_chains" in r and "duckdb_chains" in r:
            chains = r["referral_chains"]["seconds"]
            duck = r["duckdb_chains"]["seconds"]
            line = f"{size}: chains {chains:.3f} s = {chains / duck:.2f}x DuckDB CTE ({duck:.3f} s; goal <= 0.7x)"
            if "networkx_chains" in r:
                nxs = r["networkx_chains"]["seconds"]
                line += f", {nxs / chains:.0f}x faster than networkx ({nxs:.2f} s; goal >= 10x)"
            print(line)
        if "all_metrics" in r:
            load = r["all_metrics"]["load_s"]
            total = r["all_metrics"]["seconds"]
            print(
                f"{size}: all metrics {total:.2f} s = {total / load:.2f}x load ({load:.2f} s; goal < 3x)"
            )
        for mine, what in (("chains_funnel", "chains + funnel"), ("all_metrics", "all metrics")):
            if mine not in r or "duckdb_all" not in r:
                continue
            py, duck = r[mine], r["duckdb_all"]
            py_s, duck_s = py["load_s"] + py["seconds"], duck["load_s"] + duck["seconds"]
            print(
                f"{size}: end to end (load + {what}, one process) Python {py_s:.2f} s, "
                f"peak {py['peak_mb']:,.0f} MB; DuckDB SQL (load + chains + funnel) "
                f"{duck_s:.2f} s, peak {duck['peak_mb']:,.0f} MB; "
                f"time {py_s / duck_s:.2f}x, memory {py['peak_mb'] / duck['peak_mb']:.2f}x "
                f"(goal: both <= 1x); load average {os.getloadavg()[0]:.2f}"
            )


if __name__ == "__main__":
    main()
