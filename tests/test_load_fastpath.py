"""The loader's quick paths give what the careful paths give.

`load_log` checks a large clean log with a few vectorized tests (`rules.passes_rules`)
and leaves pandera to explain failures; ids and text skip per-value Python work when
one arrow pass shows nothing to clean. Each quick path is compared here with the path
it short-cuts, on generated values and logs with bad cells.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.problems import LogError
from infoview_analysis.core.spreadsheet_safety import TEXT_MARK, restore_formulas
from infoview_analysis.core.vocabulary import CHANNELS, EVENT_TYPES, SOURCES
from infoview_analysis.loading import rules
from infoview_analysis.loading.load import load_log
from infoview_analysis.loading.prepare import _per_row_category
from infoview_analysis.loading.values import (
    clean_id,
    normalize_ids,
    normalize_text,
    recode_categories,
)

TODAY = dt.date(2026, 11, 27)
# Characters that make cleaning do something: spaces of several kinds, the formula
# mark, control characters, letters outside ASCII.
CELL_CHARS = st.sampled_from(list("ab7-_ '=+@\t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u2003\u200bé漢"))
cells = st.text(CELL_CHARS, max_size=6)
optional_cells = st.none() | cells
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _reference_text(values: pd.Series) -> pd.Series:
    """normalize_text as it was before its quick path: strip, blank to missing, unmark."""
    arrow = pa.chunked_array(values.astype(STRING).array._pa_array)
    if arrow.null_count == len(arrow):
        return values.astype(STRING)
    stripped = pc.utf8_trim_whitespace(arrow)
    blank = pc.fill_null(pc.equal(stripped, ""), False)
    cleaned = pc.if_else(blank, pa.scalar(None, stripped.type), stripped)
    series = pd.Series(pd.array(cleaned, dtype=STRING), index=values.index)
    if pc.any(pc.starts_with(cleaned, TEXT_MARK)).as_py():
        return restore_formulas(series)
    return series


@FAST
@given(st.lists(optional_cells, max_size=12))
@example([" a", "b ", "'=x", "x\u00a0", "ok", None])
def test_ids_skipped_by_the_quick_check_are_the_ones_clean_id_keeps(ids):
    values = pd.Series(pd.Categorical(pd.array(ids, dtype=STRING)))
    quick = normalize_ids(values)
    careful = recode_categories(values, clean_id)
    assert quick.tolist() == careful.tolist()
    assert quick.cat.categories.tolist() == careful.cat.categories.tolist()
    assert quick.dtype == careful.dtype


@FAST
@given(st.lists(optional_cells, max_size=12))
@example(["7 "])  # one trailing space in a one-cell column (buffer sizes alone miss it)
@example(["ok", "", None])
def test_text_kept_as_it_came_only_when_cleaning_changes_nothing(texts):
    values = pd.Series(texts, dtype=STRING)
    assert normalize_text(values).tolist() == _reference_text(values).tolist()
    categorical = values.astype("category")
    assert normalize_text(categorical).tolist() == _reference_text(values).tolist()


@FAST
@given(st.lists(st.none() | st.sampled_from(["alumni", "friend", "alumnni", "Zed", ""])))
def test_source_categorical_from_used_values_equals_astype(per_row):
    per_value = pd.Series(sorted({v for v in per_row if v is not None}) + [None], dtype=object)
    positions = np.array(
        [len(per_value) - 1 if v is None else per_value.tolist().index(v) for v in per_row],
        dtype=np.int64,
    )
    index = pd.RangeIndex(len(per_row))
    quick = _per_row_category(per_value, positions, index)
    careful = per_value.iloc[positions].reset_index(drop=True).astype("category")
    pd.testing.assert_series_equal(quick, careful, check_exact=True)


def _pandera_problems(frame: pd.DataFrame, role: str) -> list[str]:
    """What pandera alone reports, the quick check skipped."""
    try:
        rules.RULES[role].validate(frame.copy(), lazy=True)
        return []
    except SchemaErrors as err:
        return [str(p) for p in rules._translate(frame, err.failure_cases, role, {})]


@st.composite
def event_rows(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 8))
    pick = lambda options: [draw(st.sampled_from(options)) for _ in range(n)]  # noqa: E731
    frame = pd.DataFrame(
        {
            "owner_id": pick(["s1", "s2", None]),
            "contact_id": pick(["c1", "c2", "c3", None]),
            "date": pd.to_datetime(pick(["2026-10-01", "2026-10-02", None])),
            "type": pick([*EVENT_TYPES[:3], "coffee", None]),
            "channel": pick([*CHANNELS[:2], "fax", None]),
            "duration_min": pick([30.0, 0.0, -5.0, np.nan]),
            "_row": np.arange(2, n + 2),
            "_file": ["a.csv"] * n,
        }
    )
    for column in ("owner_id", "contact_id", "type", "channel"):
        if draw(st.booleans()):
            frame[column] = frame[column].astype(STRING).astype("category")
    if draw(st.booleans()):
        frame["duration_min"] = (
            frame["duration_min"].astype(object).where(frame["duration_min"].notna(), None)
        )
    return frame


@st.composite
def contact_rows(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 8))
    pick = lambda options: [draw(st.sampled_from(options)) for _ in range(n)]  # noqa: E731
    frame = pd.DataFrame(
        {
            "owner_id": pick(["s1", "s2", None]),
            "contact_id": pick(["c1", "c2", "c3", None]),
            "source": pick([*SOURCES[:3], "alumnni", None]),
            "_row": np.arange(2, n + 2),
            "_file": ["a.csv"] * n,
        }
    )
    for column in ("owner_id", "contact_id", "source"):
        if draw(st.booleans()):
            frame[column] = frame[column].astype(STRING).astype("category")
    return frame


@FAST
@given(event_rows())
def test_quick_rule_check_and_pandera_agree_on_events(frame):
    problems = _pandera_problems(frame, "events")
    if rules.passes_rules(frame, "events"):
        assert problems == []
    assert [str(p) for p in rules.check_rules(frame.copy(), "events")] == problems


@FAST
@given(contact_rows())
def test_quick_rule_check_and_pandera_agree_on_contacts(frame):
    problems = _pandera_problems(frame, "contacts")
    if rules.passes_rules(frame, "contacts"):
        assert problems == []
    assert [str(p) for p in rules.check_rules(frame.copy(), "contacts")] == problems


@st.composite
def small_logs(draw) -> str:
    lines = ["Owner,Contact,Date,Type,Channel,Minutes,Notes"]
    for _ in range(draw(st.integers(1, 6))):
        owner = draw(st.sampled_from(["s1", " s1", "s2", ""]))
        contact = draw(st.sampled_from(["c1", "c2 ", "Ana Ruiz", ""]))
        date = draw(st.sampled_from(["2026-10-01", "2026-10-02 09:30", "soon", ""]))
        kind = draw(st.sampled_from(["outreach", "Coffee chat", "meeting", "coffe", ""]))
        channel = draw(st.sampled_from(["email", "Zoom", "fax", ""]))
        minutes = draw(st.sampled_from(["30", "-5", "45 min", ""]))
        notes = draw(st.sampled_from(["", " hi ", "'=1+1", "ok"]))
        lines.append(",".join([owner, contact, date, kind, channel, minutes, notes]))
    return "\n".join(lines) + "\n"


def _outcome(path: Path):
    try:
        log = load_log(path, today=TODAY)
    except LogError as err:
        return "error", [str(p) for p in err.problems]
    return "log", (log.contacts, log.events, log.owners, [str(w) for w in log.warnings])


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(small_logs())
def test_load_log_same_with_the_quick_check_or_pandera_only(text):
    path = Path(tempfile.mkdtemp()) / "log.csv"
    path.write_text(text)
    quick = _outcome(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rules, "passes_rules", lambda frame, role: False)
        careful = _outcome(path)
    assert quick[0] == careful[0]
    if quick[0] == "error":
        assert quick[1] == careful[1]
    else:
        for mine, theirs in zip(quick[1][:3], careful[1][:3], strict=True):
            pd.testing.assert_frame_equal(mine, theirs, check_exact=True)
        assert quick[1][3] == careful[1][3]


def _records_of_whole_text(text: str, delimiter: str, limit: int) -> list:
    """The header scan as it was: every line of the text split, then read."""
    import csv

    lines = text.splitlines(keepends=True)
    consumed = 0

    def feed():
        nonlocal consumed
        for line in lines:
            consumed += 1
            yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    out = []
    while len(out) < limit:
        start = consumed
        try:
            record = next(reader)
        except (StopIteration, csv.Error):
            break
        out.append((start, record))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "Name", ",", ";", '"', "\n", "\r\n", "\r", "\x0c", " ", "é", "\u2028"]
        ),
        max_size=80,
    ).map("".join),
    st.sampled_from([",", ";"]),
    st.integers(1, 6),
    st.integers(1, 12),
)
def test_header_scan_of_a_growing_cut_reads_what_the_whole_text_reads(
    text, delimiter, limit, first_cut
):
    # The scan splits lines from a cut of the text that grows until the records
    # sought end before it; tiny cuts here make every record straddle one.
    from infoview_analysis.loading import header_row

    original = header_row._FIRST_CUT
    header_row._FIRST_CUT = first_cut
    try:
        assert header_row._records(text, delimiter, limit) == _records_of_whole_text(
            text, delimiter, limit
        )
        for n in range(len(text.splitlines()) + 2):
            expected = len("".join(text.splitlines(keepends=True)[:n]))
            assert header_row.lines_length(text, n) == expected
    finally:
        header_row._FIRST_CUT = original


@FAST
@given(
    st.lists(
        st.lists(st.none() | st.sampled_from(["b", "a", "c", "é", ""]), max_size=6),
        min_size=1,
        max_size=4,
    )
)
def test_categoricals_from_per_block_dictionaries_read_as_arrow_converts_them(blocks):
    # The reader gives every block its own dictionary; `frame_from_arrow` unifies them
    # itself. Values, the order of categories and missing cells are arrow's own.
    from infoview_analysis.loading.raw_table import frame_from_arrow

    column = pa.chunked_array(
        [pa.array(block, pa.string()).dictionary_encode() for block in blocks],
        pa.dictionary(pa.int32(), pa.string()),
    )
    table = pa.table({"c0": column, "c1": pa.array(range(len(column)), pa.int64())})
    expected = table["c0"].to_pandas()
    got = frame_from_arrow(table)
    assert got.columns.tolist() == ["c0", "c1"]
    assert got["c1"].tolist() == list(range(len(column)))
    if not len(column):
        return
    values = got["c0"]
    assert values.cat.categories.dtype == STRING
    assert values.cat.categories.tolist() == expected.cat.categories.tolist()
    assert values.cat.codes.tolist() == expected.cat.codes.tolist()
    assert values.cat.codes.dtype == expected.cat.codes.dtype


@FAST
@given(
    st.lists(st.tuples(st.integers(-1, 2), st.integers(-1, 3), st.integers(0, 3)), max_size=12),
    st.booleans(),
)
def test_first_event_rows_and_order_as_the_pair_keys_find_them(rows, sort_first):
    # On the small codes when no id is missing, on int64 pair keys otherwise: the same
    # order, the same first rows (the first of each pair), keys given when built.
    from infoview_analysis.loading.assemble import _first_event_rows
    from infoview_analysis.loading.finalize import is_sorted
    from infoview_analysis.loading.frames import pair_keys

    if sort_first:
        rows = sorted(rows)
    ids = pd.CategoricalDtype(pd.Index(["a", "b", "c", "d"], dtype=STRING))
    events = pd.DataFrame(
        {
            "owner_id": pd.Categorical.from_codes([o for o, _, _ in rows], dtype=ids),
            "contact_id": pd.Categorical.from_codes([c for _, c, _ in rows], dtype=ids),
        }
    )
    dates = np.array(["2026-01-01"] * len(rows), "datetime64[ns]") + np.array(
        [d for _, _, d in rows], dtype="timedelta64[D]"
    )
    keys = pair_keys(events, "contact_id", 5)
    in_order, first_rows, given_keys = _first_event_rows(events, dates, 5)
    assert in_order == is_sorted(keys, dates)
    assert first_rows.tolist() == pd.Series(keys).drop_duplicates().index.tolist()
    assert first_rows.dtype == np.int64
    assert given_keys is None or given_keys.tolist() == keys.tolist()
    assert given_keys is not None or in_order


@FAST
@given(
    st.lists(st.integers(-1, 9), max_size=40),
    st.lists(st.integers(-1, 20), min_size=11, max_size=11),
    st.sampled_from([np.int8, np.int16, np.int32]),
)
def test_codes_remapped_as_numpy_indexing_does(codes, lookup, dtype):
    from infoview_analysis.loading.values import remap_codes

    codes = np.array(codes, dtype=dtype)
    lookup = np.array(lookup, dtype=dtype)  # 10 categories, then missing's new code
    got = remap_codes(codes, lookup)
    assert got.dtype == lookup.dtype
    assert got.tolist() == [int(lookup[c]) for c in codes.tolist()]


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.integers(0, 3),
            st.integers(-400_000, 400_000),  # minutes around 2026-01-01
        ),
        min_size=1,
        max_size=12,
    ),
    st.booleans(),
)
def test_added_on_of_contacts_made_from_sorted_events_is_the_day_of_their_first(rows, dated):
    # Contacts made from sorted events (no search: they are the first rows' pairs, in
    # order) and the general path (matched by pair keys) agree: the day of each pair's
    # first event; a date a file gave is kept.
    from infoview_analysis.loading.assemble import _default_added_on, _first_event_rows
    from infoview_analysis.loading.frames import pair_keys

    rows = sorted(rows)
    ids = pd.CategoricalDtype(pd.Index(["a", "b", "c", "d"], dtype=STRING))
    dates = np.datetime64("2026-01-01", "ns") + np.array(
        [m for _, _, m in rows], dtype="timedelta64[m]"
    ).astype("timedelta64[ns]")
    events = pd.DataFrame(
        {
            "owner_id": pd.Categorical.from_codes([o for o, _, _ in rows], dtype=ids),
            "contact_id": pd.Categorical.from_codes([c for _, c, _ in rows], dtype=ids),
            "date": dates,
        }
    )
    in_order, first_rows, _ = _first_event_rows(events, dates, 5)
    assert in_order
    given = np.full(len(first_rows), np.datetime64("NaT"), "datetime64[ns]")
    if dated:
        given[0] = np.datetime64("2020-05-05T13:00", "ns")
    contacts = pd.DataFrame(
        {
            "owner_id": events["owner_id"].iloc[first_rows].reset_index(drop=True),
            "contact_id": events["contact_id"].iloc[first_rows].reset_index(drop=True),
            "added_on": given,
        }
    )
    keys = pair_keys(events, "contact_id", 5)
    shortcut = _default_added_on(contacts, events, None, first_rows, 5, from_first_rows=True)
    general = _default_added_on(contacts, events, keys, first_rows, 5)
    expected = pd.Series(np.where(np.isnat(given), dates[first_rows], given)).dt.normalize()
    assert shortcut.tolist() == general.tolist() == expected.tolist()
    assert shortcut.dtype == general.dtype == np.dtype("datetime64[ns]")
