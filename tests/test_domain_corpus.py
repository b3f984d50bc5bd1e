"""Our own tricky sentences (true, false, negated, hedged, cited, myth-framed) against the shipped rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from klint.linter import Linter
from tests.helpers import lint_text

CORPUS = Path(__file__).parent / "corpus" / "domain_sentences.yaml"
CATEGORIES = {"mechanism-error", "unsourced-statistic", "false-regulatory-claim"}
ENTRIES: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def _expected(entry: dict[str, Any]) -> set[str]:
    expect = entry["expect"]
    if expect == "none":
        return set()
    return {expect} if isinstance(expect, str) else set(expect)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["text"][:60] for e in ENTRIES])
def test_sentence(shipped_linter: Linter, entry: dict[str, Any]) -> None:
    text = entry["text"] + "\n"
    found = {f.rule for f in lint_text(shipped_linter, text) if f.category in CATEGORIES}
    assert found == _expected(entry), entry.get("note", "")


def test_corpus_covers_every_domain_rule(shipped_linter: Linter) -> None:
    """Each shipped rule of the three categories is exercised by at least one true claim."""
    shipped = {rule.info.id for rule in shipped_linter.rules if rule.info.category in CATEGORIES}
    exercised = set().union(*(_expected(entry) for entry in ENTRIES))
    owned = {rule for rule in shipped if rule.split(".")[0] in ("ketamine", "mechanisms", "regulatory")}
    assert owned - exercised == set()
    assert "health-core.unsourced-statistic" in exercised
