"""The ``statistic`` kind and the shipped unsourced-statistic rule: claims, sources, fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from klint.linter import Linter
from klint.markdown import parse
from klint.rules import figures
from klint.rules.base import first_of
from tests.helpers import lint_text, ruleset_linter

RULE = "health-core.unsourced-statistic"


def _stats(linter: Linter, text: str) -> list[tuple[int, int, str]]:
    """(line, column, flagged text) of each unsourced-statistic finding."""
    return [
        (f.start.line, f.start.column, text[f.span.start : f.span.end])
        for f in lint_text(linter, text)
        if f.rule == RULE
    ]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Fewer than 2% of clients report nausea.\n", "Fewer than 2%"),
        ("Roughly 60 percent of people respond.\n", "Roughly 60 percent"),
        ("Seven out of 10 patients feel better.\n", "Seven out of 10"),
        ("Anxiety touches 1 in 4 adults.\n", "1 in 4"),
        ("Responders were 4 times more likely to stay well.\n", "4 times more"),
        ("It works twice as fast as pills.\n", "twice as"),
        ("The odds rose threefold after treatment.\n", "rose threefold"),
        ("We saw a 3-fold increase in remission.\n", "3-fold"),
        ("Over 400 clinical studies back this therapy.\n", "Over 400 clinical studies"),
        ("Hundreds of trials have tested it.\n", "Hundreds of trials"),
        ("About 17 million adults have had a depressive episode.\n", "About 17 million adults"),
        ("Nearly half never try a second medication.\n", "Nearly half"),
        ("Two-thirds of patients improve.\n", "Two-thirds of patients"),
        ("Our remission rate is up to 65%.\n", "up to 65%"),
    ],
)
def test_evidence_claims_without_a_source_are_flagged(
    shipped_linter: Linter, text: str, flagged: str
) -> None:
    [(line, column, found)] = _stats(shipped_linter, text)
    assert (line, found) == (1, flagged)
    assert column == text.index(flagged) + 1


@pytest.mark.parametrize(
    "text",
    [
        "Each infusion lasts 40 minutes at 0.5 mg/kg.\n",
        "Plan on six sessions within two to three weeks.\n",
        "A session costs $450, and we offer 10% off for veterans.\n",
        "Call (555) 201-7788 or text 988 in a crisis.\n",
        "Ketamine was approved in 1970 and scheduled in 1999.\n",
        "Patients must be 18 or older; our director has 20 years of experience.\n",
        "## Myth 3: ketamine is only for horses\n",
        "1. Book a call\n2. Meet the team\n",
        "Our program is 100% online.\n",
        "Two patients shared their stories with us.\n",
        "We have treated over 3,000 patients since 2015.\n",
        "Nearly half the usual dose is enough for most people.\n",
        "This twofold approach pairs medicine with therapy.\n",
        "Myth: 90% of patients become addicted.\n",
    ],
)
def test_numbers_that_are_not_evidence_pass(shipped_linter: Linter, text: str) -> None:
    assert _stats(shipped_linter, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "In one trial, 52% of adults responded (Nguyen et al., 2021).\n",
        "Remission reached 29% [2] in the pooled trials.\n",
        "Remission reached 29% in the pooled trials.[^a]\n\n[^a]: Pooled analysis, 2020.\n",
        "About 41% had dissociation, according to the Spravato prescribing information.\n",
        "Nearly 1 in 5 adults lives with a mental illness ([NIMH](https://www.nimh.nih.gov/)).\n",
        "Kim and Lee (2022) followed 120 patients for a year.\n",
        "Response rates near 50% were seen. The trial was published in JAMA Psychiatry (Lopez, 2019).\n",
        "Response rates near 50% were seen. (Lopez, 2019)\n",
        "Three key studies stand out:\n\n- Fast relief in bipolar depression (Ortega & Diaz, 2018).\n",
        "## 70% of Patients Respond\n\nThat is the pooled response rate (Ito et al., 2020).\n",
    ],
)
def test_a_source_in_the_sentence_or_right_after_it_counts(shipped_linter: Linter, text: str) -> None:
    assert _stats(shipped_linter, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Studies show 70% of patients improve.\n",
        "According to a 2019 FDA study, 70% of patients improve.\n",
        "Research has found that 70% of patients improve.\n",
        "Up to 70% of patients improve.[^missing]\n",
        "Up to 70% of patients improve. Read our [guide](/guides/ketamine).\n",
        "Up to 70% of patients improve. Most feel better within days (Lopez, 2019).\n",
    ],
)
def test_vague_attributions_and_unrelated_sources_are_not_sources(shipped_linter: Linter, text: str) -> None:
    assert [line for line, _, _ in _stats(shipped_linter, text)] == [1]


def test_one_finding_per_clause_with_a_citation_placeholder_suggestion(shipped_linter: Linter) -> None:
    text = "Intro line.\n\nAlmost 50% relapse, and 1 in 3 never respond. Sessions run 40 minutes.\n"
    findings = [f for f in lint_text(shipped_linter, text) if f.rule == RULE]
    assert [(f.start.line, f.start.column, f.end.column) for f in findings] == [(3, 1, 11), (3, 25, 31)]
    edits = []
    for finding in findings:
        fix = finding.fix
        assert fix is not None and fix.applicability == "unsafe"
        edits += fix.edits
    assert [((e.start.line, e.start.column, e.end.column), e.replacement) for e in edits] == [
        ((3, 19, 19), " [citation needed]"),
        ((3, 45, 45), " [citation needed]"),
    ]
    fixed = text
    for edit in reversed(edits):
        fixed = fixed[: edit.span.start] + edit.replacement + fixed[edit.span.end :]
    assert (
        "Almost 50% relapse [citation needed], and 1 in 3 never respond [citation needed]. Sessions" in fixed
    )
    assert not [f for f in shipped_linter.lint_document(parse(fixed)) if f.rule == RULE]


@pytest.mark.parametrize(
    "text",
    [
        "Remission was 22.5% versus 7.6% on placebo.\n",
        "Between 60 and 70 percent of patients respond within 24 hours.\n",
    ],
)
def test_figures_of_one_statement_give_one_finding(shipped_linter: Linter, text: str) -> None:
    assert len(_stats(shipped_linter, text)) == 1


def test_vocabularies_are_rule_options(tmp_path: Path) -> None:
    rules = """\
