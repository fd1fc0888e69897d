"""Load once, report many: a validated snapshot of a log, reused until an input changes.

`load_log` reads, checks and types every file of a log; a batch of reports (one per
student, five notebooks, many periods) would do that hundreds of times for the same
files. `load_snapshot(data)` does it once: the typed tables are saved as Arrow IPC
files (categories, string and date types kept exactly) with the warnings, in a folder
named after a key of the inputs (each file's path, size, modification time and content
hash, and the date, which dates the "in the future" warning). Any later call, in this
process or another, with the same inputs reads the snapshot instead (memory-mapped);
a changed, added or removed file makes a new key. Within one process the loaded log
is kept too, so a warm kernel running report after report never reads it twice.

The cache folder is `INFOVIEW_SNAPSHOT_DIR` when set, else a private folder in the
system's temp dir, shared by every output folder; it keeps the `KEEP_ON_DISK` most
recently used snapshots.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.problems import Problem

__all__ = [
    "SNAPSHOT_ENV",
    "SNAPSHOT_FORMAT",
    "KEEP_IN_MEMORY",
    "KEEP_ON_DISK",
    "snapshot_dir",
    "input_files",
    "snapshot_key",
    "write_snapshot",
    "read_snapshot",
    "load_snapshot",
]

SNAPSHOT_ENV = "INFOVIEW_SNAPSHOT_DIR"
# Bumped whenever what a snapshot holds changes, so old snapshots are never misread.
SNAPSHOT_FORMAT = 1
# Snapshots kept in the cache folder; older ones are removed when a new one is written.
KEEP_ON_DISK = 8
# Logs kept loaded per process (a worker usually serves one cohort).
KEEP_IN_MEMORY = 2
_TABLES = ("contacts", "events", "owners")
_HASH_CHUNK = 1 << 20
_memory: OrderedDict[tuple, InterviewLog] = OrderedDict()
# (path, size, mtime_ns, ctime_ns) -> content hash: a process hashes an unchanged file
# once. ctime is in the key because no one can set it back: a file rewritten with its
# size and mtime restored is hashed again.
_hashes: dict[tuple[str, int, int, int], str] = {}


def snapshot_dir() -> Path:
    """The cache folder: `$INFOVIEW_SNAPSHOT_DIR`, else `<tmp>/infoview-snapshots-<user>`.

    Examples
    --------
    >>> snapshot_dir().name.startswith("infoview") or "INFOVIEW_SNAPSHOT_DIR" in os.environ
    True
    """
    configured = os.environ.get(SNAPSHOT_ENV)
    if configured:
        return Path(configured)
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return Path(tempfile.gettempdir()) / f"infoview-snapshots-{user}"


def input_files(data: str | os.PathLike) -> list[Path]:
    """Every regular file `load_log(data)` may read: the file, or all files under the folder.

    Hidden files and folders are left out, as the loader leaves them out.

    Examples
    --------
    >>> input_files("/nonexistent")
    []
    """
    root = Path(data)
    if root.is_file():
        return [root.resolve()]
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if path.is_file() and not any(part.startswith(".") for part in relative):
            found.append(path.resolve())
    return found


def _content_hash(path: Path, stat: os.stat_result) -> str:
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if key not in _hashes:
        digest = hashlib.blake2b(digest_size=16)
        with open(path, "rb") as handle:
            while chunk := handle.read(_HASH_CHUNK):
                digest.update(chunk)
        _hashes[key] = digest.hexdigest()
    return _hashes[key]


def snapshot_key(data: str | os.PathLike, today: dt.date | None = None) -> str:
    """A key of the inputs: every file's path, size, mtime and content hash, and the date.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
    >>> _ = f.write_text("a,b\\n1,2\\n")
    >>> k = snapshot_key(f, dt.date(2026, 11, 1))
    >>> k == snapshot_key(f, dt.date(2026, 11, 1)), len(k)
    (True, 32)
    >>> _ = f.write_text("a,b\\n1,3\\n")
    >>> k == snapshot_key(f, dt.date(2026, 11, 1))
    False
    """
    today = today or dt.date.today()
    parts: list[object] = [SNAPSHOT_FORMAT, str(Path(data).resolve()), today.isoformat()]
    for path in input_files(data):
        stat = path.stat()
        parts.append((str(path), stat.st_size, stat.st_mtime_ns, _content_hash(path, stat)))
    return hashlib.blake2b(json.dumps(parts).encode(), digest_size=16).hexdigest()


def write_snapshot(log: InterviewLog, folder: str | os.PathLike) -> Path:
    """Save a loaded log as Arrow IPC tables and a JSON of warnings; atomic (a rename).

    Examples
    --------
    >>> import tempfile
    >>> from infoview_analysis.sample import generate
    >>> log = generate(owners=2, seed=1)
    >>> back = read_snapshot(write_snapshot(log, Path(tempfile.mkdtemp()) / "snap"))
    >>> back.events.equals(log.events) and back.contacts.dtypes.equals(log.contacts.dtypes)
    True
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".snap-", dir=folder.parent))
    try:
        for name in _TABLES:
            frame = getattr(log, name)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            feather.write_feather(table, work / f"{name}.arrow", compression="uncompressed")
        meta = {
            "format": SNAPSHOT_FORMAT,
            "string_categories": {name: _string_categories(getattr(log, name)) for name in _TABLES},
            "warnings": [dataclasses.asdict(p) for p in log.warnings],
            "files": list(log.files),
        }
        (work / "meta.json").write_text(json.dumps(meta, default=str))
        try:
            os.rename(work, folder)
        except OSError:  # another process wrote the same snapshot first: keep theirs
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return folder


