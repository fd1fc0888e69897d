"""Reports on a Dask cluster give what a local run gives; metrics over owner partitions
equal the metric on the whole log.

A `distributed.LocalCluster` of 2 in-process workers stands in for a real cluster
(the runner only talks to it through a `Client`, as it would to `tcp://HOST:8786`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from infoview_analysis import sample
from infoview_analysis.cli import main
from infoview_analysis.core.periods import parse_period
from infoview_analysis.loading.load import load_log
from infoview_analysis.metrics import conversion
from infoview_analysis.reports.index import collect_runs, write_index
from infoview_analysis.reports.runner import ReportJob, run_jobs

distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
dask_batch = pytest.importorskip("infoview_analysis.reports.dask_batch")

PERIOD = "2026-10"


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dask-cohort")
    sample.write_log(sample.generate(owners=4, contacts_per_owner=8, seed=5), folder)
    return folder


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def batch(cohort: Path, out: Path) -> list[ReportJob]:
    owners = load_log(cohort).owners["owner_id"].astype(str).tolist()
    period = parse_period(PERIOD)
    jobs = [ReportJob("followup_conversion", period, str(cohort), o, {}, out) for o in owners]
    # one report that fails in a cell, to compare failure records too
    jobs.append(ReportJob("network_growth", period, str(cohort), owners[0], {"freq": "X"}, out))
    return jobs


def files_of(out: Path) -> dict[str, object]:
    """Every report file's content, minus what differs between any two runs (times)."""
    found = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if relative.startswith(".") or not path.is_file() or path.name == "index.html":
            continue
        if path.name == "run.json":
            record = json.loads(path.read_text())
            for volatile in ("started_at", "duration_seconds"):
                record.pop(volatile)
            found[relative] = record
        elif path.name == "metrics.json":
            found[relative] = json.loads(path.read_text())
        else:
            found[relative] = "present"
    return found


@pytest.mark.notebook
def test_a_dask_cluster_gives_the_local_results(cohort, client, tmp_path):
    local_out, dask_out = tmp_path / "local", tmp_path / "dask"
    local = run_jobs(batch(cohort, local_out), workers=2, progress=False)
    remote = run_jobs(batch(cohort, dask_out), scheduler=client, progress=False)

    def summary(results, out):
        return sorted(
            (r.name, r.owner, r.status, Path(r.out_dir).relative_to(out).as_posix())
            for r in results
        )

    failures = [r.describe_failure() for r in remote if r.status == "failed"]
    assert summary(remote, dask_out) == summary(local, local_out), failures
    assert [r.status for r in remote].count("failed") == 1
    assert [r.status for r in remote].count("ok") == 4
    assert files_of(dask_out) == files_of(local_out)
    assert sum(m["contacted"] for k, m in files_of(dask_out).items() if "metrics" in k) > 0
    write_index(local_out), write_index(dask_out)
    columns = ["report", "period", "owner", "status", "html", "error"]
    assert collect_runs(dask_out)[columns].equals(collect_runs(local_out)[columns])
    # a second run keeps what is there, on the cluster as locally
    again = run_jobs(batch(cohort, dask_out), scheduler=client, progress=False)
    assert sorted(r.status for r in again) == ["failed"] + ["skipped"] * 4


def test_metrics_over_owner_partitions_equal_the_whole_log(cohort, client, tmp_path):
    log = load_log(cohort)
    parts = dask_batch.write_owner_partitions(log, tmp_path / "dataset", owners_per_partition=3)
    assert [p.name for p in parts] == ["owner_part=0", "owner_part=1"]
    # owners are never split: each owner's events are all in one partition
    seen = [set(pd.read_parquet(p / "events.parquet")["owner_id"]) for p in parts]
    assert not seen[0] & seen[1] and len(seen[0] | seen[1]) == 4

    def by_owner(part):
        return conversion.funnel(part, by="owner_id")

    table = dask_batch.per_owner_partition(tmp_path / "dataset", by_owner)
    assert table.npartitions == 2
    got = client.compute(table).result()
    whole = by_owner(log)
    for frame in (got, whole):
        frame["owner_id"] = frame["owner_id"].astype(str)
    got = got.sort_values("owner_id").reset_index(drop=True)
    whole = whole.sort_values("owner_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, whole, check_dtype=False)
    assert whole["contacted"].sum() > 0


@pytest.mark.notebook
def test_cli_scheduler_option(cohort, client, tmp_path):
    out = tmp_path / "out"
    args = ["report", "followup_conversion", "--data", str(cohort), "--per-owner",
            "--period", PERIOD, "--dry-run", "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, [*args, "--scheduler", client.scheduler.address])
    assert result.exit_code == 0, result.output
    assert "4 prepared" in result.output
    assert sorted(collect_runs(out)["status"]) == ["prepared"] * 4


def test_cli_unreachable_scheduler_is_one_line(cohort, tmp_path):
    result = CliRunner().invoke(
        main,
        ["report", "followup_conversion", "--data", str(cohort), "--per-owner", "--period",
         PERIOD, "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot reach the Dask scheduler 'tcp://127.0.0.1:9'" in result.output
