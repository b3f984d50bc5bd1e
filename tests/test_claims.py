"""Claims: quantities normalised, statements extracted with subject, context and framing."""

from __future__ import annotations

import math

import pytest

from klint.claims import Claim, conflicts
from klint.config import Config
from klint.linter import load_rules
from klint.markdown import parse
from klint.quantities import Interval, parse_number, parse_quantity
from klint.rules.contradiction import ContradictionRule

RULES = {
    rule.info.id.split(".", 1)[1]: rule
    for rule in load_rules(Config(rulesets=("consistency",)))
    if isinstance(rule, ContradictionRule)
}


def claims_of(rule: str, text: str) -> list[Claim]:
    return RULES[rule].claims(parse(text, "doc.md"))


def summary(claim: Claim) -> tuple[object, ...]:
    """What a claim says, without its position."""
    value = tuple((dim, interval.lo, interval.hi) for dim, interval in claim.value)
    return (claim.subject, claim.context, claim.label, value, claim.polarity, claim.hedged, claim.framing)


# -- numbers and quantities -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("six", (6.0, 6.0)),
        ("twenty-four", (24.0, 24.0)),
        ("Twenty four", (24.0, 24.0)),
        ("a dozen", (12.0, 12.0)),
        ("a few", (2.0, 4.0)),
        ("1,000", (1000.0, 1000.0)),
        ("0.5", (0.5, 0.5)),
        ("many", None),
    ],
)
def test_numbers_in_words_and_digits(text: str, expected: tuple[float, float] | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("percent", "less than 1%", Interval(0.0, 1.0, bounded=True)),
        ("percent", "fewer than one percent", Interval(0.0, 1.0, bounded=True)),
        ("percent", "up to 41%", Interval(0.0, 41.0, reach=41.0)),
        ("percent", "one in ten", Interval(10.0, 10.0)),
        ("percent", "half", Interval(50.0, 50.0)),
        ("percent", "the majority", Interval(50.0, 100.0, bounded=True)),
        ("percent", "between 50% and 70%", Interval(50.0, 70.0)),
        ("percent", "more than 60 percent", Interval(60.0, math.inf)),
        ("duration", "24 hours", Interval(24.0, 24.0)),
        ("duration", "an hour", Interval(1.0, 1.0)),
        ("duration", "two to three weeks", Interval(336.0, 504.0)),
        ("duration", "hours", Interval(2.0, 23.0)),
        ("duration", "40 minutes", Interval(40 / 60, 40 / 60)),
        ("year", "1970", Interval(1970, 1970)),
        ("year", "the 1970s", Interval(1970, 1979)),
        ("year", "the late 1960s", Interval(1966, 1969)),
        ("times", "three times a week", Interval(3 / 168, 3 / 168)),
        ("times", "twice weekly", Interval(2 / 168, 2 / 168)),
    ],
)
def test_quantities_normalise_to_intervals(kind: str, text: str, expected: Interval) -> None:
    found = parse_quantity(kind, text)
    assert found is not None
    assert (found.lo, found.hi) == pytest.approx((expected.lo, expected.hi))
    assert (found.bounded, found.reach) == (expected.bounded, expected.reach)


def test_interval_semantics() -> None:
    rare, common = Interval(0, 1, bounded=True), Interval(1, 100, bounded=True)
    assert rare.disjoint(common), "ranges that only touch cannot both hold"
    assert not Interval(1970, 1970).disjoint(Interval(1970, 1979)), "a year lies in its decade"
    assert Interval(1960, 1969).disjoint(Interval(1970, 1970))
    up_to = Interval(0, 41, reach=41)
    assert up_to.disjoint(Interval(0, 1, bounded=True)), "'up to 41%' exceeds a stated limit of 1%"
    assert not up_to.disjoint(Interval(30, 30)), "a typical 30% is within 'up to 41%'"
    assert Interval(0, 0.5).within(Interval(0, 0.5)) and not Interval(0, 24).within(Interval(0, 0.5))


# -- extraction ----------------------------------------------------------------------------
def test_session_counts_compare_equal_across_wordings() -> None:
    first = claims_of("treatment-course", "We give six infusions over two weeks.")
    second = claims_of("treatment-course", "Infusions are given three times a week for two weeks.")
    third = claims_of("treatment-course", "The series is 8 infusions over 4 weeks.")
    assert [summary(c)[3] for c in first] == [(("count", 6.0, 6.0), ("span", 336.0, 336.0))]
    assert [summary(c)[3] for c in second] == [(("count", 6.0, 6.0), ("span", 336.0, 336.0))]
    assert not conflicts(first[0], second[0])
    assert conflicts(first[0], third[0])


