"""`person_index` propagates labels over the rows that share a key only; it must give
what propagating over every row gives (the reference below, as written before)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_analysis.core.forest import find_roots
from infoview_analysis.core.identity import normalize_email, normalize_linkedin_url
from infoview_analysis.metrics.graph import _arrow_strings, person_index


def reference_person_index(contacts: pd.DataFrame) -> np.ndarray:
    n = len(contacts)
    label = np.arange(n, dtype=np.int64)
    key_codes = []
    for column, normalize in (("email", normalize_email), ("linkedin_url", normalize_linkedin_url)):
        if column not in contacts or n == 0:
            continue
        encoded = pc.dictionary_encode(_arrow_strings(normalize(contacts[column])))
        size = len(encoded.dictionary)
        if size == 0:
            continue
        codes = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64)
        counts = np.bincount(codes[codes >= 0], minlength=size)
        shared = (codes >= 0) & (counts[np.maximum(codes, 0)] > 1)
        if shared.any():
            rows = np.flatnonzero(shared)
            key_codes.append((rows, codes[rows], size))
    while key_codes:
        before = label.copy()
        for rows, codes, size in key_codes:
            smallest = np.full(size, n, dtype=np.int64)
            np.minimum.at(smallest, codes, label[rows])
            label[rows] = np.minimum(label[rows], smallest[codes])
        label = find_roots(label)
        if np.array_equal(before, label):
            break
    return label


# Few distinct keys, so rows share them often and chain through both columns.
emails = st.one_of(st.none(), st.sampled_from(["a@x.org", " A@X.org", "b@x.org", "c@y.io", "no"]))
urls = st.one_of(
    st.none(),
    st.sampled_from(["linkedin.com/in/a", "https://www.linkedin.com/in/A/", "x.org/b", "in/c"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(emails, urls), max_size=40), st.booleans())
def test_same_persons_as_propagating_over_every_row(rows, with_url):
    contacts = pd.DataFrame(rows, columns=["email", "linkedin_url"], dtype=object)
    if not with_url:
        contacts = contacts.drop(columns="linkedin_url")
    got = person_index(contacts)
    assert got.tolist() == reference_person_index(contacts).tolist()


def test_chain_through_both_keys():
    # 0-2 share an e-mail, 2-4 a URL, 4-5 an e-mail: one person led by row 0.
    contacts = pd.DataFrame(
        {
            "email": ["a@x.org", None, "A@x.org ", "z@x.org", "b@x.org", "b@x.org"],
            "linkedin_url": [
                None,
                "x.org/q",
                "linkedin.com/in/p",
                None,
                "linkedin.com/in/P/",
                None,
            ],
        }
    )
    assert person_index(contacts).tolist() == [0, 1, 0, 3, 0, 0]
    assert person_index(contacts).tolist() == reference_person_index(contacts).tolist()
