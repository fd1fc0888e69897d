"""A file's bytes before parsing: mapped, told binary or text, made UTF-8.

Handles the encodings people's files come in: UTF-8 with or without a BOM, UTF-16
with a BOM, cp1252 (latin-1 where cp1252 has holes).
"""

from __future__ import annotations

import codecs
import mmap
from pathlib import Path

__all__ = ["map_file", "plain_utf8", "decode_bytes", "to_utf8_from_legacy", "looks_binary"]


def map_file(path: Path) -> mmap.mmap | bytes:
    """The file's bytes without reading them into memory: a read-only memory map.

    Parameters
    ----------
    path : pathlib.Path

    Returns
    -------
    mmap.mmap or bytes
        The bytes themselves for files that cannot be mapped (empty or special files).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_bytes(b"Name\\nAna\\n")
    >>> map_file(path)[:4]
    b'Name'
    >>> empty = path.with_name("empty.csv")
    >>> _ = empty.write_bytes(b"")
    >>> map_file(empty)
    b''
    """
    with path.open("rb") as handle:
        try:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # empty files and special files cannot be mapped
            return handle.read()


def plain_utf8(head: bytes, truncated: bool) -> bool:
    """UTF-8 without a byte-order mark: the file can be parsed as it lies on disk.

    Parameters
    ----------
    head : bytes
        The file's first bytes.
    truncated : bool
        True when the file goes on past `head` (its last line may be cut short, so
        only whole lines are checked).

    Returns
    -------
    bool

    Examples
    --------
    >>> plain_utf8("Núñez\\n".encode(), False), plain_utf8("Núñez".encode("cp1252"), False)
    (True, False)
    """
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if truncated:
        head = head[: head.rfind(b"\n") + 1] or head
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_bytes(data: bytes) -> tuple[bytes, str]:
    """Return the file's bytes as UTF-8 without a BOM, and the encoding it was in.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    (bytes, str)

    Examples
    --------
    >>> decode_bytes(codecs.BOM_UTF16_LE + "a,b".encode("utf-16-le"))
    (b'a,b', 'utf-16')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            return to_utf8_from_legacy(data), "cp1252"  # a look-alike BOM, not UTF-16
    head = data[:65536]
    if len(data) > len(head):
        # Cut at a line end so that a multibyte character is never split.
        head = head[: head.rfind(b"\n") + 1] or head
    try:
        head.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        return to_utf8_from_legacy(data), "cp1252"


def to_utf8_from_legacy(data: bytes) -> bytes:
    """Re-encode a cp1252 file (latin-1 where cp1252 has holes) as UTF-8.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    bytes

    Examples
    --------
    >>> to_utf8_from_legacy("Núñez".encode("cp1252")).decode("utf-8")
    'Núñez'
    """
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8")


def looks_binary(data: bytes) -> str | None:
    """Name the kind of a file that is not text ('xlsx', 'parquet', 'binary'), or None for text.

    Parameters
    ----------
    data : bytes
        The file's first bytes.

    Returns
    -------
    str or None

    Examples
    --------
    >>> looks_binary(b"PAR1...."), looks_binary(b"Name,Date")
    ('parquet', None)
    """
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"PAR1"):
        return "parquet"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in data[:4096]:
        return "binary"
    return None
