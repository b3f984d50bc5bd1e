"""Word forms of English verbs and role nouns, so a fix can swap one lemma for another in kind.

"stimulating" is the ing-form of *stimulate*; the same form of *block* is "blocking", and
the action noun "stimulation" becomes "blockade". Spelling rules give most forms;
:data:`IRREGULAR` holds what no rule predicts (past tenses like "bound", and action nouns,
which English builds in many ways). Phrasal verbs inflect their first word ("turns on").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from klint import patterns
from klint.rules.base import keep_case

#: The verb forms, in the order they are generated.
VERB_FORMS = ("base", "s", "ed", "ing", "noun")
#: The forms of a role noun ("agonist", "partial agonist").
NOUN_FORMS = ("base", "plural")

#: Forms the spelling rules get wrong or cannot know; keyed by lemma.
IRREGULAR: Mapping[str, Mapping[str, str]] = {
    "agonize": {"noun": "agonism"},
    "amplify": {"noun": "amplification"},
    "antagonize": {"noun": "antagonism"},
    "bind": {"ed": "bound", "noun": "binding"},
    "block": {"noun": "blockade"},
    "boost": {"noun": "boost"},
    "depolarize": {"noun": "depolarization"},
    "deplete": {"noun": "depletion"},
    "enhance": {"noun": "enhancement"},
    "excite": {"noun": "excitation"},
    "flood": {"noun": "flooding"},
    "increase": {"noun": "increase"},
    "induce": {"noun": "induction"},
    "inhibit": {"noun": "inhibition"},
    "open": {"noun": "opening"},
    "produce": {"noun": "production"},
    "promote": {"noun": "promotion"},
    "raise": {"noun": "rise"},
    "reduce": {"noun": "reduction"},
    "release": {"noun": "release"},
    "shock": {"noun": "shock"},
    "shut": {"ed": "shut"},
    "strengthen": {"noun": "strengthening"},
    "suppress": {"noun": "suppression"},
    "trigger": {"noun": "triggering"},
}

_VOWEL_GROUP = patterns.compile(r"[aeiouy]+")
_IZE_ENDING = patterns.compile(r"iz(?=(?:e|es|ed|ing|ation)$)")


def _single_syllable_cvc(word: str) -> bool:
    """Whether the final consonant doubles before -ed/-ing ("stop" -> "stopped")."""
    return (
        len(word) >= 3
        and len(_VOWEL_GROUP.findall(word)) == 1
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    )


def _third_person(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ied"
    if _single_syllable_cvc(word):
        return word + word[-1] + "ed"
    return word + "ed"


def _gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    if _single_syllable_cvc(word):
        return word + word[-1] + "ing"
    return word + "ing"


def _action_noun(word: str) -> str | None:
    if word.endswith("ate"):
        return word[:-1] + "ion"
    if word.endswith(("ize", "ise")):
        return word[:-1] + "ation"
    if word.endswith("ify"):
        return word[:-1] + "ication"
    return None


def _british(word: str) -> str:
    """The -ise spelling of an -ize word ("antagonize" -> "antagonise")."""
    return _IZE_ENDING.sub("is", word)


def verb_forms(lemma: str) -> dict[str, str]:
    """Every form of a verb lemma that has one: base, s, ed, ing and (when known) noun."""
    head, _, rest = lemma.strip().lower().partition(" ")
    lemma_key = _american(head)
    forms = {
        "base": head,
        "s": _third_person(head),
        "ed": _past(head),
        "ing": _gerund(head),
    }
    noun = _action_noun(head)
    if noun:
        forms["noun"] = noun
    for form, word in IRREGULAR.get(lemma_key, {}).items():
        forms[form] = word if head == lemma_key else _british(word)
    tail = f" {rest}" if rest else ""
    # A phrasal verb ("turn on") has no action noun of its own.
    return {form: word + tail for form, word in forms.items() if not (rest and form == "noun")}


def _american(word: str) -> str:
    """The -ize spelling of a long -ise word, to look the lemma up in :data:`IRREGULAR`."""
    return word[:-3] + "ize" if word.endswith("ise") and len(word) > 7 else word


def noun_forms(noun: str) -> dict[str, str]:
    """Singular and plural of a role noun; the last word takes the plural."""
    noun = noun.strip().lower()
    words = noun.split(" ")
    last = words[-1]
    if last.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return {"base": noun, "plural": " ".join([*words[:-1], plural])}


def spellings(forms: Mapping[str, str]) -> set[str]:
    """The forms with their -ise/-ize variants, for matching copy in either spelling."""
    return set(forms.values()) | {_british(word) for word in forms.values()}


def all_verb_forms(lemmas: Iterable[str], forms: Iterable[str] = VERB_FORMS) -> set[str]:
    """The chosen forms of several lemmas, in both spellings."""
    wanted = set(forms)
    found: set[str] = set()
    for lemma in lemmas:
        found |= spellings({k: v for k, v in verb_forms(lemma).items() if k in wanted})
    return found


def form_of(word: str, forms: Mapping[str, str], allowed: Iterable[str] | None = None) -> str | None:
    """Which form ``word`` is (case and -ise/-ize spelling ignored), among ``allowed`` forms."""
    lowered = " ".join(word.lower().replace("’", "'").split())
    for form in allowed or forms:
        value = forms.get(form)
        if value is not None and _british(lowered) == _british(value):
            return form
    return None


def convert_verb(word: str, source: str, target: str, allowed: Iterable[str] | None = None) -> str | None:
    """``word`` (a form of verb ``source``) as the same form of verb ``target``, case kept.

    None when ``word`` is no form of ``source`` or ``target`` lacks that form (no known
    action noun, say), so callers never offer a made-up word.
    """
    form = form_of(word, verb_forms(source), allowed)
    if form is None:
        return None
    replacement = verb_forms(target).get(form)
    return keep_case(word, replacement) if replacement else None


def convert_noun(word: str, source: str, target: str) -> str | None:
    """``word`` (singular or plural of role noun ``source``) as the same number of ``target``."""
    form = form_of(word, noun_forms(source))
    if form is None:
        return None
    return keep_case(word, noun_forms(target)[form])
