"""Hostile input to the report runner (issue 11, rows 1, 7, 10, 11, 12 and 14).

Every hostile input is built here, in the test. Most checks use `--dry-run`, which
prepares notebooks without a kernel, so they run in seconds; the few that need an
executed report are marked `notebook`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from conftest import PERIOD, PERSONAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_analysis.cli import main
from infoview_analysis.core.periods import parse_period
from infoview_analysis.reports.parameters import (
    MIN_GROUP_FLOOR,
    RUNNER_PARAMETERS,
    ReportError,
    check_parameters,
)
from infoview_analysis.reports.paths import MAX_SLUG_CHARS, owner_folder, report_folder
from infoview_analysis.reports.publish import WorkFolder, publish, state_dir, tidy
from infoview_analysis.reports.runner import ReportJob, prepare_jobs, run_job

OCT = parse_period(PERIOD)
HOSTILE_OWNERS = [
    "../../escaped",
    "/tmp/absolute-owner",
    "o<img src=x onerror=alert(1)>",
    "C:\\Windows\\evil",
    "..",
    "x" * 300,
    "Ana Ruiz",
    "ana-ruiz",
]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def one_error_line(result) -> str:
    """The run printed no traceback and exactly one `Error:` line; that line."""
    assert "Traceback" not in result.output, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert len(errors[0]) < 240, errors[0]
    return errors[0]


@pytest.fixture(scope="module")
def hostile_log(tmp_path_factory) -> Path:
    """A log whose owner ids are paths, markup and a 300-character id."""
    folder = tmp_path_factory.mktemp("hostile")
    rows = ["owner_id,contact_id,date,type,source"]
    for i, owner in enumerate(HOSTILE_OWNERS):
        quoted = '"' + owner.replace('"', '""') + '"'
        rows.append(f"{quoted},c{i},2026-10-0{i % 9 + 1},outreach,alumni")
        rows.append(f"{quoted},c{i},2026-10-1{i % 9 + 1},meeting,alumni")
    (folder / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder / "events.csv"


# ----------------------------------------------------------------------------- row 1


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(owner=st.text(min_size=0, max_size=400))
def test_any_owner_id_lands_inside_out(tmp_path, owner):
    out = tmp_path / "out"
    folder = report_folder(out, "network_growth", PERIOD, owner)
    assert folder.parent == out / "network_growth" / PERIOD  # one level below, always
    assert folder.resolve().is_relative_to(out.resolve())
    name = folder.name
    assert re.fullmatch(r"[a-z0-9_-]+", name), name
    assert name not in (".", "..") and len(name) <= MAX_SLUG_CHARS + 11
    folder.mkdir(parents=True)  # a name every file system takes


@given(a=st.text(max_size=80), b=st.text(max_size=80))
def test_different_owner_ids_never_share_a_folder(a, b):
    if a != b:
        assert owner_folder(a) != owner_folder(b)
        assert owner_folder(a).lower() != owner_folder(b).lower()  # case-insensitive disks


def test_plain_ids_keep_their_name_others_are_readable():
    assert [owner_folder(o) for o in ("me", "s0001", "student_7")] == ["me", "s0001", "student_7"]
    assert owner_folder("../../escaped").startswith("escaped-")
    assert owner_folder("Ana Ruiz").startswith("ana-ruiz-")
    assert owner_folder("Ana Ruiz") != owner_folder("ana-ruiz") == "ana-ruiz"
    assert owner_folder("").startswith("owner-") and owner_folder("CON").startswith("con-")


def test_per_owner_dry_run_files_hostile_owners_inside_out(hostile_log, tmp_path):
    out = tmp_path / "out"
    result = invoke(
        "report", "network_growth", "--data", str(hostile_log), "--per-owner",
        "--period", PERIOD, "--dry-run", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{len(HOSTILE_OWNERS)} prepared" in result.output
    assert not (tmp_path / "escaped").exists() and not Path("/tmp/absolute-owner").exists()
    period = out / "network_growth" / PERIOD
    folders = sorted(p for p in period.iterdir() if not p.name.startswith("."))
    assert len(folders) == len(HOSTILE_OWNERS)
    owners = set()
    for folder in folders:
        record = json.loads((folder / "run.json").read_text())
        assert record["folder"] == folder.name == owner_folder(record["owner"])
        owners.add(record["owner"])
        nb = nbformat.read(folder / "report.ipynb", as_version=4)
        injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        assert str(folder / "metrics.json") in injected.source  # where the real run writes
    assert owners == set(HOSTILE_OWNERS)  # the real ids, in run.json
    every = [p for p in out.rglob("*")]
    assert all(p.resolve().is_relative_to(out.resolve()) for p in every)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "o&lt;img src=x onerror=alert(1)&gt;" in index


def test_one_hostile_owner_through_owner_option(hostile_log, tmp_path):
    out = tmp_path / "out" / "a" / "b"
    result = invoke(
        "report", "network_growth", "--data", str(hostile_log), "--owner", "../../escaped",
        "--period", PERIOD, "--dry-run", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "escaped").exists()
    folder = out / "network_growth" / PERIOD / owner_folder("../../escaped")
    assert json.loads((folder / "run.json").read_text())["owner"] == "../../escaped"


def test_two_owners_never_share_a_folder_in_a_batch():
    clash = owner_folder("Ana Ruiz")  # an id spelled like another id's folder name
    jobs = [ReportJob("network_growth", OCT, str(PERSONAL), o, {}) for o in ("Ana Ruiz", clash)]
    with pytest.raises(ReportError, match="would share the folder"):
        prepare_jobs(jobs)


# ----------------------------------------------------------------------------- row 7


def fake_finished(folder: Path, status: str = "ok") -> dict[str, bytes]:
    """A report folder as a finished run leaves it (the runner only reads run.json)."""
    folder.mkdir(parents=True)
    files = {
        "run.json": json.dumps({"status": status, "started_at": "2000-01-01T00:00:00+00:00"}),
        "report.html": "<html>earlier report</html>",
        "report.ipynb": "{}",
        "metrics.json": '{"meetings": 1}',
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    return {name: (folder / name).read_bytes() for name in files}


@pytest.mark.parametrize("status", ["ok", "failed"])
@pytest.mark.parametrize("force", [False, True])
def test_dry_run_writes_nothing_into_finished_reports(tmp_path, status, force):
    out = tmp_path / "out"
    folder = out / "network_growth" / PERIOD / "me"
    before = fake_finished(folder, status)
    args = ["report", "network_growth", "--data", str(PERSONAL), "--owner", "me",
            "--period", PERIOD, "--dry-run", "--out", str(out)]  # fmt: skip
    result = invoke(*args, *(["--force"] if force else []))
    assert result.exit_code == 0, result.output
    assert "0 prepared" in result.output
    assert "1 finished report(s) left as they are: a dry run never writes there." in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# ----------------------------------------------------------------------------- row 10


def test_out_is_an_existing_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("keep me")
    result = invoke("report", "network_growth", "--data", str(PERSONAL), "--out", str(afile))
    assert result.exit_code == 2
    assert "is a file" in one_error_line(result)
    assert afile.read_text() == "keep me"


def test_out_cannot_be_made(tmp_path):
    result = invoke(
        "report", "network_growth", "--data", str(PERSONAL), "--owner", "me", "--period",
        PERIOD, "--dry-run", "--out", "/proc/1/nope",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "cannot write reports into '/proc/1/nope'" in one_error_line(result)


def test_graph_output_under_a_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("keep me")
    result = invoke("graph", "--data", str(PERSONAL), "-o", str(afile / "g.html"))
    assert result.exit_code == 1
    assert "cannot write" in one_error_line(result)
    assert afile.read_text() == "keep me"


def test_owner_id_of_300_characters(hostile_log, tmp_path):
    out = tmp_path / "out"
    unknown = invoke(
        "report", "network_growth", "--data", str(PERSONAL), "--owner", "y" * 300,
        "--out", str(out),
    )  # fmt: skip
    assert unknown.exit_code == 2
    assert "is not in" in one_error_line(unknown)
    known = invoke(
        "report", "network_growth", "--data", str(hostile_log), "--owner", "x" * 300,
        "--period", PERIOD, "--dry-run", "--out", str(out),
    )  # fmt: skip
    assert known.exit_code == 0, known.output
    folder = out / "network_growth" / PERIOD / owner_folder("x" * 300)
    assert json.loads((folder / "run.json").read_text())["owner"] == "x" * 300


# ----------------------------------------------------------------------------- row 11


@pytest.mark.parametrize("name", sorted(RUNNER_PARAMETERS))
def test_runner_parameters_are_refused(name):
    with pytest.raises(ReportError, match=f"parameter '{name}' is set by the runner"):
        check_parameters("cohort_outcomes", {name: "elsewhere/x.json"})


def test_runner_parameters_refused_by_the_cli_before_anything(tmp_path):
    out = tmp_path / "out"
    for pair in ("owner=someone_else", "period_label=1999-01", "metrics_path=elsewhere/x.json"):
        result = invoke(
            "report", "network_growth", "--data", str(PERSONAL), "--owner", "me",
            "--param", pair, "--out", str(out),
        )  # fmt: skip
        assert result.exit_code == 2
        assert "is set by the runner" in one_error_line(result)
    assert not out.exists() and not (tmp_path / "elsewhere").exists()


def test_min_group_has_a_floor():
    assert MIN_GROUP_FLOOR == 3
    for low in ("1", "2", "0", "-5", 2):
        with pytest.raises(ReportError, match="min_group=.* is refused: groups of fewer than 3"):
            check_parameters("cohort_outcomes", {"min_group": low})
    assert check_parameters("cohort_outcomes", {"min_group": "3"}) == {"min_group": 3}


def test_as_of_after_the_period_end_is_refused(tmp_path):
    job = ReportJob("followup_conversion", OCT, str(PERSONAL), "me", {"as_of": "2027-01-01"})
    with pytest.raises(ReportError, match="after the end of 2026-10"):
        prepare_jobs([job])
    ok = ReportJob("followup_conversion", OCT, str(PERSONAL), "me", {"as_of": "2026-10-20"})
    assert prepare_jobs([ok])[0].parameters == {"as_of": "2026-10-20"}


# ----------------------------------------------------------------------------- row 12


def test_dead_work_folders_and_half_swapped_sets_are_put_right(tmp_path):
    out = tmp_path / "out"
    state = state_dir(out)
    dead = state / "tmp" / "run-dead"
    dead.mkdir(parents=True)
    (dead / "report").mkdir()
    legacy = out / "network_growth" / PERIOD / "me" / ".run-abcd1234"
    legacy.mkdir(parents=True)
    os.utime(legacy, (time.time() - 3600, time.time() - 3600))
    # killed between the two renames of a swap: the folder is gone, its old set kept
    half = state / "old" / "set-x"
    (half / "files").mkdir(parents=True)
    (half / "files" / "run.json").write_text('{"status": "ok"}')
    (half / "target.json").write_text(json.dumps({"target": "referral_chains/2026-10/me"}))
    with WorkFolder(out) as live:  # a run in progress is never touched
        done = tidy(out)
        assert live.outer.is_dir()
    assert not dead.exists() and not legacy.exists() and not half.exists()
    restored = out / "referral_chains" / PERIOD / "me" / "run.json"
    assert restored.read_text() == '{"status": "ok"}'
    assert len(done) == 3


def test_readers_never_see_a_mix(tmp_path):
    """Many swaps while a reader opens the folder and reads two files through it."""
    out = tmp_path / "out"
    target = out / "r" / PERIOD / "me"
    stop = threading.Event()
    mixes: list[tuple[str, str]] = []

    def reader():
        while not stop.is_set():
            try:
                fd = os.open(target, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                first = os.open("run.json", os.O_RDONLY, dir_fd=fd)
                a = os.read(first, 100).decode()
                os.close(first)
                second = os.open("metrics.json", os.O_RDONLY, dir_fd=fd)
                b = os.read(second, 100).decode()
                os.close(second)
                if a != b:
                    mixes.append((a, b))
            except FileNotFoundError:
                pass
            finally:
                os.close(fd)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(150):
            with WorkFolder(out) as work:
                for name in ("run.json", "metrics.json", "report.html", "report.ipynb"):
                    (work.path / name).write_text(str(i))
                publish(work.path, target, out, keep_good=False)
    finally:
        stop.set()
        thread.join()
    assert mixes == []
    assert (target / "report.html").read_text() == "149"
    assert list((state_dir(out) / "tmp").iterdir()) == []


@pytest.mark.notebook
def test_sigkill_during_force_keeps_the_report_and_the_next_run_tidies(tmp_path):
    out = tmp_path / "out"
    folder = out / "network_growth" / PERIOD / "me"
    before = fake_finished(folder)
    cmd = [sys.executable, "-m", "infoview_analysis.cli", "report", "network_growth",
           "--data", str(PERSONAL), "--owner", "me", "--period", PERIOD, "--force",
           "--jobs", "1", "--out", str(out)]  # fmt: skip
    proc = subprocess.Popen(
        cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    tmp = state_dir(out) / "tmp"
    deadline = time.time() + 120
    while time.time() < deadline and not (tmp.is_dir() and any(tmp.glob("run-*"))):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its kernel
    proc.wait()
    assert any(tmp.glob("run-*")), "the run was killed while it worked"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    again = invoke(
        "report", "referral_chains", "--data", str(PERSONAL), "--owner", "me",
        "--period", PERIOD, "--dry-run", "--out", str(out),
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert list(tmp.iterdir()) == []
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.notebook
def test_three_concurrent_force_runs_stay_consistent(tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "infoview_analysis.cli", "report", "network_growth",
           "--data", str(PERSONAL), "--owner", "me", "--period", PERIOD, "--force",
           "--jobs", "1", "--out", str(out)]  # fmt: skip
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in "abc"]
    outputs = [run.communicate(timeout=600)[0].decode() for run in runs]
    for run, text in zip(runs, outputs, strict=True):
        assert run.returncode == 0, text
    folder = out / "network_growth" / PERIOD / "me"
    assert sorted(p.name for p in folder.iterdir()) == [
        "metrics.json", "report.html", "report.ipynb", "run.json",
    ]  # fmt: skip
    assert json.loads((folder / "run.json").read_text())["status"] == "ok"
    assert json.loads((folder / "metrics.json").read_text())["new_contacts"] >= 0
    assert list((state_dir(out) / "tmp").iterdir()) == []
    assert not (state_dir(out) / "old").exists() or not any((state_dir(out) / "old").iterdir())


# ----------------------------------------------------------------------------- row 14


def test_report_all_applies_a_parameter_where_it_is_declared(tmp_path):
    out = tmp_path / "out"
    result = invoke(
        "report", "all", "--data", str(PERSONAL), "--per-owner", "--period", PERIOD,
        "--param", "anonymize=true", "--dry-run", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    seen = {}
    for name in ("network_growth", "referral_chains", "followup_conversion", "explore_network"):
        nb = nbformat.read(out / name / PERIOD / "me" / "report.ipynb", as_version=4)
        injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        seen[name] = "anonymize = True" in injected.source
    assert seen == {
        "network_growth": False,
        "referral_chains": True,
        "followup_conversion": True,
        "explore_network": False,
    }
    typo = invoke(
        "report", "all", "--data", str(PERSONAL), "--per-owner", "--param", "anonymise=true",
        "--out", str(tmp_path / "other"),
    )  # fmt: skip
    assert (
        typo.exit_code == 2 and "no report of this run has a parameter 'anonymise'" in typo.output
    )


@pytest.mark.notebook
def test_a_failed_report_runs_again_without_force(tmp_path):
    folder = tmp_path / "network_growth" / PERIOD / "me"
    fake_finished(folder, status="failed")
    job = ReportJob("network_growth", OCT, str(PERSONAL), "me", {}, tmp_path)
    result = run_job(job)
    assert result.status == "ok"
    assert json.loads((folder / "run.json").read_text())["status"] == "ok"
    assert "earlier report" not in (folder / "report.html").read_text()
    assert run_job(job).status == "skipped"  # a good one is kept
