""" "How we met" as people write it, read as a source and, for introductions, a referrer.

A cell is read in this order, once per distinct value:

1. a source or one of its spellings (``Alum``, ``LinkedIn``, ``career fair``);
2. an introduction (``referral``, ``intro``, ``introduced by Sam``, ``Aunt Linda
   intro``, ``coworker intro``): the contact was introduced by someone. The person
   named in the phrase (``Sam``, ``Aunt Linda``) becomes the contact's
   ``referred_by`` when the Referred by column is empty; the source is the relation
   the phrase names (``aunt`` -> family, ``coworker`` -> coworker), else the source of
   the referrer once the referrer is linked (`loading.assemble`); when nobody is named
   anywhere, the loader warns;
3. a phrase naming a relation or a place (``met at a conference``, ``my old boss``,
   ``mom's friend``) gives that source.

A single word close to a source (``alumnni``) is kept as written, for the input rules
to report with "did you mean"; any other phrase nothing here reads (``Slack group``)
is read as ``other``, with a warning.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from infoview_analysis.core.problems import is_missing
from infoview_analysis.core.vocabulary import SOURCES, VALUE_SYNONYMS, normalize_value, value_key

__all__ = ["INTRO_WORDS", "RELATION_WORDS", "read_how_met", "how_met_by_value"]

INTRO_WORDS = frozenset(
    {
        "referral",
        "referred",
        "refer",
        "referrer",
        "ref",
        "intro",
        "intros",
        "introduced",
        "introduction",
        "introduce",
        "warm",
    }
)
# Words that name a relation or a place, and the source they point to (first match wins).
RELATION_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "aunt",
            "uncle",
            "cousin",
            "mom",
            "mum",
            "dad",
            "mother",
            "father",
            "sister",
            "brother",
            "sibling",
            "family",
            "parent",
            "parents",
            "grandma",
            "grandpa",
            "grandmother",
            "grandfather",
            "niece",
            "nephew",
            "relative",
            "stepmom",
            "stepdad",
            "inlaw",
        ),
        "family",
    ),
    **dict.fromkeys(("alum", "alumni", "alumnus", "alumna", "alumnae"), "alumni"),
    **dict.fromkeys(
        ("professor", "prof", "teacher", "faculty", "lecturer", "instructor", "ta"),
        "professor",
    ),
    **dict.fromkeys(
        ("coworker", "coworkers", "colleague", "colleagues", "workmate", "teammate", "cowork"),
        "coworker",
    ),
    **dict.fromkeys(
        ("boss", "manager", "supervisor", "employer", "internship", "intern"), "former_employer"
    ),
    **dict.fromkeys(("recruiter", "recruiters", "headhunter", "recruiting"), "recruiter"),
    **dict.fromkeys(("advisor", "adviser", "counselor", "counsellor", "coach"), "career_advisor"),
    **dict.fromkeys(("linkedin", "inmail"), "linkedin"),
    **dict.fromkeys(
        (
            "conference",
            "fair",
            "meetup",
            "event",
            "events",
            "panel",
            "webinar",
            "summit",
            "hackathon",
            "mixer",
            "session",
            "workshop",
            "networking",
        ),
        "event",
    ),
    **dict.fromkeys(("cold",), "cold"),
    **dict.fromkeys(
        (
            "friend",
            "friends",
            "neighbor",
            "neighbour",
            "roommate",
            "classmate",
            "classmates",
            "teammate",
            "buddy",
        ),
        "friend",
    ),
    **dict.fromkeys(("ceo", "founder", "cofounder", "executive", "vp"), "industry_leader"),
}
# A relation word is read before a word of a wider kind: "mom's friend" is family.
_PRIORITY = ("family", "professor", "coworker", "former_employer", "recruiter", "career_advisor")
# Words of a phrase that are not a person's name.
_FILLER = frozenset(
    {
        "by",
        "from",
        "via",
        "through",
        "thru",
        "my",
        "a",
        "an",
        "the",
        "at",
        "of",
        "to",
        "me",
        "s",
        "and",
        "with",
        "met",
        "old",
        "former",
        "ex",
        "previous",
        "work",
        "school",
        "college",
    }
)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", text.casefold().replace("'s", " ")) if w]


def _relation(words: list[str]) -> str | None:
    found = [RELATION_WORDS[w] for w in words if w in RELATION_WORDS]
    for source in _PRIORITY:
        if source in found:
            return source
    return found[0] if found else None


def _named(text: str) -> str | None:
    """The person a phrase names once intro, relation and filler words are taken out."""
    kept = [
        w
        for w in re.split(r"[^\w'.-]+", text)
        if w and w.casefold().strip(".'") not in INTRO_WORDS | _FILLER
    ]
    if not any(w.casefold().strip(".'").removesuffix("'s") not in RELATION_WORDS for w in kept):
        return None
    name = " ".join(kept).strip(" .,'")
    # "Aunt Linda" keeps the relation word: it is how the person is known.
    return re.sub(r"'s$", "", name) or None


def _looks_misspelt(text: str) -> bool:
    """One word close to a source or its spellings (alumnni): a typo to report, not a phrase."""
    key = value_key(text)
    known = [value_key(v) for v in SOURCES] + list(VALUE_SYNONYMS["source"]) + list(RELATION_WORDS)
    return len(_words(text)) == 1 and bool(difflib.get_close_matches(key, known, n=1, cutoff=0.8))


def _read_one(value: object) -> tuple[str | None, bool, str | None, bool]:
    if is_missing(value):
        return None, False, None, False
    text = str(value).strip()
    source = normalize_value("source", text)
    if source is not None:
        return source, False, None, False
    words = _words(text)
    introduced = any(w in INTRO_WORDS or w.startswith(("introduc", "referr")) for w in words)
    relation = _relation(words)
    if introduced:
        return relation, True, _named(text), False
    if relation is not None:
        return relation, False, None, False
    if _looks_misspelt(text):
        return text, False, None, False  # kept as written: the rules say "did you mean"
    return "other", False, None, True


def read_how_met(values: pd.Series) -> pd.DataFrame:
    """Read a "how we met" column (see the module's description), once per distinct value.

    Parameters
    ----------
    values : pandas.Series
        The cells as typed.

    Returns
    -------
    pandas.DataFrame
        `source` (a source, the text as written when nothing fits, or missing for an
        introduction that names no relation), `introduced` (bool), `named` (the
        person an introduction names, or missing) and `unread` (a phrase nothing
        here reads: its source is 'other', and the loader says so).

    Examples
    --------
    >>> read_how_met(pd.Series(["Alum", "Aunt Linda intro", "coworker intro", "referral",
    ...                         "met at a career fair", "Intro from Priya Shah", "Slack group",
    ...                         "alumnni"]))[["source", "introduced", "named"]].values.tolist()
    [['alumni', False, None], ['family', True, 'Aunt Linda'], ['coworker', True, None], [None, True, None], ['event', False, None], [None, True, 'Priya Shah'], ['other', False, None], ['alumnni', False, None]]
    """
    taken, table = how_met_by_value(values)
    out = table.iloc[taken].reset_index(drop=True)
    out.index = values.index
    for flag in ("introduced", "unread"):
        out[flag] = out[flag].astype(bool)
    return out


def how_met_by_value(values: pd.Series) -> tuple[np.ndarray, pd.DataFrame]:
    """What `read_how_met` reads, once per distinct value, and where each row's value is.

    Parameters
    ----------
    values : pandas.Series
        The cells as typed (a categorical is read on its categories, no row is decoded).

    Returns
    -------
    positions : numpy.ndarray
        Per row, the row of `table` that reads it (the last row for a missing cell).
    table : pandas.DataFrame
        `read_how_met`'s columns, one row per distinct value plus one for missing cells.

    Examples
    --------
    >>> positions, table = how_met_by_value(pd.Series(["Alum", None, "Alum"]))
    >>> positions.tolist(), table["source"].tolist()
    ([0, 1, 0], ['alumni', None])
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes
        uniques = values.cat.categories.astype(object)
    else:
        codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    read = [_read_one(u) for u in uniques] + [(None, False, None, False)]
    taken = np.where(codes < 0, len(read) - 1, codes)
    table = pd.DataFrame(read, columns=["source", "introduced", "named", "unread"], dtype=object)
    return taken, table
