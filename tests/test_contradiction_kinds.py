"""Each kind of contradiction the consistency rule set knows, with a conflicting and a
compatible variant: side effects that occur or not, onset, how long the benefit lasts,
where the treatment is taken, legal status, and approval years across a site."""

from __future__ import annotations

from pathlib import Path

import pytest

from klint.config import Config, load_config
from klint.linter import Linter, load_rules
from klint.runner import CheckOptions, run_check
from tests.helpers import lint_text, ruleset_linter

Position = tuple[str, int, int, list[tuple[int, int]]]


def consistency_linter() -> Linter:
    config = Config(rulesets=("consistency",))
    return Linter(config, load_rules(config))


def found(text: str) -> list[Position]:
    """(rule without its rule set, line, column, related line and column) of each finding."""
    return [
        (
            f.rule.split(".", 1)[1],
            f.start.line,
            f.start.column,
            [(r.start.line, r.start.column) for r in f.related],
        )
        for f in lint_text(consistency_linter(), text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # side effects said not to occur, then listed
        (
            "Our laser treatment is painless and causes no side effects.\n\n"
            "The most common side effects are redness and mild swelling for a day or two.\n",
            [("side-effect-frequency", 3, 10, [(1, 44)])],
        ),
        (
            "Every vitamin drip is gentle, with zero side effects.\n\n"
            "A few clients notice dizziness or a headache after their first session.\n",
            [("side-effect-frequency", 3, 15, [(1, 36)])],
        ),
        (
            "Ketamine therapy has no side effects.\n\n"
            "Side effects include nausea and a brief rise in blood pressure.\n",
            [("side-effect-frequency", 3, 14, [(1, 22)])],
        ),
        # "the most common side effects" says side effects are common
        (
            "Side effects are uncommon with this medication.\n\n"
            "Its most common side effects include nausea and dizziness.\n",
            [("side-effect-frequency", 3, 10, [(1, 14)])],
        ),
        # onset: at once, versus after several sessions or several weeks
        (
            "Ketamine brings instant relief.\n\n"
            "Most people need a few infusions before they notice a difference.\n",
            [("onset", 3, 18, [(1, 17)])],
        ),
        (
            "Sertraline starts working right away.\n\n"
            "Most people feel better after three to four weeks of daily use.\n",
            [("onset", 3, 25, [(1, 27)])],
        ),
        # how long the benefit lasts: permanent, versus undone or fading
        (
            "These results are permanent.\n\n"
            "When treatment stops, many patients regain most of the weight.\n",
            [("effect-duration", 3, 37, [(1, 19)])],
        ),
        (
            "A full course brings permanent relief from depression.\n\n"
            "For many people, symptoms return within a few months of the last session.\n",
            [("effect-duration", 3, 18, [(1, 22)])],
        ),
        (
            "The benefits are lifelong.\n\nThe benefits gradually fade, so we offer boosters.\n",
            [("effect-duration", 3, 24, [(1, 18)])],
        ),
        # where it is taken
        (
            "After two months, you can take it at home.\n\n"
            "Esketamine must be taken in a certified healthcare setting.\n",
            [("treatment-setting", 3, 12, [(1, 35)])],
        ),
        (
            "Spravato must be given in a certified clinic.\n\n"
            "Later, many patients continue Spravato at home.\n",
            [("treatment-setting", 3, 40, [(1, 10)])],
        ),
        # legal status
        (
            "Psilocybin therapy is now legal and FDA-approved.\n\n"
            "Psilocybin remains illegal under federal law.\n",
            [("legal-status", 3, 20, [(1, 27)])],
        ),
        (
            "MDMA therapy is fully legal.\n\nMDMA is still a Schedule I drug.\n",
            [("legal-status", 3, 6, [(1, 17)])],
        ),
        # an approval year stated for a product with no use, and with one
        (
            "Esketamine, the nasal spray the FDA approved in 2017, is given in clinics.\n\n"
            "Esketamine was approved by the FDA in 2019 for treatment-resistant depression.\n",
            [("fda-approval-year", 3, 36, [(1, 46)])],
        ),
    ],
)
def test_statements_that_cannot_both_stand(text: str, expected: list[Position]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # rare side effects still happen to someone
        "Side effects are uncommon.\n\nPatients sometimes feel nausea during an infusion.\n",
        # a subset of side effects, and a share of patients, are not "no side effects"
        "The treatment has no serious side effects.\n\n"
        "The most common side effects include headache and fatigue.\n",
        "Most patients have no side effects at all.\n\n"
        "The most common side effects are headache and fatigue.\n",
        # a hedge, a myth refuted, another treatment, a feeling that is no side effect
        "There are no side effects.\n\nYou may feel tired after a session.\n",
        "Myth: ketamine has no side effects.\n\nThe most common side effects include nausea and dizziness.\n",
        "TMS causes no side effects.\n\n"
        "The most common side effects of antidepressants are weight gain and drowsiness.\n",
        "Ketamine has no side effects.\n\nMost patients feel better after their first infusion.\n",
        # a restricted list, and conditionals
        "TMS has no side effects such as weight gain.\n\nThe most common side effect is scalp discomfort.\n",
        "If you have no side effects after the first infusion, we raise the dose.\n\n"
        "The most common side effects are nausea and dizziness.\n",
        "If you feel dizziness after an infusion, tell your nurse.\n\n"
        "The treatment causes no side effects.\n",
        # onset: days agree with several sessions; wearing off is not onset; hedges; other subjects
        "Relief often starts within days.\n\n"
        "Most people need several infusions before they notice a change.\n",
        "Ketamine works within hours.\n\nIts effects usually wear off after a few weeks.\n",
        "Ketamine may bring instant relief for some.\n\n"
        "Most people need several infusions before they notice a change.\n",
        "Ketamine brings instant relief.\n\n"
        "With SSRIs, most people notice improvement after four to six weeks.\n",
        # onset: going back to work, a study's time point, the length of a course
        "Relief comes within hours.\n\nMost patients return to work after 24 hours.\n",
        "Most people notice improvement after two weeks.\n\nYou can go back to work right away.\n",
        "Ketamine acts within hours.\n\nIn the trial, results after four weeks showed a large benefit.\n",
        "Relief often comes right away.\n\nIt takes six sessions to complete the first phase of care.\n",
        # duration: one infusion versus a series, a denial, a hedge, a conditional
        "The benefit of a single infusion fades within weeks.\n\nA full series brings permanent results.\n",
        "These results are permanent.\n\nYou won't regain the weight you lost.\n",
        "These results are permanent.\n\nSome people may regain weight after stopping.\n",
        "Our results are permanent.\n\nIf symptoms return, we offer a booster infusion.\n",
        # setting: going home is not taking it at home; warnings about unsupervised use; denials;
        # supervision, which can be remote, is not a place
        "After your session, rest at home for the evening.\n\nKetamine must be given in our clinic.\n",
        "The FDA has warned about compounded ketamine taken at home without monitoring.\n\n"
        "Our infusions must be given in our clinic.\n",
        "Esketamine must be taken in a certified healthcare setting.\n\nYou cannot take it at home.\n",
        "You take your oral antidepressant at home.\n\n"
        "Esketamine must be taken in a certified healthcare setting.\n",
        "Semaglutide must be used under medical supervision.\n\n"
        "You inject semaglutide at home once a week.\n",
        # legal: a state's law and the federal law; a controlled substance; other subjects; questions;
        # what is illegal to do is not the substance's status
        "Psilocybin is legal in Oregon under a state program.\n\n"
        "Psilocybin remains illegal under federal law.\n",
        "Ketamine is a Schedule III controlled substance.\n\nKetamine is legal for certain uses.\n",
        "Ketamine is legal.\n\nPsilocybin is still illegal under federal law.\n",
        "## Is psilocybin legal?\n\nPsilocybin is still illegal under federal law.\n",
        "Ketamine is legal.\n\nIt is illegal to drive for 24 hours after an infusion.\n",
        "Ketamine is legal.\n\nAlcohol is prohibited for a day after treatment.\n",
        # approval years: a later approval, another verb's year, another product and use
        "Esketamine was approved by the FDA in 2019 for treatment-resistant depression.\n\n"
        "In 2020 the FDA also approved esketamine for depressive symptoms with suicidal thoughts.\n",
        "Ketamine was first made in 1962 and was approved by the FDA in 1970.\n\n"
        "The FDA approved ketamine in 1970.\n",
        "The FDA approved ketamine for anesthesia in 1970.\n\n"
        "The FDA approved esketamine for depression in 2019.\n",
    ],
)
def test_statements_that_can_both_stand(text: str) -> None:
    assert found(text) == []


