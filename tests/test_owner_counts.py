"""Per-owner counts: bincounts over owner positions equal a pandas groupby."""

import numpy as np
import pandas as pd
import pytest

from infoview_analysis.metrics import owner_counts
from infoview_analysis.metrics.owner_counts import count_per_owner, months_active, owner_positions


@pytest.fixture
def rows():
    rng = np.random.default_rng(7)
    n_rows, owners = 2_000, [f"o{i:02d}" for i in range(40)]
    owner = pd.Series(rng.choice([*owners[5:30], None], n_rows), dtype="category")
    date = pd.Series(
        pd.Timestamp("2024-12-20") + pd.to_timedelta(rng.integers(0, 500 * 86_400, n_rows), "s")
    )
    date[rng.random(n_rows) < 0.05] = pd.NaT
    return pd.DataFrame({"owner": owner, "date": date}), pd.Index(owners)


def _expected_months(frame, index):
    dated = frame.dropna()
    months = dated.groupby(dated["owner"].astype(object))["date"].agg(
        lambda d: d.dt.to_period("M").nunique()
    )
    return months.reindex(index, fill_value=0).to_numpy()


@pytest.mark.parametrize("table", [True, False])
def test_months_active_equals_a_groupby(rows, monkeypatch, table):
    frame, index = rows
    if not table:  # 40 owners x 17 months is more cells than 300 rows: the sorting path
        monkeypatch.setattr(owner_counts, "MONTH_TABLE_CELLS", 0)
        frame = frame.iloc[:300]
    pos = owner_positions(frame["owner"], index)
    date = frame["date"].to_numpy("datetime64[ns]").view(np.int64)
    got = months_active(date, pos, len(index))
    assert got.tolist() == _expected_months(frame, index).tolist()


def test_counts_equal_a_groupby(rows):
    frame, index = rows
    pos = owner_positions(frame["owner"], index)
    flags = frame["date"].dt.month.to_numpy() % 2 == 0
    expected = frame[flags].groupby(frame["owner"].astype(object)).size()
    got = count_per_owner(flags, pos, len(index))
    assert got.tolist() == expected.reindex(index, fill_value=0).tolist()
    assert got.dtype == np.int64


def test_no_rows():
    empty = np.zeros(0, dtype=np.int64)
    assert months_active(empty, empty, 3).tolist() == [0, 0, 0]
    assert count_per_owner(np.zeros(0, bool), empty, 2).tolist() == [0, 0]
