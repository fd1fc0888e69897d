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

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.files import write_text_atomically
from infoview_analysis.core.forest import find_roots
from infoview_analysis.core.identity import (
    is_placeholder_name,
    normalize_email,
    normalize_linkedin_url,
    normalize_name,
    normalize_organization,
)
from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.problems import LogError, Problem, file_error
from infoview_analysis.core.spreadsheet_safety import neutralize_frame, restore_formulas
from infoview_analysis.core.vocabulary import CONTACT_COLUMNS, EVENT_COLUMNS
from infoview_analysis.importers.batch import Batch, empty_left_out
from infoview_analysis.loading.load import frames_to_log
from infoview_analysis.loading.values import slug

REPORT_COLUMNS = ["action", "key", "contact_id", "name", "count", "sources", "detail"]
CONTACTS_FILE = "contacts.csv"
EVENTS_FILE = "events.csv"
REPORT_FILE = "merge_report.json"


@dataclass
class ImportResult:
    """Merged contacts and events of one owner, with the merge report.

    `report` has one row per merged contact (`action` 'merged', `key` the rules that
    joined it), per ambiguity left unmerged ('ambiguous') and per reason rows were
    left out ('left_out', with `count`).
    """

    contacts: pd.DataFrame
    events: pd.DataFrame
    report: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)

    def log(self, today: dt.date | None = None) -> InterviewLog:
        """The result as a typed `InterviewLog` (the same checks as `load_log`).

        Parameters
        ----------
        today : datetime.date, optional
            The day dates in the future are checked against.

        Returns
        -------
        InterviewLog

        Examples
        --------
        >>> from infoview_analysis.importers.records import people_frame
        >>> b = Batch(people=people_frame("a.csv", np.array([2]), name=["Ana Ruiz"]))
        >>> result = merge_people(b, "me")
        >>> result.log().summary()["contacts"]
        1
        """
        return frames_to_log(self.contacts, self.events, origin="(import)", today=today)

    def summary_text(self, per_kind: int = 15) -> str:
        """Readable import summary: counts, merges, ambiguities, rows left out.

        Parameters
        ----------
        per_kind : int
            How many merges and ambiguities are listed.

        Returns
        -------
        str

        Examples
        --------
        >>> from infoview_analysis.importers.records import people_frame
        >>> b = Batch(people=people_frame("a.csv", np.array([2]), name=["Ana Ruiz"]))
        >>> result = merge_people(b, "me")
        >>> result.summary_text().splitlines()[0].startswith("1 contact")
        True
        """
        lines = [f"{len(self.contacts)} contacts, {len(self.events)} events"]
        for name, value in self.counts.items():
            lines.append(f"  {name}: {value}")
        report = self.report
        merged = report[report["action"] == "merged"]
        if len(merged):
            lines.append(
                f"merged: {len(merged)} contacts from {int(merged['count'].sum())} records"
            )
            for row in merged.head(per_kind).itertuples():
                lines.append(f"  {row.contact_id} <- {row.count} records by {row.key}")
            if len(merged) > per_kind:
                lines.append(f"  ... and {len(merged) - per_kind} more")
        ambiguous = report[report["action"] == "ambiguous"]
        if len(ambiguous):
            lines.append(f"ambiguous, left unmerged: {len(ambiguous)}")
            for row in ambiguous.head(per_kind).itertuples():
                lines.append(f"  {row.key} '{row.name}': {row.detail}")
        out = report[report["action"] == "left_out"]
        if len(out):
            lines.append(f"left out: {int(out['count'].sum())} records")
            for row in out.itertuples():
                lines.append(f"  {row.count:>6}  {row.detail}  [{row.sources}]")
        noted = report[report["action"] == "note"]
        if len(noted):
            lines.append(f"repaired or limited while reading (imported): {len(noted)}")
            for row in noted.head(per_kind * 2).itertuples():
                lines.append(f"  {row.detail}  [{row.sources}]")
            if len(noted) > per_kind * 2:
                lines.append(f"  ... and {len(noted) - per_kind * 2} more in {REPORT_FILE}")
        return "\n".join(lines)

    def write(self, folder: Path | str) -> list[Path]:
        """Write contacts.csv, events.csv and merge_report.json into `folder`.

        Text cells starting with a formula prefix (= + - @ TAB CR) get a leading
        apostrophe (`core.spreadsheet_safety`); the loader takes it off again.

        Each file is written under a temporary hidden name, then renamed, so a reader
        never sees half a file. `load_log(folder)` reads the tables back.

        Parameters
        ----------
        folder : pathlib.Path or str
            Created when missing.

        Returns
        -------
        list of pathlib.Path
            contacts.csv, events.csv and merge_report.json.

        Examples
        --------
        >>> from infoview_analysis.importers.records import people_frame
        >>> b = Batch(people=people_frame("a.csv", np.array([2]), name=["Ana Ruiz"]))
        >>> result = merge_people(b, "me")
        >>> import tempfile
        >>> [p.name for p in result.write(tempfile.mkdtemp())]
        ['contacts.csv', 'events.csv', 'merge_report.json']
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        contacts = self.contacts.copy()
        contacts["added_on"] = pd.to_datetime(contacts["added_on"]).dt.strftime("%Y-%m-%d")
        events = self.events.copy()
        events["date"] = pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d %H:%M:%S")
        # People open these in a spreadsheet: formula prefixes are neutralized (and
        # restored by the loader, so load_log reads the same values back).
        contacts = neutralize_frame(contacts[list(CONTACT_COLUMNS)])
        events = neutralize_frame(events[list(EVENT_COLUMNS)])
        written = [
            write_text_atomically(folder / CONTACTS_FILE, contacts.to_csv(index=False)),
            write_text_atomically(folder / EVENTS_FILE, events.to_csv(index=False)),
        ]
        payload = {
            "counts": self.counts,
            "report": json.loads(self.report.to_json(orient="records", force_ascii=False)),
        }
        written.append(
            write_text_atomically(
                folder / REPORT_FILE, json.dumps(payload, indent=1, ensure_ascii=False)
            )
        )
        return written


def read_existing(folder: Path | str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """contacts.csv and events.csv a previous import wrote into `folder` (empty if none).

    Parameters
    ----------
    folder : pathlib.Path or str
        An import's output folder.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Contacts and events, text restored as typed.

    Examples
    --------
    >>> import tempfile
    >>> [len(f) for f in read_existing(tempfile.mkdtemp())]
    [0, 0]
    """
    folder = Path(folder)
    frames = []
    for name, columns in ((CONTACTS_FILE, CONTACT_COLUMNS), (EVENTS_FILE, EVENT_COLUMNS)):
        path = folder / name
        if path.exists():
            try:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
            except (pd.errors.ParserError, UnicodeDecodeError) as exc:
                raise file_error(
                    str(path), f"a table written by infoview import ({exc})", "not_a_table"
                ) from None
            missing = [c for c in ("owner_id", "contact_id") if c not in frame]
            if missing:
                raise LogError(
                    [
                        Problem(
                            str(path),
                            1,
                            missing[0],
                            None,
                            "the columns of an infoview import (" + ", ".join(columns) + ")",
                            kind="missing_column",
                        )
                    ]
                )
            for column in columns:
                frame[column] = (
                    restore_formulas(frame[column]).astype(object).where(frame[column].notna())
                    if column in frame
                    else pd.NA
                )
            frames.append(frame[list(columns)])
        else:
            frames.append(pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}))
    return frames[0], frames[1]


# ----------------------------------------------------------------------------- union-find


def _components(n: int, a: np.ndarray, b: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Join the pairs (a[i], b[i]) into `parent` labels (each label = smallest member)."""
    parent = parent.copy()
    if a.size == 0:
        return parent
    while True:
        ra, rb = parent[a], parent[b]
        differ = ra != rb
        if not differ.any():
            return parent
        lo, hi = np.minimum(ra[differ], rb[differ]), np.maximum(ra[differ], rb[differ])
        np.minimum.at(parent, hi, lo)
        parent = find_roots(parent)  # every record points at its cluster's root


