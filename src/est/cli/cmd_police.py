"""``est police``: not built yet (see the issue tracker)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register nothing until the command is built."""
    del sub
