"""Remove personal data from free text before anything is stored.

Families often type details they should not have to share: a child's name, a date of birth, an NHS number, a
phone number. Feedback and the gaps report only ever keep text that has been through `redact`. Placeholders
say what kind of detail was removed, so content owners can still read the question.

Patterns err on the side of removing too much: a stray date or number lost from a stored question costs little,
while a stored date of birth is a privacy breach.
"""

from __future__ import annotations

import re

EMAIL = "[email]"
PHONE = "[phone]"
NHS_NUMBER = "[NHS number]"
NI_NUMBER = "[NI number]"
POSTCODE = "[postcode]"
DATE = "[date]"
NAME = "[name]"

_EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

# NHS numbers: 10 digits, usually written 3-3-4 (with spaces or hyphens). Checked before phones, whose
# national form always starts with 0 or +44.
_NHS_RE = re.compile(r"(?<![\d+])(?:\d{3}[ -]\d{3}[ -]\d{4}|[1-9]\d{9})(?!\d)")

# A phone candidate starts with +44 / 0044 / 0 (optionally bracketed) and runs on through digits and
# separators; `_phone` then checks the digit count so that years and small numbers are left alone.
_PHONE_RE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s().-]{6,16}\d(?!\d)")

# National Insurance number: two letters, six digits (often in pairs), a final A-D.
_NI_RE = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)

# UK postcodes (full, with or without the space), e.g. SW1A 1AA, MK42 9AP, b1 1aa.
_POSTCODE_RE = re.compile(r"\b(?:GIR\s?0AA|[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    r"\b\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}\b",  # 12/03/2015, 12-3-15, 12.03.2015
    r"\b\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}\b",  # 2015-03-12
    rf"\b{_DAY}(?:\s+of)?[\s,-]+{_MONTHS}\.?[\s,-]+\d{{2,4}}\b",  # 12 March 2015, 12th of Mar, 2015
    rf"\b{_MONTHS}\.?\s+{_DAY},?\s+\d{{2,4}}\b",  # March 12, 2015
)
_DATE_RE = re.compile("|".join(_DATE_PATTERNS), re.IGNORECASE)
# After "born", "DOB" or "date of birth", even a partial date (month and year, or a year) is identifying.
_BIRTH_RE = re.compile(
    rf"\b(born(?:\s+(?:on|in))?|d\.?o\.?b\.?|date\s+of\s+birth)(\s*(?:is|was|:)?\s*)"
    rf"((?:{_DAY}\s+)?(?:{_MONTHS}\.?\s+)?(?:\d{{1,2}}\s?/\s?)?\d{{4}}|{_MONTHS}\.?(?:\s+\d{{4}})?)",
    re.IGNORECASE,
)

_RELATION = (
    r"(?:son|daughter|child|kid|boy|girl|grandson|granddaughter|grandchild|stepson|stepdaughter|stepchild|"
    r"foster\s+(?:son|daughter|child)|nephew|niece|brother|sister|baby|toddler|teenager|pupil|student|patient)"
)
_NAME_WORD = r"[A-Z][a-z'’][a-zA-Z'’-]*"  # capitalised, not an all-capitals acronym such as ADHD
# After "called" the first word is a name whatever its case; later words only when capitalised (a surname).
_CALLED_NAME = rf"[A-Za-z][a-zA-Z'’-]+(?-i:(?:\s+{_NAME_WORD}){{0,2}})"
_FULL_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
# "my son is called Tom", "our daughter's name is Amy Smith", "my grandson, named Ali,", "a pupil called Jo".
_CALLED_RE = re.compile(
    rf"(\b(?:my|our|a|the|her|his|their)\s+(?:[\w-]+\s+){{0,3}}{_RELATION}(?:'s|’s)?"
    rf"(?:,)?\s+(?:is\s+|was\s+)?(?:called|named|name\s+is|known\s+as)\s+)({_CALLED_NAME})",
    re.IGNORECASE,
)
# "my son Tom has autism": a capitalised word straight after "my son" is almost always a name.
_DIRECT_RE = re.compile(rf"(\b(?:[Mm]y|[Oo]ur)\s+{_RELATION},?\s+)({_FULL_NAME})")
# Words that can follow "my son" capitalised without being a name (sentence starts, acronyms in title case).
_NOT_NAMES = {"Has", "Is", "Was", "And", "But", "Who", "With", "Can", "Will", "Does", "Did", "Goes", "Attends"}


def _phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if digits.startswith("0044"):
        digits = digits[2:]
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    # UK numbers are 10 or 11 digits with the leading 0; short national helplines (0800 1111) are 8+.
    return PHONE if 8 <= len(digits) <= 12 else match.group(0)


def _direct_name(match: re.Match[str]) -> str:
    words = match.group(2).split()
    if words[0] in _NOT_NAMES:
        return match.group(0)
    return match.group(1) + NAME


def redact(text: str) -> str:
    """Return `text` with emails, phones, NHS/NI numbers, postcodes, dates of birth and children's names replaced.

    The placeholders ([email], [phone], [NHS number], [NI number], [postcode], [date], [name]) keep the
    question readable for the gaps report.
    """
    if not text:
        return text
    out = _EMAIL_RE.sub(EMAIL, text)
    out = _CALLED_RE.sub(lambda m: m.group(1) + NAME, out)
    out = _DIRECT_RE.sub(_direct_name, out)
    out = _BIRTH_RE.sub(lambda m: m.group(1) + m.group(2) + DATE, out)
    out = _DATE_RE.sub(DATE, out)
    out = _NHS_RE.sub(NHS_NUMBER, out)
    out = _PHONE_RE.sub(_phone, out)
    out = _NI_RE.sub(NI_NUMBER, out)
    out = _POSTCODE_RE.sub(POSTCODE, out)
    return out
