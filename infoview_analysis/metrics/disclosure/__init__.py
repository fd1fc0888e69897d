"""Disclosure control for everything a cohort report publishes: one subpackage, named rules.

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
   pattern holds for any set of reports. Then an exact audit (`audit.audit`) plays the
   attacker with an integer linear programme over all published counts and hides
   more where a hidden count is still pinned under `min_group`.
3. **Withheld rates** (`SMALL_BASE`, "career outcomes rate: base under 5"): a rate is withheld with its group, and when its
   own base (threads, or students with a known outcome who seek one) is under
   `min_group` (under `ROUNDED_MIN_RATE_BASE` = 23 in the rounded profile).
4. **Rounded profile** (`disclosure="rounded"`, `ROUNDED`): counts rounded to the
   nearest `ROUND_TO` = 5, medians withheld for groups of `ROUNDED_MAX_MEDIAN_GROUP` =
   7 or fewer, so that periodic releases of one cohort cannot be subtracted into
   single students either.

The rules in force are `policy`; the published groupings and the finest groups under
them `structure`; the suppression pattern `pattern`, checked by `audit`; the
published tables `tables`. This package's names are the public API.
"""

from infoview_analysis.metrics.disclosure.pattern import AUDIT_MAX_VARIABLES, suppression
from infoview_analysis.metrics.disclosure.policy import (
    COMPLEMENTARY,
    LOW_KNOWLEDGE,
    MIN_GROUP_DEFAULT,
    MIN_GROUP_FLOOR,
    PRIMARY,
    PUBLISHED_FIGURES,
    ROUND_TO,
    ROUNDED_MAX_MEDIAN_GROUP,
    ROUNDED_MIN_RATE_BASE,
    SMALL_BASE,
    Rules,
    rules,
    withhold_small,
)
from infoview_analysis.metrics.disclosure.structure import STANDARD_GROUPINGS, canonical_grouping
from infoview_analysis.metrics.disclosure.tables import protected_tables, publish

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
