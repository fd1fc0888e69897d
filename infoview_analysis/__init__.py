"""infoview_analysis: load informational-interview logs and analyse them."""