def _cluster_url(label: np.ndarray, url: pd.Series) -> np.ndarray:
    first = pd.Series(url.to_numpy(object)).groupby(label).first()
    return pd.Series(label).map(first).to_numpy(object)


def _step(
    label: np.ndarray, rec: np.ndarray, key: pd.Series, url: pd.Series, rule: str
) -> tuple[np.ndarray, pd.DataFrame]:
    """Union records sharing `key`, except groups whose clusters have different URLs."""
    frame = pd.DataFrame({"rec": rec, "key": key.to_numpy(object)}).dropna()
    if frame.empty:
        return label, pd.DataFrame(columns=["key", "recs", "rule"])
    frame["url"] = _cluster_url(label, url)[frame["rec"].to_numpy()]
    urls = frame.groupby("key")["url"].nunique()
    conflict = urls[urls > 1].index
    bad = frame["key"].isin(conflict).to_numpy()
    ok = frame[~bad]
    first = ok.groupby("key")["rec"].transform("first").to_numpy()
    label = _components(len(label), ok["rec"].to_numpy(), first, label)
    ambiguous = (
        frame[bad].groupby("key")["rec"].agg(list).reset_index().rename(columns={"rec": "recs"})
    )
    ambiguous["rule"] = rule
    return label, ambiguous


# ----------------------------------------------------------------------------- merge


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
    label = _components(n, rec[pinned], same[pinned].astype(np.int64), label)
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
        label, amb = _step(label, pairs_rec, pd.Series(pairs_key).reset_index(drop=True), url, rule)
        steps.append((rule, before))
        ambiguities.append(amb)
    # 4. name alone, for records with nothing else.
    bare = (name_key.notna() & email.isna() & url.isna() & org_key.isna()).to_numpy() & ~np.isin(
        rec, email_pairs["rec"].to_numpy()
    )
    before = label
    label, name_amb = _name_only(label, name_key, bare)
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

    report = _report(people, label, final_rules, id_of_label, ambiguities, left, batch.notes)
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


