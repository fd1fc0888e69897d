"""Past one machine: report batches on a Dask cluster, metrics over owner partitions.

`run_on_dask(jobs, "tcp://HOST:8786")` sends each report of a batch to an existing
Dask distributed cluster. Every worker thread keeps its own warm kernel (started on its
first report, reset between reports) and, inside that kernel, the loaded snapshot of
the log, so a worker pays kernel start and loading once. Reports are written by the
workers with the same atomic publish as a local run, so results, the index and failure
records are the same; the output folder and the data must be paths every worker sees
(a shared file system), given as absolute paths here.

For event logs larger than one machine's memory, `write_owner_partitions` writes a log
as a Parquet dataset partitioned by owner (`owner_part=K/`, whole owners per
partition) and `per_owner_partition` maps any metric function of an `InterviewLog`
over those partitions with `dask.dataframe.from_map`: the same pandas function runs on
each partition, and owners are never split, so per-owner figures are exact.

dask is an optional dependency: `pip install 'infoview-analysis[dask]'`.
"""

from __future__ import annotations

import contextvars
import dataclasses
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from infoview_analysis.core.model import InterviewLog
from infoview_analysis.reports.parameters import ReportError
from infoview_analysis.reports.runner import ReportJob, RunResult, run_job

__all__ = [
    "PARTITION_COLUMN",
    "OWNERS_PER_PARTITION",
    "SCHEDULER_TIMEOUT",
    "run_on_dask",
    "write_owner_partitions",
    "partition_folders",
    "per_owner_partition",
]

PARTITION_COLUMN = "owner_part"
# How long to try reaching a scheduler before saying so.
SCHEDULER_TIMEOUT = "10s"
# Owners per partition: a few hundred students' logs are a few MB, a comfortable task.
OWNERS_PER_PARTITION = 250


def _client(scheduler: Any):
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ReportError(
            "--scheduler needs dask's distributed package: pip install 'infoview-analysis[dask]'"
        ) from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(scheduler, timeout=SCHEDULER_TIMEOUT), True
    except (OSError, TimeoutError, ValueError) as err:
        raise ReportError(f"cannot reach the Dask scheduler {scheduler!r}: {err}") from None


# One context per worker thread. A Dask worker runs a task in a copy of its event-loop
# thread's context, in which jupyter's `run_sync` may find an event loop that is already
# running (a worker inside the client's process); in a context of its own, each thread
# keeps its own loop, the one its warm kernel was started on.
_CONTEXTS = threading.local()


def _run_on_worker(job: ReportJob, force: bool, dry_run: bool, revision: str | None) -> RunResult:
    """One report on a worker, in that worker thread's warm kernel and context."""
    context = getattr(_CONTEXTS, "context", None)
    if context is None:
        context = _CONTEXTS.context = contextvars.Context()
    return context.run(
        run_job, job, force=force, dry_run=dry_run, reuse_kernel=True, revision=revision
    )


def run_on_dask(
    jobs: list[ReportJob],
    scheduler: Any,
    *,
    force: bool = False,
    dry_run: bool = False,
    revision: str | None = None,
    progress: bool = False,
) -> list[RunResult]:
    """Run checked report jobs on a Dask cluster; the same results as a local run.

    Parameters
    ----------
    jobs : list of ReportJob
        Jobs whose parameters are already checked (`runner.prepare_jobs`).
    scheduler : str or distributed.Client
        A scheduler address (`tcp://HOST:8786`) or a connected client.
    force, dry_run : bool
        As for `runner.run_job`.
    revision : str, optional
        The git revision recorded in every run.json (read once by the caller).
    progress : bool
        Show a tqdm bar.

    Returns
    -------
    list of RunResult
        In the order the reports finished.

    Examples
    --------
    >>> from distributed import Client, LocalCluster  # doctest: +SKIP
    >>> with LocalCluster(n_workers=2, processes=False) as cluster, Client(cluster) as c:
    ...     results = run_on_dask(jobs, c)  # doctest: +SKIP
    """
    from distributed import as_completed
    from tqdm import tqdm

    client, owned = _client(scheduler)
    try:
        # Workers resolve relative paths against their own folder: send absolute ones.
        sent = [
            dataclasses.replace(
                job, data=str(Path(job.data).resolve()), out_root=Path(job.out_root).resolve()
            )
            for job in jobs
        ]
        futures = client.map(
            _run_on_worker,
            sent,
            force=force,
            dry_run=dry_run,
            revision=revision,
            pure=False,
        )
        results = []
        with tqdm(total=len(futures), unit="report", disable=not progress) as bar:
            for future in as_completed(futures):
                result = future.result()
                results.append(_as_given(result, jobs, sent))
                bar.update()
        return results
    finally:
        if owned:
            client.close()


