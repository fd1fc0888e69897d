"""Cohort outcomes (DESIGN.md "Cohort outcomes"): per owner, then per group, protected.

`owner_summary` condenses each owner's log into one row (no contact-level data at
all); `group_outcomes` compares groups of owners (cohort, program, advisor, activity
tertile) with medians and pooled rates, plus NACE's first-destination rates, computed
in one place, `nace_rates`:

- knowledge rate = graduates whose outcome is known / all graduates; `unknown`, a
  missing roster outcome and an outcome dated on or after the as-of date are not known.
- career outcomes rate = (employed in any form + military + volunteer/service +
  continuing education) / (known - not seeking).

Every roster outcome falls in one NACE class (`NACE_CLASS`): career, seeking,
not_seeking or unknown. Groups are published through `metrics.disclosure`: a small
group keeps its row (nothing disappears silently) with `suppressed=True` and every
figure NA, and enough other groups are hidden with it that no hidden figure can be
worked out by subtraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.core.periods import Period
from infoview_analysis.metrics.conversion import DateLike
from infoview_analysis.metrics.conversion.events import to_ns, type_code
from infoview_analysis.metrics.conversion.stages import thread_arrays, window_mask
from infoview_analysis.metrics.owner_counts import count_per_owner, months_active, owner_positions
from infoview_analysis.metrics.per_log import cut

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

ROSTER_COLUMNS: tuple[str, ...] = ("cohort", "program", "advisor", "outcome")
TERTILES: tuple[str, ...] = ("low", "medium", "high")
TERTILE_DTYPE = pd.CategoricalDtype(list(TERTILES), ordered=True)
# NACE first-destination classes of every roster outcome (core.vocabulary.OUTCOMES).
NACE_CLASSES: tuple[str, ...] = ("career", "seeking", "not_seeking", "unknown")
NACE_CLASS: dict[str, str] = {
    "employed": "career",
    "employed_full_time": "career",
    "employed_part_time": "career",
    "entrepreneur": "career",
    "temporary_contract": "career",
    "freelance": "career",
    "military_service": "career",
    "volunteer_service": "career",
    "continuing_education": "career",
    "seeking": "seeking",
    "seeking_employment": "seeking",
    "seeking_continuing_education": "seeking",
    "not_seeking": "not_seeking",
    "unknown": "unknown",
}
CAREER_OUTCOMES: tuple[str, ...] = tuple(o for o, c in NACE_CLASS.items() if c == "career")
KNOWN_OUTCOMES: tuple[str, ...] = tuple(o for o, c in NACE_CLASS.items() if c != "unknown")
OPEN_OUTCOMES: tuple[str, ...] = tuple(
    o for o, c in NACE_CLASS.items() if c in ("seeking", "unknown")
)
# NACE asks institutions to reach 65% knowledge: below it the rates are flagged.
KNOWLEDGE_RATE_TARGET = 0.65
GROUP_KEYS: tuple[str, ...] = ("cohort", "program", "advisor", "activity_tertile")
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
    "nace_class",
)
# `owner_summary`'s per-owner count of each thread stage (`conversion.threads`).
STAGE_COUNTS: dict[str, str] = {
    "contacted": "contacted",
    "replied": "replied",
    "met": "met",
    "thanked": "thanked",
    "followed_up": "followed_up",
    "converted": "conversions",
}


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den.where(den > 0)).astype("float64")


def nace_class(outcome: pd.Series) -> pd.Series:
    """The NACE class of each roster outcome: career, seeking, not_seeking or unknown.

    A missing outcome is unknown.

    Parameters
    ----------
    outcome : pandas.Series
        Roster outcomes (`OUTCOMES` values or missing).

    Returns
    -------
    pandas.Series
        One of `NACE_CLASSES` per row.

    Examples
    --------
    >>> nace_class(pd.Series(["freelance", "seeking_employment", None])).tolist()
    ['career', 'seeking', 'unknown']
    >>> nace_class(pd.Series(["freelance", None], dtype="category")).tolist()
    ['career', 'unknown']
    """
    dtype = pd.CategoricalDtype(list(NACE_CLASSES))
    if isinstance(outcome.dtype, pd.CategoricalDtype):
        # Classes of the few categories, spread by code: no mapping of every row.
        of_category = nace_class(pd.Series(outcome.cat.categories.astype(object)))
        unknown = NACE_CLASSES.index("unknown")  # a missing outcome (code -1)
        codes = np.append(of_category.cat.codes.to_numpy(), unknown)[outcome.cat.codes.to_numpy()]
        categorical = pd.Categorical.from_codes(codes, dtype=dtype)
        return pd.Series(categorical, index=outcome.index, name=outcome.name)
    mapped = outcome.astype(object).map(NACE_CLASS).fillna("unknown")
    return mapped.astype(dtype)


def nace_rates(graduates, known, career, not_seeking) -> tuple:
    """NACE's two rates from counts (numbers or aligned Series): the one definition.

    knowledge rate = known / graduates; career outcomes rate = career / (known -
    not_seeking). NaN where the denominator is 0.

    Parameters
    ----------
    graduates, known, career, not_seeking : number or pandas.Series
        Counts of graduates, of those whose outcome is known, in a career outcome,
        and not seeking.

    Returns
    -------
    tuple
        (knowledge rate, career outcomes rate).

    Examples
    --------
    >>> nace_rates(8, 6, 3, 2)
    (0.75, 0.75)
    """

    def ratio(num, den):
        if isinstance(den, pd.Series):
            return _ratio(num.astype("float64"), den.astype("float64"))
        return float(num / den) if den else float("nan")

    return ratio(known, graduates), ratio(career, known - not_seeking)


def nace_counts(summary: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Graduates per NACE class (columns `NACE_CLASSES`, plus graduates, known), by `keys`.

    Takes `owner_summary` output (its `nace_class` column).

    Parameters
    ----------
    summary : pandas.DataFrame
        `owner_summary` output.
    keys : sequence of str
        Grouping columns; () for everyone.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> s = pd.DataFrame({"cohort": ["a", "a", "b"],
    ...                   "nace_class": nace_class(pd.Series(["employed", None, "not_seeking"]))})
    >>> nace_counts(s, ["cohort"]).loc["a"].tolist()
    [1, 0, 0, 1, 2, 1]
    """
    dummies = pd.get_dummies(summary["nace_class"]).astype(np.int64)
    dummies = dummies.reindex(columns=list(NACE_CLASSES), fill_value=0)
    if keys:
        counts = dummies.groupby(
            [summary[k] for k in keys], observed=True, dropna=False, sort=True
        ).sum()
    else:
        counts = dummies.sum().to_frame().T
    counts["graduates"] = counts[list(NACE_CLASSES)].sum(axis=1)
    counts["known"] = counts["graduates"] - counts["unknown"]
    return counts


