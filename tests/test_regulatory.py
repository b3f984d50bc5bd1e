"""Shipped regulatory and ketamine facts: approval, clearance and scheduling claims, with fixes."""

from __future__ import annotations

import pytest

from klint.linter import Linter
from tests.helpers import lint_text

CATEGORY = "false-regulatory-claim"


def _claims(linter: Linter, text: str) -> list[tuple[str, int, int, str, str | None]]:
    """(rule, line, column, flagged text, first suggested replacement)."""
    out = []
    for finding in lint_text(linter, text):
        if finding.category != CATEGORY:
            continue
        fix = finding.fix
        replacement = fix.edits[0].replacement if fix else None
        out.append(
            (
                finding.rule,
                finding.start.line,
                finding.start.column,
                text[finding.span.start : finding.span.end],
                replacement,
            )
        )
    return out


OFF_LABEL = "approved only as an anesthetic; its use for mental health conditions is off-label"
INVESTIGATIONAL = (
    "not FDA-approved (investigational; available only in clinical trials or state-regulated programs)"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Good news: ketamine is FDA-approved for depression and PTSD.\n",
            ("regulatory.ketamine-approval", 1, 28, "approved for depression and PTSD", OFF_LABEL),
        ),
        (
            "In 2018 the FDA approved ketamine infusions for anxiety.\n",
            (
                "regulatory.ketamine-approval-by-fda",
                1,
                26,
                "ketamine infusions for anxiety",
                "ketamine only as an anesthetic; its use for mental health conditions is off-label",
            ),
        ),
        (
            "We pair ketamine, an FDA-approved medicine, with talk therapy to treat PTSD.\n",
            (
                "regulatory.ketamine-approved-drug",
                1,
                22,
                "FDA-approved",
                "FDA-approved (as an anesthetic only; its use for mental health conditions is off-label)",
            ),
        ),
        (
            "Ketamine is classified as a Schedule II drug.\n",
            ("regulatory.ketamine-schedule", 1, 29, "Schedule II", "Schedule III"),
        ),
        (
            "Patients can take Spravato at home between visits.\n",
            (
                "regulatory.spravato-home-use",
                1,
                28,
                "at home",
                "in a certified healthcare setting under the Spravato REMS",
            ),
        ),
        (
            "MDMA therapy was approved by the FDA for PTSD.\n",
            (
                "regulatory.psychedelic-approval",
                1,
                18,
                "approved by the FDA",
                INVESTIGATIONAL,
            ),
        ),
        (
            "Book a visit at our FDA-approved wellness clinic.\n",
            ("regulatory.fda-approved-service", 1, 21, "FDA-approved ", ""),
        ),
        (
            "Our compounded ketamine lozenges are FDA-approved.\n",
            ("regulatory.fda-approved-product-claim", 1, 38, "FDA-approved", "not FDA-approved"),
        ),
        (
            "Our TMS system is FDA-approved for OCD.\n",
            ("regulatory.tms-cleared", 1, 23, "approved", "cleared"),
        ),
        (
            "Ketamine was first approved by the FDA in 1962.\n",
            ("ketamine.approval-year", 1, 43, "1962", "1970"),
        ),
    ],
)
def test_false_claims_are_flagged_with_the_correct_statement(
    shipped_linter: Linter, text: str, expected: tuple[str, int, int, str, str]
) -> None:
    assert _claims(shipped_linter, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine has been FDA-approved for use in humans since the 1970s.\n",
        "Ketamine was initially developed as an anesthetic.\n",
        "## Fact: Ketamine Is Legal and FDA-Approved for Certain Uses\n",
        "Ketamine is approved as an anesthetic; its use for depression is off-label.\n",
        "Esketamine (Spravato) is FDA-approved for treatment-resistant depression.\n",
        "In 2019 the FDA approved esketamine nasal spray for treatment-resistant depression.\n",
        "Ketamine is not FDA-approved to treat anxiety.\n",
        "Is ketamine FDA-approved for depression?\n",
        "Myth: ketamine is FDA-approved for depression.\n",
        "Ketamine is a Schedule III controlled substance.\n",
        "Spravato is given in a certified clinic, never at home.\n",
        "Psilocybin is not FDA-approved, though Oregon runs a state program.\n",
        "TMS is FDA-cleared for major depression.\n",
        "Our nurses use FDA-approved infusion pumps.\n",
        "Ketamine is an FDA-approved anesthetic that doctors also use to treat depression.\n",
    ],
)
def test_correct_statements_pass(shipped_linter: Linter, text: str) -> None:
    assert _claims(shipped_linter, text) == []


def test_fixes_are_unsafe_suggestions(shipped_linter: Linter) -> None:
    text = "Ketamine is FDA-approved for depression.\n"
    [finding] = [f for f in lint_text(shipped_linter, text) if f.category == CATEGORY]
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    edit = finding.fix.edits[0]
    fixed = text[: edit.span.start] + edit.replacement + text[edit.span.end :]
    assert fixed == (
        "Ketamine is FDA-approved only as an anesthetic; its use for mental health conditions is off-label.\n"
    )
    assert not [f for f in lint_text(shipped_linter, fixed) if f.category == CATEGORY]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The FDA has approved ketamine for surgery and, more recently, resistant depression.\n",
            [("regulatory.ketamine-approval-by-fda", 1, 22)],
        ),
        ("The FDA approved ketamine in 1966.\n", [("ketamine.approval-year", 1, 30)]),
        (
            "Spravato is basically the same drug as IV ketamine.\n",
            [("ketamine.esketamine-not-ketamine", 1, 1)],
        ),
        (
            "Honestly, our IV ketamine is the same as Spravato.\n",
            [("ketamine.esketamine-not-ketamine", 1, 11)],
        ),
        ("Many say our IV ketamine is the same as Spravato, but it is not.\n", []),
        (
            "Our tirzepatide is identical to Mounjaro.\n",
            [("regulatory.compounded-glp1-sameness", 1, 20)],
        ),
        (
            "We ship FDA-approved semaglutide made by a licensed 503A compounding pharmacy.\n",
            [("regulatory.compounded-glp1-approval", 1, 9)],
        ),
        (
            "Each drip on our menu is FDA-approved, and NAD+ is FDA-approved for longevity.\n",
            [("regulatory.fda-approved-product-claim", 1, 26), ("regulatory.nad-approval", 1, 52)],
        ),
        ("We're FDA-registered and fully licensed.\n", [("regulatory.fda-approved-product-claim", 1, 7)]),
        (
            "Our wellness lounge is certified by the FDA.\n",
            [("regulatory.fda-approved-product-claim", 1, 24)],
        ),
    ],
)
def test_sameness_compounding_and_service_claims_at_their_positions(
    shipped_linter: Linter, text: str, expected: list[tuple[str, int, int]]
) -> None:
    assert [(rule, line, column) for rule, line, column, _, _ in _claims(shipped_linter, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The FDA approved ketamine for anesthesia in 1970; depression clinics later used it off-label.\n",
        "Spravato and IV ketamine are not interchangeable.\n",
        "Our compounded semaglutide is not the same as Wegovy, and it is not FDA-approved.\n",
        "FDA-approved semaglutide (Wegovy) is sold in pharmacies; we also offer a compounded version.\n",
        "NAD+ is not approved by the FDA for any use.\n",
        "All of the vitamins in our drips are FDA-approved.\n",
        "Our 503B partner is an FDA-registered outsourcing facility.\n",
    ],
)
def test_true_sameness_compounding_and_service_statements_pass(shipped_linter: Linter, text: str) -> None:
    assert _claims(shipped_linter, text) == []
