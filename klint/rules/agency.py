"""Who acts in a sentence: is a rule's subject the agent of the verb at a position?

A wrong claim about a drug only counts when the drug is the one acting. The subject may be
named in the same clause ("Ketamine stimulates ..."), described by a copular or appositive
relative clause ("Semaglutide is a weekly shot that blocks ...", "Semaglutide, a weekly
shot that blocks ..."), or referred to by a pronoun ("It works by ...") whose antecedent is
the sentence before, a chain of such pronoun sentences, or the heading the text sits under.
Comparisons ("unlike SSRIs, ..."), other agents ("lets glutamate activate ...") and clauses
of other nouns ("drugs that stimulate ...") are not the subject acting.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from klint import patterns
from klint.document import Document, Sentence
from klint.rules.base import finditer, search

#: Where a new clause (with its own subject) starts, or a comparison begins.
_BREAKS = patterns.compile(
    r"[;:]|\b(?:which|that|who|whose|unlike|whereas|while|whilst|although|though|but|however|than"
    r"|rather\s+than|instead\s+of|as\s+opposed\s+to|compared\s+(?:to|with)|in\s+contrast\s+(?:to|with)"
    r"|different(?:ly)?\s+(?:from|than)|other\s+than|except|versus|vs\.?)\b",
    regex.I,
)
_RELATIVE = patterns.compile(r"which|that|who|whose", regex.I)
#: A comparison set off by commas, closed before the action: ", unlike SSRIs,".
_ASIDE = patterns.compile(
    r"(?:^|,)\s*(?:unlike|like|compared\s+(?:to|with)|as\s+opposed\s+to|in\s+contrast\s+(?:to|with)"
    r"|rather\s+than|instead\s+of|than)\b[^,;:()]*,",
    regex.I,
)
#: Where a comparison starts: what follows names something other than the subject.
_COMPARISON = patterns.compile(
    r"\b(?:than|compared\s+(?:to|with)|rather\s+than|instead\s+of|as\s+opposed\s+to|versus|vs\.?"
    r"|in\s+contrast\s+(?:to|with)|different(?:ly)?\s+from|differs?\s+from|unlike)\b",
    regex.I,
)
#: A noun phrase a copular or appositive relative clause may hang on: "a once-weekly injection".
_NOUN_PHRASE = (
    r"(?:an?|the|one)\s+(?:(?!(?:than|from|like|unlike|with|to|in|on|at|by|and|or|but|that|which|who"
    r"|is|are|was|were|other)\b)[\w+'’-]+,?\s+){0,5}?[\w+'’-]+"
)
#: Another agent right before the verb: "ketamine causes glutamate to activate ...", "so your body burns".
_TRANSMITTERS = (
    r"glutamate|serotonin|dopamine|gaba|norepinephrine|noradrenaline|acetylcholine|endorphins?"
    r"|neurotransmitters?|opioids|agonists"
)
#: A noun a later "it" could refer to instead: "SSRIs raise serotonin; it then activates ...".
_NEARER_REFERENT = patterns.compile(rf"\b(?:{_TRANSMITTERS})\b", regex.I)
_OTHER_AGENTS = patterns.compile(
    rf"\b(?:{_TRANSMITTERS}|you|we|patients|people"
    r"|(?:your|the|their|our)\s+(?:own\s+)?(?:body|bodies|brains?|cells|liver|metabolism|immune\s+system"
    r"|nervous\s+system|neurons))\b\s*,?\s*"
    r"(?:(?:to|also|then|directly|can|may|might|could|will|would|does|do|did|in\s+turn|\w+ly)\s+)*$",
    regex.I,
)
_FRONTED = patterns.compile(r"^\W*(?:by|through|via)\b[^,;]*$", regex.I)
_BY = patterns.compile(r"\s+by\b", regex.I)
#: Where the author's own voice resumes after a reported belief: "Some think X, but in fact ...".
_CONTRAST = patterns.compile(
    r";|\b(?:but|however|yet|in\s+fact|actually|in\s+reality|the\s+truth\s+is|the\s+reality\s+is"
    r"|on\s+the\s+contrary|instead)\b",
    regex.I,
)
#: Questions that assert what they ask about: "Did you know that ...?".
_RHETORICAL = patterns.compile(
    r"\W*(?:did|do)\s+you\s+(?:know|realize|realise)|(?:were|are)\s+you\s+aware|why\s+(?:do|does|did|is|are)\b",
    regex.I,
)
#: A fronted concession, closed by a comma: "While many people assume X, ...".
_CONCESSION = patterns.compile(
    r"\W*(?:while|although|though|even\s+though|whereas|even\s+if)\b[^,;]*,", regex.I
)
DEFAULT_PRONOUNS = (
    "it", "they", "the drug", "this drug", "these drugs", "the medication", "this medication",
    "these medications", "the medicine", "this medicine", "these medicines", "the compound",
    "this compound", "the molecule", "this molecule", "the anesthetic", "this anesthetic",
    "this treatment", "the treatment", "this therapy", "the injection", "this injection", "the shot",
    "this shot", "the spray", "this spray",
)  # fmt: skip
#: How many sentences a pronoun chain ("It is ... . It works by ...") may be followed back.
_CHAIN = 4


def phrases(terms: Sequence[str]) -> str:
    """A word-bounded alternation of literal phrases (plural -s allowed), longest first."""
    parts = []
    for term in sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True):
        parts.append(
            "".join(r"[\s-]+" if c in " -" else "['’]" if c in "'’" else regex.escape(c) for c in term)
        )
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?:e?s)?(?!\w)"


def _asides(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Closed comparisons in ``text[start:end]``: "Unlike SSRIs, ...", "..., unlike SSRIs, ..."."""
    return [(start + m.start(), start + m.end()) for m in _ASIDE.finditer(text[start:end])]