def _owner_ids(log: InterviewLog) -> pd.Index:
    """Every owner (roster, contacts or events) once, sorted."""
    owner = log.contacts["owner_id"]
    cats = owner.cat.categories.astype(object)
    if (
        owner.dtype == log.events["owner_id"].dtype
        and (owner.cat.categories.get_indexer(log.owners["owner_id"]) >= 0).all()
        and cats.is_monotonic_increasing
    ):
        # A loaded log's usual case: the contacts' categories are every owner, sorted
        # (no hashing and sorting of the union).
        return pd.Index(cats.to_numpy(), name="owner_id")
    ids = [
        log.contacts["owner_id"].cat.categories.astype(object),
        log.events["owner_id"].cat.categories.astype(object),
        pd.Index(log.owners["owner_id"].astype(object)),
    ]
    out = ids[0].append(ids[1:]).unique().sort_values()
    return pd.Index(out, name="owner_id")


def _max_depth(log: InterviewLog, keep: np.ndarray, owner: np.ndarray, n: int) -> pd.Series:
    """Deepest referral chain per owner position (of `n`; contacts in `keep`, `owner`
    their positions; cycles have no depth), NA for none."""
    from infoview_analysis.metrics.referrals import chain_arrays

    _, depth, cycle, _ = chain_arrays(log.referrer_pos)
    use = keep & ~cycle & (owner >= 0)
    best = np.zeros(n, dtype=np.int64)
    np.maximum.at(best, owner[use], depth[use].astype(np.int64))
    return pd.Series(pd.array(best, dtype="Int64")).where(best > 0)


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


