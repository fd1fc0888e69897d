"""Where a report is filed: data never becomes a path as it is.

An owner id is text from someone's spreadsheet (`../../escaped`, `/etc`, 300 characters,
`o<img src=x>`). Its folder name is a slug of it: lower-case letters, digits, `_` and
`-` only, at most `MAX_SLUG_CHARS` long, plus a short hash of the real id whenever the
slug differs from it, so two different ids never share a folder (even on a
case-insensitive file system) and every folder stays readable. The real id is kept in
`run.json` and shown by the index.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

__all__ = ["MAX_SLUG_CHARS", "HASH_CHARS", "owner_folder", "report_folder", "is_inside"]

# Long enough to recognise a name, short enough that any file system takes the folder.
MAX_SLUG_CHARS = 48
# 10 hex digits (40 bits) of SHA-256: no two owners of a cohort ever share one.
HASH_CHARS = 10
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
# Names some systems treat specially even as plain folder names.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))}
_RESERVED |= {f"lpt{i}" for i in range(10)}


def owner_folder(owner_id: str) -> str:
    """A safe, unique, readable folder name for an owner id.

    Parameters
    ----------
    owner_id : str
        The owner's id exactly as the data has it.

    Returns
    -------
    str
        The id itself when it is already a plain lower-case name; otherwise its slug
        (letters, digits, `_`, `-`) and a short hash of the id.

    Examples
    --------
    >>> owner_folder("s0001"), owner_folder("me")
    ('s0001', 'me')
    >>> owner_folder("../../escaped")
    'escaped-ea03bc47f8'
    >>> owner_folder("Ana Ruiz")
    'ana-ruiz-2e4e636a6f'
    >>> owner_folder("/")
    'owner-8a5edab282'
    """
    text = unicodedata.normalize("NFKD", str(owner_id))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = _UNSAFE.sub("-", text).strip("-_")[:MAX_SLUG_CHARS].strip("-_")
    if slug and slug == owner_id and slug not in _RESERVED:
        return slug
    digest = hashlib.sha256(str(owner_id).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{slug or 'owner'}-{digest[:HASH_CHARS]}"


def report_folder(root: str | Path, report: str, period_label: str, owner: str | None) -> Path:
    """`root/<report>/<period>[/<owner folder>]`, always inside `root`.

    Examples
    --------
    >>> report_folder("reports", "network_growth", "2026-10", "../x").as_posix()
    'reports/network_growth/2026-10/x-d6b96a97d1'
    >>> report_folder("reports", "cohort_outcomes", "2026-10", None).as_posix()
    'reports/cohort_outcomes/2026-10'
    """
    folder = Path(root) / report / period_label
    return folder / owner_folder(owner) if owner is not None else folder


def is_inside(path: str | Path, root: str | Path) -> bool:
    """Whether `path` resolves to a place inside `root` (symbolic links followed).

    Examples
    --------
    >>> is_inside("reports/a/b", "reports"), is_inside("reports/../x", "reports")
    (True, False)
    """
    return Path(path).resolve().is_relative_to(Path(root).resolve())
