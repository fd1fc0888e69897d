"""A report's files replaced as one set, and nothing left behind by a killed run.

A run writes `report.ipynb`, `report.html`, `metrics.json` and `run.json` into a
private work folder under `<out>/.infoview/tmp/`, then `publish` swaps that folder in
for the report's folder with two renames, under one lock per output root: readers see
the old set or the new set, never a mix. The old folder goes to `<out>/.infoview/old/`
with a note of where it came from, so a run killed between the two renames is put
right by the next run (`tidy`), which also removes the work folders of runs that died.
A live run holds an advisory lock (`flock`) on its work folder, which the kernel drops
when the process dies, so `tidy` never touches a running report's files.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "STATE_FOLDER",
    "REPORT_FILES",
    "CARRIED_ON_FAILURE",
    "NEW_WORK_GRACE_SECONDS",
    "state_dir",
    "WorkFolder",
    "publish",
    "tidy",
]

# Hidden, so that the index and people browsing the reports never meet it.
STATE_FOLDER = ".infoview"
REPORT_FILES = ("report.ipynb", "report.html", "metrics.json", "run.json")
# A failed run keeps the last good report beside its own run.json and failed.ipynb.
CARRIED_ON_FAILURE = ("report.ipynb", "report.html", "metrics.json")
# A work folder is locked within microseconds of being made; one still unlocked and
# still under its first name after this long belongs to a process that died.
NEW_WORK_GRACE_SECONDS = 60.0


def state_dir(root: str | os.PathLike) -> Path:
    """`<root>/.infoview`: work folders, the swap lock, old sets, snapshots.

    Examples
    --------
    >>> state_dir("reports").as_posix()
    'reports/.infoview'
    """
    return Path(root) / STATE_FOLDER


class WorkFolder:
    """A locked private folder for one run's files (`.path`), removed on exit.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with WorkFolder(root) as work:
    ...     _ = (work.path / "run.json").write_text("{}")
    ...     work.path.is_dir()
    True
    >>> list((root / ".infoview" / "tmp").iterdir())
    []
    """

    def __init__(self, root: str | os.PathLike) -> None:
        tmp = state_dir(root) / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        # Made and locked under a `.new-` name, then renamed: `tidy` only ever judges
        # `run-` folders, which are locked from their first moment.
        fresh = Path(tempfile.mkdtemp(prefix=".new-", dir=tmp))
        self._fd = os.open(fresh, os.O_RDONLY)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        self.outer = tmp / ("run-" + fresh.name[len(".new-") :])
        os.rename(fresh, self.outer)
        self.path = self.outer / "report"
        self.path.mkdir()

    def __enter__(self) -> WorkFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the folder and drop the lock."""
        if self._fd is not None:
            shutil.rmtree(self.outer, ignore_errors=True)
            os.close(self._fd)
            self._fd = None


@contextlib.contextmanager
def _swap_lock(root: Path) -> Iterator[None]:
    state = state_dir(root)
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "swap.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _carry_subfolders(old: Path, target: Path) -> None:
    """Owner folders inside an all-owners report folder move on with it."""
    if not old.is_dir():
        return
    for entry in old.iterdir():
        if entry.is_dir() and not entry.name.startswith(".") and not (target / entry.name).exists():
            os.rename(entry, target / entry.name)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def publish(work: Path, target: Path, root: str | os.PathLike, *, keep_good: bool) -> None:
    """Put the folder `work` in place of `target` with two renames, as one set.

    Parameters
    ----------
    work : Path
        The new files (a folder on the same file system, e.g. `WorkFolder.path`).
    target : Path
        The report's folder, inside `root`.
    root : path
        The output root (`--out`), which holds the lock and the old sets.
    keep_good : bool
        Carry the previous `report.ipynb`, `report.html` and `metrics.json` into the new
        set (a failed run keeps the last good report).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with WorkFolder(root) as w:
    ...     _ = (w.path / "run.json").write_text("{}")
    ...     publish(w.path, root / "r" / "2026-10", root, keep_good=False)
    >>> sorted(p.name for p in (root / "r" / "2026-10").iterdir())
    ['run.json']
    """
    root = Path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    old_sets = state_dir(root) / "old"
    with _swap_lock(root):
        if keep_good and target.is_dir():
            for name in CARRIED_ON_FAILURE:
                if (target / name).is_file() and not (work / name).exists():
                    _link_or_copy(target / name, work / name)
        old = None
        if target.exists():
            old_sets.mkdir(parents=True, exist_ok=True)
            old = Path(tempfile.mkdtemp(prefix="set-", dir=old_sets))
            note = {"target": target.resolve().relative_to(root.resolve()).as_posix()}
            (old / "target.json").write_text(json.dumps(note))
            os.rename(target, old / "files")
        os.rename(work, target)
        if old is not None:
            _carry_subfolders(old / "files", target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _is_unlocked(folder: Path) -> bool:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def tidy(root: str | os.PathLike) -> list[str]:
    """Clean up after runs that died: restore half-swapped sets, remove dead work folders.

    Returns what was done, one line per folder (empty when there was nothing to do).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> dead = state_dir(root) / "tmp" / "run-abc"
    >>> dead.mkdir(parents=True)
    >>> tidy(root)
    ['removed the work folder of a run that stopped: run-abc']
    """
    root = Path(root)
    state = state_dir(root)
    done: list[str] = []
    if not state.is_dir():
        return done
    with _swap_lock(root):
        for old in sorted((state / "old").glob("set-*")):
            try:
                target = root / json.loads((old / "target.json").read_text())["target"]
            except (OSError, ValueError, KeyError):
                target = None
            files = old / "files"
            if (
                target is not None
                and files.is_dir()
                and target.resolve().is_relative_to(root.resolve())
            ):
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(files, target)
                    done.append(f"restored {target.relative_to(root).as_posix()}")
                else:
                    _carry_subfolders(files, target)
            shutil.rmtree(old, ignore_errors=True)
        now = time.time()
        for folder in sorted((state / "tmp").glob("*")):
            fresh = folder.name.startswith(".new-")
            if fresh and now - folder.stat().st_mtime < NEW_WORK_GRACE_SECONDS:
                continue
            if _is_unlocked(folder):
                shutil.rmtree(folder, ignore_errors=True)
                done.append(f"removed the work folder of a run that stopped: {folder.name}")
        # Earlier versions made `.run-XXXX` inside the report folder itself.
        for folder in sorted([*root.glob("*/*/.run-*"), *root.glob("*/*/*/.run-*")]):
            if now - folder.stat().st_mtime >= NEW_WORK_GRACE_SECONDS and _is_unlocked(folder):
                shutil.rmtree(folder, ignore_errors=True)
                done.append(f"removed {folder.relative_to(root).as_posix()}")
    return done
