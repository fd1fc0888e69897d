"""Disclosure control for everything a cohort report publishes: one module, named rules.

A cohort report publishes, for the groupings in `STANDARD_GROUPINGS` (everyone,
cohort, program, advisor, cohort x program, activity level), the number of students
in each group and figures from which the counts of every NACE class (career,
seeking, not seeking, unknown) follow. Whoever reads several of these tables, run
with any of the tool's own parameters, can subtract. The rules, applied in order:

1. **Primary suppression** (`PRIMARY`): a group of fewer than `min_group` students
   (default `MIN_GROUP_DEFAULT` = 5; never below `MIN_GROUP_FLOOR` = 3, whatever the
   parameter says) is hidden: its size and every figure.
2. **Complementary suppression** (`COMPLEMENTARY`): the groups of one grouping add up
   to their parent (cohort x program rows to each cohort and each program, every
   grouping to the total). In every such line a hidden group must have company, and
   the hidden groups of a line must not all be 1 student, all in one NACE class, or
   all outside one: otherwise the smallest visible sibling that breaks the tie is
   hidden too. Repeated to a fixed point over all standard groupings at once, so a
   pattern holds for any set of reports. Then an exact audit (`_audit`) plays the
   attacker with an integer linear programme over all published counts and hides
   more where a hidden count is still pinned under `min_group`.
3. **Withheld rates** (`SMALL_BASE`, "career outcomes rate: base under 5"): a rate is withheld with its group, and when its
   own base (threads, or students with a known outcome who seek one) is under
   `min_group` (under `ROUNDED_MIN_RATE_BASE` = 23 in the rounded profile).
4. **Rounded profile** (`disclosure="rounded"`, `ROUNDED`): counts rounded to the
   nearest `ROUND_TO` = 5, medians withheld for groups of `ROUNDED_MAX_MEDIAN_GROUP` =
   7 or fewer, so that periodic releases of one cohort cannot be subtracted into
   single students either.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from infoview_analysis.metrics.cohort import GROUP_KEYS, NACE_CLASSES, group_figures

MIN_GROUP_DEFAULT = 5
MIN_GROUP_FLOOR = 3
ROUND_TO = 5
ROUNDED_MIN_RATE_BASE = 23
ROUNDED_MAX_MEDIAN_GROUP = 7
# The exact audit solves 2 integer programmes per hidden figure over (finest group x NACE
# class) unknowns; above this many unknowns it is skipped (the greedy rules still apply).
AUDIT_MAX_VARIABLES = 3000
PROFILES: tuple[str, ...] = ("standard", "rounded")
STANDARD_GROUPINGS: tuple[tuple[str, ...], ...] = (
    (),
    ("cohort",),
    ("program",),
    ("advisor",),
    ("cohort", "program"),
    ("activity_tertile",),
)
# Rule names, as the `note` column of a published table gives them.
PRIMARY = "small group"
COMPLEMENTARY = "hidden to protect a small group"
SMALL_BASE = "base under"
ROUNDED = "counts rounded to the nearest 5"
LOW_KNOWLEDGE = "knowledge rate under 65%"

RATE_BASES: dict[str, str] = {
    "reply_rate": "contacted_threads",
    "conversion_rate": "contacted_threads",
    "thank_you_rate": "met_threads",
    "follow_up_rate": "met_threads",
    "knowledge_rate": "n_owners",
    "career_outcomes_rate": "career_base",
}
MEDIANS: tuple[str, ...] = ("median_contacts", "median_meetings", "median_meetings_per_month")
PUBLISHED_FIGURES: tuple[str, ...] = (*MEDIANS, *RATE_BASES)


@dataclass(frozen=True)
class Rules:
    """The disclosure rules in force for one report.

    >>> r = rules(min_group=1)
    >>> r.min_group, r.requested_min_group, r.min_rate_base
    (3, 1, 3)
    """

    min_group: int = MIN_GROUP_DEFAULT
    profile: str = "standard"
    requested_min_group: int = MIN_GROUP_DEFAULT

    @property
    def rounded(self) -> bool:
        """True for the rounded profile (counts to the nearest 5).

        Returns
        -------
        bool
            The profile is "rounded".

        Examples
        --------
        >>> rules(5, "rounded").rounded, rules(5).rounded
        (True, False)
        """
        return self.profile == "rounded"

    @property
    def min_rate_base(self) -> int:
        """Rates on fewer threads or students than this are withheld.

        Returns
        -------
        int
            At least `ROUNDED_MIN_RATE_BASE` in the rounded profile.

        Examples
        --------
        >>> rules(5, "rounded").min_rate_base, rules(5).min_rate_base
        (23, 5)
        """
        return max(self.min_group, ROUNDED_MIN_RATE_BASE) if self.rounded else self.min_group

    @property
    def max_median_group(self) -> int:
        """Medians are withheld for groups of this many students or fewer.

        Returns
        -------
        int

        Examples
        --------
        >>> rules(5).max_median_group
        0
        """
        return max(ROUNDED_MAX_MEDIAN_GROUP, self.min_group - 1) if self.rounded else 0

    def describe(self) -> str:
        """The rules in plain words, for the top of a report.

        Returns
        -------
        str

        Examples
        --------
        >>> rules(2).describe().split(",")[0]
        'Groups of fewer than 3 students are hidden (min_group=2 was asked for; 3 is the floor)'
        """
        text = f"Groups of fewer than {self.min_group} students are hidden"
        if self.requested_min_group < self.min_group:
            text += (
                f" (min_group={self.requested_min_group} was asked for; "
                f"{MIN_GROUP_FLOOR} is the floor)"
            )
        text += (
            ", with enough other groups that none can be worked out by subtracting published"
            f" figures. Rates on bases under {self.min_rate_base} are withheld."
        )
        if self.rounded:
            text += (
                f" Counts are rounded to the nearest {ROUND_TO}; medians of groups of "
                f"{self.max_median_group} or fewer are withheld."
            )
        return text


def rules(min_group: int = MIN_GROUP_DEFAULT, disclosure: str = "standard") -> Rules:
    """Rules for `min_group` and a profile ("standard" or "rounded"); the floor applies.

    Parameters
    ----------
    min_group : int
        The smallest group shown, as asked for.
    disclosure : {'standard', 'rounded'}
        The profile.

    Returns
    -------
    Rules

    Raises
    ------
    ValueError
        For an unknown profile.

    Examples
    --------
    >>> rules(7, "rounded").max_median_group
    7
    """
    if disclosure not in PROFILES:
        raise ValueError(f"disclosure={disclosure!r}: expected one of {', '.join(PROFILES)}")
    try:
        asked = int(min_group)
    except (TypeError, ValueError):
        raise ValueError(f"min_group={min_group!r}: expected a whole number") from None
    return Rules(max(asked, MIN_GROUP_FLOOR), disclosure, asked)


# ----------------------------------------------------------------------------- structure


def canonical_grouping(keys: Iterable[str]) -> tuple[str, ...]:
    """The standard grouping with these keys, in its own order; anything else is refused.

    Parameters
    ----------
    keys : iterable of str
        Grouping columns in any order.

    Returns
    -------
    tuple of str

    Raises
    ------
    ValueError
        For a grouping that is not published.

    Examples
    --------
    >>> canonical_grouping(["program", "cohort"])
    ('cohort', 'program')
    """
    keys = tuple(keys)
    bad = [k for k in keys if k not in GROUP_KEYS]
    if bad:
        raise ValueError(f"cannot group owners by {bad}; choose from {list(GROUP_KEYS)}")
    wanted = frozenset(keys)
    for grouping in STANDARD_GROUPINGS:
        if frozenset(grouping) == wanted:
            return grouping
    names = ", ".join(" x ".join(g) or "everyone" for g in STANDARD_GROUPINGS)
    raise ValueError(
        f"cannot publish a table by {' x '.join(keys)}: cohort reports publish only {names}, "
        "so that one suppression pattern protects every table"
    )


@dataclass
class _Structure:
    """Finest groups (cells) with their NACE counts, and every published row over them."""

    cells: np.ndarray  # (F, 4) NACE class counts per finest group
    member: np.ndarray  # (R, F) bool: row r covers finest group f
    grouping: list[tuple[str, ...]]  # per row
    key: list[tuple]  # per row: the key values
    lines: list[tuple[int, list[int]]]  # (parent row, child rows)

    @property
    def counts(self) -> np.ndarray:
        """(R, 4) class counts per published row."""
        return self.member.astype(np.int64) @ self.cells

    @property
    def sizes(self) -> np.ndarray:
        return self.counts.sum(axis=1)


def _structure(summary: pd.DataFrame, groupings: Sequence[tuple[str, ...]]) -> _Structure:
    keys = list(GROUP_KEYS)
    frame = summary[keys].astype(object).fillna("(none)").astype(str).reset_index(drop=True)
    # The finest groups a reader cannot rule out: every listed cohort x program pair with
    # every advisor and activity level (an unlisted pair is known to be empty).
    pairs = frame[["cohort", "program"]].drop_duplicates()
    cell_keys = pairs.merge(frame[["advisor"]].drop_duplicates(), how="cross").merge(
        frame[["activity_tertile"]].drop_duplicates(), how="cross"
    )[keys]
    cell_keys = cell_keys.sort_values(keys).reset_index(drop=True)
    at = pd.MultiIndex.from_frame(cell_keys).get_indexer(pd.MultiIndex.from_frame(frame))
    klass = pd.Categorical(summary["nace_class"], categories=list(NACE_CLASSES)).codes
    cells = np.zeros((len(cell_keys), len(NACE_CLASSES)), dtype=np.int64)
    np.add.at(cells, (at, klass), 1)
    rows_member, grouping_of, key_of = [], [], []
    position: dict[tuple, int] = {}
    for grouping in groupings:
        labels = np.array(
            ["\x1f".join(t) for t in cell_keys[list(grouping)].itertuples(index=False)]
            if grouping
            else [""] * len(cell_keys),
            dtype=object,
        )
        for label in sorted(set(labels)) if len(labels) else ([""] if not grouping else []):
            value = tuple(label.split("\x1f")) if grouping else ()
            position[(grouping, value)] = len(rows_member)
            rows_member.append(labels == label)
            grouping_of.append(grouping)
            key_of.append(value)
    member = np.array(rows_member, dtype=bool).reshape(len(rows_member), len(cell_keys))
    lines = []
    for grouping in groupings:
        for drop in range(len(grouping)):
            parent = grouping[:drop] + grouping[drop + 1 :]
            if parent not in groupings:
                continue
            children: dict[tuple, list[int]] = {}
            for (g, value), row in position.items():
                if g == grouping:
                    pvalue = value[:drop] + value[drop + 1 :]
                    children.setdefault(pvalue, []).append(row)
            for pvalue, rows in children.items():
                lines.append((position[(parent, pvalue)], sorted(rows)))
    return _Structure(cells, member, grouping_of, key_of, lines)


# ----------------------------------------------------------------------------- suppression


def _complementary(s: _Structure, hidden: np.ndarray) -> np.ndarray:
    """The greedy rule of the module docstring, repeated to a fixed point."""
    counts, sizes = s.counts, s.sizes
    hidden = hidden.copy()
    changed = True
    while changed:
        changed = False
        for parent, children in s.lines:
            kids = np.array(children)
            hid = kids[hidden[kids]]
            vis = kids[~hidden[kids]]
            unknown = len(hid) + int(hidden[parent])
            if unknown == 0:
                continue
            pick: np.ndarray | None = None
            if unknown == 1:
                pick = vis if len(vis) else np.array([parent])
            elif not hidden[parent] and len(vis):
                sub = counts[hid].sum(axis=0)
                total = int(sub.sum())
                if total == len(hid):  # every hidden group a single student
                    pick = vis
                else:
                    for k in range(counts.shape[1]):
                        if sub[k] == 0 and (counts[vis, k] > 0).any():
                            pick = vis[counts[vis, k] > 0]
                            break
                        if sub[k] == total and (counts[vis, k] < sizes[vis]).any():
                            pick = vis[counts[vis, k] < sizes[vis]]
                            break
            if pick is not None and len(pick):
                choice = pick[np.argmin(sizes[pick])]  # the smallest hides the least
                if not hidden[choice]:
                    hidden[choice] = True
                    changed = True
    return hidden


def _implied(s: _Structure, hidden: np.ndarray, row: int, k: int, value: int) -> bool:
    """A pinned class count of 0 (or all) that a visible group containing `row` states."""
    if k < 0:
        return False
    inside = ~hidden & ~(s.member[:, s.member[row]] == 0).any(axis=1)
    inside &= s.member[row].any()
    counts, sizes = s.counts, s.sizes
    if value == 0:
        return bool((inside & (counts[:, k] == 0)).any())
    return bool((inside & (counts[:, k] == sizes)).any())


def _audit(
    s: _Structure, hidden: np.ndarray, min_group: int, exact: bool = False
) -> list[tuple[int, int, int]]:
    """Hidden counts an attacker pins under `min_group`: (row, NACE class or -1 for size, value).

    Unknowns: students per finest group and NACE class (>= 0). Known: every class count
    of every visible row, and that every hidden row has at least one student. Each
    hidden row's size and class counts are minimized and maximized: by linear
    programming, rounded inward (`exact=False`, fast), or integer programming. A
    class count pinned to 0 (or to the whole group) that a visible group containing
    the row already shows is not a finding: the visible group published it.
    """
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    n_cells, n_class = s.cells.shape
    n_var = n_cells * n_class
    if n_var == 0 or not hidden.any():
        return []
    from scipy import sparse

    member = s.member.astype(float)
    visible = np.flatnonzero(~hidden)
    a_eq = sparse.csr_array(
        np.concatenate([np.kron(member[visible], np.eye(n_class)[k]) for k in range(n_class)])
    )
    b_eq = np.concatenate([s.counts[visible, k] for k in range(n_class)]).astype(float)
    hid_rows = np.flatnonzero(hidden)
    a_size = sparse.csr_array(np.repeat(member[hid_rows], n_class, axis=1))
    found = []
    truth = s.cells.ravel().astype(float)
    for r in hid_rows:
        for k in (-1, *range(n_class)):
            c = np.kron(member[r], np.ones(n_class) if k < 0 else np.eye(n_class)[k])
            if c @ truth >= min_group:  # pinned or not, a value this large is no finding
                continue
            lo = hi = None
            for sign in (-1, 1):  # the maximum first: it usually settles the question
                if exact:
                    cons = [LinearConstraint(a_size, 1, np.inf)]
                    if len(visible):
                        cons.append(LinearConstraint(a_eq, b_eq, b_eq))
                    ints, bounds = np.ones(n_var), Bounds(0, np.inf)
                    res = milp(sign * c, constraints=cons, integrality=ints, bounds=bounds)
                else:
                    kw = {"A_ub": -a_size, "b_ub": -np.ones(len(hid_rows)), "bounds": (0, None)}
                    if len(visible):
                        kw.update(A_eq=a_eq, b_eq=b_eq)
                    res = linprog(sign * c, method="highs", **kw)
                if res.status != 0:  # unbounded: nothing pinned
                    break
                if sign < 0:
                    hi = math.floor(-res.fun + 1e-6)
                    if hi > round(c @ truth):
                        break
                else:
                    lo = math.ceil(res.fun - 1e-6)
            if lo is not None and lo == hi and not _implied(s, hidden, r, k, lo):
                found.append((int(r), k, int(lo)))
    return found


def suppression(
    summary: pd.DataFrame,
    min_group: int = MIN_GROUP_DEFAULT,
    groupings: Sequence[tuple[str, ...]] = STANDARD_GROUPINGS,
) -> dict[tuple[str, ...], pd.DataFrame]:
    """The suppression pattern of every grouping at once: keys, n_owners, hidden, reason.

    `summary` is `cohort.owner_summary` output. `min_group` is floored at
    `MIN_GROUP_FLOOR`. The pattern is decided over all `groupings` together so that
    any set of tables drawn from it is protected.

    Parameters
    ----------
    summary : pandas.DataFrame
        `cohort.owner_summary` output.
    min_group : int
        The smallest group shown (floored).
    groupings : sequence of tuple of str
        The groupings decided together.

    Returns
    -------
    dict
        Grouping -> its pattern.

    Examples
    --------
    >>> s = pd.DataFrame({"cohort": list("aaaaaaab"), "program": "p", "advisor": "x",
    ...                   "activity_tertile": "low", "nace_class": "career"})
    >>> suppression(s, 5)[("cohort",)][["cohort", "hidden"]].values.tolist()
    [['a', True], ['b', True]]
    """
    min_group = max(int(min_group), MIN_GROUP_FLOOR)
    groupings = tuple(canonical_grouping(g) for g in groupings)
    columns = [*GROUP_KEYS, "nace_class"]
    digest = int(pd.util.hash_pandas_object(summary[columns].astype(str), index=False).sum())
    cache_key = (digest, len(summary), min_group, groupings)
    if cache_key not in _PATTERNS:
        _PATTERNS.clear()  # one roster at a time: a report asks for the same one repeatedly
        _PATTERNS[cache_key] = _suppression(summary, min_group, groupings)
    return {g: frame.copy() for g, frame in _PATTERNS[cache_key].items()}


_PATTERNS: dict[tuple, dict[tuple[str, ...], pd.DataFrame]] = {}


def _suppression(
    summary: pd.DataFrame, min_group: int, groupings: tuple[tuple[str, ...], ...]
) -> dict[tuple[str, ...], pd.DataFrame]:
    s = _structure(summary, groupings)
    sizes = s.sizes
    primary = sizes < min_group
    hidden = _complementary(s, primary)
    n_var = s.cells.size
    audited = n_var <= AUDIT_MAX_VARIABLES
    if audited:
        pinned = _audit(s, hidden, min_group)
        while pinned:
            before = hidden.copy()
            counts = s.counts
            for row, k in sorted({(p[0], p[1]) for p in pinned}):
                # hide the smallest visible row sharing a line with the pinned one, one
                # holding the pinned class if any (it is what unpins the count)
                near = [
                    r
                    for parent, kids in s.lines
                    if row == parent or row in kids
                    for r in (parent, *kids)
                    if not hidden[r]
                ]
                if not near:
                    near = list(np.flatnonzero(~hidden))
                useful = [r for r in near if k < 0 or 0 < counts[r, k] < sizes[r]]
                if useful or near:
                    hidden[min(useful or near, key=lambda r: sizes[r])] = True
            hidden = _complementary(s, hidden)
            if (hidden == before).all():  # nothing left to hide that helps: hide it all
                hidden[:] = True
                break
            pinned = _audit(s, hidden, min_group)
    out: dict[tuple[str, ...], pd.DataFrame] = {}
    for grouping in groupings:
        rows = [i for i, g in enumerate(s.grouping) if g == grouping]
        frame = pd.DataFrame(
            [s.key[i] for i in rows], columns=list(grouping), index=range(len(rows))
        )
        frame["n_owners"] = sizes[rows]
        frame["hidden"] = hidden[rows]
        frame["reason"] = np.where(
            primary[rows], PRIMARY, np.where(hidden[rows], COMPLEMENTARY, "")
        )
        frame.attrs["audited"] = audited
        out[grouping] = frame
    return out


# ----------------------------------------------------------------------------- publishing


def _rounded(values: pd.Series) -> pd.Series:
    return (np.floor(values / ROUND_TO + 0.5) * ROUND_TO).astype("float64")


def publish(
    raw: pd.DataFrame, pattern: pd.DataFrame, keys: Sequence[str], r: Rules
) -> pd.DataFrame:
    """One published table: `raw` (`cohort.group_figures`) with `pattern` and `r` applied.

    Columns: keys, `n_owners`, `suppressed`, `note`, the medians and rates of
    `PUBLISHED_FIGURES`; nothing student-level and no NACE class counts.

    Parameters
    ----------
    raw : pandas.DataFrame
        `cohort.group_figures` of one grouping.
    pattern : pandas.DataFrame
        That grouping's pattern from `suppression`.
    keys : sequence of str
        The grouping.
    r : Rules
        The rules in force.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> from infoview_analysis.metrics.cohort import group_figures, owner_summary
    >>> from infoview_analysis.sample import generate
    >>> s = owner_summary(generate(owners=12, seed=2))
    >>> table = publish(group_figures(s), suppression(s, 5, [()])[()], [], rules(5))
    >>> int(table["n_owners"].iloc[0]), bool(table["suppressed"].iloc[0])
    (12, False)
    """
    keys = list(keys)
    table = raw.copy()
    label = table[keys].astype(object).fillna("(none)").astype(str) if keys else None
    if keys:
        hidden_of = {tuple(row[:-1]): bool(row[-1]) for row in pattern[[*keys, "hidden"]].values}
        reason_of = {tuple(row[:-1]): row[-1] for row in pattern[[*keys, "reason"]].values}
        tuples = list(label.itertuples(index=False, name=None))
        hidden = np.array([hidden_of.get(t, True) for t in tuples], dtype=bool)
        reason = [reason_of.get(t, PRIMARY) for t in tuples]
    else:
        hidden = pattern["hidden"].to_numpy(bool)
        reason = list(pattern["reason"])
    notes = [[x] if x else [] for x in reason]
    table["career_base"] = table["known"] - table["not_seeking"]
    for figure, base in RATE_BASES.items():
        small = (table[base] < r.min_rate_base).to_numpy() & table[figure].notna().to_numpy()
        for i in np.flatnonzero(small & ~hidden):
            notes[i].append(f"{figure.replace('_', ' ')}: {SMALL_BASE} {r.min_rate_base}")
        table.loc[small, figure] = np.nan
    low = (table["knowledge_rate"] < 0.65).to_numpy() & ~hidden
    for i in np.flatnonzero(low):
        notes[i].append(LOW_KNOWLEDGE)
    if r.rounded:
        few = (table["n_owners"] <= r.max_median_group).to_numpy()
        table.loc[few, list(MEDIANS)] = np.nan
        table["n_owners"] = _rounded(table["n_owners"])
    table.loc[hidden, ["n_owners", *PUBLISHED_FIGURES]] = np.nan
    table["suppressed"] = hidden
    table["note"] = ["; ".join(n) for n in notes]
    table["n_owners"] = table["n_owners"].astype("Int64")
    out = table[[*keys, "n_owners", "suppressed", "note", *PUBLISHED_FIGURES]].reset_index(
        drop=True
    )
    out.attrs["rules"] = r.describe()
    out.attrs["audited"] = pattern.attrs.get("audited", True)
    return out


def protected_tables(
    summary: pd.DataFrame,
    min_group: int = MIN_GROUP_DEFAULT,
    disclosure: str = "standard",
    groupings: Sequence[tuple[str, ...]] | None = None,
) -> dict[tuple[str, ...], pd.DataFrame]:
    """Published tables for `groupings` (default: all standard ones), under one pattern.

    The suppression pattern is always decided over every standard grouping, whatever
    is asked for: a table from one run and a margin from another share it.

    Parameters
    ----------
    summary, min_group
        As for `suppression`.
    disclosure : {'standard', 'rounded'}
        The profile.
    groupings : sequence of tuple of str, optional
        The tables wanted (default: every standard grouping).

    Returns
    -------
    dict
        Grouping -> published table.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> from infoview_analysis.metrics.cohort import owner_summary
    >>> t = protected_tables(owner_summary(generate(owners=40, seed=2)), groupings=[()])
    >>> int(t[()]["n_owners"].iloc[0])
    40
    """
    r = rules(min_group, disclosure)
    asked = [tuple(g) for g in (groupings if groupings is not None else STANDARD_GROUPINGS)]
    canonical = {g: canonical_grouping(g) for g in asked}
    pattern = suppression(summary, r.min_group, STANDARD_GROUPINGS)
    out = {}
    for g in asked:
        c = canonical[g]
        raw = group_figures(summary, c)
        table = publish(raw, pattern[c], c, r)
        out[g] = table[[*g, *[col for col in table.columns if col not in c]]] if g != c else table
        out[g].attrs.update(table.attrs)
    return out


def withhold_small(value: float, base: float, r: Rules) -> float:
    """A headline rate, withheld (NaN) when its base is under the rules' minimum.

    Parameters
    ----------
    value : float
        A rate.
    base : float
        The number it is a share of.
    r : Rules
        The rules in force.

    Returns
    -------
    float
        `value`, or NaN when `base` is under `r.min_rate_base`.

    Examples
    --------
    >>> withhold_small(0.5, 4, rules()), withhold_small(0.5, 10, rules())
    (nan, 0.5)
    """
    if base is None or (isinstance(base, float) and math.isnan(base)) or base < r.min_rate_base:
        return float("nan")
    return value


__all__ = [
    "Rules",
    "rules",
    "suppression",
    "publish",
    "protected_tables",
    "canonical_grouping",
    "withhold_small",
    "STANDARD_GROUPINGS",
    "MIN_GROUP_DEFAULT",
    "MIN_GROUP_FLOOR",
    "ROUND_TO",
    "ROUNDED_MIN_RATE_BASE",
    "ROUNDED_MAX_MEDIAN_GROUP",
    "AUDIT_MAX_VARIABLES",
    "PRIMARY",
    "COMPLEMENTARY",
    "SMALL_BASE",
    "LOW_KNOWLEDGE",
    "PUBLISHED_FIGURES",
]
