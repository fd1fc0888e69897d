"""One bad card never sinks a vCard file (issue 15, applied to address books): mutated
address books never raise, and every card is imported or listed as left out."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_analysis.core.problems import LogError
from infoview_analysis.importers.vcard import read_vcard

BOOK = "\n".join(
    f"BEGIN:VCARD\nVERSION:3.0\nN:Person{i};Ana;;;\nFN:Ana Person{i}\nORG:Org {i}\\, Inc.\n"
    f"item1.EMAIL;type=INTERNET;type=pref:ana{i}@x.org\nTITLE:PM\nEND:VCARD"
    for i in range(5)
)
JUNK = ["", ":", ";", "BEGIN:VCARD", "END:VCARD", "KIND:group", '"', "=", "\\"]


def mutate(text: str, seed: int, n: int) -> str:
    rng = random.Random(seed)
    lines = text.split("\n")
    for _ in range(n):
        i = rng.randrange(len(lines))
        action = rng.choice(["drop", "duplicate", "junk", "cut"])
        if action == "drop" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "junk":
            lines[i] = rng.choice(JUNK)
        else:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    return "\n".join(lines)


@settings(
    max_examples=60,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 10**9), n=st.integers(1, 8))
def test_mutated_address_books_never_raise_and_account_for_every_card(tmp_path, seed, n):
    f = tmp_path / "m.vcf"
    f.write_text(mutate(BOOK, seed, n))
    try:
        b = read_vcard(f)
    except LogError as err:  # only when no card is left at all
        assert [p.kind for p in err.problems] == ["not_a_table"]
        assert "BEGIN:VCARD" not in f.read_text().upper()
        return
    # every card found is imported or listed as left out, none twice
    assert len(b.people) == b.counts["vCards"]
    assert b.counts["vCards"] + int(b.left_out["count"].sum()) == b.counts["vCards in the file"]
    assert b.counts["vCards in the file"] >= 1


@pytest.mark.parametrize("cut", ["END:VCARD\n", "BEGIN:VCARD\n"])
def test_a_missing_line_costs_at_most_one_card(tmp_path, cut):
    f = tmp_path / "b.vcf"
    text = BOOK + "\n"
    f.write_text(text.replace(cut, "", 1))
    b = read_vcard(f)
    assert len(b.people) >= 4
    assert b.people["email"].str.startswith("ana").all()
