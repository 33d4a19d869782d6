"""The SEND glossary: plain-English meanings, and query expansion between abbreviations and their long forms.

Families write "EHCP", professionals write "Education, Health and Care plan", and documents use both. Expanding a
question both ways lets word-matching search find passages whichever form they use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from send_assistant.errors import ManifestError
from send_assistant.ingest.model import NATIONAL
from send_assistant.yaml_file import read_yaml

# Abbreviations that are also everyday English words (or common names): matched only as written in capitals,
# so "send the form" or "a pinch of salt" do not look like SEND or SALT.
_WORDLIKE = {"send", "salt", "cop", "snap", "fact", "sib", "add", "lac", "rag", "bbc", "fe", "ey"}

_BOUNDARY_BEFORE = r"(?<![\w&])"
_BOUNDARY_AFTER = r"(?![\w&])"


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: punctuation, hyphens and slashes become spaces."""
    return " ".join(re.findall(r"[a-z0-9&]+", text.lower()))


def _is_abbreviation(form: str) -> bool:
    """One word with two or more capitals (EHCP, SoA, SENCo, SpLD, SEN/D)."""
    return " " not in form.strip() and sum(c.isupper() for c in form) >= 2


@dataclass(frozen=True)
class Term:
    """One glossary entry. area is "" for England-wide terms, else the one local area the name belongs to."""

    term: str
    expansion: str
    definition: str
    aliases: tuple[str, ...] = ()
    area: str = NATIONAL

    @property
    def forms(self) -> tuple[str, ...]:
        """Every way of writing the term: short form, long form, aliases."""
        return (self.term, self.expansion, *self.aliases)


def _needs_capitals(form: str) -> bool:
    return len(form) <= 2 or form.lower() in _WORDLIKE


def _abbreviation_pattern(form: str) -> re.Pattern[str]:
    """Word-bounded pattern for an abbreviation, allowing a plural s.

    Short (two-letter) and word-like abbreviations must be written in capitals ("LA", not "la"), so they never
    fire inside ordinary words or sentences; longer ones ("ehcp", "camhs") are matched in any case.
    """
    body = re.escape(form)
    if _needs_capitals(form):
        variants = sorted({re.escape(form), re.escape(form.upper())}, key=len, reverse=True)
        return re.compile(_BOUNDARY_BEFORE + "(?:" + "|".join(variants) + ")s?" + _BOUNDARY_AFTER)
    return re.compile(_BOUNDARY_BEFORE + body + "s?" + _BOUNDARY_AFTER, re.IGNORECASE)


def _phrase_pattern(form: str) -> re.Pattern[str] | None:
    """Pattern for a long form, matched against the normalised question (any case, any punctuation)."""
    words = normalise(form)
    if not words:
        return None
    return re.compile(r"(?<![a-z0-9&])" + re.escape(words) + r"s?(?![a-z0-9&])")


