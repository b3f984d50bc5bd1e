"""Helpers for tests: lint in-memory text, build a linter from an inline rule set."""

from __future__ import annotations

from pathlib import Path

from klint.config import Config
from klint.linter import Linter, load_rules
from klint.markdown import parse
from klint.model import Finding

#: ../shared beside the checkout; tests that read it skip when it is absent.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def lint_text(linter: Linter, text: str, path: str = "doc.md") -> list[Finding]:
    """Findings for one in-memory document, sorted like the reports."""
    return sorted(linter.lint_document(parse(text, path)), key=Finding.sort_key)


def ruleset_linter(tmp_path: Path, yaml_text: str, **config: object) -> Linter:
    """A linter over one rule set written from ``yaml_text``."""
    path = tmp_path / "rules.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    cfg = Config(rulesets=(str(path),), **config)  # type: ignore[arg-type]
    return Linter(cfg, load_rules(cfg))
