"""Suppression comments and front-matter disables, as design.md fixes them."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import lint_text, ruleset_linter

RULES = """\
ruleset: t
rules:
  - id: t.cure
    kind: term
    category: absolute-claim
    message: "'{match}' overpromises."
    terms: [cure]
  - id: t.miracle
    kind: term
    category: absolute-claim
    message: "'{match}' overpromises."
    terms: [miracle]
"""


def _found(tmp_path: Path, text: str) -> list[tuple[str, int]]:
    linter = ruleset_linter(tmp_path, RULES)
    return [(f.rule, f.start.line) for f in lint_text(linter, text)]


def test_disable_and_enable_a_range(tmp_path: Path) -> None:
    text = "A cure.\n\n<!-- klint-disable t.cure -->\n\nA cure.\n\n<!-- klint-enable t.cure -->\n\nA cure.\n"
    assert _found(tmp_path, text) == [("t.cure", 1), ("t.cure", 9)]


def test_disable_with_no_rule_disables_all_until_the_end(tmp_path: Path) -> None:
    text = "A miracle.\n<!-- klint-disable -->\nA miracle cure.\n\nAnother cure.\n"
    assert _found(tmp_path, text) == [("t.miracle", 1)]


def test_disable_next_line_skips_blank_lines(tmp_path: Path) -> None:
    text = "<!-- klint-disable-next-line t.miracle -->\n\nA miracle cure.\n\nA miracle.\n"
    assert _found(tmp_path, text) == [("t.cure", 3), ("t.miracle", 5)]


def test_a_rule_set_or_category_name_works_as_a_selector(tmp_path: Path) -> None:
    text = "<!-- klint-disable-next-line absolute-claim -->\nA miracle cure.\n"
    assert _found(tmp_path, text) == []


def test_front_matter_disables_rules_for_the_file(tmp_path: Path) -> None:
    text = "---\nklint:\n  disable: [t.cure]\n---\nA miracle cure.\n"
    assert _found(tmp_path, text) == [("t.miracle", 5)]


def test_an_unused_suppression_is_reported(tmp_path: Path) -> None:
    text = "Plain words.\n<!-- klint-disable-next-line t.cure -->\nNothing here.\n"
    assert _found(tmp_path, text) == [("klint.unused-suppression", 2)]


def test_a_suppression_naming_an_unknown_rule_says_so(tmp_path: Path) -> None:
    linter = ruleset_linter(tmp_path, RULES)
    findings = lint_text(linter, "<!-- klint-disable-next-line t.typo -->\nA line.\n")
    assert [f.message for f in findings] == [
        "Suppression names no active rule ('t.typo'); check the rule id."
    ]
