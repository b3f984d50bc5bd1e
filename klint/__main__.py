"""``python -m klint``."""

from __future__ import annotations

import sys

from klint.cli import main

sys.exit(main())
