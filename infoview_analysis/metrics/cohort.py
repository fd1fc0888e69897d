"""Cohort outcomes (DESIGN.md "Cohort outcomes"): per owner, then per group, suppressed.

`owner_summary` condenses each owner's log into one row (no contact-level data at
all); `group_outcomes` compares groups of owners (cohort, program, advisor, activity
tertile) with medians and pooled rates, plus the NACE first-destination rates:

- knowledge rate = owners whose outcome is known (employed, continuing_education,
  seeking or not_seeking) / all owners in the group; `unknown` and a missing roster
  outcome are not known.
- career outcomes rate = (employed + continuing_education) / (known - not_seeking):
  NACE's definition divides by the graduates whose outcome is known and leaves out
  those not seeking an outcome.

A group with fewer than `min_group` owners keeps its row (so nothing disappears
silently) with `suppressed=True` and every figure NA, its size included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.metrics.conversion import DateLike, threads

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

ROSTER_COLUMNS: tuple[str, ...] = ("cohort", "program", "advisor", "outcome")
TERTILES: tuple[str, ...] = ("low", "medium", "high")
TERTILE_DTYPE = pd.CategoricalDtype(list(TERTILES), ordered=True)
KNOWN_OUTCOMES: tuple[str, ...] = ("employed", "continuing_education", "seeking", "not_seeking")
CAREER_OUTCOMES: tuple[str, ...] = ("employed", "continuing_education")
GROUP_KEYS: tuple[str, ...] = (*ROSTER_COLUMNS, "activity_tertile")
SUMMARY_COLUMNS: tuple[str, ...] = (
    "owner_id",
    *ROSTER_COLUMNS,
    "contacts",
    "contacted",
    "replied",
    "reply_rate",
    "meetings",
    "met",
    "months_active",
    "meetings_per_month",
    "thanked",
    "thank_you_rate",
    "followed_up",
    "follow_up_rate",
    "conversions",
    "max_referral_depth",
    "activity_tertile",
)
GROUP_FIGURES: tuple[str, ...] = (
    "n_owners",
    "median_contacts",
    "median_meetings",
    "median_meetings_per_month",
    "reply_rate",
    "thank_you_rate",
    "follow_up_rate",
    "conversion_rate",
    "knowledge_rate",
    "career_outcomes_rate",
)


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den.where(den > 0)).astype("float64")


def _owner_ids(log: InterviewLog) -> pd.Index:
    ids = [
        log.contacts["owner_id"].cat.categories.astype(object),
        log.events["owner_id"].cat.categories.astype(object),
        pd.Index(log.owners["owner_id"].astype(object)),
    ]
    out = ids[0].append(ids[1:]).unique().sort_values()
    return pd.Index(out, name="owner_id")


def _per_owner(values: np.ndarray, owner: pd.Series, index: pd.Index) -> np.ndarray:
    """Sum `values` per owner (a categorical column) onto `index`, zeros for the rest.

    Integer codes and one bincount: no grouping on strings.
    """
    codes = owner.cat.codes.to_numpy()
    ok = codes >= 0
    sums = np.bincount(
        codes[ok],
        weights=np.asarray(values, dtype=np.float64)[ok],
        minlength=len(owner.cat.categories),
    )
    at = pd.Index(owner.cat.categories.astype(object)).get_indexer(index)
    return np.where(at >= 0, sums[np.maximum(at, 0)], 0).astype(np.int64)


def _max_depth(log: InterviewLog, keep: np.ndarray, index: pd.Index) -> pd.Series:
    """Deepest referral chain per owner (contacts in `keep`; cycles have no depth)."""
    from infoview_analysis.metrics.referrals import chain_arrays

    _, depth, cycle, _ = chain_arrays(log.referrer_pos)
    owner = log.contacts["owner_id"]
    codes = owner.cat.codes.to_numpy()
    use = keep & ~cycle & (codes >= 0)
    best = np.zeros(len(owner.cat.categories), dtype=np.int64)
    np.maximum.at(best, codes[use], depth[use].astype(np.int64))
    at = pd.Index(owner.cat.categories.astype(object)).get_indexer(index)
    values = np.where(at >= 0, best[np.maximum(at, 0)], 0)
    return pd.Series(pd.array(values, dtype="Int64"), index=index).where(values > 0)


def _activity_tertile(meetings: pd.Series) -> pd.Series:
    """low / medium / high thirds of owners by meetings held; tied owners share a third."""
    if meetings.empty:
        return pd.Series(pd.Categorical([], dtype=TERTILE_DTYPE), index=meetings.index)
    pct = meetings.rank(method="min", pct=True).to_numpy()
    n = len(meetings)
    # rank "min" / n: the lowest value ranks 1/n; thirds by the share of owners below.
    below = pct - 1.0 / n
    codes = np.where(below < 1 / 3, 0, np.where(below < 2 / 3, 1, 2))
    return pd.Series(pd.Categorical.from_codes(codes, dtype=TERTILE_DTYPE), index=meetings.index)


def owner_summary(
    log: InterviewLog,
    thank_days: int = 2,
    follow_days: int = 30,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pd.DataFrame:
    """One row per owner (roster, contacts or events): activity, rates and roster data.

    Columns: `owner_id`, `cohort`, `program`, `advisor`, `outcome` (roster; NA when
    absent), `contacts`, `contacted`, `replied`, `reply_rate` (replied / contacted),
    `meetings` (meeting events), `met` (contacts met), `months_active` (calendar months
    with any event), `meetings_per_month` (meetings / months_active), `thanked`,
    `thank_you_rate` and `followed_up`, `follow_up_rate` (in time, over contacts met),
    `conversions` (converted threads), `max_referral_depth`, `activity_tertile`
    (low / medium / high by meetings). With `start`/`end`: threads first reached in
    `[start, end)`, contacts added and events dated in it. Rates are NaN over 0.

    >>> from infoview_analysis.sample import generate
    >>> s = owner_summary(generate(owners=4, seed=3))
    >>> len(s), bool((s["replied"] <= s["contacted"]).all())
    (4, True)
    """
    index = _owner_ids(log)
    t = threads(log, thank_days, follow_days, start, end)
    out = pd.DataFrame(index=index)
    roster = log.owners.assign(owner_id=log.owners["owner_id"].astype(object))
    roster = roster.drop_duplicates("owner_id").set_index("owner_id")
    for column in ROSTER_COLUMNS:
        out[column] = roster[column].reindex(index)

    contacts = log.contacts
    ev = log.events
    in_window = np.ones(len(contacts), dtype=bool)
    ev_window = np.ones(len(ev), dtype=bool)
    if start is not None:
        in_window &= (contacts["added_on"] >= pd.Timestamp(start)).to_numpy()
        ev_window &= (ev["date"] >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        in_window &= (contacts["added_on"] < pd.Timestamp(end)).to_numpy()
        ev_window &= (ev["date"] < pd.Timestamp(end)).to_numpy()
    out["contacts"] = _per_owner(in_window.astype(np.int64), contacts["owner_id"], index)
    for stage in ("contacted", "replied"):
        out[stage] = _per_owner(t[stage].astype(np.int64), t["owner_id"], index)
    out["reply_rate"] = _ratio(out["replied"], out["contacted"])

    is_meeting = (ev["type"] == "meeting").to_numpy() & ev_window
    out["meetings"] = _per_owner(is_meeting.astype(np.int64), ev["owner_id"], index)
    out["met"] = _per_owner(t["met"].astype(np.int64), t["owner_id"], index)
    dates = ev["date"].to_numpy("datetime64[M]").astype(np.int64)
    owner_code = ev["owner_id"].cat.codes.to_numpy().astype(np.int64)
    keep = ev_window & (owner_code >= 0) & ~np.isnat(ev["date"].to_numpy())
    month = dates[keep] - dates[keep].min(initial=0)
    pair = np.unique(owner_code[keep] * (int(month.max(initial=0)) + 1) + month)
    per_code = np.bincount(
        pair // (int(month.max(initial=0)) + 1), minlength=len(ev["owner_id"].cat.categories)
    )
    months_active = pd.Series(per_code, index=ev["owner_id"].cat.categories.astype(object))
    out["months_active"] = months_active.reindex(index, fill_value=0).astype(np.int64)
    out["meetings_per_month"] = _ratio(out["meetings"], out["months_active"])
    for stage, rate in (("thanked", "thank_you_rate"), ("followed_up", "follow_up_rate")):
        out[stage] = _per_owner(t[stage].astype(np.int64), t["owner_id"], index)
        out[rate] = _ratio(out[stage], out["met"])
    out["conversions"] = _per_owner(t["converted"].astype(np.int64), t["owner_id"], index)

    out["max_referral_depth"] = _max_depth(log, in_window, index)
    out["activity_tertile"] = _activity_tertile(out["meetings"])
    return out.reset_index()[list(SUMMARY_COLUMNS)]


def group_outcomes(
    log: InterviewLog,
    by: str | Sequence[str] = ("cohort", "program"),
    min_group: int = 5,
    thank_days: int = 2,
    follow_days: int = 30,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pd.DataFrame:
    """Per group of owners: size, medians, pooled rates and NACE rates; small groups hidden.

    `by`: roster columns ("cohort", "program", "advisor", "outcome") and/or
    "activity_tertile". Columns: the keys, `n_owners`, `suppressed`,
    `median_contacts`, `median_meetings`, `median_meetings_per_month`, `reply_rate`,
    `thank_you_rate`, `follow_up_rate`, `conversion_rate` (converted / contacted
    threads, pooled over the group), `knowledge_rate`, `career_outcomes_rate`. A group
    under `min_group` owners has `suppressed=True` and NA in every figure. Owner-level
    only: no contact names, emails, URLs or notes.

    >>> from infoview_analysis.sample import generate
    >>> g = group_outcomes(generate(owners=30, seed=4), by="cohort", min_group=5)
    >>> list(g.columns[:3]), bool(g.loc[g["suppressed"], "n_owners"].isna().all())
    (['cohort', 'n_owners', 'suppressed'], True)
    """
    keys = [by] if isinstance(by, str) else list(by)
    bad = [k for k in keys if k not in GROUP_KEYS]
    if bad or not keys:
        raise ValueError(f"cannot group owners by {bad or keys}; choose from {list(GROUP_KEYS)}")
    s = owner_summary(log, thank_days, follow_days, start, end)
    outcome = s["outcome"].astype(object)
    s["_known"] = outcome.isin(KNOWN_OUTCOMES).astype(np.int64)
    s["_career"] = outcome.isin(CAREER_OUTCOMES).astype(np.int64)
    s["_not_seeking"] = (outcome == "not_seeking").astype(np.int64)
    g = s.groupby(keys, observed=True, dropna=False, sort=True)
    sums = g[
        ["contacted", "replied", "met", "thanked", "followed_up", "conversions"]
        + ["_known", "_career", "_not_seeking"]
    ].sum()
    table = pd.DataFrame(index=sums.index)
    table["n_owners"] = g.size().astype("Int64")
    table["suppressed"] = table["n_owners"] < min_group
    table["median_contacts"] = g["contacts"].median().astype("float64")
    table["median_meetings"] = g["meetings"].median().astype("float64")
    table["median_meetings_per_month"] = g["meetings_per_month"].median().astype("float64")
    table["reply_rate"] = _ratio(sums["replied"], sums["contacted"])
    table["thank_you_rate"] = _ratio(sums["thanked"], sums["met"])
    table["follow_up_rate"] = _ratio(sums["followed_up"], sums["met"])
    table["conversion_rate"] = _ratio(sums["conversions"], sums["contacted"])
    table["knowledge_rate"] = _ratio(sums["_known"], table["n_owners"].astype("float64"))
    table["career_outcomes_rate"] = _ratio(sums["_career"], sums["_known"] - sums["_not_seeking"])
    hidden = table["suppressed"].to_numpy()
    table.loc[hidden, "n_owners"] = pd.NA
    for column in GROUP_FIGURES[1:]:
        table.loc[hidden, column] = np.nan
    return table.reset_index()[[*keys, "n_owners", "suppressed", *GROUP_FIGURES[1:]]]


def outcome_by_activity(
    log: InterviewLog,
    by: str | Sequence[str] = (),
    min_group: int = 5,
    **kwargs,
) -> pd.DataFrame:
    """`group_outcomes` by activity tertile (low / medium / high meetings), within `by`.

    >>> from infoview_analysis.sample import generate
    >>> outcome_by_activity(generate(owners=30, seed=4))["activity_tertile"].tolist()
    ['low', 'medium', 'high']
    """
    keys = [by] if isinstance(by, str) else list(by)
    return group_outcomes(log, by=[*keys, "activity_tertile"], min_group=min_group, **kwargs)


__all__ = ["owner_summary", "group_outcomes", "outcome_by_activity", "KNOWN_OUTCOMES"]
