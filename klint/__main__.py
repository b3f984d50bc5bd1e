"""``python -m klint``."""

from __future__ import annotations

from klint.cli import run

run()
