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


@contextlib.contextmanager
def staged_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; the caller renames it (or it is removed on error)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _create(target.parent, target.name, target.suffix)
    try:
        yield tmp
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target`` atomically."""
    with staged_path(target) as tmp:
        yield tmp
        os.replace(tmp, target)
