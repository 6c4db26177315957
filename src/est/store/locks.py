"""The file locks beside the database that let the app and the CLI share one DuckDB file.

``<db>.lock`` is held shared by readers and exclusively by a writer; ``<db>.gate`` is held by a waiting
writer so a stream of readers cannot starve it. See :mod:`est.store`.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from est.errors import DatabaseBusyError

__all__ = ["FileLock", "ReadWouldWait"]

_POLL_SECONDS = 0.05


class ReadWouldWait(Exception):
    """A reader asked not to wait found the lock taken (see :meth:`est.store.Store.reading`, ``wait=False``)."""


class FileLock:
    """A cross-process (and cross-thread) ``flock`` on a sidecar file, with a timeout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, exclusive: bool, timeout: float, what: str) -> None:
        """Take the lock (``exclusive`` or shared) within ``timeout`` s, else raise :class:`DatabaseBusyError`."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o660)
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, mode)
                self._fd = fd
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise DatabaseBusyError(
                        f"the database {what} is busy: another process (for example an `est import`) has "
                        f"held it for more than {timeout:.0f} s; try again when it has finished",
                        sv=f"databasen {what} är upptagen: en annan process (till exempel en `est import`) har "
                        f"hållit den i mer än {timeout:.0f} s; försök igen när den är klar",
                    ) from None
                time.sleep(_POLL_SECONDS)

    def try_acquire(self, exclusive: bool) -> bool:
        """Take the lock only if it is free right now; return whether it was taken."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o660)
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Give the lock back (nothing happens when it is not held)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
