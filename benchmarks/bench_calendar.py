"""Calendar import time on hostile and large calendars (issue 11 row 5, issue 15).

Run: `.venv/bin/python benchmarks/bench_calendar.py [--events 2000]`.
Cases: `RRULE:FREQ=SECONDLY` with no end (capped by MAX_OCCURRENCES_PER_SERIES), a
sub-daily rule whose filters match no day (30 February), an hourly rule from 1990
(EXPANSION_WINDOW_YEARS), and a file of N single events with one broken event in
ten. Each case is read once by `read_ics`; prints seconds and meetings; no assertion.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import pandas as pd

from infoview_analysis.importers.calendar import read_ics

ANA = pd.DataFrame({"email": ["ana@x.org"], "name": ["Ana Ruiz"], "contact_id": ["ana-ruiz"]})


def event(uid: str, start: str, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\nDTSTART:{start}\r\n{extra}"
        "ATTENDEE;CN=Ana Ruiz:mailto:ana@x.org\r\nEND:VEVENT\r\n"
    )


def calendar(*events: str) -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(events) + "END:VCALENDAR\r\n"


def cases(n: int) -> dict[str, str]:
    many = []
    for i in range(n):
        day = dt.datetime(2025, 1, 1, 9) + dt.timedelta(hours=7 * i)
        start = "INVALID-DATE" if i % 10 == 0 else f"{day:%Y%m%dT%H%M%S}Z"
        many.append(event(f"e{i}", start, "DURATION:PT30M\r\n"))
    return {
        "secondly, no end": calendar(event("s", "20260105T090000Z", "RRULE:FREQ=SECONDLY\r\n")),
        "secondly on 30 February": calendar(
            event("f", "20260105T090000Z", "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30\r\n")
        ),
        "hourly since 1990": calendar(event("h", "19900101T090000Z", "RRULE:FREQ=HOURLY\r\n")),
        f"{n} events, 1 in 10 broken": calendar(*many),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    print(f"{'case':32} {'seconds':>8} {'meetings':>9} {'left out':>9}")
    for name, text in cases(args.events).items():
        path = folder / "c.ics"
        path.write_text(text, newline="")
        t0 = time.perf_counter()
        batch = read_ics(path, ANA, until=dt.date(2027, 1, 1), tz="UTC")
        seconds = time.perf_counter() - t0
        dropped = int(batch.left_out["count"].sum())
        print(f"{name:32} {seconds:8.2f} {len(batch.events):9d} {dropped:9d}")


if __name__ == "__main__":
    main()
