"""Parameterized-notebook reports (layer below the CLI): the runner, paths, publishing, the index page and metrics.json."""

__all__: list[str] = []
