"""Finding the statements of a claim type in a Document, as :class:`~klint.claims.Claim` records.

A value pattern counts only near a topic word that names nothing excluded ("serious side
effects" is about a subset). Each statement then gets its framing (asserted, negated, a
refuted myth, a question that claims nothing), its hedges ("may", "for some"), the subject
it is about ("unlike SSRIs" names another one) and its context ("when misused"). Pure: a
Document and a compiled type in, frozen records out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import regex

from klint import patterns
from klint.claims import Claim, ClaimType, ValueDef
from klint.document import Block, Document, Sentence
from klint.prefilter import Screen, any_of, candidates, fold
from klint.quantities import INF, Interval
from klint.rules import framing
from klint.rules.base import finditer, search

# English framing: what makes a reported statement a refuted myth, and what undoes that.
_MYTH_CUE = patterns.compile(
    r"\b(?:myths?|misconceptions?|misperceptions?|misunderstandings?|misbeliefs?|fallac(?:y|ies)|hype"
    r"|mistaken(?:ly)?|wrongly|falsely|think|thinks|thought|believe[sd]?|assume[sd]?|imagines?"
    r"|views?|viewed|misperceive[sd]?|portrayed|perceived|dismissed|stereotyped|labell?ed)\b",
    regex.I,
)
#: A myth stated outright, whatever the shared framing rules make of the sentence.
_MYTH_THAT = patterns.compile(
    r"\b(?:myths?|misconceptions?|misperceptions?|misunderstandings?|misbeliefs?|fallac(?:y|ies))"
    r"\s*(?:(?:is|was)\s+)?(?:that\b|:)|\b(?:common|popular|widespread)\s+(?:belief|notion|assumption)\s+"
    r"(?:(?:is|was)\s+)?that\b",
    regex.I,
)
_COUNTER_CUE = patterns.compile(
    r"\b(?:contrary\s+to|in\s+reality|in\s+fact|the\s+(?:truth|reality)\s+is|actually|debunk\w*)\b", regex.I
)
_FACT_HEADING = patterns.compile(r"^\W*(?:facts?|truth|reality|the\s+(?:truth|reality|facts?))\b", regex.I)
_CLAUSE = patterns.compile(r"[,;:—–()]|\b(?:but|however|while|whereas|although|though|yet)\b", regex.I)
_ANAPHOR = patterns.compile(r"\b(?:these|those|such|this|that)\b", regex.I)
#: The (up to three) words right before a topic word: its modifiers.
_MODIFIER = patterns.compile(r"(?:[\w'’-]+\s+){1,3}$")
_FOREIGN = patterns.compile(
    r"\b(?:from|than|to|unlike|like|versus|vs\.?|over|without|compared\s+(?:to|with)|instead\s+of"
    r"|rather\s+than)\s+(?:[\w'’-]+\s+){0,2}$",
    regex.I,
)
#: "of SSRIs" names the value's own subject in its clause ("the most common side effects of
#: SSRIs include"), but another phrase's outside it ("unlike the slow onset of SSRIs, ...").
_OF = patterns.compile(r"\bof\s+(?:[\w'’-]+\s+){0,2}$", regex.I)
_RELATIVE = patterns.compile(r"^[\w\s-]{0,20}?,?\s*(?:which|that|who)\b", regex.I)

_subject_cache: dict[str, object] = {}


def with_screens(ctype: ClaimType) -> ClaimType:
    """``ctype`` with the literal screen of each of its patterns (see :mod:`klint.prefilter`).

    Computed once, when the type is compiled, and kept on it, so a rule set brought back
    from the rule cache does not derive them again.
    """
    named = [*ctype.subjects, *(pair for _, family in ctype.contexts for pair in family)]
    patterns = [*_scanned_patterns(ctype), *(pattern for _, pattern in named)]
    return replace(ctype, screens={pattern: Screen.of(pattern) for pattern in dict.fromkeys(patterns)})


def screens(ctype: ClaimType) -> tuple[Screen, ...]:
    """What the linter's literal scan must look for: the words of each topic, value pattern
    and subject, which :func:`extract` narrows its blocks by."""
    patterns = [*_scanned_patterns(ctype), *(pattern for _, pattern in ctype.subjects)]
    return tuple(dict.fromkeys(ctype.screen(pattern) for pattern in patterns))


def topic_screen(ctype: ClaimType) -> Screen:
    """Met by a block holding a word of one of the type's topics: no claim without one."""
    return any_of(ctype.screen(topic) for topic in _topics(ctype))


