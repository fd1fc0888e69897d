"""Headline numbers of a period beside the previous one, and plain-words advice.

Every report notebook opens with one of these tables and writes it to metrics.json
through `reports.metrics.save_metrics`. The advice functions turn tables into a few
sentences a job seeker or advisor can act on.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.periods import Period
from infoview_analysis.metrics.rates import MIN_RATE_BASE
from infoview_analysis.views.tables import SMALL_BASE_MARK, number, rate_text
from infoview_analysis.views.text import md_text

Counts = Callable[[InterviewLog, pd.Timestamp, pd.Timestamp], dict[str, float]]


def compare(
    log: InterviewLog,
    period: Period,
    counts: Counts,
    labels: dict[str, str],
    bases: dict[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Run `counts` on the period and the one before; one row per metric.

    Columns: metric, label, current, previous, change (current minus previous).
    `bases` maps a rate metric to its (count, base) keys in `counts`; their values are
    kept in `attrs["rate_counts"]` so that `format_headline` shows a rate over a small
    base as its counts, as every table does.
    """
    before = period.previous()
    current = counts(log, period.start, period.end)
    previous = counts(log, before.start, before.end)
    frame = pd.DataFrame(
        {
            "metric": list(labels),
            "label": list(labels.values()),
            "current": [current[k] for k in labels],
            "previous": [previous[k] for k in labels],
        }
    )
    frame["change"] = frame["current"] - frame["previous"]
    frame.attrs["period"] = period.label
    frame.attrs["previous_period"] = before.label
    if bases:
        frame.attrs["rate_counts"] = {
            rate: {
                "current": (current[num], current[base]),
                "previous": (previous[num], previous[base]),
            }
            for rate, (num, base) in bases.items()
            if rate in labels
        }
    return frame


def growth_counts(
    log: InterviewLog, start: pd.Timestamp, end: pd.Timestamp, active_days: int = 90
) -> dict[str, float]:
    """Network growth over [start, end), from `growth.growth_summary` (as of `end`).

    >>> from infoview_analysis.sample import generate
    >>> c = growth_counts(generate(owners=1, seed=1), pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01"))
    >>> sorted(c) == sorted(GROWTH_LABELS)
    True
    """
    from infoview_analysis.metrics.growth import growth_summary

    figures = growth_summary(log, start, end, active_days)
    figures["total_contacts"] = figures.pop("cumulative_contacts")
    return {key: figures[key] for key in GROWTH_LABELS}


GROWTH_LABELS = {
    "new_contacts": "New contacts",
    "new_via_referral": "New contacts introduced by someone",
    "outreach": "Outreach messages sent",
    "meetings": "Meetings (coffee chats)",
    "active_contacts": "Contacts active in the last 90 days",
    "total_contacts": "Contacts in the network",
}


def growth_headline(log: InterviewLog, period: Period, active_days: int = 90) -> pd.DataFrame:
    """Growth numbers of the period beside the previous period.

    >>> from infoview_analysis.sample import generate
    >>> from infoview_analysis.core.periods import parse_period
    >>> growth_headline(generate(owners=1, seed=1), parse_period("2026-10")).columns.tolist()
    ['metric', 'label', 'current', 'previous', 'change']
    """
    labels = dict(GROWTH_LABELS)
    labels["active_contacts"] = f"Contacts active in the last {active_days} days"
    return compare(log, period, lambda lg, s, e: growth_counts(lg, s, e, active_days), labels)


def conversion_counts(
    log: InterviewLog,
    start: pd.Timestamp,
    end: pd.Timestamp,
    thank_days: int = 2,
    follow_days: int = 30,
) -> dict[str, float]:
    """Funnel of threads first contacted in [start, end) and to-dos at the end, from
    `conversion.conversion_summary` (as of `end`).

    >>> from infoview_analysis.sample import generate
    >>> c = conversion_counts(generate(owners=1, seed=1), pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01"))
    >>> c["reply_rate"] == c["replied"] / c["contacted"] if c["contacted"] else True
    True
    """
    from infoview_analysis.metrics.conversion import conversion_summary

    figures = conversion_summary(log, start, end, thank_days, follow_days)
    figures["reply_rate"] = figures["replied_rate"]
    counts = {key for pair in CONVERSION_RATE_BASES.values() for key in pair}
    return {key: figures[key] for key in [*CONVERSION_LABELS, *sorted(counts)]}


