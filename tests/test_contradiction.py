"""The ``contradiction`` kind: conflicts within a document, against a claims library, and
the statements that must not conflict (myths, hedges, rare-vs-serious, other subjects)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from klint.cli import main
from klint.config import Config
from klint.linter import Linter, load_rules
from klint.model import Finding
from klint.yamlfile import KlintError
from tests.helpers import lint_text, ruleset_linter

ARTICLE = """\
---
title: "Ketamine infusions explained"
site: Example Clinic
---

Many people assume ketamine works instantly, but the truth is more nuanced.

## Safety

Fewer than 1% of our patients experience side effects, and those are usually mild.

Common side effects include nausea and dizziness.

Taken with certain medications, ketamine can cause life-threatening side effects.

## Results

The benefits are usually temporary, so most patients return for boosters.

Unlike antidepressants, ketamine delivers immediate relief.

A full series typically brings permanent results.
"""


def consistency_linter(**config: object) -> Linter:
    cfg = Config(rulesets=("consistency",), **config)  # type: ignore[arg-type]
    return Linter(cfg, load_rules(cfg))


def positions(findings: list[Finding]) -> list[tuple[str, int, int, list[tuple[int, int]]]]:
    return [
        (f.rule, f.start.line, f.start.column, [(r.start.line, r.start.column) for r in f.related])
        for f in findings
    ]


def test_within_a_document_each_conflict_points_at_the_later_statement() -> None:
    findings = lint_text(consistency_linter(), ARTICLE)
    assert positions(findings) == [
        ("consistency.side-effect-frequency", 12, 1, [(10, 1)]),
        ("consistency.side-effect-severity", 14, 52, [(10, 78)]),
        ("consistency.onset", 20, 43, [(6, 35)]),
        ("consistency.effect-duration", 22, 32, [(18, 26)]),
    ]
    assert findings[0].message == (
        "How often side effects occur: 'Common' contradicts 'Fewer than 1% of our patients' (line 10)."
    )
    assert findings[2].message == (
        "How soon it works: 'immediate' contradicts 'instantly' (presented as a misconception) (line 6)."
    )
    assert findings[2].related[0].path == "doc.md"
    assert all(f.category == "contradiction" and f.fix is None for f in findings)


def test_a_statement_conflicting_with_two_others_lists_both() -> None:
    text = (
        "Some people think the effects are permanent.\n\n"
        "These effects are usually transient.\n\n"
        "Three infusions typically provide permanent effects.\n"
    )
    assert positions(lint_text(consistency_linter(), text)) == [
        ("consistency.effect-duration", 5, 35, [(1, 35), (3, 27)]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a myth refuted, then the truth (misuse is a context of its own)
        "## Myth: ketamine is addictive\n\nIn fact, misuse of ketamine can lead to dependence.\n",
        # hedged statements are not compared
        "Some patients feel better within hours.\n\nKetamine usually takes several weeks to work.\n",
        # rare and serious can both be true
        "There is a low likelihood of adverse effects.\n\n"
        "Combined with some drugs, ketamine can cause life-threatening side effects.\n",
        # a conditional statement is compared only with statements under the same condition
        "Ketamine is not addictive when used as prescribed.\n\nKetamine carries a risk of dependence.\n",
        # other subjects
        "SSRIs take several weeks to work.\n\nKetamine works within hours.\n",
        # both sides in one sentence qualify each other
        "Side effects are usually mild, though they can be life-threatening with alcohol.\n",
        # questions ask, they do not claim
        "## Does ketamine work instantly?\n\nKetamine provides immediate relief for many.\n",
        # a subset of side effects is not side effects in general
        "Common side effects include nausea.\n\nSerious side effects are rare.\n",
        # the same value in other words
        "We give six infusions over two weeks.\n\nInfusions are given three times a week for two weeks.\n",
        "Ketamine has been FDA-approved since the 1970s.\n\nThe FDA approved ketamine in 1970.\n",
    ],
)
def test_statements_that_can_both_stand(text: str) -> None:
    assert lint_text(consistency_linter(), text) == []


# -- claims library ---------------------------------------------------------------------
LIBRARY = """\
claims:
  - id: ketamine-first-approval
    type: fda-approval-year
    wording: "Ketamine was first approved by the FDA in 1970, as an anesthetic."
    source: "Ketalar label"
  - id: side-effects-common
    type: side-effect-frequency
    value: common
    wording: "Side effects such as nausea are common and pass within hours."
    source: "Spravato prescribing information"
