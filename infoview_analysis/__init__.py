"""infoview_analysis: load informational-interview logs and analyse them.

Import stays light: submodules load on first use.

>>> from infoview_analysis import load_log, LogError  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "load_log": ("loader", "load_log"),
    "frames_to_log": ("loader", "frames_to_log"),
    "InterviewLog": ("model", "InterviewLog"),
    "LogError": ("errors", "LogError"),
    "Problem": ("errors", "Problem"),
}

if TYPE_CHECKING:
    from .errors import LogError, Problem
    from .loader import frames_to_log, load_log
    from .model import InterviewLog


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["load_log", "frames_to_log", "InterviewLog", "LogError", "Problem", "__version__"]