def _topics(ctype: ClaimType) -> dict[regex.Pattern[str], None]:
    """The type's topic patterns, each once, in order: its own and those of values with their own."""
    return dict.fromkeys(value.topic or ctype.topic for value in ctype.values)


def _scanned_patterns(ctype: ClaimType) -> list[regex.Pattern[str]]:
    return [*_topics(ctype), *(pattern for value in ctype.values for pattern in value.patterns)]


def extract(
    doc: Document, ctype: ClaimType, blocks: Iterable[tuple[int, Block]] | None = None
) -> list[Claim]:
    """Every statement of ``ctype`` in the document (or in ``blocks`` of it), in document order.

    A value pattern is searched only in blocks where the active literal scan found both
    its own words and its topic's (every block when no scan is active).
    """
    allowed = {pattern: candidates(doc, ctype.screen(pattern)) for pattern in _scanned_patterns(ctype)}

    def passes(pattern: regex.Pattern[str], index: int) -> bool:
        blocks = allowed[pattern]
        return blocks is None or index in blocks

    claims: list[Claim] = []
    for index, block in doc.blocks_in(ctype.scopes) if blocks is None else blocks:
        live = [
            (value, pattern)
            for value in ctype.values
            if passes(value.topic or ctype.topic, index)
            for pattern in value.patterns
            if passes(pattern, index)
        ]
        if not live:
            continue
        text = block.view.text
        for value, match in _value_matches(text, ctype, live):
            sentence = doc.sentence_at(index, value_span(match)[0])
            claim = _claim(doc, ctype, value, match, sentence)
            if claim is not None:
                claims.append(claim)
    return claims


#: How far a value's pattern may reach beyond the window around a topic word.
_REACH = 120


def _topic_regions(text: str, topics: regex.Pattern[str], ctype: ClaimType) -> list[tuple[int, int]]:
    """Stretches of the block that can hold a value: around topic words, merged."""
    regions: list[tuple[int, int]] = []
    margin = ctype.window + _REACH
    for topic in finditer(topics, text, ctype.rule_id):
        lo, hi = max(0, topic.start() - margin), min(len(text), topic.end() + margin)
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], hi))
        else:
            regions.append((lo, hi))
    return regions


