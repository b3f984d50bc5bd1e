"""Every shipped rule documents itself with examples; run them all, and lint the data."""

from __future__ import annotations

import pytest

from klint.config import Config
from klint.linter import Linter
from klint.loader import load_rulesets, shipped_rulesets
from klint.markdown import parse
from tests.helpers import lint_text

RULESETS = load_rulesets(shipped_rulesets(), Config().settings())
RULES = [rule for ruleset in RULESETS for rule in ruleset.rules]
CATEGORIES = {
    "mechanism-error",
    "unsourced-statistic",
    "missing-disclaimer",
    "contradiction",
    "false-regulatory-claim",
    "absolute-claim",
    "safe-messaging",
    "style",
}


def _ids(rule: object) -> str:
    return rule.info.id  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_rule_is_documented(rule: object) -> None:
    info = rule.info  # type: ignore[attr-defined]
    assert info.id.startswith(info.ruleset + "."), "ids are namespaced by their rule set"
    assert info.category in CATEGORIES
    assert info.rationale, "every shipped rule explains why"
    assert info.references, "every shipped rule cites its sources"
    assert info.examples_bad and info.examples_good, "every shipped rule has bad and good examples"


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_bad_examples_are_flagged(rule: object) -> None:
    linter = Linter(Config(), [rule])  # type: ignore[list-item]
    for example in rule.info.examples_bad:  # type: ignore[attr-defined]
        found = [f.rule for f in lint_text(linter, example)]
        assert rule.info.id in found, f"not flagged: {example!r}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_good_examples_pass(rule: object) -> None:
    linter = Linter(Config(), [rule])  # type: ignore[list-item]
    for example in rule.info.examples_good:  # type: ignore[attr-defined]
        found = [f for f in lint_text(linter, example) if f.rule == rule.info.id]  # type: ignore[attr-defined]
        assert not found, f"wrongly flagged: {example!r} -> {found[0].message}"


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_fixes_do_not_refire(rule: object) -> None:
    """A fix that the same rule flags again would loop forever under --fix."""
    linter = Linter(Config(), [rule])  # type: ignore[list-item]
    for example in rule.info.examples_bad:  # type: ignore[attr-defined]
        for finding in lint_text(linter, example):
            for fix in (finding.fix, *finding.suggestions):
                if fix is None:
                    continue
                text = example
                for edit in sorted(fix.edits, key=lambda e: e.span.start, reverse=True):
                    text = text[: edit.span.start] + edit.replacement + text[edit.span.end :]
                again = [f for f in linter.lint_document(parse(text)) if f.rule == finding.rule]
                assert len(again) < len(lint_text(linter, example)), f"fix re-fires: {text!r}"
