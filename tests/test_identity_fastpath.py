"""Shortcuts in the e-mail and LinkedIn key folding give what the full rules give.

`normalize_email` skips the `mailto:` regex when no value starts with it, and
`normalize_linkedin_url` takes an already folded URL as it is instead of extracting its
parts. The references below are the folding as written before the shortcuts.
"""

from __future__ import annotations

import pandas as pd
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_analysis.core import identity
from infoview_analysis.core.identity import normalize_email, normalize_linkedin_url


def reference_email(values: pd.Series) -> pd.Series:
    text = pc.utf8_lower(pc.utf8_trim_whitespace(identity._arrow(values)))
    text = pc.replace_substring_regex(text, "^mailto:", "")
    text = pc.utf8_trim(text, "<> ")
    valid = pc.match_substring_regex(text, identity._EMAIL.pattern)
    return identity._series(pc.if_else(pc.fill_null(valid, False), text, None), values.index)


def reference_url(values: pd.Series) -> pd.Series:
    text = pc.utf8_trim_whitespace(identity._arrow(values))
    found = pc.extract_regex(text, identity._FAST_LINKEDIN)
    kind = pc.utf8_lower(pc.struct_field(found, [0]))
    handle = pc.utf8_lower(pc.struct_field(found, [1]))
    fast = pc.binary_join_element_wise("https://www.linkedin.com/", kind, "/", handle, "")
    fast_series = identity._series(fast, values.index)
    slow_rows = fast_series.isna() & identity._as_strings(values).notna()
    if slow_rows.any():
        fast_series[slow_rows] = identity._per_distinct(values[slow_rows], identity._url_one)
    return fast_series


# Pieces that sit near every edge of the rules: scheme and host spellings, case,
# non-ASCII case folding ('K' Kelvin, 'ſ', 'İ'), ASCII and Unicode whitespace,
# percent-encoding, the characters after a handle, and the e-mail wrappers.
PIECES = [
    "https://",
    "http://",
    "HTTPS://",
    "www.",
    "de.",
    "linkedin.com",
    "LinkedIn.com",
    "/in/",
    "/pub/",
    "/IN/",
    "/company/",
    "ana",
    "Ana",
    "-",
    "_",
    "9",
    "%20",
    "%C3%BA",
    "ú",
    "K",
    "ſ",
    "İ",
    " ",
    "\t",
    "\u00a0",
    "\u2003",
    "\u0085",
    "\x1c",
    "/",
    "?",
    "#",
    "?trk=x",
    ".",
    "@",
    "x.org",
    "mailto:",
    "MAILTO:",
    "<",
    ">",
    ",",
]


def pick(*options: str) -> st.SearchStrategy[str]:
    # The first option (the canonical spelling) half the time, so whole canonical
    # URLs and one-piece near misses are common.
    return st.one_of(st.just(options[0]), st.sampled_from(options))


# Shaped like a profile URL, so that canonical ones and near misses come up often.
urls = st.tuples(
    pick("", " ", "\u00a0", "<"),
    pick("https://", "http://", "", "HTTPS://", "ftp://", "https:/"),
    pick("www.", "", "de.", "WWW.", "www"),
    pick("linkedin.com", "LinkedIn.com", "linkedin.co", "xlinkedin.com"),
    pick("/in/", "/pub/", "/IN/", "/Pub/", "/company/", "/in//", "/in"),
    st.one_of(
        st.text("ab0-_", min_size=1, max_size=4),
        st.lists(
            st.sampled_from(["a", "Z", "0", "-", "_", "ú", "K", "ſ", "%41", "."]), max_size=5
        ).map("".join),
    ),
    pick("", "/", "/details/x", "?trk=1", "#top", "/%20", " ", ">", "\t", "\u2003"),
).map("".join)
cells = st.one_of(
    st.none(),
    urls,
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    st.text(max_size=12),
)
columns = st.lists(cells, max_size=30)


@settings(max_examples=400, deadline=None)
@given(columns)
def test_email_same_as_full_rules(values):
    series = pd.Series(values, dtype=object)
    pd.testing.assert_series_equal(normalize_email(series), reference_email(series))


@settings(max_examples=400, deadline=None)
@given(columns)
def test_linkedin_same_as_full_rules(values):
    series = pd.Series(values, dtype=object)
    pd.testing.assert_series_equal(normalize_linkedin_url(series), reference_url(series))


def test_canonical_and_other_rows_mixed():
    series = pd.Series(
        [
            "https://www.linkedin.com/in/ana-9",
            None,
            " HTTP://de.LinkedIn.com/IN/Ana/details?x",
            "https://www.linkedin.com/pub/b_c",
            "https://www.linkedin.com/in/ana%20b",
            "not a url",
        ],
        index=[5, 3, 1, 0, 2, 4],
    )
    got = normalize_linkedin_url(series)
    pd.testing.assert_series_equal(got, reference_url(series))
    assert got.tolist()[:4] == [
        "https://www.linkedin.com/in/ana-9",
        pd.NA,
        "https://www.linkedin.com/in/ana",
        "https://www.linkedin.com/pub/b_c",
    ]
