"""Remove personal data from free text before anything is stored.

Families often type details they should not have to share: their own or a child's name, an address, a date of
birth, an NHS number, a phone number. Feedback and the gaps report only ever keep text that has been through
`redact`. Placeholders say what kind of detail was removed, so content owners can still read the question.

A handful of named patterns, run in order (`RULES`); names are found by assistant.redact_names with the word
lists in send_assistant/data/redact/. Patterns err on the side of removing too much: a stray date or number lost
from a stored question costs little, while a stored date of birth is a privacy breach.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from send_assistant.privacy.names import NAME as NAME
from send_assistant.privacy.names import redact_names, word_list

EMAIL = "[email]"
PHONE = "[phone]"
NHS_NUMBER = "[NHS number]"
NI_NUMBER = "[NI number]"
POSTCODE = "[postcode]"
DATE = "[date]"
ADDRESS = "[address]"


@cache
def _street_words() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for line in word_list("street_words.txt"):
        kind, _, words = line.partition(":")
        kinds.update({w: kind.strip() for w in words.split()})
    return kinds


# --- numbers and addresses ----------------------------------------------------------------------------------

# Possessive quantifiers (++, *+) and bounded repeats keep these linear on hostile text ("1-2-3-..." x 1000).
_EMAIL_RE = re.compile(r"(?<![\w.+'-])[\w.+'-]++@[\w-]++(?:\.[\w-]++)++", re.UNICODE)
# "sarah dot jones at gmail dot com", "jo(at)hotmail.co.uk": spelt out to dodge filters, still an address.
_DOT = r"(?:\s*+\.\s*+|\s++dot\s++|\s*+[\[(]\s*+dot\s*+[\])]\s*+)"
_SPELT_EMAIL_RE = re.compile(
    rf"(?<![\w.+-])[\w+-]++(?:{_DOT}[\w+-]++){{0,4}}+(?:\s*+[\[(]\s*+at\s*+[\])]\s*+|\s++at\s++|\s*+@\s*+)"
    rf"[\w-]++(?:{_DOT}[\w-]++){{0,3}}?{_DOT}(?:com|co|uk|org|net|gov|ac|nhs|sch|edu|io|me|info|biz)\b",
    re.IGNORECASE,
)
# NHS numbers: 10 digits, usually written 3-3-4 (with spaces or hyphens). Checked before phones, whose
# national form always starts with 0 or +44.
_NHS_RE = re.compile(r"(?<![\d+])(?:\d{3}[ -]\d{3}[ -]\d{4}|[1-9]\d{9})(?!\d)")
# A phone candidate starts with +44 / 0044 / 0 (optionally bracketed) and runs on through digits and
# separators; `_phone` then checks the digit count so that years and small numbers are left alone.
_PHONE_RE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?44[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)\d[\d\s().-]{6,16}\d(?!\d)")
# National Insurance number: two letters, six digits (in pairs, threes or run together), a final A-D.
_NI_RE = re.compile(r"\b[A-Z]{2}(?:[\s-]?\d){6}[\s-]?[A-D]\b", re.IGNORECASE)
# UK postcodes (full, with or without the space), e.g. SW1A 1AA, MK42 9AP, b1 1aa.
_POSTCODE_RE = re.compile(r"\b(?:GIR\s?0AA|[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
# "Flat 3, 45 High Street", "12 acacia avenue", "2 The Crescent": a house number, up to three words, a street word.
_STOP = r"(?-i:to|a|an|the|of|and|in|for|on|at|or|with|per|by|is|are|be|was|weeks?|days?|hours?|minutes?|years?)"
_HOUSE = r"(?:(?:flat|apartment|apt|unit)\s*\d+[a-z]?,?\s*(?:\d{1,4}[a-z]?,?\s+)?|\d{1,4}[a-z]?,?\s+)"


@cache
def _address_re() -> re.Pattern[str]:
    street = "|".join(sorted(_street_words(), key=len, reverse=True))
    return re.compile(rf"\b{_HOUSE}((?:(?!{_STOP}\b)[A-Za-z'’-]+\s+){{0,3}}?)({street})\b\.?(?![\w'’-])", re.IGNORECASE)


# "we live on Acacia Avenue", "address is Flat 2 Rose Court": a street with no number, after a cue.
_LIVE_ON_RE = re.compile(
    r"\b(liv(?:e|es|ing)\s+(?:at|on|in)|address\s+is|moved\s+to)\s+((?:[A-Z][A-Za-z'’-]+\s+){1,3})([A-Za-z]+)\b",
)
_FLAT_RE = re.compile(r"\b(?:flat|apartment|apt)\s*\d+[a-z]?\b", re.IGNORECASE)


def _phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if digits.startswith("0044"):
        digits = digits[2:]
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    # UK numbers are 10 or 11 digits with the leading 0; short national helplines (0800 1111) are 8+.
    return PHONE if 8 <= len(digits) <= 12 else match.group(0)


def _address(match: re.Match[str]) -> str:
    kind = _street_words().get(match.group(2).lower())
    words = match.group(1).split()
    capitalised = bool(words) and all(w[0].isupper() for w in words + [match.group(2)])
    if (kind == "strong" and words) or (kind == "weak" and capitalised) or (words == ["The"] and kind):
        return ADDRESS
    return match.group(0)


def _live_on(match: re.Match[str]) -> str:
    if match.group(3).lower() in _street_words():
        return f"{match.group(1)} {ADDRESS}"
    return match.group(0)


# --- dates ----------------------------------------------------------------------------------------------------

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_NUMERIC_DATE_RE = re.compile(
    r"\b\d{4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,2}\b"  # 2015-04-03
    r"|\b\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})\b"  # 03/04/15, 3.4.2015, 12-3-15
)
# 3 April 2015, 3rd of April, 3 Apr 15, April 3rd, April 3, 2015.
_WORD_DATE_RE = re.compile(
    rf"\b({_DAY})(?:\s+of)?[\s,-]+({_MONTHS})\b\.?(?:,?[\s-]+(?:\d{{4}}|\d{{2}})\b)?"
    rf"|\b({_MONTHS})\.?\s+({_DAY})\b(?:,?\s+\d{{4}}\b)?",
    re.IGNORECASE,
)
# Words before a number that make it a count or a label ("Year 2 may", "page 3 March"), not a day.
_NOT_A_DAY = {"year", "years", "stage", "age", "aged", "page", "paragraph", "section", "chapter", "step", "level"}
# After "born", "DOB", "date of birth" or "birthday", even a partial date (month and year, or a year) identifies.
_BIRTH_RE = re.compile(
    rf"\b(born(?:\s+(?:on|in))?|d\.?o\.?b\.?|date\s+of\s+birth|birthday(?:\s+is)?)(\s*(?:is|was|:)?\s*)"
    rf"((?:{_DAY}\s+)?(?:{_MONTHS}\.?\s+)?(?:\d{{1,2}}\s?/\s?)?\d{{4}}(?![/.-]\d)|{_MONTHS}\b\.?(?:\s+\d{{4}})?)",
    re.IGNORECASE,
)


def _word_date(match: re.Match[str]) -> str:
    text = match.group(0)
    day = match.group(1) or match.group(4) or ""
    month = (match.group(2) or match.group(3) or "").lower()
    has_year = bool(re.search(r"\d{2}\s*$", text)) and text.strip() != day
    ordinal = not day.isdigit()
    before = match.string[: match.start()].split()
    if match.group(1) and before and before[-1].lower().strip(",.") in _NOT_A_DAY:
        return text
    if month in {"may", "mar", "march", "jun", "jan"} and not (has_year or ordinal or " of " in text.lower()):
        # "Year 2 may need", "may 3 times": only a day with an ordinal or a year makes these months dates.
        if match.group(1) or not match.group(3)[0].isupper():
            return text
    return DATE


RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("email", lambda t: _EMAIL_RE.sub(EMAIL, t)),
    ("spelt email", lambda t: _SPELT_EMAIL_RE.sub(EMAIL, t)),
    ("postcode", lambda t: _POSTCODE_RE.sub(POSTCODE, t)),
    ("birth date", lambda t: _BIRTH_RE.sub(lambda m: m.group(1) + m.group(2) + DATE, t)),
    ("numeric date", lambda t: _NUMERIC_DATE_RE.sub(DATE, t)),
    ("word date", lambda t: _WORD_DATE_RE.sub(_word_date, t)),
    ("NI number", lambda t: _NI_RE.sub(NI_NUMBER, t)),
    ("NHS number", lambda t: _NHS_RE.sub(NHS_NUMBER, t)),
    ("phone", lambda t: _PHONE_RE.sub(_phone, t)),
    ("address", lambda t: _FLAT_RE.sub(ADDRESS, _LIVE_ON_RE.sub(_live_on, _address_re().sub(_address, t)))),
    ("name", redact_names),
)


def redact(text: str) -> str:
    """Return `text` with names, addresses, emails, phones, NHS/NI numbers, postcodes and dates replaced.

    The placeholders ([name], [address], [email], [phone], [NHS number], [NI number], [postcode], [date]) keep
    the question readable for the gaps report.
    """
    if not text:
        return text
    for _name, rule in RULES:
        text = rule(text)
    return text