def _value_matches(
    text: str, ctype: ClaimType, live: Sequence[tuple[ValueDef, regex.Pattern[str]]]
) -> list[tuple[ValueDef, regex.Match[str]]]:
    """Matches of the ``live`` value patterns of a block near topic words (the value's own,
    else the type's), one per value span: where value spans overlap, the longest match wins.
    Each search resumes right after the last value's own words, so the context a pattern
    matches around one value ("approved ... in 1970") cannot hide the next one."""
    found = []
    regions: dict[regex.Pattern[str], list[tuple[int, int]]] = {}
    folded = fold(text)
    aligned = len(folded) == len(text)  # then a region of ``folded`` is that region folded
    for value, pattern in live:
        topics = value.topic or ctype.topic
        if topics not in regions:
            regions[topics] = _topic_regions(text, topics, ctype)
        for lo, hi in regions[topics]:
            if aligned and not ctype.screen(pattern).met_by(folded[lo:hi]):
                continue
            position = lo
            while (match := search(pattern, text, ctype.rule_id, position, hi)) is not None:
                if match.end() > match.start():
                    found.append((value, match))
                position = max(match.start() + 1, value_span(match)[1])
    found.sort(key=lambda item: (item[1].start() - item[1].end(), item[1].start()))
    kept: list[tuple[ValueDef, regex.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    for value, match in found:
        lo, hi = value_span(match)
        if all(hi <= t_lo or t_hi <= lo for t_lo, t_hi in taken):
            kept.append((value, match))
            taken.append((lo, hi))
    kept.sort(key=lambda item: value_span(item[1]))
    return kept


def value_span(match: regex.Match[str]) -> tuple[int, int]:
    """The value's own words: the pattern's ``v`` group when it has one, else the match."""
    if "v" in match.re.groupindex and match.group("v"):
        return match.span("v")
    return match.span()


def _claim(
    doc: Document,
    ctype: ClaimType,
    value: ValueDef,
    match: regex.Match[str],
    sentence: Sentence,
) -> Claim | None:
    block = doc.blocks[sentence.block]
    text = block.view.text
    lo, hi = sentence.start, sentence.end
    start, end = value_span(match)
    if value.topic is not None:
        if search(value.topic, text, ctype.rule_id, match.start(), match.end()) is None:
            return None
    elif not _about_topic(doc, ctype, sentence, start, end):
        return None
    frame = _framing(doc, sentence, start)
    if frame == "skip":
        return None
    dims = []
    for dim, source in value.dims:
        if not source.present(match):
            continue
        interval = source.resolve(match)
        if interval is None:
            return None
        if ctype.tolerance and source.fixed is None and not interval.bounded and interval.hi < INF:
            slack = ctype.tolerance
            interval = Interval(interval.lo * (1 - slack), interval.hi * (1 + slack), reach=interval.reach)
        dims.append((dim, interval))
    polarity = value.polarity
    negated = framing.is_negated(text[lo:start], start - lo)
    if negated:
        polarity = "denied" if polarity == "asserted" else "asserted"
    if frame == "myth":
        polarity = "denied" if polarity == "asserted" else "asserted"
    hedges = value.hedges or ctype.hedges
    hedged = (
        frame != "myth"
        and hedges is not None
        and _hedged(hedges, ctype.rule_id, text[lo:hi], start - lo, end - lo)
    )
    contexts = _contexts(ctype, text[lo:hi], start - lo, end - lo)
    span = block.view.span(start, end)
    return Claim(
        type=ctype.name,
        attribute=ctype.attribute,
        subject=_subject(ctype, text[lo:hi], start - lo, end - lo) or default_subject(doc, ctype),
        context="+".join(n for f, n in contexts if f not in ctype.optional_contexts),
        qualifiers=tuple((f, n) for f, n in contexts if f in ctype.optional_contexts),
        label=value.label,
        value=tuple(sorted(dims, key=lambda item: item[0])),
        polarity=polarity,
        hedged=hedged,
        framing="myth" if frame == "myth" else ("negated" if negated else ""),
        path=doc.path,
        span=span,
        start=doc.location(span.start),
        end=doc.location(span.end),
        sentence=block.view.span(lo, hi),
        text=text[start:end],
        sentence_text=text[lo:hi].strip(),
    )


def _about_topic(doc: Document, ctype: ClaimType, sentence: Sentence, start: int, end: int) -> bool:
    """A topic word near the value whose own modifiers, and the words between it and the
    value, name nothing excluded ("serious side effects", "effects peaked"); for "these
    effects" the sentence before counts as a modifier too."""
    text = doc.blocks[sentence.block].view.text
    for topic in finditer(ctype.topic, text[: sentence.end], ctype.rule_id):
        if topic.end() <= sentence.start:
            continue
        if max(topic.start() - end, start - topic.end()) > ctype.window:
            continue
        if ctype.exclude is None:
            return True
        modifier = _MODIFIER.search(text[max(sentence.start, topic.start() - 50) : topic.start()])
        gap = text[topic.end() : start] if topic.end() <= start else text[end : topic.start()]
        if search(ctype.exclude, f"{modifier.group(0) if modifier else ''} {topic.group(0)} {gap}", ""):
            continue
        if modifier and _ANAPHOR.search(modifier.group(0)):
            previous = _previous_sentence(doc, sentence)
            if previous and search(ctype.exclude, previous, ctype.rule_id):
                continue
        return True
    return False


def _previous_sentence(doc: Document, sentence: Sentence) -> str:
    before = [doc.sentences[i] for i in doc.sentences_of(sentence.block)]
    earlier = [s for s in before if s.end <= sentence.start]
    return doc.sentence_text(earlier[-1]) if earlier else ""


def _framing(doc: Document, sentence: Sentence, start: int) -> str:
    """How the author frames the statement: asserted, a myth being refuted, or skip (a question)."""
    block = doc.blocks[sentence.block]
    text = block.view.text
    if not framing.is_reported(doc, sentence, start):
        before = text[sentence.start : start]
        myth = _MYTH_THAT.search(before)
        return "myth" if myth and not _COUNTER_CUE.search(before, myth.end()) else "asserted"
    if text[sentence.start : sentence.end].rstrip().endswith("?"):
        return "skip"
    if block.kind == "heading":
        return "asserted" if _FACT_HEADING.match(block.text) else "myth"
    before = text[sentence.start : start]
    counters = list(_COUNTER_CUE.finditer(before))
    if counters and not _MYTH_THAT.search(before, counters[-1].end()):
        return "asserted"  # "Contrary to what many believe, X" (but not "contrary to the myth that X")
    return "myth" if _MYTH_CUE.search(before) else "skip"


def _hedged(hedges: regex.Pattern[str], rule_id: str, sentence: str, start: int, end: int) -> bool:
    """A hedge in the value's own clause, or in a short clause opening the sentence."""
    lo, hi = _clause(sentence, start, end)
    if search(hedges, sentence[lo:hi], rule_id):
        return True
    first_break = _CLAUSE.search(sentence)
    opening = sentence[: first_break.start()] if first_break and first_break.start() < start else ""
    return bool(opening) and len(opening.split()) <= 5 and search(hedges, opening, rule_id) is not None


def _mentions(
    named: Sequence[tuple[str, regex.Pattern[str]]], text: str, ctype: ClaimType
) -> list[tuple[int, int, str]]:
    """Where each named pattern matches in ``text``; a pattern whose words ``text`` lacks is not run."""
    folded = fold(text)
    return sorted(
        (m.start(), m.end(), name)
        for name, pattern in named
        if ctype.screen(pattern).met_by(folded)
        for m in finditer(pattern, text, ctype.rule_id)
    )


def _subject(ctype: ClaimType, sentence: str, start: int, end: int) -> str:
    """The subject the value belongs to: a mention in its own clause, else the nearest
    before it in the sentence, else after it. A mention inside a comparison ("unlike SSRIs")
    is skipped unless a relative clause attaches the value to it ("SSRIs, which take weeks")."""
    mentions = _mentions(ctype.subjects, sentence, ctype)
    lo, hi = _clause(sentence, start, end)
    for own_clause, (first, last) in ((True, (lo, hi)), (False, (0, len(sentence)))):
        for m_start, m_end, name in reversed([m for m in mentions if first <= m[0] and m[1] <= start]):
            if _RELATIVE.match(sentence[m_end:start]) or not _foreign(sentence[:m_start], own_clause):
                return name
        for m_start, _m_end, name in (m for m in mentions if m[0] >= end and m[1] <= last):
            if not _foreign(sentence[:m_start], own_clause):
                return name
    return ""


def _foreign(before: str, own_clause: bool) -> bool:
    """A mention after ``before`` sits in a comparison or in another phrase's "of"."""
    return _FOREIGN.search(before) is not None or (not own_clause and _OF.search(before) is not None)


def _contexts(ctype: ClaimType, sentence: str, start: int, end: int) -> list[tuple[str, str]]:
    """One (family, name) per family mentioned: the mention nearest the value, its clause first."""
    lo, hi = _clause(sentence, start, end)
    names = []
    for family, named in ctype.contexts:
        mentions = _mentions(named, sentence, ctype)
        own = [m for m in mentions if lo <= m[0] and m[1] <= hi] or mentions
        if own:
            nearest = min(own, key=lambda m: max(m[0] - end, start - m[1], 0))
            names.append((family, nearest[2]))
    return names


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding ``[start, end)``: between the clause breaks around it."""
    breaks = [m.start() for m in _CLAUSE.finditer(sentence)]
    lo = max([b for b in breaks if b < start], default=0)
    hi = min([b for b in breaks if b >= end], default=len(sentence))
    return lo, hi


def default_subject(doc: Document, ctype: ClaimType) -> str:
    """The subject a document mentions most: what a sentence without one is about."""
    if not ctype.subjects:
        return ""
    key = "\0".join(p.pattern for _, p in ctype.subjects)
    if _subject_cache.get("doc") is not doc:
        _subject_cache.clear()
        _subject_cache["doc"] = doc
    if key not in _subject_cache:
        counts: dict[str, int] = {}
        found = [candidates(doc, ctype.screen(pattern)) for _, pattern in ctype.subjects]
        named = None if None in found else frozenset().union(*found)
        for index, block in enumerate(doc.blocks):
            if named is not None and index not in named:
                continue
            for _start, _end, name in _mentions(ctype.subjects, block.text, ctype):
                counts[name] = counts.get(name, 0) + 1
        _subject_cache[key] = max(sorted(counts), key=lambda n: counts[n]) if counts else ""
    return str(_subject_cache[key])