def _name_only(
    label: np.ndarray, name_key: pd.Series, bare: np.ndarray
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rule 4: a name-only record joins the one cluster with its name, if there is one."""
    frame = pd.DataFrame(
        {"rec": np.arange(len(label)), "key": name_key.to_numpy(object), "bare": bare}
    )
    frame = frame.dropna(subset=["key"])
    if frame.empty:
        return label, pd.DataFrame(columns=["key", "recs", "rule"])
    frame["root"] = label[frame["rec"].to_numpy()]
    anchors = frame[~frame["bare"]].groupby("key")["root"].nunique()
    frame["anchors"] = frame["key"].map(anchors).fillna(0).to_numpy()
    ok = frame[frame["anchors"] <= 1]
    # Join each name's bare records to the (single) anchored cluster, or to each other.
    target = ok.sort_values("bare", kind="stable").groupby("key")["rec"].transform("first")
    join = ok["bare"].to_numpy()
    label = _components(
        len(label), ok["rec"].to_numpy()[join], target.reindex(ok.index).to_numpy()[join], label
    )
    amb = frame[(frame["anchors"] > 1) & frame["bare"]]
    ambiguous = amb.groupby("key")["rec"].agg(list).reset_index().rename(columns={"rec": "recs"})
    ambiguous["rule"] = "name"
    return label, ambiguous


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


def _sources(people: pd.DataFrame, recs) -> str:
    part = people.iloc[list(recs)[:8]]
    text = "; ".join(
        f"{Path(str(f)).name} row {r}" for f, r in zip(part["_file"], part["_row"], strict=True)
    )
    return text + (" ..." if len(recs) > 8 else "")


def _report(
    people: pd.DataFrame,
    label: np.ndarray,
    final_rules: dict[int, set[str]],
    id_of_label: pd.Series,
    ambiguities: list[pd.DataFrame],
    left: list[pd.DataFrame],
    notes: pd.DataFrame,
) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    members = pd.Series(np.arange(len(label))).groupby(label).agg(list)
    order = ["same contact (attendee name)", "email", "linkedin_url", "name+organization", "name"]
    for root, recs in members.items():
        if len(recs) < 2:
            continue
        rules = final_rules.get(int(root), set())
        rows.append(
            {
                "action": "merged",
                "key": ", ".join(r for r in order if r in rules),
                "contact_id": id_of_label.get(root),
                "name": people["name"].iloc[recs].dropna().iloc[0]
                if people["name"].iloc[recs].notna().any()
                else None,
                "count": len(recs),
                "sources": _sources(people, recs),
                "detail": f"{len(recs)} records of one person",
            }
        )
    for amb in ambiguities:
        for key, recs, rule in amb[["key", "recs", "rule"]].itertuples(index=False):
            ids = sorted({str(id_of_label.get(label[r])) for r in recs})
            reason = (
                "records share this key but have different profile URLs"
                if rule != "name"
                else "a record with only this name, and several contacts have it"
            )
            rows.append(
                {
                    "action": "ambiguous",
                    "key": rule,
                    "contact_id": ", ".join(ids),
                    "name": key,
                    "count": len(recs),
                    "sources": _sources(people, recs),
                    "detail": reason + "; not merged",
                }
            )
    # Same name, still apart (different organizations, or no shared key).
    name_key = normalize_name(people["name"])
    frame = pd.DataFrame({"key": name_key.to_numpy(object), "root": label}).dropna()
    spread = frame.groupby("key")["root"].nunique()
    listed = {r["name"] for r in rows if r["action"] == "ambiguous"}
    for key in spread[spread > 1].index:
        if key in listed:
            continue
        roots = sorted(frame.loc[frame["key"] == key, "root"].unique())
        rows.append(
            {
                "action": "ambiguous",
                "key": "name",
                "contact_id": ", ".join(str(id_of_label.get(r)) for r in roots),
                "name": key,
                "count": len(roots),
                "sources": _sources(people, [int(r) for r in roots]),
                "detail": "contacts with the same name but no shared e-mail, URL or organization; not merged",
            }
        )
    out_frames = [f for f in left if len(f)]
    outs = pd.concat(out_frames, ignore_index=True) if out_frames else empty_left_out()
    for row in outs.itertuples(index=False):
        rows.append(
            {
                "action": "left_out",
                "key": None,
                "contact_id": None,
                "name": None,
                "count": int(row.count),
                "sources": f"{row.file}: "
                + (f"rows {row.rows}" if str(row.rows)[:1].isdigit() else str(row.rows)),
                "detail": row.reason,
            }
        )
    for row in notes.itertuples(index=False):
        rows.append(
            {
                "action": "note",
                "key": None,
                "contact_id": None,
                "name": None,
                "count": int(row.count),
                "sources": f"{row.file}: {row.rows}" if row.rows else str(row.file),
                "detail": row.reason,
            }
        )
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    report["count"] = report["count"].astype("int64")
    return report


__all__ = ["ImportResult", "merge_people", "read_existing", "REPORT_FILE"]
