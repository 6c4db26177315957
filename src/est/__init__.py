"""EST Lägesbild: a situational-picture dashboard for EST (Effektiv samordning för trygghet)."""

from __future__ import annotations

__version__ = "0.1.0"
