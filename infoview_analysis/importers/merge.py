"""One person, one contact: merge the person records of all imports of one owner.

Rules, in order (each a union of records that share a key):

1. the same normalized e-mail address (any of a record's addresses);
2. the same normalized profile URL;
3. the same normalized name and the same normalized organization (both present);
4. the same normalized name, for records that carry nothing else (no e-mail, URL
   or organization: a 2018 message or invitation names people only), when exactly
   one other contact has that name.

A key never joins records whose profile URLs differ (one person has one profile):
such groups, and names shared by contacts that stay apart, are reported as
ambiguities, left unmerged. The merged contact takes, per column, the first value
present in record order (earlier imports and earlier files first), the earliest
`added_on`, and a specific `source` over `other`. Contacts already in the output
folder keep their `contact_id`. Events are re-pointed at the merged contact; an
event identical to one already there (same contact, date, type, channel) is left
out and counted, so importing a file twice changes nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.identity import (
    is_placeholder_name,
    normalize_email,
    normalize_linkedin_url,
    normalize_name,
    normalize_organization,
)
from infoview_analysis.core.vocabulary import CONTACT_COLUMNS, EVENT_COLUMNS
from infoview_analysis.importers.batch import Batch
from infoview_analysis.importers.import_result import ImportResult
from infoview_analysis.importers.merge_report import merge_report
from infoview_analysis.importers.merge_rules import join_pairs, union_by_key, union_by_name
from infoview_analysis.loading.values import slug

__all__ = ["merge_people"]


def merge_people(
    batch: Batch,
    owner_id: str,
    existing: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> ImportResult:
    """Merge a batch (plus what an earlier import wrote) into one contact per person.

    Parameters
    ----------
    batch : Batch
        Person records and events of one or more readers.
    owner_id : str
        The owner everything belongs to.
    existing : (pandas.DataFrame, pandas.DataFrame), optional
        Contacts and events an earlier import wrote (`read_existing`).

    Returns
    -------
    ImportResult

    Examples
    --------
    >>> from infoview_analysis.importers.records import people_frame
    >>> people = people_frame("a.csv", np.array([2, 3, 4]), _key=["a#2", "a#3", "a#4"],
    ...     name=["Ana Ruiz", "ana ruiz", "Bo Li"], email=["ana@x.org", "ANA@x.org", None],
    ...     source="linkedin")
    >>> r = merge_people(Batch(people=people), "me")
    >>> r.contacts["contact_id"].tolist(), r.report["action"].tolist()
    (['ana-ruiz', 'bo-li'], ['merged'])
    """
    owner_id = str(owner_id)
    old_contacts, old_events = existing if existing is not None else (None, None)
    others_c = others_e = None
    if old_contacts is not None and len(old_contacts):
        mine = old_contacts["owner_id"].astype(str) == owner_id
        others_c = old_contacts[~mine]
        old_contacts = old_contacts[mine]
    if old_events is not None and len(old_events):
        mine = old_events["owner_id"].astype(str) == owner_id
        others_e = old_events[~mine]
        old_events = old_events[mine]

    people = batch.people.reset_index(drop=True)
    n_old = 0 if old_contacts is None else len(old_contacts)
    if n_old:
        prior = pd.DataFrame(
            {
                "_key": "existing:" + old_contacts["contact_id"].astype(str).to_numpy(),
                "name": old_contacts["name"].to_numpy(object),
                "organization": old_contacts["organization"].to_numpy(object),
                "role": old_contacts["role"].to_numpy(object),
                "location": old_contacts["location"].to_numpy(object),
                "email": old_contacts["email"].to_numpy(object),
                "other_emails": pd.NA,
                "linkedin_url": old_contacts["linkedin_url"].to_numpy(object),
                "source": old_contacts["source"].to_numpy(object),
                "added_on": pd.to_datetime(old_contacts["added_on"], errors="coerce").to_numpy(),
                "_file": "(earlier import)",
                "_row": np.arange(2, n_old + 2),
                "_id": old_contacts["contact_id"].astype(str).to_numpy(),
                "industry": old_contacts["industry"].to_numpy(object),
                "_referred_key": ("existing:" + old_contacts["referred_by"].astype(str))
                .where(old_contacts["referred_by"].notna())
                .to_numpy(object),
            }
        )
        people = pd.concat([prior, people], ignore_index=True)
    if "_id" not in people:
        people["_id"] = pd.NA
    n = len(people)
    rec = np.arange(n)
    email = normalize_email(people["email"])
    url = normalize_linkedin_url(people["linkedin_url"])
    name_key = normalize_name(people["name"])
    org_key = normalize_organization(people["organization"])

    # All e-mail addresses of each record (Google and vCard records may hold several).
    others = people["other_emails"].astype(STRING).str.split(";").explode()
    extra = pd.DataFrame(
        {"rec": others.index.to_numpy(), "key": normalize_email(others).to_numpy(object)}
    )
    email_pairs = pd.concat(
        [pd.DataFrame({"rec": rec, "key": email.to_numpy(object)}), extra], ignore_index=True
    ).dropna()

    label = rec.copy()
    steps: list[tuple[str, np.ndarray]] = []
    ambiguities: list[pd.DataFrame] = []
    # 0. A record that names the contact it is (a calendar attendee matched by name).
    rec_of_id = pd.Series(rec, index=people["_id"].astype(object).to_numpy())
    rec_of_id = rec_of_id[rec_of_id.index.notna() & ~rec_of_id.index.duplicated()]
    same = people["_same_as"].astype(object).map(rec_of_id).to_numpy(dtype=float)
    pinned = ~np.isnan(same)
    before = label
    label = join_pairs(n, rec[pinned], same[pinned].astype(np.int64), label)
    steps.append(("same contact (attendee name)", before))
    for rule, pairs_rec, pairs_key in (
        ("email", email_pairs["rec"].to_numpy(), email_pairs["key"]),
        ("linkedin_url", rec, url),
        (
            "name+organization",
            rec,
            name_key.str.cat(org_key, sep=" @ ").where(name_key.notna() & org_key.notna()),
        ),
    ):
        before = label
        label, amb = union_by_key(
            label, pairs_rec, pd.Series(pairs_key).reset_index(drop=True), url, rule
        )
        steps.append((rule, before))
        ambiguities.append(amb)
    # 4. name alone, for records with nothing else.
    bare = (name_key.notna() & email.isna() & url.isna() & org_key.isna()).to_numpy() & ~np.isin(
        rec, email_pairs["rec"].to_numpy()
    )
    before = label
    label, name_amb = union_by_name(label, name_key, bare)
    steps.append(("name", before))
    ambiguities.append(name_amb)

    # Which rules joined each final cluster.
    rules_of: dict[int, set[str]] = {}
    for index, (rule, prev) in enumerate(steps):
        after = steps[index + 1][1] if index + 1 < len(steps) else label
        joined = pd.Series(prev).groupby(after).nunique()
        for root in joined[joined > 1].index:
            rules_of.setdefault(int(root), set()).add(rule)
    final_rules = {}
    for root, rules in rules_of.items():
        final_rules.setdefault(int(label[root]), set()).update(rules)

    # One contact per cluster: first value present in record order.
    people = people.assign(_label=label, _order=rec)
    people["email"] = email.fillna(
        normalize_email(people["other_emails"].astype(STRING).str.split(";").str[0])
    )
    people["linkedin_url"] = url
    specific = people["source"].where(people["source"] != "other")
    people["_specific_source"] = specific
    grouped = people.groupby("_label", sort=True)
    contacts = grouped[
        [
            "name",
            "organization",
            "role",
            "location",
            "email",
            "linkedin_url",
            "_specific_source",
            "source",
        ]
    ].first()
    contacts["source"] = contacts["_specific_source"].fillna(contacts["source"]).fillna("other")
    contacts["added_on"] = grouped["added_on"].min()
    contacts["_id"] = grouped["_id"].first()
    contacts["industry"] = grouped["industry"].first()
    contacts["contact_id"] = _assign_ids(contacts)
    contacts["owner_id"] = owner_id
    id_of_label = contacts["contact_id"]
    contacts["referred_by"] = _referrers(people, label, id_of_label).reindex(contacts.index)

    # Events, re-pointed at merged contacts.
    key_to_rec = pd.Series(rec, index=people["_key"].to_numpy())
    key_to_rec = key_to_rec[~key_to_rec.index.duplicated()]
    new_events = batch.events.reset_index(drop=True)
    ev_rec = key_to_rec.reindex(new_events["_key"].to_numpy()).to_numpy()
    if np.isnan(ev_rec.astype(float)).any():
        raise AssertionError("an imported event names no imported person")  # a bug, not input
    events = pd.DataFrame(
        {
            "owner_id": owner_id,
            "contact_id": id_of_label.reindex(label[ev_rec.astype(np.int64)]).to_numpy(object),
            "date": pd.to_datetime(new_events["date"]).to_numpy(),
            "type": new_events["type"].to_numpy(object),
            "channel": new_events["channel"].to_numpy(object),
            "duration_min": new_events["duration_min"].to_numpy(float),
            "notes": new_events["notes"].to_numpy(object),
            "_file": new_events["_file"].to_numpy(object),
            "_row": new_events["_row"].to_numpy(),
        }
    )
    left = [batch.left_out]
    if old_events is not None and len(old_events):
        old_ids = pd.Series(
            id_of_label.reindex(label[:n_old]).to_numpy(object),
            index=old_contacts["contact_id"].astype(str).to_numpy(),
        )
        prior_events = old_events.copy()
        prior_events["contact_id"] = (
            prior_events["contact_id"].astype(str).map(old_ids).fillna(prior_events["contact_id"])
        )
        prior_events["date"] = pd.to_datetime(prior_events["date"], errors="coerce")
        prior_events["duration_min"] = pd.to_numeric(prior_events["duration_min"], errors="coerce")
        prior_events["_file"] = "(earlier import)"
        prior_events["_row"] = np.arange(2, len(prior_events) + 2)
        events = pd.concat([prior_events, events], ignore_index=True)
    dup = events.duplicated(["contact_id", "date", "type", "channel"], keep="first").to_numpy()
    if dup.any():
        for file, rows in events[dup].groupby("_file")["_row"]:
            left.append(
                pd.DataFrame(
                    {
                        "file": [file],
                        "reason": [
                            "same event already imported (same contact, date, type, channel)"
                        ],
                        "count": [len(rows)],
                        "rows": [", ".join(str(r) for r in rows.head(20))],
                    }
                )
            )
    events = events[~dup]

    contacts_out = contacts.reset_index(drop=True)[list(CONTACT_COLUMNS)]
    events_out = events[list(EVENT_COLUMNS)].reset_index(drop=True)
    if others_c is not None and len(others_c):
        contacts_out = pd.concat([others_c, contacts_out], ignore_index=True)
    if others_e is not None and len(others_e):
        events_out = pd.concat([others_e, events_out], ignore_index=True)

    report = merge_report(people, label, final_rules, id_of_label, ambiguities, left, batch.notes)
    counts = dict(batch.counts)
    counts["person records read"] = int(n - n_old)
    placeholders = int(is_placeholder_name(people["name"]).sum())
    if placeholders:
        counts["records named by a placeholder (e.g. 'LinkedIn Member'): never merged by name"] = (
            placeholders
        )
    return ImportResult(contacts_out, events_out, report, counts)


def _referrers(people: pd.DataFrame, label: np.ndarray, id_of_label: pd.Series) -> pd.Series:
    """Each cluster's referrer as a merged contact id (first record that names one).

    A referrer key that names no imported record keeps the id as written (the loader
    then flags it `referrer_missing`); a contact never refers itself.
    """
    key_to_rec = pd.Series(np.arange(len(people)), index=people["_key"].astype(object).to_numpy())
    key_to_rec = key_to_rec[~key_to_rec.index.duplicated()]
    keys = people["_referred_key"].astype(object)
    ref_rec = keys.map(key_to_rec).to_numpy(dtype=float)
    found = ~np.isnan(ref_rec)
    ref_label = np.where(found, label[np.where(found, ref_rec, 0).astype(np.int64)], -1)
    ref_id = pd.Series(id_of_label.reindex(ref_label).to_numpy(object), index=people.index)
    written = keys.astype(STRING).str.replace(r"^(?:.*#contact:|existing:)", "", regex=True)
    ref = ref_id.where(pd.Series(found, index=people.index), written.astype(object))
    ref = ref.where((ref_label != label) | ~found)
    ref = ref.where(ref.notna() & (ref.astype(str) != "<NA>"))
    return ref.groupby(label).first()


def _assign_ids(contacts: pd.DataFrame) -> pd.Series:
    """Existing ids kept; new ones are a slug of the name (or e-mail, URL), made unique."""
    existing = contacts["_id"].astype(object)
    base = []
    for name, email, url in zip(
        contacts["name"], contacts["email"], contacts["linkedin_url"], strict=True
    ):
        candidate = slug(name) if not pd.isna(name) else None
        if candidate is None and not pd.isna(email):
            candidate = slug(str(email).split("@")[0])
        if candidate is None and not pd.isna(url):
            candidate = slug(str(url).rstrip("/").rsplit("/", 1)[-1])
        base.append(candidate or "contact")
    taken = {str(i) for i in existing.dropna()}
    out = []
    for current, wanted in zip(existing, base, strict=True):
        if not pd.isna(current):
            out.append(str(current))
            continue
        candidate, k = wanted, 1
        while candidate in taken:
            k += 1
            candidate = f"{wanted}-{k}"
        taken.add(candidate)
        out.append(candidate)
    return pd.Series(out, index=contacts.index, dtype=object)