# -- across the documents of a site ------------------------------------------------------------
def test_an_approval_year_conflicts_across_the_pages_of_a_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "klint.yaml").write_text("select: [consistency]\n", encoding="utf-8")
    (tmp_path / "spray.md").write_text(
        "---\nsite: Clinic\n---\nEsketamine nasal spray was approved by the FDA in 2019 for depression.\n",
        encoding="utf-8",
    )
    (tmp_path / "tms.md").write_text(
        "---\nsite: Clinic\n---\n# TMS\n\n"
        "Our clinic offers esketamine, the nasal spray the FDA approved in 2017, as well as TMS.\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path / "klint.yaml")
    run = run_check(config, load_rules(config), CheckOptions(paths=[Path("tms.md")], use_cache=False))
    assert [
        (f.path, f.rule, f.start.line, [(r.path, r.start.line) for r in f.related]) for f in run.findings
    ] == [
        ("tms.md", "consistency.fda-approval-year", 6, [("spray.md", 4)]),
    ]


# -- a value's own topic and hedges --------------------------------------------------------------
RULE = """\
ruleset: house
rules:
  - id: house.side-effects
    kind: contradiction
    category: contradiction
    message: "{value} vs {other} ({where})"
    attribute: frequency
    topic: ['side effects']
    hedges: ['\\b(?:some|may)\\b']
    dimensions: {rate: percent}
    values:
      - label: none
        patterns: ['no side effects']
        set: {rate: [0, 0]}
"""


def test_a_value_names_its_own_topic_and_hedges(tmp_path: Path) -> None:
    occur = (
        "      - label: occur\n"
        "        topic: ['nausea']\n"
        "        hedges: ['\\bmay\\b']\n"
        "        patterns: ['feel \\w+ during']\n"
        "        set: {rate: [1, 100]}\n"
    )
    linter = ruleset_linter(tmp_path, RULE + occur)
    text = "It has no side effects.\n\nSome feel nausea during a visit. Some feel calm during a visit.\n"
    assert [(f.start.line, f.start.column) for f in lint_text(linter, text)] == [(3, 6)]
    assert lint_text(linter, "It has no side effects.\n\nYou may feel nausea during a visit.\n") == []


def test_a_value_topic_must_list_patterns(tmp_path: Path) -> None:
    from klint.yamlfile import KlintError

    bad = (
        "      - label: occur\n        topic: {a: b}\n        patterns: ['x']\n        set: {rate: [1, 2]}\n"
    )
    with pytest.raises(KlintError) as error:
        ruleset_linter(tmp_path, RULE + bad)
    assert "'topic' lists patterns" in error.value.message and error.value.line == 15
