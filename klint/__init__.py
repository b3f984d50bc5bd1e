"""klint: a linter for health-marketing copy in Markdown."""

from __future__ import annotations

__version__ = "0.1.0"