ruleset: local
rules:
  - id: local.stats
    kind: statistic
    category: unsourced-statistic
    message: "'{match}' needs a source."
    evidence-nouns: [surveys]
    population-nouns: [nurses]
    min-population: 3
    qualifiers: [barely]
    non-evidence: ['\\d+\\s*%\\s+cocoa']
    citations: ['\\bper\\s+the\\s+registry\\b']
    placeholder: "[source?]"
"""
    linter = ruleset_linter(tmp_path, rules)
    text = (
        "Barely 5 nurses answered. Twelve surveys agree.\n\n"
        "Our bar is 70% cocoa. Per the registry, 30% of units comply.\n"
    )
    findings = lint_text(linter, text)
    assert [(f.start.line, f.start.column, text[f.span.start : f.span.end]) for f in findings] == [
        (1, 1, "Barely 5 nurses"),
        (1, 27, "Twelve surveys"),
    ]
    assert findings[0].fix.edits[0].replacement == " [source?]"  # type: ignore[union-attr]


#: Where a claim starts with a word, as one alternation (what ``figures.WORD_STARTS`` splits up).
_WORD_START = (
    rf"\b(?:{figures.NUMBER_WORD}|(?:one|a|two|three)[- ]?(?=half|third|quarter|fifth)|half|third"
    r"|quarter|fifth|twice|thrice|hundreds|thousands|dozens|millions|scores|tens\s+of"
    r"|(?:vast|overwhelming|large|clear|great)(?=\s+majority))"
)
_WORDS = ["one", "a", "two", "Three", "twenty", "seventeen", "seven", "ten", "tens", "half", "thirds", "of"]
_WORDS += ["dozen", "hundred", "Million", "vast", "majority", "quarter", "fifth", "twice", "x", "ſix"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(["", " ", "-", "  ", ". "])), max_size=10))
def test_word_starts_split_up_find_what_one_alternation_finds(words: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in words)
    flags = regex.I | regex.UNICODE
    parts = [regex.compile(start, flags) for start in figures.WORD_STARTS]
    expected = [m.span() for m in regex.finditer(_WORD_START, text, flags)]
    assert [m.span() for m in first_of(parts, text, "r")] == expected
