"""health-core on fixtures of our own: exact rule, line, column and fix text."""

from __future__ import annotations

import pytest

from klint.linter import Linter
from tests.helpers import lint_text


def _core(linter: Linter, text: str) -> list[tuple[str, int, int, str]]:
    findings = lint_text(linter, text)
    return [
        (f.rule, f.start.line, f.start.column, f.category) for f in findings if f.ruleset == "health-core"
    ]


def test_absolute_claims_point_at_the_words(shipped_linter: Linter) -> None:
    text = (
        "# Why our clinic\n\n"
        "Our infusions have **no side effects** and are 100% safe.\n\n"
        "- Ketamine is not addictive in a clinic.\n"
    )
    assert [f for f in _core(shipped_linter, text) if f[3] == "absolute-claim"] == [
        ("health-core.no-side-effects", 3, 22, "absolute-claim"),
        ("health-core.absolute-safety", 3, 48, "absolute-claim"),
        ("health-core.addiction-denial", 5, 12, "absolute-claim"),
    ]


def test_fix_keeps_case(shipped_linter: Linter) -> None:
    findings = lint_text(shipped_linter, "No side effects at all.\n")
    fix = next(f.fix for f in findings if f.rule == "health-core.no-side-effects")
    assert fix is not None and fix.applicability == "unsafe"
    assert [(e.start.column, e.end.column, e.replacement) for e in fix.edits] == [(1, 16, "Few side effects")]


@pytest.mark.parametrize(
    "text",
    [
        "## Myth: Ketamine Is a Miracle Cure\n",
        "## Myths and Facts\n\n### Instant Relief\n",
        "Some people believe ketamine is a cure for depression.\n",
        "Another misconception is that ketamine brings instant relief.\n",
        "Ketamine isn't a miracle cure, but it may help.\n",
        "It is not a cure-all.\n",
        "Is ketamine a cure for depression?\n",
        "Staff monitor you closely to ensure your safety.\n",
        "We offer a safe and supportive environment.\n",
        "Ketamine is considered relatively safe under monitoring.\n",
        "The risk of dependence is significantly reduced in a clinic.\n",
    ],
)
def test_reported_negated_hedged_and_purpose_wording_is_not_flagged(
    shipped_linter: Linter, text: str
) -> None:
    assert [f for f in _core(shipped_linter, text) if f[3] == "absolute-claim"] == []


def test_safety_guarantees_and_establishment_claims(shipped_linter: Linter) -> None:
    text = (
        "Strict oversight ensures patient safety.\n\n"
        "A recent FDA study confirmed its safety.\n\n"
        "Hundreds of trials have shown its effectiveness.\n"
    )
    assert [f[:3] for f in _core(shipped_linter, text) if f[3] == "absolute-claim"] == [
        ("health-core.safety-assurance", 1, 18),
        ("health-core.establishment-claim", 3, 14),
    ]


def test_disclaimers_are_document_level_and_named(shipped_linter: Linter) -> None:
    text = "Ketamine infusions can relieve depression and suicidal thoughts.\n"
    findings = [f for f in lint_text(shipped_linter, text) if f.category == "missing-disclaimer"]
    assert [(f.rule, f.disclaimer, f.start.line, f.start.column) for f in findings] == [
        ("health-core.crisis-line", "crisis-line", 1, 1),
        ("health-core.medical-advice", "medical-advice", 1, 1),
        ("health-core.off-label", "off-label", 1, 1),
    ]
    crisis = findings[0]
    assert "first at line 1" in crisis.message
    assert crisis.fix is not None and crisis.fix.applicability == "safe"
    assert crisis.fix.edits[0].replacement.startswith("\nIf you are thinking about suicide")


def test_present_disclaimers_satisfy_the_rules(shipped_linter: Linter) -> None:
    text = (
        "Ketamine infusions can relieve depression and suicidal thoughts.\n\n"
        "If you are in crisis, call or text 988. This article is not medical advice. "
        "Ketamine's use for depression is off-label.\n"
    )
    assert [f for f in lint_text(shipped_linter, text) if f.category == "missing-disclaimer"] == []
