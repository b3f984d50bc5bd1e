"""How figures are written in copy: number words, shares of a group, and evidence-claim shapes.

The ``statistic`` kind matches these shapes where a number-like token starts ("70%",
"seven in ten", "nearly half of patients", "a third relapse", "twice as likely"); the
nouns that make a count evidence ("studies", "patients") come from the rule's options.
"""

from __future__ import annotations

_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {w: i for i, w in enumerate(_SMALL)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9}
NUMBER_WORD = (
    rf"(?:(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_SMALL[1:10])}))?|{'|'.join(reversed(_SMALL))})"
    rf"(?:[- ](?:{'|'.join(_SCALES)}))?|a[- ](?:{'|'.join(_SCALES)}))"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:(?:{_DIGITS})(?:\s*(?:{'|'.join(_SCALES)}))?|\b{NUMBER_WORD}\b)"
_MANY = r"(?:hundreds|thousands|dozens|millions|scores|tens\s+of\s+thousands)\s+of"
_FRACTION = r"(?:(?:one|a|two|three)[- ]?)?(?:half|thirds?|quarters?|fifths?)"
_DIGIT_FRACTION = r"(?<![\d/])[1-9]\s?/\s?(?:[2-9]|10)(?![\d/])"
#: What a share of people does: "half respond", "a third will relapse", "two-thirds never try".
_OUTCOME = (
    r"(?:(?:will|may|might|can|could|also|still|eventually|never|typically|usually|often|do|did|does"
    r"|don['’]t|didn['’]t|doesn['’]t|go\s+on\s+to|went\s+on\s+to|end\s+up|ended\s+up)\s+){0,2}"
    r"(?:respond\w*|reach\w*|achiev\w*|improv\w*|relaps\w*|report\w*|experienc\w*|see|sees|saw|seen"
    r"|feel|feels|felt|notic\w*|say|says|said|recover\w*|remit\w*|benefit\w*|show\w*|get|gets|got|go\s+into"
    r"|went\s+into|stay\w*|remain\w*|return\w*|fail\w*|quit|quits|stop|stops|stopped|drop\w*|discontinu\w*"
    r"|los[et]\w*|gain\w*|develop\w*|need\w*|try|tries|tried|suffer\w*|struggl\w*|stay\w*|enter\w*)\b"
)
#: Words that end a noun phrase: a count is "300 clinical studies", never "3 weeks for patients".
_STOP = (
    r"of|for|in|with|per|and|or|to|from|at|on|by|a|an|the|than|as|who|that|which|were|are|is|was"
    r"|have|has|had|each|every|week|weeks|day|days|hour|hours|month|months|year|years|minutes?|sessions?"
)
#: "rose threefold", "increased by 3-fold".
FOLD_CHANGE = (
    r"\b(?:increas|ris|rose|reduc|decreas|drop|jump|grow|grew|improv)\w*\s+(?:by\s+)?(?:about\s+)?"
    rf"(?:{NUMBER_WORD}|\d+(?:\.\d+)?)[- ]?fold\b"
)
#: A majority large enough to be a figure: "the vast majority of patients".
_MAJORITY = r"(?:vast|overwhelming|large|clear|great)"


