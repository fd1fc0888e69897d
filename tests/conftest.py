"""Shared fixtures: the five sample reports, executed once per test session.

Under pytest-xdist every worker asks for the same reports; the first one to take the
lock runs them (two at a time) into a folder shared by the session's workers, the
others wait for it and reuse the result, so the notebooks run once per `make test`.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PERSONAL = ROOT / "data" / "sample" / "personal"
COHORT = ROOT / "data" / "sample" / "cohort"
PERIOD = "2026-10"
# report name -> (data, owner): every report of the sample data for October 2026
SAMPLE_REPORTS = {
    "network_growth": (PERSONAL, "me"),
    "referral_chains": (PERSONAL, "me"),
    "followup_conversion": (PERSONAL, "me"),
    "explore_network": (PERSONAL, "me"),
    "cohort_outcomes": (COHORT, None),
}


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # one folder for all workers of this session
    return base / "sample-reports"


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """{"root": folder, "results": {report: run status}} for the five sample reports."""
    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.reports.index import write_index
    from infoview_analysis.reports.runner import ReportJob, run_jobs

    root = _shared_dir(tmp_path_factory)
    root.parent.mkdir(parents=True, exist_ok=True)
    done = root / "results.json"
    with open(root.parent / "sample-reports.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                period = parse_period(PERIOD)
                jobs = [
                    ReportJob(name, period, str(data), owner, {}, root)
                    for name, (data, owner) in SAMPLE_REPORTS.items()
                ]
                results = run_jobs(jobs, workers=2, progress=False)
                write_index(root)
                statuses = {
                    r.name: {"status": r.status, "out_dir": r.out_dir, "error": r.error}
                    for r in results
                }
                done.write_text(json.dumps(statuses))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return {"root": root, "results": json.loads(done.read_text())}