CONVERSION_LABELS = {
    "contacted": "People contacted (first outreach in the period)",
    "replied": "... of whom replied",
    "met": "... of whom met",
    "reply_rate": "Reply rate",
    "thanked_rate": "Met and thanked in time",
    "overdue_thank_you": "Thank-yous overdue at period end",
    "overdue_follow_up": "Follow-ups overdue at period end",
}


# The headline's rates and what each is measured against (`conversion.RATE_BASES`).
CONVERSION_RATE_BASES = {
    "reply_rate": ("replied", "contacted"),
    "thanked_rate": ("thanked", "met"),
}


def conversion_headline(
    log: InterviewLog, period: Period, thank_days: int = 2, follow_days: int = 30
) -> pd.DataFrame:
    """Follow-up conversion numbers of the period beside the previous period."""
    return compare(
        log,
        period,
        lambda lg, s, e: conversion_counts(lg, s, e, thank_days, follow_days),
        CONVERSION_LABELS,
        bases=CONVERSION_RATE_BASES,
    )


def referral_counts(log: InterviewLog, start: pd.Timestamp, end: pd.Timestamp) -> dict[str, float]:
    """Introductions received in [start, end) and outcomes credited to referral chains,
    from `referrals.referral_summary` (as of `end`)."""
    from infoview_analysis.metrics.referrals import referral_summary

    return dict(referral_summary(log, start, end))


REFERRAL_LABELS = {
    "introductions": "People introduced to you",
    "introducers": "People who introduced someone",
    "deepest_chain": "Longest referral chain so far (people)",
    "outcomes_via_chains": "Meetings and leads credited up a chain",
}


def referral_headline(log: InterviewLog, period: Period) -> pd.DataFrame:
    """Referral numbers of the period beside the previous period."""
    return compare(log, period, referral_counts, REFERRAL_LABELS)


def format_headline(headline: pd.DataFrame) -> pd.DataFrame:
    """The headline as a display table: counts as whole numbers, rates as percentages
    (or, over fewer than `MIN_RATE_BASE` people, as their counts "3 of 4*", through
    `tables.rate_text` like every other table), change with a sign.

    A change between two rates is in points only when both rates are comparable (no
    small base on either side); otherwise "–".

    >>> h = pd.DataFrame({"metric": ["contacted", "reply_rate"], "label": ["Contacted", "Reply rate"],
    ...                   "current": [4, 0.75], "previous": [10, 0.6], "change": [-6, 0.15]})
    >>> h.attrs = {"period": "2026-10", "previous_period": "2026-09",
    ...            "rate_counts": {"reply_rate": {"current": (3, 4), "previous": (6, 10)}}}
    >>> format_headline(h).values.tolist()
    [['Contacted', '4', '10', '-6'], ['Reply rate', '3 of 4*', '60%', '–']]
    """
    rate_counts = headline.attrs.get("rate_counts", {})
    small = False

    def show(value: float, metric: str, when: str) -> str:
        nonlocal small
        if not metric.endswith("rate"):
            return number(value)
        count, base = rate_counts.get(metric, {}).get(when, (None, None))
        text = rate_text(value, count, base)
        small = small or text.endswith(SMALL_BASE_MARK)
        return text

    def signed(value: float, metric: str) -> str:
        if pd.isna(value):
            return "–"
        if metric.endswith("rate"):
            counts = rate_counts.get(metric, {})
            if any(_small(counts.get(when)) for when in ("current", "previous")):
                return "–"  # a rate over a handful of people is not compared
            return f"{value * 100:+.0f} pts"
        return f"{value:+,.0f}" if float(value).is_integer() else f"{value:+,.1f}"

    current = headline.attrs.get("period", "this period")
    previous = headline.attrs.get("previous_period", "previous period")
    metrics = headline["metric"].tolist()
    table = pd.DataFrame(
        {
            "measure": headline["label"],
            current: [
                show(v, m, "current") for v, m in zip(headline["current"], metrics, strict=True)
            ],
            previous: [
                show(v, m, "previous") for v, m in zip(headline["previous"], metrics, strict=True)
            ],
            "change": [signed(v, m) for v, m in zip(headline["change"], metrics, strict=True)],
        }
    )
    table.attrs["text_columns"] = ["measure"]
    if small:
        table.attrs["small_base"] = True  # `tables.table` adds the note under the table
    return table


def _small(counts: tuple[object, object] | None) -> bool:
    if counts is None:
        return False
    base = counts[1]
    return base is not None and not pd.isna(base) and 0 < float(base) < MIN_RATE_BASE


# Growth headline rows that count interactions: zero on a log without events.
INTERACTION_METRICS = ("outreach", "meetings", "active_contacts")


