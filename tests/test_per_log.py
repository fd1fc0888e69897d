"""per_log: a small log keeps every value; a larger one only its few most recent."""

import pytest

from infoview_analysis.metrics import per_log as pl
from infoview_analysis.metrics.conversion import funnel
from infoview_analysis.sample import generate


@pytest.fixture(scope="module")
def log():
    return generate(owners=2, seed=1)


def _computed(log, keys, keep_large=True):
    """Ask for `keys` in turn; the keys that were computed (not kept)."""
    done = []
    for key in keys:
        pl.per_log(log, key, lambda key=key: done.append(key) or key, keep_large)
    return done


def test_a_small_log_keeps_every_value(log):
    keys = [("small", i) for i in range(pl.LARGE_LOG_VALUES + 3)]
    assert _computed(log, keys, keep_large=False) == keys
    assert _computed(log, keys, keep_large=False) == []


def test_a_large_log_keeps_only_its_most_recently_used_values(log, monkeypatch):
    monkeypatch.setattr(pl, "SMALL_LOG_ROWS", 1)
    bound = pl.LARGE_LOG_VALUES
    keys = [("large", i) for i in range(bound + 2)]
    assert _computed(log, keys) == keys
    assert len(pl._values(log)) == bound
    kept = keys[-bound:]
    assert _computed(log, kept) == []
    # Using the oldest kept value makes it the newest: the next new key evicts another.
    assert _computed(log, [kept[0], ("large", "new"), kept[0]]) == [("large", "new")]
    assert _computed(log, [kept[1]]) == [kept[1]]


def test_a_large_log_keeps_only_keep_large_values(log, monkeypatch):
    monkeypatch.setattr(pl, "SMALL_LOG_ROWS", 1)
    keys = [("not kept", 1)] * 2
    assert _computed(log, keys, keep_large=False) == keys


def test_a_large_log_keeps_no_cut_logs(log, monkeypatch):
    monkeypatch.setattr(pl, "SMALL_LOG_ROWS", 1)
    first, second = pl.cut(log, "2026-09-01"), pl.cut(log, "2026-09-01")
    assert first is not second and len(first.events) == len(second.events)
    # A cut log is already cut at its end: cutting it again gives it back.
    assert pl.cut(first, "2026-09-01") is first


def test_large_log_metrics_equal_small_log_metrics(log, monkeypatch):
    expected = funnel(log, by="channel")
    monkeypatch.setattr(pl, "SMALL_LOG_ROWS", 1)
    fresh = generate(owners=2, seed=1)
    for _ in range(2):  # computed, then from the kept values
        assert funnel(fresh, by="channel").equals(expected)