# NACE counts a graduating class from July 1 to June 30.
CLASS_YEAR_START_MONTH = 7


@dataclass(frozen=True)
class ClassYear(Period):
    """The NACE class year [July 1 of year - 1, July 1 of year), e.g. "class-2026"."""

    def previous(self) -> ClassYear:
        """The class year before.

        Returns
        -------
        ClassYear

        Examples
        --------
        >>> class_year(2026).previous().label
        'class-2025'
        """
        return class_year(int(self.label.removeprefix("class-")) - 1)


def class_year(year: int | str) -> ClassYear:
    """The period NACE counts as the class of `year`: July 1 of the year before to June 30.

    Parameters
    ----------
    year : int or str
        The graduating year, 1901 to 2199.

    Returns
    -------
    ClassYear

    Raises
    ------
    ValueError
        For anything that is not such a year.

    Examples
    --------
    >>> p = class_year(2026)
    >>> p.label, str(p.start.date()), str(p.end.date()), p.previous().label
    ('class-2026', '2025-07-01', '2026-07-01', 'class-2025')
    """
    try:
        year = int(str(year).strip())
    except ValueError:
        raise ValueError(f"class year {year!r}: expected a year such as 2026") from None
    if not 1900 < year < 2200:
        raise ValueError(f"class year {year}: expected a year such as 2026")
    start = pd.Timestamp(year - 1, CLASS_YEAR_START_MONTH, 1)
    return ClassYear(f"class-{year}", start, pd.Timestamp(year, CLASS_YEAR_START_MONTH, 1), None)


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
    (low / medium / high by meetings), `nace_class` (career / seeking / not_seeking /
    unknown). With `start`/`end`: threads first reached in `[start, end)`, contacts
    added and events dated in it; with `end`, the log as of the end
    (`InterviewLog.as_of`): an outcome dated on or after it is not known yet, an
    undated outcome counts as known. Rates are NaN over 0. Student-level: for
    computing and for the advisor's confidential list, never for publishing.

    Parameters
    ----------
    log : InterviewLog
        A loaded log (roster, contacts, events).
    thank_days : int
        Days after a meeting a thank-you counts as in time.
    follow_days : int
        Days after a meeting a follow-up counts as in time.
    start, end : date-like, optional
        The window [start, end); `end` also cuts the log (`InterviewLog.as_of`).

    Returns
    -------
    pandas.DataFrame
        Columns `SUMMARY_COLUMNS`, one row per owner.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> s = owner_summary(generate(owners=4, seed=3))
    >>> len(s), bool((s["replied"] <= s["contacted"]).all())
    (4, True)
    """
    s, e = to_ns(start), to_ns(end)
    # `log.as_of(end)`: nothing dated on or after the end exists for the report.
    log = cut(log, end)
    index = _owner_ids(log)
    n = len(index)
    # Columns on positions 0..n-1 (the owners of `index`), made into a frame once.
    out: dict[str, pd.Series] = {"owner_id": pd.Series(index)}
    roster = log.owners.assign(owner_id=log.owners["owner_id"].astype(object))
    roster = roster.drop_duplicates("owner_id").reset_index(drop=True)
    at = pd.Index(roster["owner_id"]).get_indexer(index)  # -1: not in the roster, NA
    for column in ROSTER_COLUMNS:
        out[column] = roster[column].reindex(at).reset_index(drop=True)

    contacts = log.contacts
    ev = log.events
    # Each row's owner as a position in `index`, once per table: every count below is
    # a bincount over these positions.
    contact_owner = owner_positions(contacts["owner_id"], index)
    event_owner = owner_positions(ev["owner_id"], index)
    in_window = np.ones(len(contacts), dtype=bool)
    ev_window = np.ones(len(ev), dtype=bool)
    if start is not None:
        in_window &= (contacts["added_on"] >= pd.Timestamp(start)).to_numpy()
        ev_window &= (ev["date"] >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        in_window &= (contacts["added_on"] < pd.Timestamp(end)).to_numpy()
        ev_window &= (ev["date"] < pd.Timestamp(end)).to_numpy()

    def count(flags: np.ndarray, owner: np.ndarray) -> pd.Series:
        return pd.Series(count_per_owner(flags, owner, n))

    out["contacts"] = count(in_window, contact_owner)
    # The stages of `conversion.threads`, of the threads first reached in the window.
    a = thread_arrays(log, thank_days, follow_days, e)
    reached = window_mask(a["first_outreach"], s, e)
    for stage, column in STAGE_COUNTS.items():
        out[column] = count(a[stage] if reached is None else a[stage] & reached, contact_owner)
    out["reply_rate"] = _ratio(out["replied"], out["contacted"])

    is_meeting = ev["type"].cat.codes.to_numpy() == type_code(log, "meeting")
    out["meetings"] = count(is_meeting & ev_window, event_owner)
    date = ev["date"].to_numpy("datetime64[ns]").view(np.int64)
    active = event_owner if start is None and end is None else np.where(ev_window, event_owner, -1)
    out["months_active"] = pd.Series(months_active(date, active, n))
    out["meetings_per_month"] = _ratio(out["meetings"], out["months_active"])
    out["thank_you_rate"] = _ratio(out["thanked"], out["met"])
    out["follow_up_rate"] = _ratio(out["followed_up"], out["met"])

    out["max_referral_depth"] = _max_depth(log, in_window, contact_owner, n)
    out["activity_tertile"] = _activity_tertile(out["meetings"])
    out["nace_class"] = nace_class(out["outcome"])
    return pd.DataFrame({column: out[column] for column in SUMMARY_COLUMNS})


def group_figures(summary: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Every figure of every group of `keys`, unprotected (the input to disclosure control).

    Columns: the keys, `n_owners`, the NACE class counts (`career`, `seeking`,
    `not_seeking`, `unknown`, `known`), `contacted_threads`, `met_threads` (rate
    bases), `median_contacts`, `median_meetings`,
    `median_meetings_per_month`, `reply_rate`, `thank_you_rate`, `follow_up_rate`,
    `conversion_rate` (converted / contacted threads, pooled), `knowledge_rate`,
    `career_outcomes_rate` (both from `nace_rates`). No keys: one row, everyone.

    Parameters
    ----------
    summary, keys
        As for `nace_counts`.

    Returns
    -------
    pandas.DataFrame
        One row per group, unprotected.

    Examples
    --------
    >>> s = pd.DataFrame({"cohort": ["a", "a"], "contacts": [2, 4], "meetings": [1, 3],
    ...     "meetings_per_month": [1.0, 3.0], "contacted": [2, 2], "replied": [1, 2],
    ...     "met": [1, 2], "thanked": [1, 1], "followed_up": [0, 1], "conversions": [0, 1],
    ...     "nace_class": nace_class(pd.Series(["employed", "not_seeking"]))})
    >>> group_figures(s, ["cohort"])[["n_owners", "knowledge_rate", "reply_rate"]].iloc[0].tolist()
    [2.0, 1.0, 0.75]
    """
    keys = list(keys)
    flows = ["contacted", "replied", "met", "thanked", "followed_up", "conversions"]
    medians = {
        "median_contacts": "contacts",
        "median_meetings": "meetings",
        "median_meetings_per_month": "meetings_per_month",
    }
    nace = nace_counts(summary, keys)
    if keys:
        g = summary.groupby(keys, observed=True, dropna=False, sort=True)
        sums = g[flows].sum()
        med = g[list(medians.values())].median()
    else:
        sums = summary[flows].sum().to_frame().T
        med = summary[list(medians.values())].median().to_frame().T
        nace.index = sums.index
    table = pd.DataFrame(index=sums.index)
    table["n_owners"] = nace["graduates"].astype("float64")
    for column in (*NACE_CLASSES, "known"):
        table[column] = nace[column].astype("float64")
    for name, column in medians.items():
        table[name] = med[column].astype("float64")
    table["contacted_threads"] = sums["contacted"].astype("float64")
    table["met_threads"] = sums["met"].astype("float64")
    table["reply_rate"] = _ratio(sums["replied"], sums["contacted"])
    table["thank_you_rate"] = _ratio(sums["thanked"], sums["met"])
    table["follow_up_rate"] = _ratio(sums["followed_up"], sums["met"])
    table["conversion_rate"] = _ratio(sums["conversions"], sums["contacted"])
    table["knowledge_rate"], table["career_outcomes_rate"] = nace_rates(
        table["n_owners"], table["known"], table["career"], table["not_seeking"]
    )
    return table.reset_index(drop=not keys)