"""


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "approved.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def test_a_statement_differing_from_the_library_points_at_the_entry(library: Path) -> None:
    text = "# Our history\n\nKetamine has been FDA-approved since the 1960s.\n\nSide effects are rare.\n"
    findings = lint_text(consistency_linter(claims_library=library), text)
    assert positions(findings) == [
        ("consistency.fda-approval-year", 3, 32, [(2, 1)]),
        ("consistency.side-effect-frequency", 5, 14, [(6, 1)]),
    ]
    first = findings[0]
    assert first.related[0].path == "approved.yaml"
    assert first.message == (
        "When it was FDA-approved: 'since the 1960s' contradicts the approved claim "
        "'ketamine-first-approval' (approved.yaml:2)."
    )
    assert first.fix is not None and first.fix.applicability == "unsafe"
    [edit] = first.fix.edits
    assert (edit.start.line, edit.start.column, edit.end.column) == (3, 1, 48)
    assert edit.replacement == "Ketamine was first approved by the FDA in 1970, as an anesthetic."


def test_statements_matching_the_library_pass(library: Path) -> None:
    text = "Ketamine was FDA-approved in 1970.\n\nNausea and other side effects are common.\n"
    assert lint_text(consistency_linter(claims_library=library), text) == []


@pytest.mark.parametrize(
    ("entry", "message", "line"),
    [
        ("  - id: x\n    type: onset\n    wording: Relief within hours.\n", "needs 'source'", 2),
        (
            "  - id: x\n    type: onset\n    source: s\n    colour: red\n    value: rapid\n",
            "unknown key 'colour'",
            2,
        ),
        (
            "  - id: x\n    type: onset\n    source: s\n    wording: We are open daily.\n",
            "states no 'onset'",
            2,
        ),
        ("  - id: x\n    type: onset\n    source: s\n    value: soon\n", "'value' must be one of", 2),
    ],
)
def test_library_mistakes_name_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, message: str, line: int
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib.yaml").write_text("claims:\n" + entry, encoding="utf-8")
    with pytest.raises(KlintError) as error:
        consistency_linter(claims_library=tmp_path / "lib.yaml")
    assert message in error.value.message
    assert (error.value.path, error.value.line) == ("lib.yaml", line)


# -- rule-set validation ----------------------------------------------------------------
RULE = """\
ruleset: house
rules:
  - id: house.onset
    kind: contradiction
    category: contradiction
    message: "{value} vs {other} ({where})"
    attribute: onset
    topic: ['relief']
    dimensions: {onset: duration}
    values:
"""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            "      - label: fast\n        patterns: ['fast']\n        set: {speed: [0, 1]}\n",
            "unknown dimension 'speed'",
        ),
        (
            "      - label: soon\n        patterns: ['within {duration}']\n        set: {onset: '<weeks'}\n",
            "placeholders",
        ),
        ("      - label: soon\n        patterns: ['soon']\n        colour: red\n", "unknown key 'colour'"),
        ("      - label: soon\n        patterns: ['(soon']\n", "bad regex"),
    ],
)
def test_claim_type_mistakes_name_the_rule_and_line(tmp_path: Path, values: str, message: str) -> None:
    with pytest.raises(KlintError) as error:
        ruleset_linter(tmp_path, RULE + values)
    assert message in error.value.message and "house.onset" in error.value.message
    assert error.value.line == 11


def test_a_new_claim_type_is_a_yaml_edit(tmp_path: Path) -> None:
    linter = ruleset_linter(
        tmp_path,
        RULE
        + "      - label: within\n        patterns: ['within {duration}']\n"
        + "        set: {onset: '<duration'}\n"
        + "      - label: takes\n        patterns: ['after {duration}']\n        set: {onset: '>duration'}\n",
    )
    findings = lint_text(linter, "Relief comes within 2 days.\n\nRelief comes after three weeks.\n")
    assert [(f.rule, f.start.line, f.message) for f in findings] == [
        ("house.onset", 3, "'after three weeks' vs 'within 2 days' (line 1)"),
    ]


# -- klint claims -------------------------------------------------------------------------
def test_claims_command_lists_what_the_files_assert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["claims", "--ruleset", "consistency", "--format", "json", "a.md"]) == 0
    rows = json.loads(capsys.readouterr().out)["claims"]
    first = rows[0]
    assert {k: first[k] for k in ("path", "line", "column", "type", "polarity", "framing", "display")} == {
        "path": "a.md",
        "line": 6,
        "column": 35,
        "type": "onset",
        "polarity": "denied",
        "framing": "myth",
        "display": "immediate: onset ≤ 30 min",
    }
    assert [(r["line"], r["type"]) for r in rows] == [
        (6, "onset"),
        (10, "side-effect-frequency"),
        (10, "side-effect-severity"),
        (12, "side-effect-frequency"),
        (14, "side-effect-severity"),
        (18, "effect-duration"),
        (20, "onset"),
        (22, "effect-duration"),
    ]
    assert main(["claims", "--ruleset", "consistency", "a.md"]) == 0
    second = capsys.readouterr().out.splitlines()[1]
    assert second == (
        "a.md:10:1: side-effect-frequency [ketamine] share of patients: rate ≤ 1% (asserted) "
        "'Fewer than 1% of our patients'"
    )
