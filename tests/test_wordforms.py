"""Word forms: regular and irregular inflections, and swapping one lemma for another in kind."""

from __future__ import annotations

import pytest

from klint.rules.wordforms import (
    all_verb_forms,
    convert_noun,
    convert_verb,
    form_of,
    noun_forms,
    verb_forms,
)


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("stimulate", ("stimulates", "stimulated", "stimulating", "stimulation")),
        ("block", ("blocks", "blocked", "blocking", "blockade")),
        ("inhibit", ("inhibits", "inhibited", "inhibiting", "inhibition")),
        ("boost", ("boosts", "boosted", "boosting", "boost")),
        ("stop", ("stops", "stopped", "stopping", None)),
        ("amplify", ("amplifies", "amplified", "amplifying", "amplification")),
        ("bind", ("binds", "bound", "binding", "binding")),
        ("antagonize", ("antagonizes", "antagonized", "antagonizing", "antagonism")),
        ("antagonise", ("antagonises", "antagonised", "antagonising", "antagonism")),
        ("open", ("opens", "opened", "opening", "opening")),
    ],
)
def test_inflections(lemma: str, forms: tuple[str, str, str, str | None]) -> None:
    found = verb_forms(lemma)
    assert (found["s"], found["ed"], found["ing"], found.get("noun")) == forms
    assert found["base"] == lemma


def test_phrasal_verbs_inflect_their_first_word_and_have_no_noun() -> None:
    assert verb_forms("turn on") == {
        "base": "turn on",
        "s": "turns on",
        "ed": "turned on",
        "ing": "turning on",
    }


@pytest.mark.parametrize(
    ("word", "source", "target", "expected"),
    [
        ("stimulating", "stimulate", "block", "blocking"),
        ("Stimulates", "stimulate", "block", "Blocks"),
        ("STIMULATES", "stimulate", "block", "BLOCKS"),
        ("stimulation", "stimulate", "block", "blockade"),
        ("activated", "activate", "inhibit", "inhibited"),
        ("antagonising", "antagonize", "stimulate", "stimulating"),
        ("Boost", "boost", "block", "Block"),
        ("turning on", "turn on", "block", "blocking"),
    ],
)
def test_convert_keeps_form_and_case(word: str, source: str, target: str, expected: str) -> None:
    assert convert_verb(word, source, target) == expected


def test_convert_refuses_what_it_cannot_know() -> None:
    assert convert_verb("stopping", "activate", "block") is None  # not a form of the source
    assert convert_verb("activation", "activate", "stop") is None  # "stop" has no known action noun
    assert convert_verb("boost", "boost", "block", allowed=("noun",)) == "blockade"
    assert convert_verb("boost", "boost", "block", allowed=("base",)) == "block"


def test_role_nouns_keep_number_and_case() -> None:
    assert noun_forms("partial agonist") == {"base": "partial agonist", "plural": "partial agonists"}
    assert convert_noun("Agonists", "agonist", "antagonist") == "Antagonists"
    assert convert_noun("antagonist", "antagonist", "partial agonist") == "partial agonist"
    assert convert_noun("blocker", "agonist", "antagonist") is None


def test_matching_forms_accepts_both_spellings() -> None:
    forms = verb_forms("antagonize")
    assert form_of("antagonising", forms) == "ing"
    assert form_of("Antagonism", forms) == "noun"
    assert {"antagonise", "antagonize", "antagonism"} <= all_verb_forms(["antagonize"])
    assert all_verb_forms(["block"], ("ing",)) == {"blocking"}
