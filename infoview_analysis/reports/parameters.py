"""The report notebooks and their parameters: which exist, which a user may set, typed.

The notebooks ship with the package; their `parameters` cell (read by papermill)
declares what each report takes. A user's `--param key=value` is checked here before
anything runs: papermill writes names into code unescaped, the runner's own parameters
(data, owner, period, where metrics go) are refused, and values are typed by the
notebook's declared type.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

# Cohort groups smaller than this are always suppressed (DESIGN.md: min_group=5, floor
# 3): one constant, which the disclosure rules enforce and --param may not go under.
from infoview_analysis.metrics.disclosure import MIN_GROUP_FLOOR

__all__ = [
    "PROJECT_ROOT",
    "NOTEBOOKS",
    "REPORT_NAMES",
    "RUNNER_PARAMETERS",
    "MIN_GROUP_FLOOR",
    "ReportError",
    "notebook_parameters",
    "available_reports",
    "parse_value",
    "check_parameters",
    "split_parameters",
    "parse_param_options",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _notebook_folder() -> Path:
    """The notebooks the wheel carries (`infoview_analysis/notebooks`), else the
    checkout's `notebooks/` (an editable install runs them from where people edit them)."""
    packaged = resources.files("infoview_analysis").joinpath("notebooks")
    if packaged.is_dir():
        return Path(str(packaged))
    return PROJECT_ROOT / "notebooks"


NOTEBOOKS = _notebook_folder()
REPORT_NAMES = (
    "network_growth",
    "referral_chains",
    "followup_conversion",
    "cohort_outcomes",
    "explore_network",
)
# Parameters the runner fills in itself; --param may not set them (it would file a
# report under one owner or period and compute it for another, or write anywhere).
RUNNER_PARAMETERS = {
    "data": "--data",
    "owner": "--owner or --per-owner",
    "start": "--period or --start",
    "end": "--period or --end",
    "period_label": "--period",
    "metrics_path": "the report's own folder",
}


class ReportError(ValueError):
    """A report request that cannot run (unknown report, refused parameter, ...)."""


@cache
def notebook_parameters(name: str) -> dict[str, dict[str, Any]]:
    """The notebook's parameters cell, as papermill reads it (name -> type, default, help)."""
    import papermill

    path = NOTEBOOKS / f"{name}.ipynb"
    if not path.exists():
        known = ", ".join(available_reports())
        raise ReportError(f"there is no report {name!r}: expected one of {known}, or 'all'")
    return dict(papermill.inspect_notebook(str(path)))


def available_reports() -> list[str]:
    return [n for n in REPORT_NAMES if (NOTEBOOKS / f"{n}.ipynb").exists()]


def parse_value(text: str, inferred_type: str | None = None) -> Any:
    """A command-line value as a typed Python value, guided by the notebook's type.

    >>> parse_value("3", "int"), parse_value("0.5", "float"), parse_value("yes", "bool")
    (3, 0.5, True)
    >>> parse_value("2026-10-01", "str"), parse_value("None", "str"), parse_value("[1, 2]")
    ('2026-10-01', None, [1, 2])
    """
    stripped = text.strip()
    if stripped in ("None", "null"):
        return None
    kind = (inferred_type or "").lower().strip("\"'")
    if kind.startswith("optional[") and kind.endswith("]"):
        kind = kind[len("optional[") : -1]
    if kind == "bool":
        lowered = stripped.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ReportError(f"{text!r} is not a yes/no value (expected true or false)")
    if kind == "int":
        try:
            return int(stripped)
        except ValueError:
            raise ReportError(f"{text!r} is not a whole number") from None
    if kind == "float":
        try:
            return float(stripped)
        except ValueError:
            raise ReportError(f"{text!r} is not a number") from None
    if kind == "str":
        return text
    if kind in ("list", "tuple"):
        try:
            value = ast.literal_eval(stripped)
        except (ValueError, SyntaxError):
            value = None
        if isinstance(value, list | tuple):
            return list(value)
        return [part.strip() for part in stripped.split(",") if part.strip()]
    try:
        return ast.literal_eval(stripped)
    except (ValueError, SyntaxError):
        return text


def check_parameters(name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Refuse names that are not identifiers, belong to the runner, or are not declared.

    papermill writes parameter names into code unescaped, so this runs before anything.
    String values from the command line are typed by the notebook's declared type;
    `min_group` may not go below `MIN_GROUP_FLOOR`.

    >>> check_parameters("network_growth", {"freq": "Q"})
    {'freq': 'Q'}
    """
    declared = notebook_parameters(name)
    typed: dict[str, Any] = {}
    for key, value in values.items():
        _check_name(key)
        if key not in declared:
            allowed = ", ".join(sorted(declared))
            raise ReportError(
                f"report {name!r} has no parameter {key!r}: refused (its parameters: {allowed})"
            )
        if isinstance(value, str):
            value = parse_value(value, declared[key].get("inferred_type_name"))
        if key == "min_group" and not (isinstance(value, int) and value >= MIN_GROUP_FLOOR):
            raise ReportError(
                f"min_group={value!r} is refused: groups of fewer than {MIN_GROUP_FLOOR} "
                "students are always suppressed (a smaller group would expose students)"
            )
        typed[key] = value
    return typed


def _check_name(key: str) -> None:
    if not key.isidentifier() or keyword.iskeyword(key):
        raise ReportError(f"parameter name {key!r} is not a Python identifier: refused")
    if key in RUNNER_PARAMETERS:
        raise ReportError(
            f"parameter {key!r} is set by the runner (from {RUNNER_PARAMETERS[key]}): refused"
        )


def split_parameters(names: Iterable[str], values: Mapping[str, Any]) -> dict[str, dict]:
    """Each notebook's share of the user's parameters: the ones it declares.

    A name that no notebook of the batch declares is refused, so a typo never passes
    silently; `report all --param anonymize=true` sets it where it means something.

    >>> split_parameters(["network_growth", "followup_conversion"], {"anonymize": "true"})
    {'network_growth': {}, 'followup_conversion': {'anonymize': True}}
    """
    names = list(names)
    for key in values:
        _check_name(key)
    declared = {name: notebook_parameters(name) for name in names}
    unknown = [key for key in values if not any(key in d for d in declared.values())]
    if unknown:
        if len(names) == 1:
            check_parameters(names[0], values)  # its usual message, naming its parameters
        known = ", ".join(
            sorted({k for d in declared.values() for k in d} - set(RUNNER_PARAMETERS))
        )
        raise ReportError(
            f"no report of this run has a parameter {unknown[0]!r}: refused (their parameters: "
            f"{known})"
        )
    return {
        name: check_parameters(name, {k: v for k, v in values.items() if k in declared[name]})
        for name in names
    }


def parse_param_options(pairs: Iterable[str]) -> dict[str, str]:
    """`key=value` strings from `--param` into a dict (values still strings).

    >>> parse_param_options(["thank_days=3", "anonymize=true"])
    {'thank_days': '3', 'anonymize': 'true'}
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ReportError(f"--param {pair!r}: expected key=value")
        out[key.strip()] = value
    return out
