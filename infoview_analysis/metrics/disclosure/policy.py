"""The disclosure rules in force: thresholds, profiles, rule names, `Rules`, and the
one check that withholds a rate on a small base."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "MIN_GROUP_DEFAULT",
    "MIN_GROUP_FLOOR",
    "ROUND_TO",
    "ROUNDED_MIN_RATE_BASE",
    "ROUNDED_MAX_MEDIAN_GROUP",
    "PROFILES",
    "PRIMARY",
    "COMPLEMENTARY",
    "SMALL_BASE",
    "ROUNDED",
    "LOW_KNOWLEDGE",
    "RATE_BASES",
    "MEDIANS",
    "PUBLISHED_FIGURES",
    "Rules",
    "rules",
    "withhold_small",
]

MIN_GROUP_DEFAULT = 5
MIN_GROUP_FLOOR = 3
ROUND_TO = 5
ROUNDED_MIN_RATE_BASE = 23
ROUNDED_MAX_MEDIAN_GROUP = 7
PROFILES: tuple[str, ...] = ("standard", "rounded")
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
