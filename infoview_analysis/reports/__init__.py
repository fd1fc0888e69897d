"""Parameterized-notebook reports: the runner, the index page and the metrics helper."""
