"""The ``mechanism`` kind: wrong actions in any form, who acts, and fixes in the same form."""

from __future__ import annotations

from pathlib import Path

import pytest

from klint.linter import Linter
from klint.yamlfile import KlintError
from tests.helpers import lint_text, ruleset_linter

RULES = """\
ruleset: demo
rules:
  - id: demo.nmda
    kind: mechanism
    category: mechanism-error
    severity: error
    message: "'{match}' is wrong; write '{suggestion}'."
    subjects: [ketamine, esketamine, Spravato]
    targets: [NMDA receptor, NMDA]
    wrong: [stimulate, activate, boost, turn on]
    correct: [block]
    roles: {agonist: antagonist}
  - id: demo.two-verbs
    kind: mechanism
    category: mechanism-error
    message: "'{match}'"
    subjects: [psilocybin]
    targets: [5-HT2A receptor]
    wrong: [block]
    correct: [activate, stimulate]
  - id: demo.no-fix
    kind: mechanism
    category: mechanism-error
    message: "'{match}'"
    subjects: [ketamine]
    targets: [serotonin]
    wrong: [boost]
  - id: demo.role-article
    kind: mechanism
    category: mechanism-error
    message: "'{match}'"
    subjects: [buprenorphine]
    targets: [opioid receptor]
    roles: {antagonist: partial agonist}
  - id: demo.wrong-target
    kind: mechanism
    category: mechanism-error
    message: "'{match}'"
    subjects: [SSRI, sertraline]
    wrong-targets: [serotonin receptor]
  - id: demo.claim
    kind: mechanism
    category: mechanism-error
    message: "'{match}'"
    subjects: [semaglutide, Wegovy]
    wrong-claims: ['\\bburn(?:s|ing)?\\s+(?:stored\\s+)?fat\\b']
"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    return ruleset_linter(tmp_path_factory.mktemp("mechanism"), RULES)


def _found(linter: Linter, text: str) -> list[tuple[str, int, int, str, str | None, str | None]]:
    """(rule, line, column, flagged text, fix text, applicability) per finding."""
    out = []
    for finding in lint_text(linter, text):
        fix = finding.fix
        out.append(
            (
                finding.rule,
                finding.start.line,
                finding.start.column,
                text[finding.span.start : finding.span.end],
                fix.edits[0].replacement if fix else None,
                fix.applicability if fix else None,
            )
        )
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By stimulating NMDA receptors, ketamine lifts mood.\n", (1, 4, "stimulating", "blocking")),
        ("Ketamine Stimulates NMDA Receptors\n", (1, 10, "Stimulates", "Blocks")),
        ("KETAMINE ACTIVATES NMDA RECEPTORS.\n", (1, 10, "ACTIVATES", "BLOCKS")),
        ("Ketamine boosts NMDA receptor activity.\n", (1, 10, "boosts", "blocks")),
        ("Esketamine works through NMDA receptor activation.\n", (1, 40, "activation", "blockade")),
        ("Ketamine acts through activation of NMDA receptors.\n", (1, 23, "activation", "blockade")),
        ("NMDA receptors are activated by Spravato.\n", (1, 20, "activated", "blocked")),
        ("Ketamine is an NMDA-activating drug.\n", (1, 21, "activating", "blocking")),
        ("Ketamine works by turning on NMDA receptors.\n", (1, 19, "turning on", "blocking")),
        ("Ketamine is an NMDA agonist.\n", (1, 21, "agonist", "antagonist")),
        ("Ketamine acts as an agonist at NMDA receptors.\n", (1, 21, "agonist", "antagonist")),
        ("Ketamine, which is an anesthetic, activates NMDA receptors.\n", (1, 35, "activates", "blocks")),
    ],
)
def test_wrong_action_in_any_form_gets_a_safe_fix_in_the_same_form(
    linter: Linter, text: str, expected: tuple[int, int, str, str]
) -> None:
    line, column, word, replacement = expected
    assert _found(linter, text) == [("demo.nmda", line, column, word, replacement, "safe")]


def test_subject_named_in_the_sentence_or_block_before(linter: Linter) -> None:
    text = (
        "Ketamine is an old anesthetic. It works by stimulating NMDA receptors.\n\n"
        "## How esketamine works\n\n"
        "It activates NMDA receptors.\n"
    )
    assert _found(linter, text) == [
        ("demo.nmda", 1, 44, "stimulating", "blocking", "safe"),
        ("demo.nmda", 5, 4, "activates", "blocks", "safe"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine does not activate NMDA receptors; it blocks them.\n",
        "Unlike drugs that stimulate NMDA receptors, ketamine blocks them.\n",
        "Ketamine, unlike drugs that stimulate NMDA receptors, blocks them.\n",
        "Ketamine is more effective than drugs that activate NMDA receptors.\n",
        "Rather than activating NMDA receptors, ketamine blocks them.\n",
        "Ketamine blocks NMDA receptors, and the glutamate surge activates AMPA receptors.\n",
        "Ketamine increases glutamate, which activates NMDA receptors on other cells.\n",
        "Ketamine prevents glutamate from activating NMDA receptors.\n",
        "Ketamine blocks NMDA receptor activation.\n",
        "Ketamine blocks activated NMDA receptors.\n",
        "NMDA receptors are activated by glutamate, and ketamine blocks them.\n",
        "Glutamate normally activates NMDA receptors.\n",
        "Ketamine works by targeting NMDA receptors.\n",
        "Myth: ketamine stimulates NMDA receptors.\n",
        "Some people believe ketamine activates NMDA receptors.\n",
        "Does ketamine activate NMDA receptors?\n",
        "Ketamine is an NMDA receptor antagonist, not an agonist.\n",
        "SSRIs raise serotonin over weeks. It activates NMDA receptors.\n",
        "## Myths about ketamine\n\n### Myth 2: ketamine stimulates NMDA receptors\n",
    ],
)
def test_correct_negated_compared_reported_and_downstream_statements_pass(linter: Linter, text: str) -> None:
    assert _found(linter, text) == []


def test_several_correct_verbs_give_unsafe_suggestions(linter: Linter) -> None:
    findings = lint_text(linter, "Psilocybin works by blocking 5-HT2A receptors.\n")
    assert [(f.rule, f.start.column) for f in findings] == [("demo.two-verbs", 21)]
    fixes = [findings[0].fix, *findings[0].suggestions]
    assert [(f.applicability, f.edits[0].replacement) for f in fixes if f] == [
        ("unsafe", "activating"),
        ("unsafe", "stimulating"),
    ]


def test_no_correct_verb_means_no_fix(linter: Linter) -> None:
    assert _found(linter, "Ketamine boosts serotonin.\n") == [("demo.no-fix", 1, 10, "boosts", None, None)]


def test_role_fix_corrects_the_article(linter: Linter) -> None:
    findings = lint_text(linter, "Buprenorphine is an antagonist at opioid receptors.\n")
    assert [(f.rule, f.start.column) for f in findings] == [("demo.role-article", 21)]
    edit = findings[0].fix.edits[0]  # type: ignore[union-attr]
    assert (edit.start.column, edit.end.column, edit.replacement) == (18, 31, "a partial agonist")


def test_a_rule_without_wrong_verbs_or_roles_is_rejected(tmp_path: Path) -> None:
    broken = (
        "ruleset: bad\nrules:\n  - id: bad.x\n    kind: mechanism\n    message: m\n"
        "    subjects: [a]\n    targets: [b]\n"
    )
    with pytest.raises(KlintError, match="needs 'wrong' verbs or 'roles'"):
        ruleset_linter(tmp_path, broken)


def test_shipped_ketamine_rule_on_a_paragraph(shipped_linter: Linter) -> None:
    text = (
        "---\ntitle: How it works\n---\n\n"
        "## Science\n\n"
        "Ketamine is an anesthetic. It works by stimulating NMDA receptors, which\n"
        "sets off a glutamate surge that activates AMPA receptors.\n"
    )
    found = [
        (f.rule, f.start.line, f.start.column, f.fix.edits[0].replacement if f.fix else None)
        for f in lint_text(shipped_linter, text)
        if f.category == "mechanism-error"
    ]
    assert found == [("ketamine.nmda-action", 7, 40, "blocking")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sertraline activates serotonin receptors.\n", [("demo.wrong-target", 1, 12, "activates")]),
        ("SSRIs act directly on serotonin receptors.\n", [("demo.wrong-target", 1, 7, "act directly on")]),
        ("Sertraline is a serotonin receptor agonist.\n", [("demo.wrong-target", 1, 36, "agonist")]),
        ("SSRIs are common. They bind to serotonin receptors.\n", [("demo.wrong-target", 1, 24, "bind to")]),
        ("SSRIs indirectly activate serotonin receptors.\n", []),
        ("SSRIs let serotonin activate its receptors.\n", []),
        ("Semaglutide burns stored fat.\n", [("demo.claim", 1, 13, "burns stored fat")]),
        ("Wegovy is a weekly shot. It works by burning fat.\n", [("demo.claim", 1, 38, "burning fat")]),
        ("Semaglutide lowers appetite, so your body burns fat.\n", []),
    ],
)
def test_wrong_targets_and_wrong_claims_have_no_fix(
    linter: Linter, text: str, expected: list[tuple[str, int, int, str]]
) -> None:
    found = _found(linter, text)
    assert [(rule, line, column, word) for rule, line, column, word, _, _ in found] == expected
    assert all(fix is None for _, _, _, _, fix, _ in found)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("Spravato is a nasal spray that activates NMDA receptors.\n", 32),
        ("Spravato, a nasal spray that activates NMDA receptors, is new.\n", 30),
        ("Esketamine (Spravato) is a spray which turns on NMDA receptors.\n", 40),
    ],
)
def test_a_copular_or_appositive_relative_clause_belongs_to_the_subject(
    linter: Linter, text: str, column: int
) -> None:
    [(rule, line, found_column, _, _, _)] = _found(linter, text)
    assert (rule, line, found_column) == ("demo.nmda", 1, column)


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine is an anesthetic, and glutamate is a transmitter that activates NMDA receptors.\n",
        "Ketamine is an alternative to drugs that activate NMDA receptors.\n",
        "Ketamine, like other drugs that activate NMDA receptors, is old.\n",
    ],
)
def test_relative_clauses_of_other_nouns_are_not_the_subject(linter: Linter, text: str) -> None:
    assert _found(linter, text) == []


def test_pronouns_chain_back_to_a_heading_but_not_past_an_unrelated_sentence(linter: Linter) -> None:
    text = (
        "## How esketamine works\n\n"
        "It is a nasal spray. It works by stimulating NMDA receptors.\n\n"
        "## Side effects\n\n"
        "Nausea is common. It activates NMDA receptors.\n\n"
        "Once it reaches the brain, it activates NMDA receptors.\n"
    )
    assert [(line, column) for _, line, column, _, _, _ in _found(linter, text)] == [(3, 34)]


def test_reported_belief_ends_where_the_author_speaks_again(linter: Linter) -> None:
    text = (
        "Some think ketamine is a party drug, but in fact it stimulates NMDA receptors.\n\n"
        "Some think ketamine stimulates NMDA receptors, but it blocks them.\n\n"
        "Did you know that ketamine turns on NMDA receptors?\n"
    )
    assert [(line, column) for _, line, column, _, _, _ in _found(linter, text)] == [(1, 53), (5, 28)]


def test_a_rule_needs_a_fact_a_wrong_target_or_a_wrong_claim(tmp_path: Path) -> None:
    broken = "ruleset: bad\nrules:\n  - id: bad.x\n    kind: mechanism\n    message: m\n    subjects: [a]\n"
    with pytest.raises(KlintError, match="needs 'targets', 'wrong-targets' or 'wrong-claims'"):
        ruleset_linter(tmp_path, broken)
    orphan = broken + "    wrong: [block]\n"
    with pytest.raises(KlintError, match="'wrong' verbs and 'roles' need 'targets'"):
        ruleset_linter(tmp_path, orphan)