def _string_categories(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Categorical columns whose categories are strings: (storage, missing marker)."""
    found = {}
    for column, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            kind = dtype.categories.dtype
            if isinstance(kind, pd.StringDtype):
                found[column] = (kind.storage, "NA" if kind.na_value is pd.NA else "nan")
    return found


def read_snapshot(folder: str | os.PathLike) -> InterviewLog:
    """A log saved by `write_snapshot`, memory-mapped, with its warnings.

    Examples
    --------
    >>> read_snapshot  # doctest: +ELLIPSIS
    <function read_snapshot at ...>
    """
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text())
    frames = {}
    for name in _TABLES:
        table = feather.read_table(folder / f"{name}.arrow", memory_map=True)
        frame = table.to_pandas()
        # Arrow gives categories back as plain strings; restore the loader's string type.
        for column, (storage, missing) in meta["string_categories"][name].items():
            values = frame[column].array
            kind = pd.StringDtype(storage, na_value=pd.NA if missing == "NA" else np.nan)
            categories = pd.Index(values.categories, dtype=kind)
            frame[column] = pd.Categorical.from_codes(
                values.codes, dtype=pd.CategoricalDtype(categories, ordered=values.ordered)
            )
        frames[name] = frame
    warnings = [Problem(**p) for p in meta["warnings"]]
    return InterviewLog(
        frames["contacts"], frames["events"], frames["owners"], warnings, meta["files"]
    )


def _ours(folder: Path) -> bool:
    """Only a cache folder this user owns is read or written (the temp dir is shared)."""
    return not hasattr(os, "getuid") or folder.stat().st_uid == os.getuid()


def _prune(folder: Path) -> None:
    """Keep the `KEEP_ON_DISK` most recently used snapshots in the cache folder."""
    snapshots = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    snapshots.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in snapshots[KEEP_ON_DISK:]:
        shutil.rmtree(old, ignore_errors=True)


def _stat_key(data: str | os.PathLike) -> tuple:
    """Cheap identity of the inputs (paths, sizes, mtimes, ctimes) for this process's memory."""
    files = input_files(data)
    stats = []
    for path in files:
        stat = path.stat()
        stats.append((str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
    return (str(Path(data).resolve()), dt.date.today().isoformat(), tuple(stats))


def load_snapshot(data: str | os.PathLike, cache: str | os.PathLike | None = None) -> InterviewLog:
    """`load_log(data)`, loaded and checked once and then reused until an input changes.

    Parameters
    ----------
    data : str or path
        A log file or folder, as for `load_log`.
    cache : str or path, optional
        The snapshot folder (default: `snapshot_dir()`).

    Returns
    -------
    InterviewLog
        The same tables, types and warnings `load_log(data)` gives. Bad input raises
        the same `LogError` (nothing is cached then).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "log.csv").write_text("Name,Date,Type,How Found\\nAna Ruiz,2026-10-01,Coffee chat,Alum\\n")
    >>> first = load_snapshot(d / "log.csv", cache=d / "cache")
    >>> again = load_snapshot(d / "log.csv", cache=d / "cache")
    >>> again is first, len([p for p in (d / "cache").iterdir() if not p.name.startswith(".")])
    (True, 1)
    """
    from infoview_analysis.loading.load import load_log

    memo_key = (_stat_key(data), str(cache))
    if memo_key in _memory:
        _memory.move_to_end(memo_key)
        return _memory[memo_key]
    folder = Path(cache) if cache is not None else snapshot_dir()
    target = folder / snapshot_key(data)
    log = None
    if (target / "meta.json").exists() and _ours(folder):
        try:
            log = read_snapshot(target)
            os.utime(target)  # recently used: kept when older ones are pruned
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            log = None  # a damaged snapshot is rebuilt, never trusted
    if log is None:
        log = load_log(data)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if _ours(folder):
                write_snapshot(log, target)
                _prune(folder)
        except OSError:
            pass  # no cache where it cannot be written: the log is still right
    _memory[memo_key] = log
    while len(_memory) > KEEP_IN_MEMORY:
        _memory.popitem(last=False)
    return log
