"""Running the ``est`` command line in tests: in this process (the default) or as its own process.

``est(*args)`` calls the real entry point, ``est.cli.main(argv)``, with its standard output and error
captured and the exit code returned, as a shell sees them, in a ``subprocess.CompletedProcess``. Running it
in the test's own process saves the ~1.5 CPU-seconds a new Python process spends importing pandas, DuckDB
and its extensions for every command; what a command does, prints and returns is the same code either way.

``est_process(*args)`` runs ``python -m est.cli`` as a separate process, for what only a process shows:
what is imported at start-up, a write while another process holds the database, the module entry point.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

Env = Mapping[str, str | None]


def est(*args: str, env: Env | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``est ARGS`` in this process; ``env`` sets (or, with None, unsets) variables for the command."""
    from est.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        _environment(env or {}),
        _working_directory(cwd),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's --help and its own usage errors end the process
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return subprocess.CompletedProcess(["est", *args], code, out.getvalue(), err.getvalue())


def est_process(
    *args: str, env: Env | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m est.cli ARGS`` as its own process (the test's environment, changed by ``env``)."""
    changed = {**os.environ, **{k: v for k, v in (env or {}).items() if v is not None}}
    for name in [k for k, v in (env or {}).items() if v is None]:
        changed.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "est.cli", *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=changed
    )


@contextlib.contextmanager
def _environment(env: Env) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env}
    try:
        for name, value in env.items():
            _set(name, value)
        yield
    finally:
        for name, value in saved.items():
            _set(name, value)


def _set(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@contextlib.contextmanager
def _working_directory(cwd: Path | None) -> Iterator[None]:
    if cwd is None:
        yield
        return
    before = Path.cwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)
