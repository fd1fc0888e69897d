"""Figures for notebooks and reports: each function returns a `matplotlib.figure.Figure`.

Figures are built with the object API (`Figure()`, no pyplot state, never shown), so
they work headless and in papermill runs; save them with `fig.savefig(path)`.
matplotlib is imported inside the functions to keep `import infoview_analysis` light.
Colours come from `views.palette` (one colour per source everywhere; Okabe-Ito for
other categories). Names and ids from the data go through `views.text.figure_text`, so
a `$` in a name never starts mathtext. Count axes have integer ticks only.

The package's modules, each one job: `figure` (the figure every plot starts from, laid
out once; axes style, colours, labels), `margins` (margins measured from the text, not
laid out), and one module per figure family: `growth`, `conversion` (funnel, overdue
timeline), `referrals` (referral forest), `cohort` (cohort comparison). This package's
names are the public API.
"""

from infoview_analysis.views.plots.cohort import cohort_comparison
from infoview_analysis.views.plots.conversion import funnel_chart, overdue_timeline
from infoview_analysis.views.plots.figure import OKABE_ITO, laid_out, uncropped_figure
from infoview_analysis.views.plots.growth import growth_by_source
from infoview_analysis.views.plots.referrals import referral_forest

__all__ = [
    "OKABE_ITO",
    "laid_out",
    "uncropped_figure",
    "growth_by_source",
    "funnel_chart",
    "referral_forest",
    "overdue_timeline",
    "cohort_comparison",
]
