"""Allow ``python -m est.cli``."""

from __future__ import annotations

import sys

from est.cli import main

sys.exit(main())
