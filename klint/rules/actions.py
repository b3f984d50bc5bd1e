"""How copy phrases an action on a target, as regex parts for the ``mechanism`` kind.

One action, five forms: a verb with its object ("stimulates NMDA receptors", with a few
filler words between), an -ing compound ("NMDA-activating"), a passive ("NMDA receptors
are activated"), an action noun ("NMDA receptor activation", "activation of NMDA
receptors") and a role noun ("an NMDA agonist"). Each form is a named group, so the rule
knows which form it found and can offer the fix in the same form.
"""

from __future__ import annotations

import regex

from klint.rules import wordforms

#: Words that may stand between an action and its target: "stimulates the brain's NMDA receptors".
FILLER = (
    r"(?:(?:the|a|an|its|their|these|those|your|our|all|both|some|many|more|most|of|specific|certain"
    r"|key|so-called|glutamate|glutamatergic|postsynaptic|synaptic|neuronal|cortical|brain|[\w-]+['’]s)"
    r"\s+){0,3}"
)
#: Before a wrong target, up to two modifiers of any kind: "activates the dopamine receptors".
ANY_FILLER = (
    r"(?:(?:\w+ly\s+)?(?!(?:so|and|or|but|to|that|which|then|thus|while|as|in|on|at|by|for|with|from|of"
    r"|not|than|into|via|through|is|are)\b)[\w+'’-]+\s+){0,2}"
)
#: Actions that are wrong whatever the verb when the target is one the drug does not act on.
ACTION_LEMMAS = (
    "activate", "stimulate", "bind", "bind to", "block", "antagonize", "agonize", "target", "act on",
    "act at", "work on", "excite", "turn on", "switch on", "open", "occupy",
)  # fmt: skip
ACTION_ROLES = ("agonist", "antagonist", "blocker", "activator", "stimulator")
VERB_FORMS = ("base", "s", "ed", "ing")


def words(forms: set[str], adverb: bool = False) -> str:
    """An alternation of words; with ``adverb``, phrasal verbs may take one: "acts directly on"."""
    space = r"\s+(?:\w+ly\s+)?" if adverb else r"\s+"
    return (
        "(?:"
        + "|".join(regex.escape(w).replace(r"\ ", space) for w in sorted(forms, key=len, reverse=True))
        + ")"
    )


def action_parts(
    target: str, verbs: list[str], roles: set[str], filler: str, adverb: bool = False
) -> list[str]:
    """Patterns for one set of actions on one target: verb, -ing compound, passive, action noun, role."""
    parts = []
    if verbs:
        verb = words(wordforms.all_verb_forms(verbs, VERB_FORMS), adverb)
        ing = words(wordforms.all_verb_forms(verbs, ("ing",)))
        past = words(wordforms.all_verb_forms(verbs, ("ed",)))
        parts += [
            rf"\b(?P<verb>{verb})\s+{filler}{target}",
            rf"{target}-(?P<ing>{ing})\b",
            rf"{target}\s+(?:is|are|was|were|be|been|being|gets?|got|become|becomes|became)\s+"
            rf"(?:\w+ly\s+)?(?P<ed>{past})\b",
        ]
        noun_words = wordforms.all_verb_forms(verbs, ("noun",))
        if noun_words:
            noun = words(noun_words)
            parts += [
                rf"{target}[\s-]+(?:receptors?[\s-]+)?(?P<noun>{noun})\b",
                rf"\b(?P<noun>{noun})\s+(?:of|at|on|in|to)\s+{filler}{target}",
            ]
    if roles:
        role = words(roles)
        parts += [
            rf"{target}[\s-]+(?:receptors?[\s-]+)?(?P<role>{role})\b",
            rf"\b(?P<role>{role})\s+(?:at|of|on|for|to)\s+{filler}{target}",
        ]
    return parts


def role_words(roles: list[str]) -> set[str]:
    """Singular and plural of each role noun ("agonist", "agonists")."""
    found: set[str] = set()
    for role in roles:
        found |= set(wordforms.noun_forms(role).values())
    return found
