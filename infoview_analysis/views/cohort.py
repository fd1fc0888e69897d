"""Cohort views for advisors: the cohort headline and the students to reach out to.

Moved out of `headlines.py` so the cohort engineer owns them; `compare` and
`format_headline` stay shared there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.periods import Period
from infoview_analysis.views.headlines import compare


def _events_in(log: InterviewLog, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    dates = log.events["date"]
    return log.events[(dates >= start) & (dates < end)]


def cohort_counts(
    log: InterviewLog,
    start: pd.Timestamp,
    end: pd.Timestamp,
    min_group: int = 5,
    disclosure: str = "standard",
) -> dict[str, float]:
    """The cohort's headline figures for [start, end), as of `end`, disclosure-protected.

    `owners`, `knowledge_rate` and `career_outcomes_rate` are the everyone row of the
    published group tables (`disclosure.protected_tables`, grouping ()): the same
    numbers, from `cohort.nace_rates`. `active_owners`, `meetings` and
    `median_meetings` (per active student) count the period's events.

    Parameters
    ----------
    log : InterviewLog
        A cohort's log, roster included.
    start, end : pandas.Timestamp
        The period [start, end).
    min_group : int
        The smallest group shown.
    disclosure : {'standard', 'rounded'}
        The disclosure profile.

    Returns
    -------
    dict
        Figure name -> value (NaN where withheld).

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> c = cohort_counts(generate(owners=30, seed=4), pd.Timestamp("2026-10-01"),
    ...                   pd.Timestamp("2026-11-01"))
    >>> c["owners"]
    30
    """
    from infoview_analysis.metrics.cohort import owner_summary
    from infoview_analysis.metrics.disclosure import protected_tables, rules

    r = rules(min_group, disclosure)
    summary = owner_summary(log, end=end)
    total = protected_tables(summary, r.min_group, r.profile, groupings=[()])[()].iloc[0]
    window = _events_in(log.as_of(end), start, end)
    meetings = window[window["type"] == "meeting"]
    per_owner = meetings.groupby("owner_id", observed=True).size()
    active = int(window["owner_id"].nunique())
    hidden = bool(total["suppressed"])
    return {
        "owners": float("nan") if hidden else int(total["n_owners"]),
        "active_owners": _withheld(active, r),
        "meetings": _withheld(len(meetings), r),
        "median_meetings": float(per_owner.median())
        if len(per_owner) >= max(r.min_group, r.max_median_group + 1)
        else float("nan"),
        "knowledge_rate": float(total["knowledge_rate"]),
        "career_outcomes_rate": float(total["career_outcomes_rate"]),
    }


def _withheld(count: int, r) -> float:
    """A count of students under the floor is withheld; the rounded profile rounds."""
    from infoview_analysis.metrics.disclosure import ROUND_TO

    if 0 < count < r.min_group:
        return float("nan")
    return round(count / ROUND_TO) * ROUND_TO if r.rounded else count


COHORT_LABELS = {
    "owners": "Students in the roster",
    "active_owners": "Students active in the period",
    "meetings": "Meetings held in the period",
    "median_meetings": "Median meetings per active student",
    "knowledge_rate": "Knowledge rate (outcome known, of all students)",
    "career_outcomes_rate": "Career outcomes rate (NACE, of known and seeking)",
}


def cohort_headline(
    log: InterviewLog, period: Period, min_group: int = 5, disclosure: str = "standard"
) -> pd.DataFrame:
    """Cohort numbers of the period beside the previous period (no personal data).

    Parameters
    ----------
    log, min_group, disclosure
        As for `cohort_counts`.
    period : Period
        The report's period; the previous one is computed beside it.

    Returns
    -------
    pandas.DataFrame
        One row per figure: this period, the previous one, the change.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> from infoview_analysis.core.periods import parse_period
    >>> h = cohort_headline(generate(owners=30, seed=4), parse_period("2026-10"))
    >>> h["metric"].tolist()[-2:]
    ['knowledge_rate', 'career_outcomes_rate']
    """
    return compare(
        log,
        period,
        lambda lg, s, e: cohort_counts(lg, s, e, min_group, disclosure),
        COHORT_LABELS,
    )


def knowledge_warning(headline: pd.DataFrame) -> str:
    """Markdown: a warning when the knowledge rate is under NACE's 65%, else ''.

    Parameters
    ----------
    headline : pandas.DataFrame
        `cohort_headline` output.

    Returns
    -------
    str
        Markdown, or '' when the knowledge rate is high enough.

    Examples
    --------
    >>> h = pd.DataFrame({"metric": ["knowledge_rate"], "current": [0.5]})
    >>> knowledge_warning(h).startswith("**Knowledge rate 50%")
    True
    """
    from infoview_analysis.metrics.cohort import KNOWLEDGE_RATE_TARGET

    rate = headline.set_index("metric")["current"].get("knowledge_rate")
    if rate is None or pd.isna(rate) or rate >= KNOWLEDGE_RATE_TARGET:
        return ""
    return (
        f"**Knowledge rate {rate:.0%}, under NACE's {KNOWLEDGE_RATE_TARGET:.0%}**: the outcome "
        "rates describe too few students to stand for the class. Collect outcomes first."
    )


def students_to_contact(
    log: InterviewLog, as_of: pd.Timestamp | str, quiet_days: int = 30
) -> pd.DataFrame:
    """Students still seeking (or outcome unknown) with no meeting in the last `quiet_days`.

    Student-level and confidential: for the advisor's action list
    (`views.action_list`), never for a publishable report. As of `as_of`: later
    events and outcomes dated on or after it do not count. Columns: owner_id, cohort,
    program, advisor, outcome, meetings (up to as_of), last_meeting,
    days_since_meeting (NA: never met anyone), longest first.

    Parameters
    ----------
    log : InterviewLog
        A cohort's log, roster included.
    as_of : pandas.Timestamp or str
        The day of the list.
    quiet_days : int
        Days without a meeting that put a student on the list.

    Returns
    -------
    pandas.DataFrame
        Longest quiet first.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> students_to_contact(generate(owners=6, seed=1), "2026-10-01").columns[-1]
    'days_since_meeting'
    """
    from infoview_analysis.metrics.cohort import OPEN_OUTCOMES

    as_of = pd.Timestamp(as_of)
    log = log.as_of(as_of)
    events = log.events
    held = events[events["type"] == "meeting"].groupby("owner_id", observed=False)["date"]
    owners = log.owners.assign(owner_id=log.owners["owner_id"].astype(str)).set_index("owner_id")
    sizes, last = held.size(), held.max()
    sizes.index, last.index = sizes.index.astype(str), last.index.astype(str)
    table = owners[["cohort", "program", "advisor", "outcome"]].assign(
        meetings=sizes.reindex(owners.index).fillna(0).astype(int),
        last_meeting=last.reindex(owners.index),
    )
    outcome = table["outcome"].astype(object)
    open_outcome = outcome.isna() | outcome.isin(OPEN_OUTCOMES)
    days = (as_of - table["last_meeting"]).dt.days
    table = table.assign(days_since_meeting=days.astype("Int64"))
    table = table[(open_outcome & (days.isna() | (days >= quiet_days))).to_numpy()]
    return table.sort_values(
        "days_since_meeting", ascending=False, na_position="first"
    ).reset_index()


TABLE_NAMES: dict[tuple[str, ...], str] = {
    (): "Everyone",
    ("cohort",): "By cohort",
    ("program",): "By program",
    ("advisor",): "By advisor",
    ("cohort", "program"): "By cohort and program",
    ("activity_tertile",): "By activity level",
}


@dataclass
class CohortReport:
    """Everything a publishable cohort report shows, disclosure-protected, nothing per student."""

    period: Period
    rules: str
    headline: pd.DataFrame
    tables: dict[tuple[str, ...], pd.DataFrame] = field(default_factory=dict)

    def table(self, by: str | list[str] | tuple[str, ...]) -> pd.DataFrame:
        """The published table of one grouping, keys in the order asked.

        A grouping the report does not publish is refused with the list of those it does.

        Parameters
        ----------
        by : str or sequence of str
            A published grouping.

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        ValueError
            From `disclosure.canonical_grouping`, for a grouping not published.

        Examples
        --------
        >>> from infoview_analysis.sample import generate
        >>> from infoview_analysis.core.periods import parse_period
        >>> r = cohort_report(generate(owners=30, seed=4), parse_period("2026-10"))
        >>> list(r.table(["program", "cohort"]).columns[:2])
        ['program', 'cohort']
        """
        from infoview_analysis.metrics.disclosure import canonical_grouping

        keys = (by,) if isinstance(by, str) else tuple(by)
        table = self.tables[canonical_grouping(keys)]
        return table[[*keys, *[c for c in table.columns if c not in keys]]]

    def named_tables(self) -> dict[str, pd.DataFrame]:
        """The published tables by display name (headline first), for Excel.

        Returns
        -------
        dict
            Display name -> table.

        Examples
        --------
        >>> from infoview_analysis.sample import generate
        >>> from infoview_analysis.core.periods import parse_period
        >>> r = cohort_report(generate(owners=30, seed=4), parse_period("2026-10"))
        >>> list(r.named_tables())[:2]
        ['Headline', 'Everyone']
        """
        from infoview_analysis.views.headlines import format_headline

        out = {"Headline": format_headline(self.headline)}
        out.update({TABLE_NAMES[g]: t for g, t in self.tables.items()})
        return out

    def figures(self) -> dict[str, pd.DataFrame]:
        """Tables keyed for metrics.json (`by_cohort.2026.knowledge_rate`, ...).

        Returns
        -------
        dict
            `by_<keys>` -> table indexed by its keys.

        Examples
        --------
        >>> from infoview_analysis.sample import generate
        >>> from infoview_analysis.core.periods import parse_period
        >>> r = cohort_report(generate(owners=30, seed=4), parse_period("2026-10"))
        >>> sorted(r.figures())[:2]
        ['by_activity_tertile', 'by_advisor']
        """
        out = {}
        for g, t in self.tables.items():
            if not g:
                continue
            name = "by_" + "_".join(g)
            keyed = t.set_index(list(g)) if g else t
            out[name] = keyed.drop(columns=["note"])
        return out


def cohort_report(
    log: InterviewLog,
    period: Period,
    min_group: int = 5,
    disclosure: str = "standard",
) -> CohortReport:
    """The publishable cohort report of `period`, as of its end: headline and every table.

    Every standard grouping (`disclosure.STANDARD_GROUPINGS`) under one suppression
    pattern; the headline's roster size and rates are the table's everyone row.

    Parameters
    ----------
    log, period, min_group, disclosure
        As for `cohort_headline`.

    Returns
    -------
    CohortReport

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> from infoview_analysis.core.periods import parse_period
    >>> r = cohort_report(generate(owners=30, seed=4), parse_period("2026-10"))
    >>> list(r.named_tables())[:3]
    ['Headline', 'Everyone', 'By cohort']
    """
    from infoview_analysis.metrics.cohort import owner_summary
    from infoview_analysis.metrics.disclosure import protected_tables, rules

    r = rules(min_group, disclosure)
    summary = owner_summary(log, end=period.end)
    tables = protected_tables(summary, r.min_group, r.profile)
    headline = cohort_headline(log, period, r.min_group, r.profile)
    return CohortReport(period, r.describe(), headline, tables)


def write_report_workbook(report: CohortReport, metrics_path: str) -> Path:
    """`tables.xlsx` (every published table) beside the report's metrics.json.

    Without a metrics path (a notebook run by hand), into the current folder.

    Parameters
    ----------
    report : CohortReport
    metrics_path : str
        The report's metrics.json ('' for the current folder).

    Returns
    -------
    pathlib.Path
        The workbook written.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> from infoview_analysis.core.periods import parse_period
    >>> r = cohort_report(generate(owners=30, seed=4), parse_period("2026-10"))
    >>> import tempfile, pathlib
    >>> write_report_workbook(r, str(pathlib.Path(tempfile.mkdtemp()) / "metrics.json")).name
    'tables.xlsx'
    """
    from infoview_analysis.views.workbook import write_workbook

    folder = Path(metrics_path).parent if metrics_path else Path.cwd()
    title = f"Cohort outcomes {report.period.label}"
    return write_workbook(report.named_tables(), folder / "tables.xlsx", title)


def compare_side_by_side(
    left: pd.DataFrame,
    right: pd.DataFrame,
    keys: list[str],
    labels: tuple[str, str],
    figures: tuple[str, ...] = ("n_owners", "knowledge_rate", "career_outcomes_rate"),
) -> pd.DataFrame:
    """Two published tables side by side with the change (right minus left), per group.

    Both tables must already be protected: a figure hidden or withheld on either side
    has no change either. `labels` name the two sides (two cohorts, terms, programs).

    Parameters
    ----------
    left, right : pandas.DataFrame
        Two published tables.
    keys : list of str
        Their grouping.
    labels : (str, str)
        Names of the two sides.
    figures : tuple of str
        The figures compared.

    Returns
    -------
    pandas.DataFrame
        Per group: each figure on both sides and the change.

    Examples
    --------
    >>> a = pd.DataFrame({"program": ["A"], "n_owners": [10], "knowledge_rate": [0.5],
    ...                   "career_outcomes_rate": [0.4]})
    >>> b = a.assign(knowledge_rate=[0.7], career_outcomes_rate=[float("nan")])
    >>> t = compare_side_by_side(a, b, ["program"], ("2025-Q3", "2026-Q3"))
    >>> float(t.loc[0, "knowledge_rate change"]), pd.isna(t.loc[0, "career_outcomes_rate change"])
    (0.2, True)
    """
    one = (
        left.set_index(keys)[list(figures)] if keys else left[list(figures)].reset_index(drop=True)
    )
    two = (
        right.set_index(keys)[list(figures)]
        if keys
        else right[list(figures)].reset_index(drop=True)
    )
    one, two = one.add_suffix(" l"), two.add_suffix(" r")
    both = one.join(two, how="outer") if keys else pd.concat([one, two], axis=1)
    out = pd.DataFrame(index=both.index)
    for figure in figures:
        a = pd.to_numeric(both[f"{figure} l"], errors="coerce").astype("float64")
        b = pd.to_numeric(both[f"{figure} r"], errors="coerce").astype("float64")
        out[f"{figure} {labels[0]}"] = a
        out[f"{figure} {labels[1]}"] = b
        out[f"{figure} change"] = (b - a).round(12)
    return out.reset_index() if keys else out.reset_index(drop=True)


__all__ = [
    "CohortReport",
    "cohort_report",
    "compare_side_by_side",
    "write_report_workbook",
    "TABLE_NAMES",
    "cohort_counts",
    "cohort_headline",
    "knowledge_warning",
    "students_to_contact",
    "COHORT_LABELS",
]
