"""Who is who: normalized e-mail addresses, profile URLs, names and organizations.

One place for the keys that say two records are the same person, shared by the
importers (`importers.merge`) and the graph (same person across owners). Every
function takes and returns a pandas Series and works per distinct value or with
vectorized string methods, so a column of a million rows costs its distinct values.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infoview_analysis.core.dtypes import STRING

_EMAIL = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:]+$")
# ASCII handles only: case-insensitive matching would let 'ſ' or 'K' (Kelvin) in as
# 's' / 'k' here while the full rules casefold them differently.
_FAST_LINKEDIN = (
    r"^(?i:(?:https?://)?(?:[a-z0-9-]+[.])*linkedin[.]com/(?P<kind>in|pub)/)"
    r"(?P<handle>[A-Za-z0-9_-]+)(?:[/?#][^%\s]*)?$"
)
# Already folded: what the fast rule gives for it is the text itself (lowercase kind
# and handle, nothing after). Matching it is far cheaper than extracting the groups.
_CANONICAL_LINKEDIN = r"^https://www[.]linkedin[.]com/(?:in|pub)/[a-z0-9_-]+$"
_LINKEDIN_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*linkedin\.com$")
_LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "llp",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "srl",
    "bv",
    "nv",
    "corp",
    "corporation",
    "co",
    "company",
    "pvt",
    "private",
    "pty",
}


def _as_strings(values: pd.Series) -> pd.Series:
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    return values.astype(STRING)


def _per_distinct(values: pd.Series, func) -> pd.Series:
    """Apply `func` (str -> str | None) once per distinct non-missing value."""
    values = _as_strings(values)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = pd.array([func(u) for u in uniques.tolist()] + [None], dtype=STRING)
    return pd.Series(mapped[codes], index=values.index, dtype=STRING)


def _arrow(values: pd.Series) -> pa.ChunkedArray:
    strings = _as_strings(values)
    return pa.chunked_array(strings.array._pa_array).cast(pa.string())  # noqa: SLF001


def _series(array: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(array.cast(pa.large_string()), dtype=STRING), index=index)


def normalize_email(values: pd.Series) -> pd.Series:
    """E-mail addresses folded for matching: trimmed, no `mailto:`, lowercase.

    Values that are not an address (LinkedIn's `urn:li:member:...`, a name) become
    missing, so they never match anything. Runs in pyarrow, not per row in Python.

    Parameters
    ----------
    values : pandas.Series
        Cells that may hold e-mail addresses.

    Returns
    -------
    pandas.Series
        dtype `STRING`; missing where a cell is no address.

    Examples
    --------
    >>> normalize_email(pd.Series([" Ana@Example.ORG", "mailto:b@x.io", "urn:li:member:1", None])).tolist()
    ['ana@example.org', 'b@x.io', <NA>, <NA>]
    """
    text = pc.utf8_lower(pc.utf8_trim_whitespace(_arrow(values)))
    # The regex pass costs more than the scan that shows it has nothing to remove.
    if pc.any(pc.starts_with(text, "mailto:")).as_py():
        text = pc.replace_substring_regex(text, "^mailto:", "")
    text = pc.utf8_trim(text, "<> ")
    valid = pc.match_substring_regex(text, _EMAIL.pattern)
    return _series(pc.if_else(pc.fill_null(valid, False), text, None), values.index)


def email_key(text: object) -> str | None:
    """One e-mail address folded as `normalize_email` folds a column (for per-record readers).

    Parameters
    ----------
    text : object
        One cell.

    Returns
    -------
    str or None

    Examples
    --------
    >>> email_key("MAILTO:<Ana@Example.ORG>"), email_key("urn:li:member:1")
    ('ana@example.org', None)
    """
    if text is None or (isinstance(text, float) and text != text):
        return None
    folded = str(text).strip().lower()
    folded = re.sub(r"^mailto:", "", folded).strip("<> ")
    return folded if _EMAIL.match(folded) else None


def _url_one(text: str) -> str | None:
    text = text.strip().strip("<>\"'")
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    scheme, _, rest = text.partition("://")
    if scheme.casefold() not in ("http", "https"):
        return None
    rest = rest.split("#", 1)[0]
    host, _, path = rest.partition("/")
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].casefold().rstrip(".")
    if not host or "." not in host:
        return None
    path, _, query = path.partition("?")
    # Percent-encoding and case are spelling, not identity: decode, then fold.
    path = unicodedata.normalize("NFC", unquote(path)).casefold()
    path = re.sub(r"/{2,}", "/", path).strip("/")
    if _LINKEDIN_HOST.match(host):
        host = "www.linkedin.com"
        parts = path.split("/")
        # /in/<id>/ and everything below it (/details/..., /overlay/...) is one profile.
        if len(parts) >= 2 and parts[0] in ("in", "pub", "company", "school"):
            path = "/".join(parts[:2])
        query = ""
    elif host.startswith("www."):
        host = host[4:]
    out = f"https://{host}/{path}" if path else f"https://{host}"
    return out + (f"?{query}" if query else "")


def normalize_linkedin_url(values: pd.Series) -> pd.Series:
    """Profile URLs folded so that one person has one spelling.

    Scheme (missing, http, https), host case and `www`/country subdomains of
    linkedin.com, percent-encoding, letter case, trailing slashes, query strings
    and sub-pages of a profile (`/details/...`) do not matter. Text that is no URL
    becomes missing.

    Parameters
    ----------
    values : pandas.Series
        Cells that may hold LinkedIn profile URLs.

    Returns
    -------
    pandas.Series
        dtype `STRING`: `https://www.linkedin.com/in/<id>`, missing where no profile.

    Examples
    --------
    >>> normalize_linkedin_url(pd.Series([
    ...     "http://WWW.LinkedIn.com/in/Ana-N%C3%BA%C3%B1ez/",
    ...     "de.linkedin.com/in/ana-núñez?trk=x",
    ...     "not a url"])).tolist()
    ['https://www.linkedin.com/in/ana-núñez', 'https://www.linkedin.com/in/ana-núñez', <NA>]
    """
    # The common spelling (an ASCII handle, no percent-encoding) is folded by pyarrow;
    # anything else once per distinct value by the full rules of `_url_one`.
    text = pc.utf8_trim_whitespace(_arrow(values)).combine_chunks()
    canonical = pc.fill_null(pc.match_substring_regex(text, _CANONICAL_LINKEDIN), False)
    fast = pc.if_else(canonical, text, None)
    rest = pc.and_not(pc.is_valid(text), canonical)
    if pc.any(rest).as_py():
        found = pc.extract_regex(text.filter(rest), _FAST_LINKEDIN)
        kind = pc.utf8_lower(pc.struct_field(found, [0]))
        handle = pc.utf8_lower(pc.struct_field(found, [1]))
        folded = pc.binary_join_element_wise("https://www.linkedin.com/", kind, "/", handle, "")
        fast = pc.replace_with_mask(fast, rest, folded)
    fast_series = _series(fast, values.index)
    slow_rows = fast_series.isna() & _as_strings(values).notna()
    if slow_rows.any():
        fast_series[slow_rows] = _per_distinct(values[slow_rows], _url_one)
    return fast_series


#: Names that stand for nobody in particular (folded as `normalize_name` folds): a
#: hidden LinkedIn account, an unknown sender, a blank typed as a word. They never
#: make two records one person.
PLACEHOLDER_NAMES = frozenset(
    {
        "linkedin member",
        "linkedin user",
        "member",
        "unknown",
        "unknown contact",
        "unknown person",
        "unknown sender",
        "unknown user",
        "anonymous",
        "anon",
        "private",
        "hidden",
        "deleted user",
        "deleted account",
        "former member",
        "facebook user",
        "no name",
        "noname",
        "none",
        "null",
        "nil",
        "na",
        "n a",
        "tbd",
        "tba",
        "someone",
        "somebody",
        "user",
        "contact",
        "name",
        "x",
        "xx",
        "xxx",
    }
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


def _name_one(text: str) -> str | None:
    # LinkedIn puts credentials after a comma ("Ana Ruiz, PhD"): the name is before it.
    text = text.split(",", 1)[0]
    text = re.sub(r"['’`´]", "", text)
    text = re.sub(r"\([^)]*\)", " ", text)
    words = re.findall(r"[^\W_]+", _fold(text))
    if not any(ch.isalpha() for word in words for ch in word):
        return None  # a phone number or id standing in for a name is no name
    folded = " ".join(words)
    return None if folded in PLACEHOLDER_NAMES else folded


def normalize_name(values: pd.Series) -> pd.Series:
    """Person names folded for matching: accents, case, punctuation, emoji and
    credentials after a comma are dropped. Placeholders ("LinkedIn Member",
    "Unknown", "N/A", ...: `PLACEHOLDER_NAMES`) are no name and become missing.

    Parameters
    ----------
    values : pandas.Series
        Person names as written.

    Returns
    -------
    pandas.Series
        dtype `STRING`; missing for placeholders and empty names.

    Examples
    --------
    >>> normalize_name(pd.Series(["  José  O'Neil, PhD 🔸", "JOSE ONEIL", "(MBA)", "+1 555"])).tolist()
    ['jose oneil', 'jose oneil', <NA>, <NA>]
    >>> normalize_name(pd.Series(["LinkedIn Member", "unknown", "N/A", "?"])).tolist()
    [<NA>, <NA>, <NA>, <NA>]
    """
    return _per_distinct(values, _name_one)


def _org_one(text: str) -> str | None:
    words = re.findall(r"[^\W_]+", _fold(text))
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words) or None


def is_placeholder_name(values: pd.Series) -> pd.Series:
    """Whether each name is a placeholder for nobody in particular (not a missing name).

    Parameters
    ----------
    values : pandas.Series
        Names as written (missing cells are no placeholder).

    Returns
    -------
    pandas.Series of bool

    Examples
    --------
    >>> is_placeholder_name(pd.Series(["LinkedIn Member", "Ana", None, "Unknown "])).tolist()
    [True, False, False, True]
    """
    values = _as_strings(values)
    folded = _per_distinct(values, lambda t: " ".join(re.findall(r"[^\W_]+", _fold(t))))
    return folded.isin(PLACEHOLDER_NAMES).fillna(False).astype(bool)


def normalize_organization(values: pd.Series) -> pd.Series:
    """Organization names folded for matching: case, accents, punctuation and a
    trailing legal form (Inc, LLC, GmbH, Ltd, ...) are dropped.

    Parameters
    ----------
    values : pandas.Series
        Organization names as written.

    Returns
    -------
    pandas.Series
        dtype `STRING`: the folded names, missing where none.

    Examples
    --------
    >>> normalize_organization(pd.Series(["Williams-Sonoma, Inc.", "williams sonoma"])).tolist()
    ['williams sonoma', 'williams sonoma']
    """
    return _per_distinct(values, _org_one)


__all__ = [
    "normalize_email",
    "normalize_linkedin_url",
    "normalize_name",
    "normalize_organization",
    "is_placeholder_name",
    "email_key",
    "PLACEHOLDER_NAMES",
]
