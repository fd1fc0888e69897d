"""Load speed: `load_log` against a bare `pandas.read_csv(engine="pyarrow")` of the same file.

Run: `.venv/bin/python benchmarks/bench_load.py [--sizes 1000000 5000000] [--repeat 3]`.
Each measurement runs in a fresh Python process, so peak RSS is that step's own
(imports included). Data are synthetic (`sample.generate`) and
cached under benchmarks/_data/ (git-ignored). Prints a table; no assertion.
Goal (issue 14): load + validate within 1.5x of the bare read, peak memory near it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "_data"
EVENTS_PER_OWNER = 121.0  # what generate(contacts_per_owner=30) gives on average

STEP = r"""
import json, resource, sys, time
import pandas as pd
kind, path = sys.argv[1], sys.argv[2]
import infoview_analysis.loading.load as loader  # imports outside the timed part for both
rss_imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
before = resource.getrusage(resource.RUSAGE_SELF)
t0, c0 = time.perf_counter(), time.process_time()
if kind == "bare_csv":
    rows = len(pd.read_csv(path, engine="pyarrow"))
elif kind == "bare_parquet":
    rows = len(pd.read_parquet(path))
else:
    log = loader.load_log(path)
    rows = len(log.events)
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
after = resource.getrusage(resource.RUSAGE_SELF)
rss = after.ru_maxrss
print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak_rss_mb": rss / 1024,
                  "sys": after.ru_stime - before.ru_stime,
                  "imports_rss_mb": rss_imports / 1024}))
"""


def ensure_data(events: int) -> tuple[Path, Path]:
    """Write an events-only long log of about `events` rows as CSV and Parquet (cached)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from infoview_analysis.sample import generate

    DATA.mkdir(parents=True, exist_ok=True)
    csv_path = DATA / f"events_{events}.csv"
    parquet_path = DATA / f"events_{events}.parquet"
    if csv_path.exists() and parquet_path.exists():
        return csv_path, parquet_path
    owners = max(1, round(events / EVENTS_PER_OWNER))
    t0 = time.perf_counter()
    log = generate(owners=owners, contacts_per_owner=30, seed=11)
    print(f"generated {len(log.events):,} events in {time.perf_counter() - t0:.1f} s", flush=True)
    frame = log.events.copy()
    for column in ("owner_id", "contact_id", "type", "channel"):
        frame[column] = frame[column].astype("string[pyarrow]")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.set_column(
        table.schema.get_field_index("date"),
        "date",
        pc.strftime(table["date"], format="%Y-%m-%d %H:%M"),
    )
    pacsv.write_csv(table, csv_path)
    frame.to_parquet(parquet_path, index=False)
    return csv_path, parquet_path


def run_step(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", STEP, kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_pair(bare: str, path: Path, repeat: int) -> tuple[dict, dict]:
    """Best of `repeat` runs of the bare read and of load_log, taken in turns.

    Alternating keeps both under the same load when the machine is shared.
    """
    runs: dict[str, list[dict]] = {bare: [], "load_log": []}
    for _ in range(repeat):
        for kind in runs:
            runs[kind].append(run_step(kind, path))
    best = {kind: min(found, key=lambda r: r["seconds"]) for kind, found in runs.items()}
    return best[bare], best["load_log"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        ensure_data(args.prepare)
        return
    for size in args.sizes:
        # Generated in a child process: Linux carries a process's peak RSS across exec,
        # so generating here would inflate every measurement's peak RSS.
        subprocess.run([sys.executable, __file__, "--prepare", str(size)], check=True)
    header = (
        f"{'file':<30} {'step':<16} {'rows':>10} {'seconds':>8} {'cpu s':>7} {'of it sys':>9} "
        f"{'rows/s':>12} "
        f"{'peak RSS MB':>12} {'vs bare':>8}"
    )
    lines = [header, "-" * len(header)]
    for size in args.sizes:
        csv_path, parquet_path = ensure_data(size)
        for path, bare in ((csv_path, "bare_csv"), (parquet_path, "bare_parquet")):
            base, ours = measure_pair(bare, path, args.repeat)
            for name, result in ((bare.replace("_", " "), base), ("load_log", ours)):
                ratio = result["seconds"] / base["seconds"]
                lines.append(
                    f"{path.name:<30} {name:<16} {result['rows']:>10,} {result['seconds']:>8.2f} "
                    f"{result['cpu']:>7.2f} {result['sys']:>9.2f} "
                    f"{result['rows'] / result['seconds']:>12,.0f} "
                    f"{result['peak_rss_mb']:>12,.0f} {ratio:>7.2f}x"
                )
            print("\n".join(lines[-2:]), flush=True)
    print()
    print("\n".join(lines))
    print(
        f"(best of {args.repeat} runs each, bare and load_log in turns, fresh process per run; "
        "cpu s = process CPU time, all threads, of which sys is the kernel's (mostly handing "
        "out fresh, zeroed memory: it varies from minute to minute); "
        f"load average {os.getloadavg()[0]:.2f}; "
        "goal: load_log <= 1.5x bare)"
    )


if __name__ == "__main__":
    main()
