"""infoview_analysis: load informational-interview logs and analyse them.

Import stays light: submodules load on first use.

>>> from infoview_analysis import load_log, LogError  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "load_log": ("loading.load", "load_log"),
    "frames_to_log": ("loading.load", "frames_to_log"),
    "InterviewLog": ("core.model", "InterviewLog"),
    "LogError": ("core.problems", "LogError"),
    "Problem": ("core.problem", "Problem"),
}

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog
    from infoview_analysis.core.problem import Problem
    from infoview_analysis.core.problems import LogError
    from infoview_analysis.loading.load import frames_to_log, load_log


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["load_log", "frames_to_log", "InterviewLog", "LogError", "Problem", "__version__"]