def _as_given(result: RunResult, jobs: list[ReportJob], sent: list[ReportJob]) -> RunResult:
    """The result's folder as the caller named it (relative when they gave it so)."""
    for job, absolute in zip(jobs, sent, strict=True):
        if str(absolute.out_dir) == result.out_dir:
            return dataclasses.replace(result, out_dir=str(job.out_dir))
    return result


# ----------------------------------------------------------------------------- partitions


def write_owner_partitions(
    log: InterviewLog, folder: str | os.PathLike, owners_per_partition: int = OWNERS_PER_PARTITION
) -> list[Path]:
    """Write a log as Parquet partitioned by owner: `owner_part=K/{events,contacts,roster}`.

    Each partition holds whole owners (every event, contact and roster row of an owner
    lands in one partition), so metrics computed per partition are exact per owner.

    Examples
    --------
    >>> import tempfile
    >>> from infoview_analysis.sample import generate
    >>> parts = write_owner_partitions(generate(owners=5, seed=1), tempfile.mkdtemp(), 2)
    >>> [p.name for p in parts]
    ['owner_part=0', 'owner_part=1', 'owner_part=2']
    """
    folder = Path(folder)
    owners = log.owners["owner_id"].astype(str)
    part_of = dict(zip(owners, np.arange(len(owners)) // owners_per_partition, strict=True))
    written = []
    tables = {"events": log.events, "contacts": log.contacts, "roster": log.owners}
    for part in sorted(set(part_of.values())):
        target = folder / f"{PARTITION_COLUMN}={part}"
        target.mkdir(parents=True, exist_ok=True)
        mine = [o for o, p in part_of.items() if p == part]
        for name, frame in tables.items():
            rows = frame[frame["owner_id"].astype(str).isin(mine).to_numpy()]
            plain = rows.astype({c: "str" for c in rows.columns if _is_category(rows[c])})
            plain.to_parquet(target / f"{name}.parquet", index=False)
        written.append(target)
    return written


def _is_category(column: pd.Series) -> bool:
    return isinstance(column.dtype, pd.CategoricalDtype)


def partition_folders(folder: str | os.PathLike) -> list[Path]:
    """The `owner_part=K` folders of a partitioned dataset, in partition order.

    Examples
    --------
    >>> partition_folders("/nonexistent")
    []
    """
    found = Path(folder).glob(f"{PARTITION_COLUMN}=*")
    return sorted(found, key=lambda p: int(p.name.split("=", 1)[1]))


def _metric_on_partition(folder: str, metric: Callable[[InterviewLog], pd.DataFrame]):
    from infoview_analysis.loading.load import load_log

    return metric(load_log(folder))


def per_owner_partition(
    folder: str | os.PathLike,
    metric: Callable[[InterviewLog], pd.DataFrame],
    meta: pd.DataFrame | None = None,
):
    """A dask DataFrame of `metric(log)` computed on each owner partition.

    Parameters
    ----------
    folder : path
        A dataset written by `write_owner_partitions` (or laid out the same way).
    metric : callable
        Any function of an `InterviewLog` returning a DataFrame with one row per owner
        (or per owner and something else), e.g. a metric of `infoview_analysis.metrics`.
    meta : DataFrame, optional
        An empty frame of the result's columns and types; computed from the first
        partition when not given.

    Returns
    -------
    dask.dataframe.DataFrame
        One partition per owner partition; `.compute()` gives the whole table.

    Examples
    --------
    >>> import tempfile
    >>> from infoview_analysis.sample import generate
    >>> d = tempfile.mkdtemp()
    >>> _ = write_owner_partitions(generate(owners=4, seed=2), d, 2)
    >>> count = lambda log: log.events.groupby("owner_id", observed=True).size().rename("n").reset_index()
    >>> table = per_owner_partition(d, count).compute()
    >>> len(table), table["owner_id"].is_unique
    (4, True)
    """
    import dask.dataframe as dd

    parts = [str(p) for p in partition_folders(folder)]
    if not parts:
        raise ReportError(f"{folder} has no {PARTITION_COLUMN}=K partitions")
    if meta is None:
        meta = _metric_on_partition(parts[0], metric).iloc[:0]
    return dd.from_map(_metric_on_partition, parts, args=(metric,), meta=meta)