def claim_shapes(evidence: str, people: str) -> str:
    """One alternation of the claim shapes; ``evidence`` and ``people`` are the nouns' patterns.

    Each shape starts at a number-like token (:data:`DIGIT_START`, :data:`WORD_STARTS`);
    qualifiers before it ("almost", "more than") are added by the caller.
    """
    adjectives = rf"(?:(?!(?:{_STOP})\b)[\w-]+\s+){{0,2}}"
    shapes = [
        rf"{NUMBER}\s*(?:%|\bpercent\b|\bper\s*cent\b)",
        rf"{NUMBER}(?:\s+out\s+of\s+|[\s-]+in[\s-]+|\s+of\s+every\s+)(?:every\s+)?{NUMBER}"
        r"(?!\s*%)(?!\s*(?:minutes?|hours?|days?|weeks?|months?|years?|sessions?|mg|ml)\b)",
        rf"{NUMBER}\s+of\s+{NUMBER}\s+{adjectives}(?:{people})",
        rf"(?:{NUMBER}\s*(?:times|x|×)|twice|thrice)\s+(?:more|less|fewer|higher|lower|greater"
        r"|faster|better|likelier|as)\b",
        rf"(?:{NUMBER_WORD}|\d+(?:\.\d+)?)[- ]?fold\b(?=\s+(?:increase|decrease|reduction|rise|drop"
        r"|higher|greater|more|less|lower|risk|improvement|difference|change|boost|jump|likel))",
        rf"(?P<count>{NUMBER})(?:\s*\+)?\s+{adjectives}(?:(?P<evidence>{evidence})|(?P<people>{people}))",
        rf"{_MANY}\s+{adjectives}(?:{evidence}|{people})",
        rf"(?:{_FRACTION}\s+(?:of\s+)?|{_DIGIT_FRACTION}\s+of\s+|{_MAJORITY}\s+majority\s+of\s+)"
        r"(?:the\s+|all\s+|our\s+|these\s+|those\s+)?(?:[\w-]+\s+){0,2}?"
        rf"(?:{people}|{evidence}|them|those|whom|us|you)",
        # "a third relapse", "half will respond": a share of people doing something
        rf"{_FRACTION}(?=\s+{_OUTCOME})",
        # "almost half are resistant"; "nearly half the dose" is a part of something else
        r"(?P<bare>half|third|quarter|fifth)\b(?!\s+(?:the|a|an|your|our|my|its|their|this|that)\b)",
    ]
    return "|".join(f"(?:{shape})" for shape in shapes)


#: Where a claim may start with a digit. The digit scan and the word scan (:data:`WORD_STARTS`)
#: are kept apart: the digit scan is nearly free, and the word scan is not slowed at every digit.
DIGIT_START = r"(?<![\d.,])\d"
_SCALE_AFTER = rf"(?:[- ](?:{'|'.join(_SCALES)}))?"
#: Where a claim may start with a word, in groups of leading words so that a text is searched
#: only for the groups it holds words of. In this order their alternation is that of
#: :data:`NUMBER_WORD` followed by the other number-like words ("seventeen" before "seven").
WORD_STARTS = tuple(
    rf"\b(?:{group})"
    for group in (
        rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_SMALL[1:10])}))?{_SCALE_AFTER}",
        rf"(?:{'|'.join(reversed(_SMALL[11:]))}){_SCALE_AFTER}",  # nineteen ... eleven
        rf"ten{_SCALE_AFTER}",
        rf"(?:{'|'.join(reversed(_SMALL[4:10]))}){_SCALE_AFTER}",  # nine ... four
        rf"(?:{'|'.join(reversed(_SMALL[:4]))}){_SCALE_AFTER}",  # three ... zero
        rf"a[- ](?:{'|'.join(_SCALES)})|(?:one|a|two|three)[- ]?(?=half|third|quarter|fifth)"
        r"|half|third|quarter|fifth",
        r"twice|thrice|hundreds|thousands|dozens|millions|scores",
        r"tens\s+of",
        rf"{_MAJORITY}(?=\s+majority)",
    )
)


def value(number: str) -> float:
    """A rough value of a number phrase ("2,000", "1.5 million", "twenty-five", "a dozen")."""
    words = number.lower().replace(",", "").replace("-", " ").split()
    total = 0.0
    for word in words:
        if word in _SCALES:
            total = max(total, 1) * _SCALES[word]
        elif word in _WORD_VALUES:
            total += _WORD_VALUES[word]
        elif word == "a":
            total += 1
        else:
            try:
                total += float(word)
            except ValueError:
                return 0.0
    return total