def group_outcomes(
    log: InterviewLog,
    by: str | Sequence[str] = ("cohort", "program"),
    min_group: int = 5,
    thank_days: int = 2,
    follow_days: int = 30,
    start: DateLike | None = None,
    end: DateLike | None = None,
    disclosure: str = "standard",
) -> pd.DataFrame:
    """Per group of owners: size, medians, pooled rates and NACE rates, disclosure-protected.

    `by`: one of the publishable groupings (`disclosure.STANDARD_GROUPINGS`: cohort,
    program, advisor, cohort x program, activity_tertile; () for everyone). Columns:
    the keys, `n_owners`, `suppressed`, `note`, `median_contacts`, `median_meetings`,
    `median_meetings_per_month`, `reply_rate`, `thank_you_rate`, `follow_up_rate`,
    `conversion_rate`, `knowledge_rate`, `career_outcomes_rate`. A group under
    `min_group` owners (floor 3), and every group hidden with it so that it cannot be
    worked out by subtraction, has `suppressed=True` and NA in every figure; `note`
    says why. Owner-level only: no contact names, emails, URLs or notes.

    Parameters
    ----------
    log : InterviewLog
        A loaded log (roster, contacts, events).
    by : str or sequence of str
        A standard grouping; () for everyone.
    min_group : int
        The smallest group shown (floored at `disclosure.MIN_GROUP_FLOOR`).
    thank_days, follow_days : int
        As for `owner_summary`.
    start, end : date-like, optional
        As for `owner_summary`.
    disclosure : {'standard', 'rounded'}
        The disclosure profile.

    Returns
    -------
    pandas.DataFrame
        The published table of that grouping.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> g = group_outcomes(generate(owners=30, seed=4), by="cohort", min_group=5)
    >>> list(g.columns[:3]), bool(g.loc[g["suppressed"], "n_owners"].isna().all())
    (['cohort', 'n_owners', 'suppressed'], True)
    """
    from infoview_analysis.metrics.disclosure.tables import protected_tables

    keys = (by,) if isinstance(by, str) else tuple(by)
    s = owner_summary(log, thank_days, follow_days, start, end)
    return protected_tables(s, min_group=min_group, disclosure=disclosure, groupings=[keys])[keys]


