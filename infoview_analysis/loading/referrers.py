"""Who introduced whom: referrers written as ids or names linked to contacts.

A `referred_by` cell may give the referrer's id, their name, or a near-miss of a name.
Names are mapped onto ids; a near-miss of exactly one contact's name is read as that
contact and said in a warning with the name it was read as; a referrer that names
nobody known stays as written (its chain starts there) with a warning. An introduced
contact without a source of its own takes its referrer's.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.model import contact_positions
from infoview_analysis.core.problems import MAX_LISTED, ProblemCollector
from infoview_analysis.loading.frames import as_category, pair_keys
from infoview_analysis.loading.headers import Headers, header_of
from infoview_analysis.loading.values import recode_categories, slug

__all__ = [
    "CLOSE_NAME",
    "SUGGEST_NAME",
    "link_referrers",
    "inherit_sources",
]


def _resolve_referrers(contacts: pd.DataFrame) -> bool:
    """Map a `referred_by` that gives a name (or an id spelled differently) onto an id.

    True when every referrer already named a contact of the same owner (nothing to do).
    """
    if not len(contacts) or not contacts["referred_by"].notna().any():
        return True
    ids = contacts["contact_id"]
    asked = contacts["referred_by"]
    unresolved = (
        contact_positions(contacts, contacts["owner_id"], asked) < 0
    ) & asked.notna().to_numpy()
    if not unresolved.any():
        return True
    owners = contacts["owner_id"].astype(STRING)
    lookups = [
        pd.DataFrame(
            {
                "owner_id": owners,
                "key": recode_categories(ids, slug).astype(STRING),
                "target": ids.astype(STRING),
            }
        )
    ]
    if "name" in contacts and contacts["name"].notna().any():
        lookups.append(
            pd.DataFrame(
                {
                    "owner_id": owners,
                    "key": recode_categories(contacts["name"].astype(STRING), slug).astype(STRING),
                    "target": ids.astype(STRING),
                }
            )
        )
    lookup = pd.concat(lookups, ignore_index=True).dropna().drop_duplicates(["owner_id", "key"])
    query = pd.DataFrame(
        {
            "owner_id": owners[unresolved].to_numpy(),
            "key": recode_categories(asked[unresolved], slug).astype(STRING).to_numpy(),
        }
    )
    target = query.merge(lookup, on=["owner_id", "key"], how="left")["target"].to_numpy()
    current = asked.astype(STRING).to_numpy(dtype=object)
    found = pd.notna(target)
    idx = np.flatnonzero(unresolved)
    current[idx[found]] = target[found]
    contacts["referred_by"] = pd.Categorical(current, dtype=asked.dtype)
    return False


# A referrer written this close to exactly one contact's name is read as that contact.
CLOSE_NAME = 0.85
# A suggestion ("did you mean") needs at least this much likeness.
SUGGEST_NAME = 0.6


def _closest_names(
    contacts: pd.DataFrame, at: np.ndarray
) -> tuple[list[str | None], list[str | None]]:
    """For referrers at `at` that name nobody: (contact id to link, name to suggest).

    Compared with the names (and ids) of the same owner's contacts; bounded to the first
    `MAX_LISTED` distinct unknown referrers, so a huge file costs no more than a small one.
    """
    owners = contacts["owner_id"].astype(str).to_numpy()
    ids = contacts["contact_id"].astype(str).to_numpy()
    names = (
        contacts["name"].astype(object).where(contacts["name"].notna(), None).to_numpy()
        if "name" in contacts
        else np.full(len(contacts), None, dtype=object)
    )
    cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    links: list[str | None] = []
    hints: list[str | None] = []
    for i in at:
        key = (owners[i], str(contacts["referred_by"].iat[i]))
        if key not in cache:
            if len(cache) >= MAX_LISTED:
                links.append(None)
                hints.append(None)
                continue
            mine = np.flatnonzero(owners == key[0])
            labels = {str(names[j] or ids[j]).casefold(): j for j in mine}
            labels.update({ids[j].casefold(): j for j in mine if ids[j].casefold() not in labels})
            asked = key[1].casefold()
            close = difflib.get_close_matches(asked, list(labels), n=6, cutoff=SUGGEST_NAME)
            # Best likeness per contact (a contact has a name and an id to match).
            scores: dict[int, float] = {}
            for label in close:
                ratio = difflib.SequenceMatcher(None, asked, label).ratio()
                scores[labels[label]] = max(scores.get(labels[label], 0.0), ratio)
            ranked = sorted(scores.items(), key=lambda item: -item[1])
            best = ranked[0][0] if ranked else None
            shown = None if best is None else str(names[best] or ids[best])
            unique = bool(ranked) and ranked[0][1] >= CLOSE_NAME
            unique &= len(ranked) < 2 or ranked[1][1] < CLOSE_NAME
            cache[key] = (ids[best] if best is not None and unique else None, shown)
        link, shown = cache[key]
        links.append(link)
        hints.append(shown)
    return links, hints


def link_referrers(
    contacts: pd.DataFrame, width: int, out: ProblemCollector, headers: Headers
) -> None:
    """Resolve referrers written as names; a near-miss of exactly one contact's name is
    read as that contact (and said); warn about those that name nobody known.

    Parameters
    ----------
    contacts : pandas.DataFrame
        The stacked contacts of every file (changed in place: `referred_by`).
    width : int
        The key width of `frames.pair_keys`.
    out : ProblemCollector
        Where the warnings go.
    headers : Headers
        The users' headers, for the warnings.

    Examples
    --------
    What `load_log` makes of a misspelt referrer:

    >>> import tempfile, pathlib
    >>> from infoview_analysis.loading.load import load_log
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
    >>> _ = path.write_text("Name,Date,Type,Referred By\\nAna Ruiz,2026-10-01,meeting,\\n"
    ...                     "Bo Li,2026-10-02,meeting,Ana Ruis\\n")
    >>> log = load_log(path)
    >>> log.contacts["referred_by"].tolist()[1], log.warnings[0].kind  # read as Ana, and said
    ('ana-ruiz', 'unknown_referrer')
    """
    if _resolve_referrers(contacts):
        return  # every referrer is a known contact: nothing to link or warn about
    if not contacts["referred_by"].notna().any():
        return
    referred = contacts["referred_by"].notna().to_numpy()
    missing = np.zeros(len(contacts), dtype=bool)
    missing[referred] = ~np.isin(
        pair_keys(contacts, "referred_by", width)[referred],
        pair_keys(contacts, "contact_id", width),
    )
    at = np.flatnonzero(missing)
    if not len(at):
        return
    typed = contacts["referred_by"].iloc[at].astype(str).to_numpy()
    links, shown = _closest_names(contacts, at)
    linked = np.array([link is not None for link in links], dtype=bool)
    if linked.any():
        codes = contacts["referred_by"].cat.codes.to_numpy().copy()
        categories = contacts["referred_by"].cat.categories
        codes[at[linked]] = categories.get_indexer([link for link in links if link is not None])
        contacts["referred_by"] = pd.Categorical.from_codes(
            codes, dtype=contacts["referred_by"].dtype
        )
    for was_linked, expected in (
        (
            True,
            "the name of another contact of the same owner (read as the contact named in "
            "the hint: correct the cell if that is not who introduced them)",
        ),
        (
            False,
            "the id or name of another contact of the same owner (kept; the chain starts here)",
        ),
    ):
        mine = np.flatnonzero(linked == was_linked)
        files = contacts["_file"].to_numpy()[at[mine]]
        out.rows(
            files,
            contacts["_row"].to_numpy()[at[mine]],
            header_of(headers, files, "referred_by"),
            typed[mine[:MAX_LISTED]].tolist(),
            expected,
            "unknown_referrer",
            severity="warning",
            hint=[f"did you mean '{shown[k]}'?" if shown[k] else None for k in mine[:MAX_LISTED]],
        )


def inherit_sources(contacts: pd.DataFrame) -> None:
    """An introduced contact without a source of its own takes its referrer's (the
    network it came through), up the chain; cycles simply stop the passes.

    Parameters
    ----------
    contacts : pandas.DataFrame
        The stacked contacts (changed in place: `source`).

    Examples
    --------
    >>> ids = pd.CategoricalDtype(["a", "b"])
    >>> c = pd.DataFrame({"owner_id": pd.Categorical(["me", "me"]),
    ...                   "contact_id": pd.Categorical(["a", "b"], dtype=ids),
    ...                   "referred_by": pd.Categorical([None, "a"], dtype=ids),
    ...                   "source": pd.Categorical(["alumni", None]),
    ...                   "_introduced": [False, True]})
    >>> inherit_sources(c)
    >>> c["source"].tolist()
    ['alumni', 'alumni']
    """
    if "_introduced" not in contacts:
        return
    introduced = contacts["_introduced"].fillna(False).to_numpy(dtype=bool)
    source = as_category(contacts["source"])
    codes = source.codes.astype(np.int64).copy()
    if not (introduced & (codes < 0)).any():
        return
    parent = contact_positions(contacts, contacts["owner_id"], contacts["referred_by"])
    for _ in range(64):  # chains longer than this are not met in logs kept by hand
        need = introduced & (codes < 0) & (parent >= 0)
        need[need] = codes[parent[need]] >= 0
        if not need.any():
            break
        codes[need] = codes[parent[need]]
    contacts["source"] = pd.Categorical.from_codes(codes, dtype=source.dtype)
