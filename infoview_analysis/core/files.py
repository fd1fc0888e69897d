"""Files written the safe way: under a temporary name beside the target, then renamed.

A reader never sees half a file, and a failed write leaves any earlier file untouched.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

__all__ = ["replace_atomically", "write_text_atomically"]


def replace_atomically(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` for a temporary path beside `path`, then rename it into place.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write.
    write : callable
        Writes the content to the temporary path it is given.

    Returns
    -------
    pathlib.Path
        `path`, now holding what `write` wrote.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> replace_atomically(target, lambda tmp: tmp.write_text("hi")).read_text()
    'hi'
    """
    path = Path(path)
    # one per process and thread: concurrent writers never share a temporary file
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_text_atomically(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text (line ends as given) to `path` atomically.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write.
    text : str
        The content.

    Returns
    -------
    pathlib.Path
        `path`, now holding `text`.

    Examples
    --------
    >>> import tempfile
    >>> write_text_atomically(Path(tempfile.mkdtemp()) / "b.txt", "x\\n").read_bytes()
    b'x\\n'
    """
    return replace_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))