def outcome_by_activity(
    log: InterviewLog,
    by: str | Sequence[str] = (),
    min_group: int = 5,
    **kwargs,
) -> pd.DataFrame:
    """`group_outcomes` by activity tertile (low / medium / high meetings), within `by`.

    Parameters
    ----------
    log : InterviewLog
        A loaded log (roster, contacts, events).
    by : str or sequence of str
        Keys to split by besides the tertile.
    min_group : int
        As for `group_outcomes`.
    **kwargs
        Passed to `group_outcomes`.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> outcome_by_activity(generate(owners=30, seed=4))["activity_tertile"].tolist()
    ['low', 'medium', 'high']
    """
    keys = [by] if isinstance(by, str) else list(by)
    return group_outcomes(log, by=(*keys, "activity_tertile"), min_group=min_group, **kwargs)


__all__ = [
    "owner_summary",
    "group_figures",
    "group_outcomes",
    "outcome_by_activity",
    "nace_class",
    "nace_counts",
    "nace_rates",
    "NACE_CLASS",
    "NACE_CLASSES",
    "KNOWN_OUTCOMES",
    "CAREER_OUTCOMES",
    "OPEN_OUTCOMES",
    "KNOWLEDGE_RATE_TARGET",
    "GROUP_KEYS",
    "ClassYear",
    "class_year",
    "CLASS_YEAR_START_MONTH",
]