class Glossary:
    """SEND terms loaded from knowledge/glossary.yaml; expands questions and looks terms up."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = list(terms)
        # (term, pattern, whether it reads the raw text rather than the normalised one, capitals required, form)
        self._matchers: list[tuple[Term, re.Pattern[str], bool, bool, str]] = []
        for term in self.terms:
            for form in term.forms:
                if _is_abbreviation(form):
                    self._matchers.append((term, _abbreviation_pattern(form), True, _needs_capitals(form), form))
                else:
                    pattern = _phrase_pattern(form)
                    if pattern is not None:
                        self._matchers.append((term, pattern, False, False, form))
        self._by_form = {normalise(form): term for term in reversed(self.terms) for form in term.forms}

    @classmethod
    def load(cls, path: Path | str) -> Glossary:
        """Read the glossary YAML (`terms` are national, `local_terms` carry an `area`)."""
        path = Path(path)
        data = read_yaml(path, ManifestError, "the glossary")
        if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
            raise ManifestError(f"{path}: the glossary needs a top-level `terms` list")
        terms = [_parse_term(item, path, local=False) for item in data["terms"]]
        terms += [_parse_term(item, path, local=True) for item in data.get("local_terms") or []]
        return cls(terms)

    def matches(self, text: str, area: str | None = None) -> list[Term]:
        """Terms whose short or long form appears in the text, in glossary order.

        area: when given, local names of other areas are ignored ("" ignores every local name).
        """
        return list(self._found_forms(text, area))

    def _found_forms(self, text: str, area: str | None) -> dict[Term, str]:
        """Each term the text mentions, with the first of its forms found there (as the glossary writes it)."""
        normalised = normalise(text)
        # A question typed all in capitals would make every two-letter abbreviation "appear".
        shouting = not any(c.islower() for c in text)
        found: dict[Term, str] = {}
        for term, pattern, raw, capitals, form in self._matchers:
            if term in found or (area is not None and term.area not in (NATIONAL, area)):
                continue
            if capitals and shouting:
                continue
            if pattern.search(text if raw else normalised):
                found[term] = form
        return found

    def expand_query(self, query: str, area: str | None = None) -> str:
        """The query followed by the other forms of every term it mentions (EHCP <-> Education, Health and Care plan).

        Forms already in the query are not repeated. Returns the query unchanged when it names no term.
        """
        additions = self.expansions(query, area)
        return query if not additions else query + " (" + "; ".join(additions) + ")"

    def expansions(self, query: str, area: str | None = None) -> list[str]:
        """Just the forms expand_query would add, so a search can weigh them below the user's own words."""
        return [form for _, added in self.expansion_groups(query, area) for form in added]

    def expansion_groups(self, query: str, area: str | None = None) -> list[tuple[str, list[str]]]:
        """(form found in the query, the forms expand_query adds for it) for each term the query mentions.

        Lets a search treat "SEN" and "special educational needs" as one concept of the question.
        """
        present = normalise(query)
        groups: list[tuple[str, list[str]]] = []
        for term, found in self._found_forms(query, area).items():
            additions: list[str] = []
            forms = [term.term]
            # A descriptive long form that merely repeats the term ("short breaks for disabled children") adds noise.
            if normalise(term.term) not in normalise(term.expansion):
                forms.append(term.expansion)
            for form in forms:
                words = normalise(form)
                if words and not re.search(r"(?<![a-z0-9&])" + re.escape(words) + r"(?![a-z0-9&])", present):
                    additions.append(form)
                    present += " " + words
            if additions:
                groups.append((found, additions))
        return groups

    def acronyms(self) -> dict[str, str]:
        """Every abbreviation (short forms and abbreviation aliases) mapped to its long form."""
        result: dict[str, str] = {}
        for term in self.terms:
            for form in (term.term, *term.aliases):
                if _is_abbreviation(form) and form not in result:
                    result[form] = term.expansion
        return result

    def lookup(self, term: str) -> Term | None:
        """The entry for a short form, long form or alias, in any case and punctuation; None when unknown."""
        return self._by_form.get(normalise(term))


def _parse_term(item: object, path: Path, local: bool) -> Term:
    if not isinstance(item, dict):
        raise ManifestError(f"{path}: each glossary entry must be a mapping, got {item!r}")
    missing = [key for key in ("term", "expansion", "definition") if not str(item.get(key) or "").strip()]
    if local and not str(item.get("area") or "").strip():
        missing.append("area")
    if missing:
        raise ManifestError(f"{path}: glossary entry {item.get('term')!r} lacks {', '.join(missing)}")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):
        raise ManifestError(f"{path}: aliases of {item['term']!r} must be a list")
    return Term(
        term=str(item["term"]).strip(),
        expansion=str(item["expansion"]).strip(),
        definition=" ".join(str(item["definition"]).split()),
        aliases=tuple(str(a).strip() for a in aliases if str(a).strip()),
        area=str(item.get("area") or NATIONAL).strip() if local else NATIONAL,
    )
