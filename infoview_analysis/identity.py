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

STRING = pd.StringDtype("pyarrow")
_EMAIL = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:]+$")
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


def normalize_email(values: pd.Series) -> pd.Series:
    """E-mail addresses folded for matching: trimmed, no `mailto:`, lowercase.

    Values that are not an address (LinkedIn's `urn:li:member:...`, a name) become
    missing, so they never match anything.

    >>> normalize_email(pd.Series([" Ana@Example.ORG", "mailto:b@x.io", "urn:li:member:1", None])).tolist()
    ['ana@example.org', 'b@x.io', <NA>, <NA>]
    """
    text = _as_strings(values).str.strip().str.replace(r"(?i)^mailto:", "", regex=True)
    text = text.str.strip("<> ").str.casefold()
    valid = text.str.match(_EMAIL.pattern).fillna(False).astype(bool)
    return text.where(valid, pd.NA).astype(STRING)


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
    host, slash, path = rest.partition("/")
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

    >>> normalize_linkedin_url(pd.Series([
    ...     "http://WWW.LinkedIn.com/in/Ana-N%C3%BA%C3%B1ez/",
    ...     "de.linkedin.com/in/ana-núñez?trk=x",
    ...     "not a url"])).tolist()
    ['https://www.linkedin.com/in/ana-núñez', 'https://www.linkedin.com/in/ana-núñez', <NA>]
    """
    return _per_distinct(values, _url_one)


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
    return " ".join(words)


def normalize_name(values: pd.Series) -> pd.Series:
    """Person names folded for matching: accents, case, punctuation, emoji and
    credentials after a comma are dropped.

    >>> normalize_name(pd.Series(["  José  O'Neil, PhD 🔸", "JOSE ONEIL", "(MBA)", "+1 555"])).tolist()
    ['jose oneil', 'jose oneil', <NA>, <NA>]
    """
    return _per_distinct(values, _name_one)


def _org_one(text: str) -> str | None:
    words = re.findall(r"[^\W_]+", _fold(text))
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words) or None


def normalize_organization(values: pd.Series) -> pd.Series:
    """Organization names folded for matching: case, accents, punctuation and a
    trailing legal form (Inc, LLC, GmbH, Ltd, ...) are dropped.

    >>> normalize_organization(pd.Series(["Williams-Sonoma, Inc.", "williams sonoma"])).tolist()
    ['williams sonoma', 'williams sonoma']
    """
    return _per_distinct(values, _org_one)


__all__ = [
    "normalize_email",
    "normalize_linkedin_url",
    "normalize_name",
    "normalize_organization",
]
