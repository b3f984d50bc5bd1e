"""``mechanism``: a treatment said to act on its target in a way that contradicts the facts.

A rule states one fact: subjects (ketamine, esketamine, Spravato) act on a target (NMDA
receptors) with a correct action (block). It flags the wrong actions in any form, as a
verb ("stimulating NMDA receptors", "NMDA receptors are activated by ketamine"), an
action noun ("NMDA receptor stimulation") or a role ("an NMDA agonist"). Two more kinds
of error are data too: ``wrong-targets``, receptors the drug does not act on at all (any
action on them is wrong: "SSRIs activate serotonin receptors"), and ``wrong-claims``,
false effects that are not about a receptor ("semaglutide burns fat"). Each is flagged
only when a subject is the one acting (see :mod:`klint.rules.agency`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

import regex

from klint import patterns, prefilter
from klint.document import Block, Document, Sentence
from klint.model import Finding, Fix
from klint.prefilter import ALWAYS, Screen, any_of
from klint.rules import actions, framing, wordforms
from klint.rules.agency import Agency, own_clause, phrases
from klint.rules.alternatives import Alternatives
from klint.rules.base import Kind, Param, RuleSpec, search
from klint.rules.term import FRAMING_KEYS, Claim, format_message

#: Verbs that undo the action that follows them: "prevents glutamate from activating".
_REVERSING_LEMMAS = (
    "block", "prevent", "inhibit", "reduce", "stop", "suppress", "decrease", "limit", "interrupt",
    "dampen", "counteract", "antagonize", "lower", "impair", "blunt", "disrupt", "diminish", "halt", "keep",
)  # fmt: skip
#: A role is said of the subject: "is an NMDA agonist", "acts as an agonist", ", an agonist".
_PREDICATE = patterns.compile(
    r"(?:\b(?:is|are|was|were|be|being|as)|,)\s+(?:an?\s+)?(?:[\w-]+,?\s+){0,3}$", regex.I
)
_ARTICLE = patterns.compile(r"\b(an?)\s+$", regex.I)
_BEFORE_ADJECTIVE = patterns.compile(
    r"\b(?:the|a|an|of|on|in|into|at|to|with|by|from|only|its|their)\s+$", regex.I
)
#: A name others give the drug, not the author's description: "often called a serotonin booster".
_NAMED_AS = patterns.compile(
    r"\b(?:called|dubbed|nicknamed|(?:marketed|advertised|billed|touted|referred\s+to)\s+as)\s+"
    r"(?:an?\s+)?(?:[\w-]+\s+){0,2}$",
    regex.I,
)
#: "SSRIs indirectly activate serotonin receptors" is true: the drug acts through serotonin.
_INDIRECT = patterns.compile(r"\b(?:indirectly|eventually|ultimately|downstream|in\s+turn)\s+$", regex.I)

#: Words too common in subjects and targets to screen text by ("GLP-1 medication": "glp").
_GENERIC_WORDS = frozenset(
    {
        "receptor", "receptors", "transporter", "reuptake", "production", "release", "synthesis", "level",
        "activity", "medication", "drug", "injection", "shot", "agonist", "therapy", "infusion", "drip",
        "treatment", "iv", "low", "dose", "deep", "of", "the", "and", "type",
    }
)  # fmt: skip
_GROUPS = ("verb", "ing", "ed", "noun", "role", "claim")


_last_document: list[tuple[Document, str]] = []


def _folded(text: str) -> str:
    """``prefilter.fold`` without its slow translation when no character needs it."""
    return prefilter.fold(text) if any(c in text for c in "\u0130\u0131\u017f") else text.lower()


def _document_text(doc: Document) -> str:
    """All of ``doc``'s prose, folded; kept for the last document, which every mechanism rule reads."""
    if not _last_document or _last_document[0][0] is not doc:
        _last_document[:] = [(doc, _folded("\n".join(block.text for block in doc.blocks)))]
    return _last_document[0][1]