def _without_asides(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with its closed comparisons blanked: they name something else."""
    piece = text[start:end]
    for lo, hi in reversed(_asides(text, start, end)):
        piece = piece[: lo - start] + " " * (hi - lo) + piece[hi - start :]
    return piece


def own_clause(doc: Document, sentence: Sentence, position: int) -> Sentence:
    """The part of ``sentence`` to test for reported speech when judging the claim at ``position``.

    It starts where the author's own voice resumes (:func:`claim_start`), and a rhetorical
    question that presupposes its content ("Did you know that nearly half ...?", "Why do
    most SSRIs ...?") loses its question mark: it asserts, it does not ask.
    """
    text = doc.blocks[sentence.block].view.text
    start = claim_start(text, sentence.start, position)
    end = sentence.end
    if _RHETORICAL.match(text, sentence.start, end):
        end = sentence.start + len(text[sentence.start : end].rstrip().rstrip("?"))
    return Sentence(sentence.block, start, end)


def claim_start(text: str, sentence_start: int, position: int) -> int:
    """Where the clause holding ``position`` starts for reported-speech checks.

    "Some people think ketamine is risky, but in fact nearly half respond": the belief
    ends at "but"; what follows is the author's own claim. So does a fronted concession
    at its comma ("While many assume X, ...").
    """
    start = sentence_start
    conceded = _CONCESSION.match(text, sentence_start, position)
    if conceded is not None:
        start = conceded.end()  # "While some believe X, <the author's claim>"
    for marker in _CONTRAST.finditer(text, start, position):
        start = marker.end()
    return start


class Agency:
    """Decides whether one of ``subjects`` is the agent of an action found in a block."""

    def __init__(self, subjects: Sequence[str], pronouns: Sequence[str], rule_id: str) -> None:
        flags = regex.I | regex.UNICODE
        self.rule_id = rule_id
        names = phrases(subjects)
        referents = phrases(pronouns or DEFAULT_PRONOUNS)
        self.subjects = regex.compile(names, flags)
        self.subject_first = regex.compile(r"\s*" + names, flags)
        self.subject_last = regex.compile(names + r"\)?$", flags)
        self.by_subject = regex.compile(r"\s+by\s+(?:[\w-]+\s+){0,2}?" + names, flags)
        # "It works ...", "In fact, it ...", "Once it's in your system, it ...", "in fact it ...".
        self.pronoun = regex.compile(
            r"^\W*(?:[^,;:.!?]{1,60}?,\s+)?(?:(?:in\s+fact|in\s+reality|actually|really|also|then|now|still"
            r"|instead|truly)\s+)?(?:" + referents + r")",
            flags,
        )
        # "Semaglutide is a weekly shot that ...", "It is a nasal spray which ...".
        self.copular = regex.compile(
            rf"(?:{names}|^\W*(?:[\w-]+,\s+)?{referents})\)?(?:\s*\([^()]*\))?,?\s+"
            rf"(?:is|was|remains|acts\s+as|works\s+as|serves\s+as)\s+{_NOUN_PHRASE}\s*,?\s*$",
            flags,
        )
        # "Semaglutide, a weekly shot that ...".
        self.appositive = regex.compile(rf"{names}\)?(?:\s*\([^()]*\))?\s*,\s*{_NOUN_PHRASE}\s*,?\s*$", flags)

    def clause_start(self, text: str, sentence_start: int, position: int) -> int:
        """Start of the clause holding ``position``: after the last break not tied to the subject."""
        start = sentence_start
        asides = _asides(text, sentence_start, position)
        for brk in _BREAKS.finditer(text, sentence_start, position):
            if any(lo <= brk.start() < hi for lo, hi in asides):
                continue  # "Ketamine, unlike drugs that ..., blocks": the aside is closed
            if _RELATIVE.fullmatch(brk.group(0)):
                head = text[sentence_start : brk.start()].rstrip(" ,")
                if self.subject_last.search(head):
                    continue  # "Ketamine, which ..." describes the subject itself
                if self.copular.search(head) or self.appositive.search(head):
                    continue  # "Ketamine is an anesthetic that ...", "Ketamine, a drug that ..."
            start = brk.end()
        return start

    def acts(
        self, doc: Document, index: int, sentence: Sentence, span: tuple[int, int], passive: bool
    ) -> bool:
        """Whether a subject performs the action found at block text ``span``.

        ``passive`` says the action is a past participle ("... are activated"), whose agent
        is named after "by" when there is one.
        """
        start, end = span
        text = doc.blocks[index].view.text
        if passive and _BY.match(text, end):
            return self.by_subject.match(text, end) is not None  # "... are activated by X"
        clause_start = self.clause_start(text, sentence.start, start)
        clause = _without_asides(text, clause_start, start)
        named = list(finditer(self.subjects, clause, self.rule_id))
        if named:
            return _OTHER_AGENTS.search(clause[named[-1].end() :]) is None
        if _FRONTED.search(text[sentence.start : start]):
            # "By stimulating NMDA receptors, ketamine ...": the subject follows the comma.
            rest = text[end : sentence.end]
            comma = rest.find(",")
            main = rest[comma + 1 : comma + 60] if comma >= 0 else ""
            if main and self.subject_first.match(main):
                return True
            return bool(main) and self.pronoun.match(main) is not None and self.named_before(doc, sentence)
        if self.pronoun.match(clause) is None:
            return False
        if clause_start != sentence.start:
            # "Some think ketamine is a party drug, but in fact it stimulates ...": the pronoun of
            # a later clause refers to the subject of the sentence, unless a nearer noun can.
            head = _without_asides(text, sentence.start, clause_start)
            named = list(finditer(self.subjects, head, self.rule_id))
            return bool(named) and _NEARER_REFERENT.search(head, named[-1].end()) is None
        whole = text[sentence.start : sentence.end]
        return search(self.subjects, whole, self.rule_id) is None and self.named_before(doc, sentence)

    def named_before(self, doc: Document, sentence: Sentence) -> bool:
        """Whether the pronoun opening ``sentence`` refers back to a subject.

        The antecedent is the sentence before (outside any comparison in it); when that
        sentence opens with a pronoun too, the one before it, and so on. A sentence that
        neither names a subject nor opens with a pronoun ends the search; a heading (or
        the headings above it) ends it too, naming the subject or not.
        """
        current = sentence
        for _ in range(_CHAIN):
            previous = self._previous(doc, current)
            if previous is None:
                return False
            block = doc.blocks[previous.block]
            piece = doc.sentence_text(previous)
            if block.kind == "heading":
                return self._heading_names(doc, previous.block)
            if self._names(piece):
                return True
            if self.pronoun.match(piece) is None:
                return False
            current = previous
        return False

    def _names(self, piece: str) -> bool:
        """Whether ``piece`` names a subject outside a comparison ("Unlike SSRIs, ...")."""
        piece = _without_asides(piece, 0, len(piece))
        cut = _COMPARISON.search(piece)
        return search(self.subjects, piece[: cut.start()] if cut else piece, self.rule_id) is not None

    def _heading_names(self, doc: Document, heading: int) -> bool:
        """The heading, or a heading above it, names a subject."""
        level = doc.blocks[heading].level + 1
        index = heading
        while index >= 0:
            block = doc.blocks[index]
            if block.kind == "heading" and block.level < level:
                if self._names(block.text):
                    return True
                level = block.level
            index = block.section if block.kind == "heading" else -1
        return False

    @staticmethod
    def _previous(doc: Document, sentence: Sentence) -> Sentence | None:
        """The sentence before ``sentence``: in its block, or the last one of the block before."""
        previous = None
        for position in doc.sentences_of(sentence.block):
            if doc.sentences[position] == sentence:
                break
            previous = doc.sentences[position]
        if previous is not None or sentence.block == 0:
            return previous
        before = doc.sentences_of(sentence.block - 1)
        return doc.sentences[before[-1]] if before else None
