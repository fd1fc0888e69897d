"""The `infoview` command line; `main` is the console script."""

from infoview_analysis.cli.main import main

__all__ = ["main"]
