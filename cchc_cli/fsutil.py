"""Atomic output: write to a temporary file in the target folder, then rename over the target."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def user_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash never leaves a half-written file behind."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~user_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _anonymous_file(folder: Path, data: bytes) -> int | None:
    """An unnamed file in ``folder`` holding ``data`` (Linux O_TMPFILE): it vanishes if the process dies before
    it is linked. None where the system or file system has no O_TMPFILE."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return None
    try:
        fd = os.open(folder, flag | os.O_WRONLY, 0o666 & ~user_umask())
    except OSError:
        return None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_new(path: Path, data: bytes) -> None:
    """Write ``path``, which must not exist yet, whole or not at all: an unnamed file linked into place (Linux
    O_TMPFILE, so a crash leaves nothing), elsewhere a named temporary renamed. Raises OSError
    (FileExistsError when ``path`` exists, where O_TMPFILE is used)."""
    fd = _anonymous_file(path.parent, data)
    if fd is None:
        atomic_write_bytes(path, data)
        return
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.link(f"/proc/self/fd/{fd}", path.name, dst_dir_fd=dir_fd, follow_symlinks=True)
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        os.close(fd)


def replace_together(files: dict[Path, bytes]) -> None:
    """Write several files that belong together (a master and its CSV) so that a crash, even kill -9, never
    leaves them from two different runs and never leaves a temporary file behind.

    Every new content is first written in full to an unnamed file (O_TMPFILE) in the target folder. Then the
    old files are removed, the first file first (a first file that can't be removed stops the call with
    OSError and every old file as it was), and the new ones linked into place. Whatever moment the process
    dies, the files present are all from one run (some may be missing, never mixed).
    Where O_TMPFILE is not available (Windows, macOS), named temporaries are used, and the first file is moved
    aside before anything is removed: a master open in Excel (locked on Windows) stops the call with OSError
    and every old file as it was. A temporary left by a crash is removed by the next call. All paths must be
    in one folder. Raises OSError.
    """
    paths = list(files)
    folder = paths[0].parent
    _remove_stale(folder, paths)
    fds: dict[Path, int] = {}
    try:
        for path in paths:
            fd = _anonymous_file(folder, files[path])
            if fd is None:
                break
            fds[path] = fd
        if len(fds) < len(paths):
            for fd in fds.values():
                os.close(fd)
            fds = {}
            _replace_named(files)
            return
        # The first file goes first: when it can't be removed (a locked or protected master) nothing has changed.
        for path in paths:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            for path in paths:
                # linkat(…, AT_SYMLINK_FOLLOW) — CPython uses it only when a dir_fd is given.
                os.link(f"/proc/self/fd/{fds[path]}", path.name, dst_dir_fd=dir_fd, follow_symlinks=True)
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        for fd in fds.values():
            os.close(fd)


def _set_aside(path: Path) -> Path | None:
    """Move an existing ``path`` to a named temporary beside it and return that name (None when there was no
    file). Raises OSError — having changed nothing — when the file can't be moved: open in Excel on Windows,
    busy. A crash leaves the temporary, removed by the next call (_remove_stale)."""
    if not os.path.lexists(path):
        return None
    aside = path.with_name(f".{path.name}.{os.getpid()}.cu.tmp")
    os.replace(path, aside)
    return aside


def _drop(aside: Path | None) -> None:
    if aside is not None:
        with contextlib.suppress(OSError):
            os.unlink(aside)


def _replace_named(files: dict[Path, bytes]) -> None:
    paths = list(files)
    temps: dict[Path, Path] = {}
    try:
        for path in paths:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps[path] = Path(tmp)
            os.chmod(tmp, 0o666 & ~user_umask())
            with os.fdopen(fd, "wb") as fh:
                fh.write(files[path])
                fh.flush()
                os.fsync(fh.fileno())
        aside = _set_aside(paths[0])  # a locked first file (open in Excel) stops here, before any change
        try:
            for path in paths[1:]:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
            os.replace(temps[paths[0]], paths[0])
            del temps[paths[0]]
        except BaseException:
            if aside is not None and not os.path.lexists(paths[0]):
                os.replace(aside, paths[0])  # the old master back where it was, never left as a temporary
            raise
        for path in paths[1:]:
            os.replace(temps[path], path)
            del temps[path]  # the finally below removes only what was not put in place
        _drop(aside)
    finally:
        for leftover in temps.values():
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def _remove_stale(folder: Path, paths: list[Path]) -> None:
    """Named temporaries of ``paths`` left by a crashed run of _replace_named."""
    for path in paths:
        for stale in folder.glob(f".{_glob_escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()


def _glob_escape(text: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in text)
