"""The validated snapshot: the same log as `load_log`, loaded once, rebuilt when an input
changes, never trusted when damaged."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from conftest import COHORT, PERSONAL

from infoview_analysis.core.problems import LogError
from infoview_analysis.loading import load as load_module
from infoview_analysis.loading import snapshot
from infoview_analysis.loading.load import load_log


@pytest.fixture(autouse=True)
def fresh_memory():
    snapshot._memory.clear()
    yield
    snapshot._memory.clear()


def assert_same_log(a, b):
    for name in ("contacts", "events", "owners"):
        left, right = getattr(a, name), getattr(b, name)
        pd.testing.assert_frame_equal(left, right)
        for column in left.columns:
            if isinstance(left[column].dtype, pd.CategoricalDtype):
                assert left[column].cat.categories.dtype == right[column].cat.categories.dtype
    assert a.warnings == b.warnings and a.files == b.files


@pytest.mark.parametrize("data", [PERSONAL, COHORT], ids=["personal", "cohort"])
def test_a_snapshot_reads_back_exactly(data, tmp_path):
    direct = load_log(data)
    assert_same_log(snapshot.read_snapshot(snapshot.write_snapshot(direct, tmp_path / "s")), direct)


def test_warnings_survive_the_snapshot(tmp_path):
    log_file = tmp_path / "log.csv"
    log_file.write_text(
        "Name,Date,Type,How Found,Favourite colour\nAna Ruiz,2026-10-01,Coffee chat,Alum,blue\n"
    )
    direct = load_log(log_file)
    assert direct.warnings, "an unused column is reported"
    assert_same_log(snapshot.load_snapshot(log_file, cache=tmp_path / "cache"), direct)
    snapshot._memory.clear()
    assert_same_log(snapshot.load_snapshot(log_file, cache=tmp_path / "cache"), direct)


def test_loaded_once_then_reused_until_a_file_changes(tmp_path, monkeypatch):
    data = tmp_path / "log"
    data.mkdir()
    for name in ("events.csv", "contacts.csv"):
        (data / name).write_bytes((PERSONAL / name).read_bytes())
    calls = []
    real = load_module.load_log
    monkeypatch.setattr(load_module, "load_log", lambda *a, **k: calls.append(a) or real(*a, **k))
    cache = tmp_path / "cache"
    first = snapshot.load_snapshot(data, cache=cache)
    assert snapshot.load_snapshot(data, cache=cache) is first  # this process's memory
    snapshot._memory.clear()  # another process: reads the snapshot, loads nothing
    assert_same_log(snapshot.load_snapshot(data, cache=cache), first)
    assert len(calls) == 1
    # the same size and modification time, one byte different: the content hash sees it
    events = data / "events.csv"
    stat = events.stat()
    text = events.read_text()
    events.write_text(text.replace("2026-10-1", "2026-10-2", 1))
    os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert events.stat().st_size == stat.st_size
    snapshot._memory.clear()
    changed = snapshot.load_snapshot(data, cache=cache)
    assert len(calls) == 2 and not changed.events.equals(first.events)
    (data / "notes.csv").write_text("owner_id,contact_id,date,type\nme,x,2026-10-01,outreach\n")
    snapshot.load_snapshot(data, cache=cache)  # an added file: loaded again
    assert len(calls) == 3


def test_a_damaged_snapshot_is_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    first = snapshot.load_snapshot(PERSONAL, cache=cache)
    (folder,) = [p for p in cache.iterdir() if not p.name.startswith(".")]
    (folder / "events.arrow").write_bytes(b"not arrow")
    snapshot._memory.clear()
    assert_same_log(snapshot.load_snapshot(PERSONAL, cache=cache), first)


def test_bad_input_raises_and_caches_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n")
    with pytest.raises(LogError):
        snapshot.load_snapshot(bad, cache=tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_old_snapshots_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "KEEP_ON_DISK", 2)
    cache = tmp_path / "cache"
    for i in range(4):
        log_file = tmp_path / f"log{i}.csv"
        log_file.write_text(f"Name,Date,Type\nAna Ruiz,2026-10-0{i + 1},Coffee chat\n")
        snapshot.load_snapshot(log_file, cache=cache)
    assert len([p for p in cache.iterdir() if not p.name.startswith(".")]) == 2
