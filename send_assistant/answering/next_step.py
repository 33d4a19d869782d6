"""Honest refusals: "I could not find that", plus a useful next step named from the area's own sources.

The next step is the area's information, advice and support service (SENDIASS) when the indexed documents of
that area name it, cited; otherwise a generic pointer to the council's SEND team and SENDIASS. Never another
area's service.
"""

from __future__ import annotations

import re
from typing import NoReturn

from send_assistant.answering import texts
from send_assistant.answering.answer import NOT_FOUND, SAFEGUARDING, Passage
from send_assistant.answering.answer_text import citation_for, known_areas_note
from send_assistant.answering.area_profiles import AreaProfile, AreaProfiles
from send_assistant.answering.context import Context
from send_assistant.answering.grounding import clean_sentence, split_sentences
from send_assistant.answering.interfaces import Retriever

QUERY = "information advice and support service for parents SENDIASS impartial advice"

_SERVICE_NAME = re.compile(r"(?:[A-Z][\w&'’-]*,?\s+(?:and\s+)?){1,6}Service\b|\b(?:SENDIASS|IASS)\b")
_ADVICE = re.compile(r"\badvice\b|\bimpartial\b|IASS\b", re.IGNORECASE)


def service_name(sentence: str) -> str | None:
    """The name of an advice service in a sentence that describes one ("the SEND Partnership Service")."""
    if not _ADVICE.search(sentence):
        return None
    match = _SERVICE_NAME.search(sentence)
    if not match:
        return None
    name = re.sub(r"^(?:The|A|An|Our)\s+", "", match.group(0).strip())
    return name if len(name) > 3 else None


def _same_service(found: str, known: str) -> bool:
    """Whether a service named in a passage is the one the profile names ("SEND Partnership Service")."""
    a, b = found.casefold().strip(), known.casefold().strip()
    if a in {"sendiass", "iass"}:
        return a == b  # the bare abbreviation is no name: "Worcestershire SENDIASS" says which one
    return bool(a) and (a in b or b in a)


class NextStep:
    """Finds the area's advice service in its own documents, once per area and index version."""

    def __init__(self, retriever: Retriever, k: int = 8, profiles: AreaProfiles | None = None) -> None:
        self.retriever = retriever
        self.k = k
        self.profiles = profiles
        self._cache: dict[tuple[str, object], tuple[str, Passage] | None] = {}

    def find(self, area: str) -> tuple[str, Passage] | None:
        """(service name, passage naming it) from the area's own (not national) documents, or None."""
        if not area:
            return None
        key = (area, getattr(getattr(self.retriever, "index", None), "version", None))
        if key not in self._cache:
            self._cache[key] = self._search(area)
        return self._cache[key]

    def _search(self, area: str) -> tuple[str, Passage] | None:
        for passage in self.retriever.search(QUERY, area, self.k).passages:
            if passage.area != area:
                continue
            for sentence, _ in split_sentences(passage.text):
                name = service_name(clean_sentence(sentence))
                if name:
                    return name, passage
        return None

    def own_service(self, area: str) -> tuple[str, Passage] | None:
        """(name, passage) of the advice service the area's profile names, from a passage of the area's own that
        names it; None when the profile names none or no passage names it."""
        found = self.find(area)
        known = self.profile_service(area)
        if not (found and known):
            return None
        # A passage that only mentions "SENDIASS" in passing ("reported to the Board by SENDIASS") or names some
        # other advice service is no better than the profile's signposts, which say it.
        name, passage = found
        same = _same_service(name, known) or known.casefold() in passage.text.casefold()
        return (known, passage) if same else None

    def _profile(self, area: str) -> AreaProfile | None:
        return self.profiles.get(area) if area and self.profiles is not None else None

    def profile_service(self, area: str) -> str:
        """The SENDIASS the area's profile names ("" when it names none)."""
        profile = self._profile(area)
        return profile.sendiass.name if profile is not None else ""

    def signposts(self, area: str, with_sendiass: bool = True) -> str:
        """The area's own SENDIASS and Local Offer from its profile ("" when the profile names neither).

        with_sendiass=False leaves the SENDIASS out (the answer has just named it).
        """
        profile = self._profile(area)
        if profile is None:
            return ""
        parts = []
        for label, signpost in (
            (texts.SIGNPOST_SENDIASS, profile.sendiass if with_sendiass else None),
            (texts.SIGNPOST_LOCAL_OFFER, profile.local_offer),
        ):
            if signpost is None:
                continue
            if signpost.name:
                shown = (
                    texts.SIGNPOST_WITH_URL.format(name=signpost.name, url=signpost.url)
                    if signpost.url
                    else signpost.name
                )
                parts.append(f"{label}: {shown}")
        return texts.NEXT_STEP_AREA.format(area=profile.name, signposts="; ".join(parts)) if parts else ""

    def refuse(self, ctx: Context, covered: bool = True, elsewhere: str | None = None) -> NoReturn:
        """End the pipeline with not_found and the best next step for the area (aborts: never returns).

        A safeguarding answer ends with its signposting alone (status safeguarding, no citations). `elsewhere`: the
        other council a local question asked about; the chosen area's own signposts are not given for it.
        """
        if ctx.answer.status == SAFEGUARDING:
            # After the urgent signposting, "I could not find..." and an advice-service citation only distract.
            ctx.answer.citations = []
            ctx.abort(SAFEGUARDING, "")
        area = ctx.area
        if elsewhere and area:
            ctx.answer.citations = []
            lines = [
                texts.NOT_FOUND_OTHER_COUNCIL.format(area=area, other=elsewhere),
                texts.NEXT_STEP_OTHER_COUNCIL.format(other=elsewhere),
            ]
            ctx.abort(NOT_FOUND, "\n\n".join(lines))
        if not covered:
            lines = [texts.NOT_FOUND_UNCOVERED_AREA.format(area=area), texts.NEXT_STEP_GENERIC]
            if known_areas_note(ctx.known_areas):
                lines.insert(1, known_areas_note(ctx.known_areas))
            ctx.answer.citations = []
        else:
            where = texts.NOT_FOUND_WHERE.format(area=area) if area else ""
            lines = [texts.NOT_FOUND_LEAD.format(where=where)]
            found = self.find(area) if area else None
            if found and self.profile_service(area):
                # The service the area's profile names is the next step; without a profile, the service the area's
                # documents name.
                found = self.own_service(area)
            if found:
                name, passage = found
                ctx.answer.citations = [citation_for(passage, 1)]
                service = name if name.isupper() else "the " + name
                lines.append(texts.NEXT_STEP_NAMED.format(service=service, cite=" [1]"))
            else:
                ctx.answer.citations = []
                lines.append(texts.NEXT_STEP_GENERIC)
                if not area:
                    lines.append(texts.PICK_AREA_HINT)
            # The area's own SENDIASS and Local Offer, whenever its profile knows them (the SENDIASS only when
            # the line above has not just named it).
            extra = self.signposts(area, with_sendiass=not found)
            if extra:
                lines.append(extra)
        ctx.abort(NOT_FOUND, "\n\n".join(lines))
