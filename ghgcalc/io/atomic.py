"""Write outputs to a temporary file beside the target, then rename: no half-written reports.

The temporary file is created with mode ``0o666`` so the process umask decides the
permissions, as for any file the user writes (``tempfile.mkstemp`` would make every
report ``0600``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


def _create(directory: Path, name: str, suffix: str) -> Path:
    for _ in range(100):
        tmp = directory / f".{name}.{secrets.token_hex(4)}{suffix}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"cannot create a temporary file in {directory}")


def for_target(exc: OSError, marker: str, target: Path) -> OSError:
    """``exc`` naming the user's ``target`` where the system named a temporary file of it (a name holding
    ``marker``) or no file; an error about another file, or no system error, as it is."""
    if exc.errno is None or (exc.filename is not None and marker not in Path(str(exc.filename)).name):
        return exc
    return type(exc)(exc.errno, exc.strerror, str(target))


@contextlib.contextmanager
def staged_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; the caller renames it (or it is removed on error).

    A file the system refuses (no permission, disk full …) is reported as ``target``, the name the user
    gave, never as the hidden temporary file.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    marker = f".{target.name}."
    try:
        tmp = _create(target.parent, target.name, target.suffix)
    except OSError as exc:
        raise for_target(exc, marker, target) from None
    try:
        yield tmp
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise for_target(exc, marker, target) from None
        raise


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target`` atomically."""
    with staged_path(target) as tmp:
        yield tmp
        os.replace(tmp, target)
