"""One bad row never sinks a LinkedIn or Google CSV (issue 15, applied to CSV exports):
with any cells spoiled, every row is imported or listed as left out, and no exception
escapes."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_analysis.importers import linkedin as li
from infoview_analysis.importers.google import read_google_contacts

ROWS = 12
BAD = ["", "someday", "31 Feb 2026", "=1+1", "LinkedIn Member", "Unknown", "ö", "2026-13-45"]


def connections(spoil: dict[tuple[int, int], str]) -> str:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(ROWS):
        cells = [
            f"Ana{i}",
            f"Ruiz{i}",
            f"https://www.linkedin.com/in/ana-{i}",
            "",
            f"Org {i}",
            "PM",
            f"{i + 1:02d} Feb 2026",
        ]
        for (row, col), value in spoil.items():
            if row == i:
                cells[col] = value
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


spoils = st.dictionaries(
    st.tuples(st.integers(0, ROWS - 1), st.integers(0, 6)), st.sampled_from(BAD), max_size=10
)


@settings(
    max_examples=40,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(spoil=spoils)
def test_spoiled_connections_rows_are_each_imported_or_listed(tmp_path, spoil):
    f = tmp_path / "Connections.csv"
    f.write_text(connections(spoil))
    b = li.read_connections(f)
    listed = [int(r) for items in b.left_out["items"] for r in items]
    assert len(listed) == len(set(listed)) == int(b.left_out["count"].sum())
    assert len(b.people) + len(listed) == ROWS
    assert set(b.people["_row"]).isdisjoint(listed)
    bad_dates = {r + 2 for (r, c), v in spoil.items() if c == 6 and v in ("someday", "2026-13-45")}
    assert bad_dates <= set(listed)


@settings(
    max_examples=30,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(spoil=spoils)
def test_spoiled_google_rows_are_each_imported_or_listed(tmp_path, spoil):
    lines = [
        "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Organization 1 - Name,Group Membership"
    ]
    for i in range(ROWS):
        cells = [
            f"Ana Ruiz{i}",
            "Ana",
            f"Ruiz{i}",
            "* Work",
            f"ana{i}@x.org",
            f"Org {i}",
            "* myContacts",
        ]
        for (row, col), value in spoil.items():
            if row == i:
                cells[col] = value
        lines.append(",".join(cells))
    f = tmp_path / "google.csv"
    f.write_text("\n".join(lines) + "\n")
    b = read_google_contacts(f)
    assert len(b.people) + int(b.left_out["count"].sum()) == ROWS
