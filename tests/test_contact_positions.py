"""`core.model.contact_positions` against a dictionary lookup, on pairs in and out of order."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_analysis.core.model import contact_positions

OWNERS = ["a", "b", "c"]
IDS = ["x", "y", "z", "w"]


@st.composite
def cases(draw):
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(OWNERS), st.sampled_from(IDS[:3])), unique=True, max_size=8
        )
    )
    if draw(st.booleans()):
        pairs.sort()  # as the loader orders contacts
    contacts = pd.DataFrame(
        {
            "owner_id": pd.Categorical([p[0] for p in pairs], categories=OWNERS),
            "contact_id": pd.Categorical([p[1] for p in pairs], categories=IDS[:3]),
        }
    )
    asked = draw(
        st.lists(
            st.tuples(st.sampled_from([*OWNERS, None]), st.sampled_from([*IDS, None])),
            max_size=12,
        )
    )
    if draw(st.booleans()):
        asked.sort(key=lambda p: (p[0] or "", p[1] or ""))  # events in thread order
    categorical = draw(st.booleans())
    owners = pd.Series([p[0] for p in asked], dtype="category" if categorical else object)
    ids = pd.Series([p[1] for p in asked], dtype=object)
    return contacts, owners, ids


@settings(max_examples=300, deadline=None)
@given(cases())
def test_positions_are_the_rows_holding_each_pair(case):
    contacts, owners, ids = case
    rows = {
        (o, c): i
        for i, (o, c) in enumerate(zip(contacts["owner_id"], contacts["contact_id"], strict=True))
        if isinstance(o, str) and isinstance(c, str)
    }
    expected = [rows.get((o, c), -1) for o, c in zip(owners, ids, strict=True)]
    got = contact_positions(contacts, owners, ids)
    assert got.dtype == np.int64
    assert got.tolist() == expected


def test_sorted_pairs_repeat_one_answer_per_pair():
    contacts = pd.DataFrame(
        {"owner_id": pd.Categorical(["me", "me"]), "contact_id": pd.Categorical(["a", "b"])}
    )
    owners = pd.Series(["me"] * 5)
    ids = pd.Series(["a", "a", "b", "b", "q"])
    assert contact_positions(contacts, owners, ids).tolist() == [0, 0, 1, 1, -1]
