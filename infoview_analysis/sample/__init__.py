"""Synthetic, seeded interview logs: one job seeker's, or a whole cohort's.

Realistic in the ways the analyses care about: sources differ in reply rates
(friends and alumni reply more than cold contacts), people met introduce others
(referral forests up to depth 5), thank-you and follow-up lags with some late or
missing, outcomes (job leads, applications, interviews, offers), shared contacts
across a cohort, and a roster with cohorts, programs and NACE outcomes. Fully
vectorized: millions of events in seconds.

The pools drawn from are `pools`; a log is made by `generation`, written by
`writing`. This package's names are the public API.
"""

from infoview_analysis.sample.generation import (
    DEFAULT_END,
    DEFAULT_START,
    MAX_DEPTH,
    generate,
)
from infoview_analysis.sample.writing import write_log, write_samples

__all__ = ["DEFAULT_START", "DEFAULT_END", "MAX_DEPTH", "generate", "write_log", "write_samples"]