def _literal_screen(terms: list[str]) -> Screen:
    """A screen met by text holding any of ``terms`` as :func:`phrases` matches them.

    Each term contributes its longest run of ASCII letters and digits that is not a generic
    word ("receptor"), a run every match must contain whatever the spacing or hyphens.
    """
    pieces = set()
    for term in terms:
        runs = regex.findall(r"[a-z0-9]+", term.lower())
        specific = [run for run in runs if run not in _GENERIC_WORDS] or runs
        if not specific:
            return ALWAYS  # nothing literal to require
        pieces.add(max(specific, key=len))
    return Screen(frozenset({frozenset(pieces)})) if pieces else ALWAYS


class MechanismRule(Kind):
    """Flags a wrong action of ``subjects`` on ``targets``; the fix uses the ``correct`` verb."""

    KEYS: ClassVar[Mapping[str, Param]] = {
        "subjects": Param("strings", required=True, doc="names of the treatment (literal, synonyms)"),
        "targets": Param("strings", doc="what it acts on (literal, synonyms)"),
        "wrong": Param("strings", doc="verbs (lemmas) that misstate the action, found in any form"),
        "correct": Param("strings", doc="verbs (lemmas) that state it; one of them makes the fix safe"),
        "roles": Param("mapping", doc="wrong role noun -> correct one, e.g. {agonist: antagonist}"),
        "wrong-targets": Param("strings", doc="targets it does not act on: any action on them is wrong"),
        "wrong-claims": Param("patterns", doc="false effects it is said to have (regexes): 'burns fat'"),
        "pronouns": Param("strings", doc="words that refer to a subject named in the sentence before"),
        **FRAMING_KEYS,
    }

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self.wrong = spec.strings("wrong")
        self.correct = spec.strings("correct")
        roles = spec.get("roles") or {}
        self.roles = {str(k): (str(v) if v else None) for k, v in roles.items()}
        targets = spec.strings("targets")
        wrong_targets = spec.strings("wrong-targets")
        claims = spec.strings("wrong-claims")
        if targets and not self.wrong and not self.roles:
            raise spec.error("a mechanism rule needs 'wrong' verbs or 'roles'", "wrong")
        if not targets and (self.wrong or self.roles):
            raise spec.error("'wrong' verbs and 'roles' need 'targets'", "targets")
        if not targets and not wrong_targets and not claims:
            raise spec.error("a mechanism rule needs 'targets', 'wrong-targets' or 'wrong-claims'", "targets")
        flags = regex.I | regex.UNICODE
        self.agency = Agency(spec.strings("subjects"), spec.strings("pronouns"), spec.info.id)
        #: A document that never names a subject has nothing that can refer to one.
        self.subject_screen = _literal_screen(spec.strings("subjects"))
        # A finding needs its target (or claim) in the block; the linter scans for these words.
        self.screen = any_of(
            [
                *([_literal_screen([*targets, *wrong_targets])] if targets or wrong_targets else []),
                *(Screen.of(self._compile(claim, flags)) for claim in claims),
            ]
        )
        reversing = wordforms.all_verb_forms([*_REVERSING_LEMMAS, *self.correct])
        self.reverser = regex.compile(r"\b" + actions.words(reversing) + r"\b(?:\s+[\w'’-]+){0,5}\s*$", flags)
        self.undone_after = regex.compile(
            r"\s+(?:is|are|was|were|gets?|being)\s+(?:\w+ly\s+)?"
            + actions.words(wordforms.all_verb_forms(_REVERSING_LEMMAS, ("ed",)))
            + r"\b",
            flags,
        )
        parts = []
        if targets:
            roles = actions.role_words(list(self.roles))
            parts += actions.action_parts(phrases(targets), self.wrong, roles, actions.FILLER)
        if wrong_targets:
            verbs, any_roles = list(actions.ACTION_LEMMAS), actions.role_words(list(actions.ACTION_ROLES))
            other = actions.action_parts(
                phrases(wrong_targets), verbs, any_roles, actions.ANY_FILLER, adverb=True
            )
            parts += [f"{p}(?P<other>)" for p in other]  # the marker last keeps each branch's literal start
        if claims:
            parts.append("(?P<claim>" + "|".join(f"(?:{c})" for c in claims) + ")")
        try:
            self.alternatives = Alternatives(parts, flags)
        except regex.error as error:
            raise spec.error(f"bad regex in 'wrong-claims': {error}", "wrong-claims") from None
        self.part_screens = (self.subject_screen, *self.alternatives.screens)
        self.claim = Claim(self)

    def _compile(self, source: str, flags: int) -> regex.Pattern[str]:
        try:
            return regex.compile(source, flags)
        except regex.error as error:
            raise self.spec.error(f"bad regex in 'wrong-claims': {error}", "wrong-claims") from None

    def check(self, doc: Document) -> Iterator[Finding]:
        rule_id = self.info.id
        if not self._names_subject(doc):
            return
        # The linter's scan already screened the blocks; a rule run on its own has no scan.
        scanned = prefilter.candidates(doc, self.screen) is not None
        alternatives = self.alternatives.in_document(doc)
        for index, block in self.candidate_blocks(doc, self.spec.scopes):
            text = block.view.text
            if not scanned and not self.screen.met_by(_folded(text)):
                continue
            for match in alternatives.finditer(text, index, rule_id):
                found = match.groupdict()
                group = next(name for name in _GROUPS if found.get(name))
                start, end = match.span(group)
                sentence = doc.sentence_at(index, match.start())
                if not self._asserted(doc, sentence, match, start, group):
                    continue
                if not self.agency.acts(doc, index, sentence, (match.start(), match.end()), group == "ed"):
                    continue
                fixable = found.get("other") is None and group != "claim"
                yield self._finding(doc, block, sentence, match.group(group), start, end, group, fixable)

    def _names_subject(self, doc: Document) -> bool:
        """Whether ``doc`` holds a subject's screen strings (by the linter's scan when there is one)."""
        blocks = prefilter.candidates(doc, self.subject_screen)
        if blocks is not None:
            return bool(blocks)
        return self.subject_screen.met_by(_document_text(doc))

    def _asserted(
        self, doc: Document, sentence: Sentence, match: regex.Match[str], start: int, group: str
    ) -> bool:
        text = doc.blocks[sentence.block].view.text
        claim = self.claim
        if claim.unless and search(claim.unless, text[sentence.start : sentence.end], self.info.id):
            return False
        if claim.skip_negated and framing.is_negated(text[sentence.start : start], start - sentence.start):
            return False
        # Only the clause after "but" / "in fact" is the author's when a belief is reported first.
        if claim.skip_reported and framing.is_reported(
            doc, own_clause(doc, sentence, match.start()), match.start()
        ):
            return False
        clause = text[self.agency.clause_start(text, sentence.start, match.start()) : match.start()]
        if self.reverser.search(clause):
            return False  # "prevents glutamate from activating", "blocks NMDA receptor activation"
        if group in ("noun", "ed") and self.undone_after.match(text, match.end()):
            return False
        if group == "verb" and match.group(group).lower().endswith("ed") and _BEFORE_ADJECTIVE.search(clause):
            return False  # "blocks activated NMDA receptors": a participle used as an adjective
        if match.groupdict().get("other") is not None and _INDIRECT.search(clause):
            return False
        if group in ("role", "claim") and _NAMED_AS.search(clause):
            return False
        return group != "role" or _PREDICATE.search(clause) is not None

    def _replacements(self, word: str, group: str) -> list[str]:
        found: list[str] = []
        if group == "role":
            for wrong, right in self.roles.items():
                converted = wordforms.convert_noun(word, wrong, right) if right else None
                if converted and converted not in found:
                    found.append(converted)
            return found
        allowed = {"verb": actions.VERB_FORMS, "ing": ("ing",), "ed": ("ed",), "noun": ("noun",)}[group]
        for wrong in self.wrong:
            for right in self.correct:
                converted = wordforms.convert_verb(word, wrong, right, allowed)
                if converted and converted not in found:
                    found.append(converted)
        return found

    def _finding(
        self,
        doc: Document,
        block: Block,
        sentence: Sentence,
        word: str,
        start: int,
        end: int,
        group: str,
        fixable: bool,
    ) -> Finding:
        text = block.view.text
        replacements = self._replacements(word, group) if fixable else []
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
