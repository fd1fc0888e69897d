"""Each report notebook on a real-sized generated network, not only the small sample.

A seeker with thousands of contacts (the size of a real LinkedIn export and more) for
the four personal reports, and a cohort of a few hundred students for the cohort
report: one papermill run per notebook. Real data reaches code paths the sample does
not (networkx layouts that need scipy past a few hundred nodes, long tables, many
sources per period); this is where a missing dependency or a quadratic step shows.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.notebook]

PERIOD = "2026-10"
PERSONAL_REPORTS = ("network_growth", "referral_chains", "followup_conversion", "explore_network")


@pytest.fixture(scope="module")
def real_size(tmp_path_factory) -> dict:
    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.reports.runner import ReportJob, run_jobs
    from infoview_analysis.sample import generate, write_log

    base = tmp_path_factory.mktemp("real-size")
    seeker = generate(owners=1, contacts_per_owner=3000, seed=11, owner_ids=["me"])
    cohort = generate(owners=300, contacts_per_owner=12, seed=12)
    write_log(seeker, base / "seeker", roster=False)
    write_log(cohort, base / "cohort")
    period = parse_period(PERIOD)
    out = base / "reports"
    jobs = [
        ReportJob(name, period, str(base / "seeker"), "me", {}, out) for name in PERSONAL_REPORTS
    ]
    jobs.append(ReportJob("cohort_outcomes", period, str(base / "cohort"), None, {}, out))
    results = run_jobs(jobs, workers=2, progress=False)
    return {
        "contacts": len(seeker.contacts),
        "cohort_contacts": len(cohort.contacts),
        "results": {r.name: r for r in results},
    }


def test_the_networks_are_real_sized(real_size):
    assert real_size["contacts"] >= 2000
    assert real_size["cohort_contacts"] >= 2000


@pytest.mark.parametrize("name", [*PERSONAL_REPORTS, "cohort_outcomes"])
def test_report_runs_on_a_real_sized_network(real_size, name):
    result = real_size["results"][name]
    assert result.status == "ok", result.error
