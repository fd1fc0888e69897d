"""The index page: key figures beside each report, a sortable per-student table, all
values escaped, and no link to anything without a run.json (the action list)."""

from __future__ import annotations

import json

from infoview_analysis.reports.index import collect_runs, write_index


def fake_run(root, report, period, owner, metrics, status="ok"):
    folder = root / report / period / (owner or "")
    folder.mkdir(parents=True, exist_ok=True)
    record = {"report": report, "period": period, "owner": owner, "status": status}
    (folder / "run.json").write_text(json.dumps(record))
    (folder / "metrics.json").write_text(json.dumps(metrics))
    (folder / "report.html").write_text("<html></html>")
    return folder


def test_index_shows_key_figures_and_students(tmp_path):
    fake_run(
        tmp_path,
        "cohort_outcomes",
        "2026-10",
        None,
        {"owners": 120, "knowledge_rate": 0.84, "career_outcomes_rate": None},
    )
    evil = '<img src=x onerror="alert(1)">'
    for owner, met, ty, fu, hist in (
        ("s001", 4, 1, 2, {"history.2026-09.meetings": 2}),
        ("s002", 0, 0, 0, {}),
        (evil, 7, 0, 1, {"history.2026-10.new_contacts": 3}),
    ):
        fake_run(
            tmp_path,
            "followup_conversion",
            "2026-10",
            owner.replace("<", "_").replace(">", "_").replace('"', "_").replace("/", "_"),
            {"to_do.meetings": met, "to_do.thank_you": ty, "to_do.follow_up": fu, **hist},
        )
    # the runner files the hostile owner under a safe folder but records the real id
    for run_file in (tmp_path / "followup_conversion" / "2026-10").glob("_img*/run.json"):
        record = json.loads(run_file.read_text())
        record["owner"] = evil
        run_file.write_text(json.dumps(record))
    confidential = tmp_path / "confidential"
    confidential.mkdir()
    (confidential / "action_list_2026-10.html").write_text("CONFIDENTIAL")
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert "students 120 · knowledge rate 84% · career outcomes rate –" in page
    assert page.count('<table class="sortable">') == 1
    assert "3 students" in page
    assert '<td data-sort="3">3</td>' in page  # s001: 1 thank-you + 2 follow-ups owed
    assert '<td data-sort="2026-09">2026-09</td>' in page  # last month with a meeting
    assert evil not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "action_list" not in page and "confidential" not in page.lower()
    assert len(collect_runs(tmp_path)) == 4


def test_per_student_batches_hide_contact_names_unless_asked(tmp_path):
    from pathlib import Path

    from click.testing import CliRunner

    from infoview_analysis.cli.main import main

    data = Path(__file__).parent / "fixtures" / "per_owner"
    base = ["report", "followup_conversion", "--data", str(data), "--period", "2026-10"]
    for extra, expected in (([], True), (["--param", "anonymize=false"], False)):
        out = tmp_path / str(expected)
        result = CliRunner().invoke(
            main, [*base, "--per-owner", "--dry-run", "--out", str(out), *extra]
        )
        assert result.exit_code == 0, result.output
        records = [json.loads(p.read_text()) for p in out.glob("*/*/*/run.json")]
        assert len(records) == 2
        assert {r["parameters"]["anonymize"] for r in records} == {expected}


def test_students_last_active_month_comes_from_their_growth_report(tmp_path):
    for owner in ("s1", "s2"):
        fake_run(tmp_path, "followup_conversion", "2026-10", owner, {"to_do.meetings": 2})
    fake_run(tmp_path, "network_growth", "2026-10", "s1", {"history.2026-08.meetings": 1})
    page = write_index(tmp_path).read_text(encoding="utf-8")
    follow = page[page.index("Follow-up conversion") :]
    assert '<td data-sort="s1">s1</td><td data-sort="2">2</td>' in follow
    assert '<td data-sort="2026-08">2026-08</td>' in follow