def test_decades_and_years() -> None:
    decade = claims_of("fda-approval-year", "Ketamine has been FDA-approved since the 1970s.")
    year = claims_of("fda-approval-year", "The FDA approved ketamine in 1970.")
    sixties = claims_of("fda-approval-year", "Ketamine has been approved by the FDA since the 1960s.")
    assert [summary(c)[3] for c in decade + year + sixties] == [
        (("year", 1970.0, 1979.0),),
        (("year", 1970.0, 1970.0),),
        (("year", 1960.0, 1969.0),),
    ]
    assert not conflicts(decade[0], year[0])
    assert conflicts(year[0], sixties[0])


def test_two_approvals_in_one_sentence_keep_their_own_subject_and_use() -> None:
    text = (
        "The FDA approved ketamine for anesthesia in 1970, and in 2019 it approved esketamine for depression."
    )
    found = claims_of("fda-approval-year", text)
    assert [(c.subject, dict(c.qualifiers)["use"], c.text) for c in found] == [
        ("ketamine", "anesthesia", "in 1970"),
        ("esketamine", "depression", "in 2019"),
    ]


def test_subject_of_a_relative_clause_and_of_a_comparison() -> None:
    text = "Unlike SSRIs, which can take four to six weeks to work, ketamine brings relief within hours."
    found = claims_of("onset", text)
    assert [(c.subject, c.label, c.text) for c in found] == [
        ("antidepressants", "takes", "take four to six weeks to"),
        ("ketamine", "within", "within hours"),
    ]


def test_sentences_without_a_subject_take_the_documents_main_one() -> None:
    text = "Ketamine is given by infusion. Ketamine is monitored.\n\nRelief often comes within hours.\n"
    assert [c.subject for c in claims_of("onset", text)] == ["ketamine"]


def test_myth_framing_denies_the_statement() -> None:
    text = "## Myth: Ketamine is addictive\n\nMany people believe it gives instant results.\n"
    addiction = claims_of("addiction", text)
    onset = claims_of("onset", text)
    assert [summary(c)[4:] for c in addiction] == [("denied", False, "myth")]
    assert [summary(c)[4:] for c in onset] == [("denied", False, "myth")]


def test_refutation_before_the_statement_keeps_it_asserted() -> None:
    text = "Contrary to the myth, ketamine is not addictive when used in a clinical setting.\n"
    assert [summary(c)[1:] for c in claims_of("addiction", text)] == [
        ("clinical", "addictive", (("addictive", 1.0, 1.0),), "denied", False, ""),
    ]


def test_questions_are_not_claims_and_hedges_are_marked() -> None:
    assert claims_of("addiction", "## Is ketamine addictive?\n\nWe answer below.\n") == []
    hedged = claims_of("onset", "Some patients may feel relief within hours.")
    assert [c.hedged for c in hedged] == [True]


def test_context_separates_misuse_from_clinical_use() -> None:
    text = "Misuse of ketamine can lead to dependence. Ketamine isn't addictive when used as prescribed.\n"
    found = claims_of("addiction", text)
    assert [(c.context, c.polarity) for c in found] == [("recreational", "asserted"), ("clinical", "denied")]


def test_side_effect_subsets_are_not_general_frequency_claims() -> None:
    text = (
        "Common side effects include nausea. Serious side effects are rare. Rare side effects include rash."
    )
    assert [c.label for c in claims_of("side-effect-frequency", text)] == ["common"]


def test_dissociative_effects_are_not_the_treatments_effect() -> None:
    text = "It may cause mild dissociative effects. These short-lasting effects help some patients."
    assert claims_of("effect-duration", text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It's a common misconception that ketamine works overnight.", ("denied", "myth")),
        ("Ketamine is often portrayed as giving instant results.", ("denied", "myth")),
        ("Contrary to what many believe, ketamine brings relief within hours.", ("asserted", "")),
        (
            "Many people think it acts slowly, but in fact ketamine brings relief within hours.",
            ("asserted", ""),
        ),
    ],
)
def test_how_a_myth_is_told_apart_from_its_refutation(text: str, expected: tuple[str, str]) -> None:
    assert [(c.polarity, c.framing) for c in claims_of("onset", text)][-1:] == [expected]


def test_contrary_to_the_myth_that_keeps_the_myth_a_myth() -> None:
    found = claims_of(
        "addiction", "Contrary to the myth that it is addictive, ketamine is safe when supervised."
    )
    assert [(c.text, c.polarity, c.framing) for c in found] == [("is addictive", "denied", "myth")]


def test_an_appositive_does_not_take_the_subject() -> None:
    text = "The FDA approved Spravato, a ketamine-derived nasal spray, in 2019. "
    text += "Esketamine, the S-enantiomer of ketamine, was approved in 2019."
    assert [c.subject for c in claims_of("fda-approval-year", text)] == ["esketamine", "esketamine"]