def without_interactions(headline: pd.DataFrame) -> pd.DataFrame:
    """The headline without its rows that count interactions, to show for a log with
    contacts and no events (rows of zeros say nothing; the report says why once).

    >>> from infoview_analysis.core.model import empty_log
    >>> from infoview_analysis.core.periods import parse_period
    >>> h = growth_headline(empty_log(), parse_period("2026-10"))
    >>> without_interactions(h)["metric"].tolist()
    ['new_contacts', 'new_via_referral', 'total_contacts']
    """
    out = headline[~headline["metric"].isin(INTERACTION_METRICS)].reset_index(drop=True)
    out.attrs = dict(headline.attrs)
    return out


def without_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table without personal columns (name, e-mail, URL, notes): people are
    then shown by their contact id, e.g. to share a report with an advisor.

    >>> without_names(pd.DataFrame({"contact_id": ["c1"], "name": ["Ana"]})).columns.tolist()
    ['contact_id']
    """
    from infoview_analysis.core.vocabulary import PERSONAL_COLUMNS

    return frame.drop(columns=[c for c in frame.columns if c in PERSONAL_COLUMNS])


# ----------------------------------------------------------------------------- advice


def todo_advice(todo: pd.DataFrame, limit: int = 5) -> str:
    """Markdown: whom to thank and whom to follow up with first.

    `todo` is `conversion.overdue(...)`; its `attrs["meetings"]` (meetings before the
    to-do date) tells an empty list of someone who met nobody from one who is done.

    >>> empty = pd.DataFrame(columns=["name", "contact_id", "owed", "days_overdue"])
    >>> todo_advice(empty.assign())
    'No meetings are logged yet, so nobody is owed a thank-you or a follow-up.'
    >>> empty.attrs["meetings"] = 3
    >>> todo_advice(empty)
    'Nothing is overdue: each of your 3 meetings has had its thank-you and follow-up.'
    >>> owed = pd.DataFrame({"name": ["<b>Ana</b>"], "contact_id": ["c1"],
    ...                      "owed": ["thank_you"], "days_overdue": [3]})
    >>> todo_advice(owed)
    '- Send a thank-you to **&lt;b&gt;Ana&lt;/b&gt;** (3 days late).'
    """
    if todo.empty:
        meetings = int(todo.attrs.get("meetings", 0))
        if meetings == 0:
            return "No meetings are logged yet, so nobody is owed a thank-you or a follow-up."
        return (
            f"Nothing is overdue: each of your {meetings} meeting{'s' if meetings != 1 else ''} "
            "has had its thank-you and follow-up."
        )
    who = todo["name"].fillna(todo["contact_id"]) if "name" in todo else todo["contact_id"]
    todo = todo.assign(who=who.astype(str)).sort_values("days_overdue", ascending=False)
    lines = []
    for owed, verb in (("thank_you", "Send a thank-you to"), ("follow_up", "Follow up with")):
        part = todo[todo["owed"] == owed]
        if part.empty:
            continue
        names = ", ".join(
            f"**{md_text(w)}** ({d} days late)"  # a name as typed, never markup
            for w, d in zip(part["who"][:limit], part["days_overdue"][:limit], strict=True)
        )
        more = f" and {len(part) - limit} more" if len(part) > limit else ""
        lines.append(f"- {verb} {names}{more}.")
    return "\n".join(lines)


def source_advice(by_source: pd.DataFrame, min_contacted: int = MIN_RATE_BASE) -> str:
    """Markdown: which sources reply and lead somewhere (from `funnel(..., by="source")`).

    Only sources with at least `min_contacted` people contacted are compared.

    >>> source_advice(pd.DataFrame({"source": ["friend"], "contacted": [0], "replied_rate": [None]}))
    'Nobody has been contacted yet, so there are no sources to compare.'
    """
    if by_source["contacted"].sum() == 0:
        return "Nobody has been contacted yet, so there are no sources to compare."
    usable = by_source[by_source["contacted"] >= min_contacted]
    if usable.empty:
        return (
            f"No source has {min_contacted} or more people contacted yet: "
            "too few to compare sources."
        )
    best = usable.sort_values(["replied_rate", "contacted"], ascending=False).iloc[0]
    worst = usable.sort_values(["replied_rate", "contacted"], ascending=True).iloc[0]

    def word(source: object) -> str:
        return str(source).replace("_", " ")

    text = (
        f"Your best source so far is **{word(best['source'])}**: {best['replied_rate']:.0%} of the "
        f"{int(best['contacted'])} people you contacted replied."
    )
    if worst["source"] != best["source"]:
        text += (
            f" **{word(worst['source'])}** contacts reply least ({worst['replied_rate']:.0%}); "
            "ask the people who do reply for introductions instead."
        )
    return text


def growth_advice(headline: pd.DataFrame) -> str:
    """Markdown: is the network growing, in one or two sentences (from `growth_headline`).

    >>> h = pd.DataFrame({"metric": ["total_contacts", "new_contacts", "new_via_referral"],
    ...                   "current": [39, 6, 0], "previous": [33, 9, 0]})
    >>> h.attrs["previous_period"] = "2024-09"
    >>> growth_advice(h)
    'Your network is growing more slowly than in 2024-09: 6 new contacts against 9. None came through an introduction.'
    """
    row = headline.set_index("metric")
    if row.loc["total_contacts", "current"] == 0:
        return (
            "Your log has no contacts before the end of this period yet: add the people "
            "you have reached out to, and this report will show how your network grows."
        )
    new, before = row.loc["new_contacts", "current"], row.loc["new_contacts", "previous"]
    if new == 0 and before == 0:
        return (
            f"No new contacts in {headline.attrs.get('period', 'this period')} or in "
            f"{headline.attrs.get('previous_period', 'the period before')}."
        )
    via = row.loc["new_via_referral", "current"]
    trend = (
        "growing faster than"
        if new > before
        else ("growing as fast as" if new == before else "growing more slowly than")
    )
    text = f"Your network is {trend} in {headline.attrs.get('previous_period', 'the previous period')}: {new:.0f} new contact{'' if new == 1 else 's'} against {before:.0f}."
    if via:
        text += f" {via:.0f} of them came through an introduction ({via / new:.0%})."
    elif new:
        text += " None came through an introduction." if new > 1 else " It was a direct contact."
    return text


# ----------------------------------------------------------------------------- tables


def top_referral_roots(
    log: InterviewLog, limit: int = 10, anonymize: bool = False, as_of: object = None
) -> pd.DataFrame:
    """The first contacts whose referral trees reached furthest, best first.

    Columns: owner_id, root, name (unless `anonymize`), source, descendants, max_depth,
    meetings, job_leads, interviews, offers. With `as_of`, the log before that date.
    """
    from infoview_analysis.metrics.referrals import referral_roots

    log = log.as_of(as_of)
    roots = referral_roots(log)
    # Ties are broken by owner and contact id, so the same log always lists the same roots.
    ranked = roots.sort_values(
        ["descendants", "meetings", "job_leads", "offers", "owner_id", "root"],
        ascending=[False, False, False, False, True, True],
        kind="stable",
    ).head(limit)
    if not anonymize:
        names = log.contacts[["owner_id", "contact_id", "name"]].astype(
            {"owner_id": str, "contact_id": str}
        )
        ranked = ranked.astype({"owner_id": str, "root": str}).merge(
            names.rename(columns={"contact_id": "root"}), on=["owner_id", "root"], how="left"
        )
        order = ["owner_id", "root", "name"]
        ranked = ranked[order + [c for c in ranked.columns if c not in order]]
    return ranked.reset_index(drop=True)


def chain_problems(log: InterviewLog, as_of: object = None) -> pd.DataFrame:
    """Contacts whose referral chain is broken: the referrer is unknown, or on a cycle.

    Columns: owner_id, contact_id, referred_by, problem (what to fix in the log). With
    `as_of`, the log before that date.
    """
    from infoview_analysis.metrics.referrals import referral_chains

    log = log.as_of(as_of)
    chains = referral_chains(log)
    flags = chains[["referrer_missing", "cycle"]].to_numpy()
    broken = flags.any(axis=1)
    out = log.contacts.loc[broken, ["owner_id", "contact_id", "referred_by"]].copy()
    missing = flags[broken, 0]
    out["problem"] = np.where(
        missing,
        "introduced by someone not in your contacts: add them, or fix the spelling",
        "part of a loop of introductions (A introduced B who introduced A): fix one 'referred by'",
    )
    return out.reset_index(drop=True)


__all__ = [
    "CONVERSION_LABELS",
    "CONVERSION_RATE_BASES",
    "GROWTH_LABELS",
    "REFERRAL_LABELS",
    "chain_problems",
    "compare",
    "conversion_counts",
    "conversion_headline",
    "format_headline",
    "growth_advice",
    "growth_counts",
    "growth_headline",
    "referral_counts",
    "referral_headline",
    "source_advice",
    "todo_advice",
    "top_referral_roots",
    "INTERACTION_METRICS",
    "without_interactions",
    "without_names",
]
