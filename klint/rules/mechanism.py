"""``mechanism``: a treatment said to act on its target in a way that contradicts the facts.

A rule states one fact: subjects (ketamine, esketamine, Spravato) act on a target (NMDA
receptors) with a correct action (block). It flags the wrong actions in any form, as a
verb ("stimulating NMDA receptors", "NMDA receptors are activated by ketamine"), an
action noun ("NMDA receptor stimulation") or a role ("an NMDA agonist"), when the
subject named in the same clause, or in the sentence before ("It works by ..."), is the
one acting. What the target does to something else, comparisons ("unlike drugs that
stimulate ...") and actions undone by another verb ("prevents glutamate from activating")
are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

import regex

from klint.document import Block, Document, Sentence
from klint.model import Finding, Fix
from klint.rules import framing, wordforms
from klint.rules.base import Kind, Param, RuleSpec, finditer, search
from klint.rules.term import FRAMING_KEYS, Claim, format_message

#: Words that may stand between an action and its target: "stimulates the brain's NMDA receptors".
_FILLER = (
    r"(?:(?:the|a|an|its|their|these|those|your|our|all|both|some|many|more|most|of|specific|certain"
    r"|key|so-called|glutamate|glutamatergic|postsynaptic|synaptic|neuronal|cortical|brain|[\w-]+['’]s)"
    r"\s+){0,3}"
)
#: Where a new clause (with its own subject) starts, or a comparison begins.
_BREAKS = regex.compile(
    r"[;:]|\b(?:which|that|who|whose|unlike|whereas|while|whilst|although|though|but|however|than"
    r"|rather\s+than|instead\s+of|as\s+opposed\s+to|compared\s+(?:to|with)|in\s+contrast\s+(?:to|with)"
    r"|different(?:ly)?\s+(?:from|than)|other\s+than|except|versus|vs\.?)\b",
    regex.I,
)
_RELATIVE = regex.compile(r"which|that|who|whose", regex.I)
#: A comparison set off by commas, closed before the action: ", unlike SSRIs,".
_ASIDE = regex.compile(
    r",\s*(?:unlike|like|compared\s+(?:to|with)|as\s+opposed\s+to|in\s+contrast\s+(?:to|with)|rather\s+than"
    r"|instead\s+of|than)\b[^,;:()]*,",
    regex.I,
)
#: A generic noun a relative clause may hang on: "an anesthetic that ...".
_GENERIC_HEAD = regex.compile(
    r"(?:\b(?:is|was|as)|,)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:drug|medication|medicine|an(?:a)?esthetic"
    r"|compound|molecule|substance|agent|treatment|therapy|spray|infusion)\s*,?\s*$",
    regex.I,
)
#: Verbs that undo the action that follows them: "prevents glutamate from activating".
_REVERSING_LEMMAS = (
    "block", "prevent", "inhibit", "reduce", "stop", "suppress", "decrease", "limit", "interrupt",
    "dampen", "counteract", "antagonize", "lower", "impair", "blunt", "disrupt", "diminish", "halt", "keep",
)  # fmt: skip
#: Another agent right before the verb: "ketamine causes glutamate to activate ...".
_OTHER_AGENTS = regex.compile(
    r"\b(?:glutamate|serotonin|dopamine|gaba|norepinephrine|noradrenaline|acetylcholine|endorphins?"
    r"|neurotransmitters?|opioids|agonists)\s*,?\s*"
    r"(?:(?:to|also|then|directly|can|may|might|could|will|would|does|do|did|in\s+turn|\w+ly)\s+)*$",
    regex.I,
)
#: A role is said of the subject: "is an NMDA agonist", "acts as an agonist", ", an agonist".
_PREDICATE = regex.compile(
    r"(?:\b(?:is|are|was|were|be|being|as)|,)\s+(?:an?\s+)?(?:[\w-]+,?\s+){0,3}$", regex.I
)
_FRONTED = regex.compile(r"^\W*(?:by|through|via)\b[^,;]*$", regex.I)
_BY = regex.compile(r"\s+by\b", regex.I)
_ARTICLE = regex.compile(r"\b(an?)\s+$", regex.I)
_BEFORE_ADJECTIVE = regex.compile(
    r"\b(?:the|a|an|of|on|in|into|at|to|with|by|from|only|its|their)\s+$", regex.I
)
DEFAULT_PRONOUNS = (
    "it", "the drug", "this drug", "the medication", "this medication", "the medicine", "this medicine",
    "the compound", "this compound", "the molecule", "this molecule", "the anesthetic", "this anesthetic",
    "this treatment", "the treatment", "this therapy",
)  # fmt: skip

_VERB_FORMS = ("base", "s", "ed", "ing")


def phrases(terms: Sequence[str]) -> str:
    """A word-bounded alternation of literal phrases (plural -s allowed), longest first."""
    parts = []
    for term in sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True):
        parts.append(
            "".join(r"[\s-]+" if c in " -" else "['’]" if c in "'’" else regex.escape(c) for c in term)
        )
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?:e?s)?(?!\w)"


def _words(words: set[str]) -> str:
    return (
        "(?:"
        + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
        + ")"
    )


class MechanismRule(Kind):
    """Flags a wrong action of ``subjects`` on ``targets``; the fix uses the ``correct`` verb."""

    KEYS: ClassVar[Mapping[str, Param]] = {
        "subjects": Param("strings", required=True, doc="names of the treatment (literal, synonyms)"),
        "targets": Param("strings", required=True, doc="what it acts on (literal, synonyms)"),
        "wrong": Param("strings", doc="verbs (lemmas) that misstate the action, found in any form"),
        "correct": Param("strings", doc="verbs (lemmas) that state it; one of them makes the fix safe"),
        "roles": Param("mapping", doc="wrong role noun -> correct one, e.g. {agonist: antagonist}"),
        "pronouns": Param("strings", doc="words that refer to a subject named in the sentence before"),
        **FRAMING_KEYS,
    }

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self.wrong = spec.strings("wrong")
        self.correct = spec.strings("correct")
        roles = spec.get("roles") or {}
        self.roles = {str(k): (str(v) if v else None) for k, v in roles.items()}
        if not self.wrong and not self.roles:
            raise spec.error("a mechanism rule needs 'wrong' verbs or 'roles'", "wrong")
        flags = regex.I | regex.UNICODE
        subjects = phrases(spec.strings("subjects"))
        self.subjects = regex.compile(subjects, flags)
        self.subject_first = regex.compile(r"\s*" + subjects, flags)
        self.subject_last = regex.compile(subjects + r"\)?$", flags)
        self.by_subject = regex.compile(r"\s+by\s+(?:[\w-]+\s+){0,2}?" + subjects, flags)
        self.targets = regex.compile(phrases(spec.strings("targets")), flags)
        #: Lower-cased first words of the targets: a substring test is the cheapest prefilter.
        self.target_heads = {t.split()[0].lower() for t in spec.strings("targets") if t.strip()}
        self.pronoun = regex.compile(
            r"^\W*(?:[\w-]+,\s+)?(?:" + phrases(spec.strings("pronouns") or list(DEFAULT_PRONOUNS)) + r")",
            flags,
        )
        reversing = wordforms.all_verb_forms([*_REVERSING_LEMMAS, *self.correct])
        self.reverser = regex.compile(r"\b" + _words(reversing) + r"\b(?:\s+[\w'’-]+){0,5}\s*$", flags)
        self.undone_after = regex.compile(
            r"\s+(?:is|are|was|were|gets?|being)\s+(?:\w+ly\s+)?"
            + _words(wordforms.all_verb_forms(_REVERSING_LEMMAS, ("ed",)))
            + r"\b",
            flags,
        )
        self.pattern = regex.compile(self._action_pattern(), flags)
        self.claim = Claim(self)

    def _action_pattern(self) -> str:
        target = self.targets.pattern
        parts = []
        if self.wrong:
            verb = _words(wordforms.all_verb_forms(self.wrong, _VERB_FORMS))
            ing = _words(wordforms.all_verb_forms(self.wrong, ("ing",)))
            past = _words(wordforms.all_verb_forms(self.wrong, ("ed",)))
            noun_words = wordforms.all_verb_forms(self.wrong, ("noun",))
            parts += [
                rf"\b(?P<verb>{verb})\s+{_FILLER}{target}",
                rf"{target}-(?P<ing>{ing})\b",
                rf"{target}\s+(?:is|are|was|were|be|been|being|gets?|got|become|becomes|became)\s+"
                rf"(?:\w+ly\s+)?(?P<ed>{past})\b",
            ]
            if noun_words:
                noun = _words(noun_words)
                parts += [
                    rf"{target}[\s-]+(?:receptors?[\s-]+)?(?P<noun>{noun})\b",
                    rf"\b(?P<noun>{noun})\s+(?:of|at|on|in|to)\s+{_FILLER}{target}",
                ]
        if self.roles:
            role_words: set[str] = set()
            for role in self.roles:
                role_words |= set(wordforms.noun_forms(role).values())
            role = _words(role_words)
            parts += [
                rf"{target}[\s-]+(?:receptors?[\s-]+)?(?P<role>{role})\b",
                rf"\b(?P<role>{role})\s+(?:at|of|on|for|to)\s+{_FILLER}{target}",
            ]
        return "|".join(f"(?:{p})" for p in parts)

    def check(self, doc: Document) -> Iterator[Finding]:
        rule_id = self.info.id
        for index, block in doc.blocks_in(self.spec.scopes):
            text = block.view.text
            lowered = text.lower()
            if not any(head in lowered for head in self.target_heads):
                continue  # no target, no claim about it
            for match in finditer(self.pattern, text, rule_id):
                found = match.groupdict()
                group = next(name for name in ("verb", "ing", "ed", "noun", "role") if found.get(name))
                start, end = match.span(group)
                sentence = doc.sentence_at(index, match.start())
                if not self._asserted(doc, sentence, match, start, group):
                    continue
                if not self._subject_acts(doc, index, sentence, match, group):
                    continue
                yield self._finding(doc, block, sentence, match.group(group), start, end, group)

    def _asserted(
        self, doc: Document, sentence: Sentence, match: regex.Match[str], start: int, group: str
    ) -> bool:
        text = doc.blocks[sentence.block].view.text
        if not self.claim.asserted(doc, sentence, match.start()):
            return False
        if framing.is_negated(text[sentence.start : start], start - sentence.start):
            return False
        clause = text[self._clause_start(text, sentence.start, match.start()) : match.start()]
        if self.reverser.search(clause):
            return False  # "prevents glutamate from activating", "blocks NMDA receptor activation"
        if group in ("noun", "ed") and self.undone_after.match(text, match.end()):
            return False
        if group == "verb" and match.group(group).lower().endswith("ed") and _BEFORE_ADJECTIVE.search(clause):
            return False  # "blocks activated NMDA receptors": a participle used as an adjective
        return group != "role" or _PREDICATE.search(clause) is not None

    def _clause_start(self, text: str, sentence_start: int, position: int) -> int:
        """Start of the clause holding ``position``: after the last break not tied to the subject."""
        start = sentence_start
        asides = [m.span() for m in _ASIDE.finditer(text, sentence_start, position)]
        for brk in _BREAKS.finditer(text, sentence_start, position):
            if any(lo <= brk.start() < hi for lo, hi in asides):
                continue  # "Ketamine, unlike drugs that ..., blocks": the aside is closed
            if _RELATIVE.fullmatch(brk.group(0)):
                head = text[sentence_start : brk.start()].rstrip(" ,")
                if self.subject_last.search(head):
                    continue  # "Ketamine, which ..." describes the subject itself
                if _GENERIC_HEAD.search(head) and self.subjects.search(head):
                    continue  # "Ketamine is an anesthetic that ..."
            start = brk.end()
        return start

    def _subject_acts(
        self, doc: Document, index: int, sentence: Sentence, match: regex.Match[str], group: str
    ) -> bool:
        text = doc.blocks[index].view.text
        rule_id = self.info.id
        if group == "ed" and _BY.match(text, match.end()):
            return self.by_subject.match(text, match.end()) is not None  # "... are activated by X"
        clause_start = self._clause_start(text, sentence.start, match.start())
        clause = text[clause_start : match.start()]
        named = list(finditer(self.subjects, clause, rule_id))
        if named:
            return _OTHER_AGENTS.search(clause[named[-1].end() :]) is None
        if _FRONTED.search(text[sentence.start : match.start()]):
            # "By stimulating NMDA receptors, ketamine ...": the subject follows the comma.
            rest = text[match.end() : sentence.end]
            comma = rest.find(",")
            main = rest[comma + 1 : comma + 60] if comma >= 0 else ""
            if main and self.subject_first.match(main):
                return True
            return (
                bool(main)
                and self.pronoun.match(main) is not None
                and self._named_before(doc, index, sentence)
            )
        if clause_start != sentence.start or self.pronoun.match(clause) is None:
            return False
        whole = text[sentence.start : sentence.end]
        return search(self.subjects, whole, rule_id) is None and self._named_before(doc, index, sentence)

    def _named_before(self, doc: Document, index: int, sentence: Sentence) -> bool:
        """Whether the sentence before this one (or the block before) names a subject."""
        previous = None
        for position in doc.sentences_of(index):
            if doc.sentences[position] == sentence:
                break
            previous = doc.sentences[position]
        if previous is not None:
            return search(self.subjects, doc.sentence_text(previous), self.info.id) is not None
        if index == 0:
            return False
        before = doc.sentences_of(index - 1)
        if not before:
            return False
        return search(self.subjects, doc.sentence_text(doc.sentences[before[-1]]), self.info.id) is not None

    def _replacements(self, word: str, group: str) -> list[str]:
        found: list[str] = []
        if group == "role":
            for wrong, right in self.roles.items():
                converted = wordforms.convert_noun(word, wrong, right) if right else None
                if converted and converted not in found:
                    found.append(converted)
            return found
        allowed = {"verb": _VERB_FORMS, "ing": ("ing",), "ed": ("ed",), "noun": ("noun",)}[group]
        for wrong in self.wrong:
            for right in self.correct:
                converted = wordforms.convert_verb(word, wrong, right, allowed)
                if converted and converted not in found:
                    found.append(converted)
        return found

    def _finding(
        self, doc: Document, block: Block, sentence: Sentence, word: str, start: int, end: int, group: str
    ) -> Finding:
        text = block.view.text
        replacements = self._replacements(word, group)
        fixes = []
        for replacement in replacements:
            edit_start, new_text = start, replacement
            article = _ARTICLE.search(text, sentence.start, start)
            if group == "role" and article:
                wanted = "an" if replacement[:1].lower() in "aeiou" else "a"
                if article.group(1).lower() != wanted:
                    edit_start = article.start()
                    new_text = (
                        f"{wanted} {replacement}"
                        if article.group(1).islower()
                        else f"{wanted.capitalize()} {replacement}"
                    )
            description = f"replace '{text[edit_start:end]}' with '{new_text}'"
            fixes.append((description, doc.edit(block.view.span(edit_start, end), new_text)))
        safe = len(fixes) == 1
        built = tuple(Fix("safe" if safe else "unsafe", description, (edit,)) for description, edit in fixes)
        return doc.finding(
            self.info,
            block.view.span(start, end),
            format_message(self.info.message, match=word, suggestion=replacements[0] if replacements else ""),
            fix=built[0] if built else None,
            suggestions=built[1:],
            context=text[sentence.start : sentence.end],
        )
