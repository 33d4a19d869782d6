"""Area profiles (knowledge/areas.yaml): each local area's exact name, nicknames and its own signposts.

One place answers "which area did the user mean?" for the CLI, the API, the page and the pipeline: any letter
case, any listed nickname ("Bucks", "B&NES", "central beds"). The profile's Local Offer, SENDIASS and parent carer
forum come only from the area's own documents; a blank means unknown and is never filled in from elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from send_assistant.errors import ManifestError
from send_assistant.yaml_file import read_yaml

AREAS_FILE = "areas.yaml"


@dataclass(frozen=True)
class Signpost:
    """A named place to get help, with its web address when known ("" when not)."""

    name: str = ""
    url: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.url)


@dataclass(frozen=True)
class AreaProfile:
    """One local area as users name it and where its families get help."""

    name: str
    short_name: str = ""
    nicknames: tuple[str, ...] = ()
    place_words: tuple[str, ...] = ()  # nicknames that are ordinary English ("bath"): only after "in", "near"...
    local_offer: Signpost = field(default_factory=Signpost)
    sendiass: Signpost = field(default_factory=Signpost)
    parent_carer_forum: Signpost = field(default_factory=Signpost)
    # who to call when a child may be at risk (the council's children's social care front door)
    children_social_care: Signpost = field(default_factory=Signpost)

    @property
    def display_name(self) -> str:
        """The name to show where space is short (a phone-width picker)."""
        return self.short_name or self.name


def _key(text: str) -> str:
    """A name reduced for comparison: lower case, '&' as 'and', punctuation and spacing ignored."""
    text = text.lower().replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _signpost(raw: object) -> Signpost:
    if not isinstance(raw, dict):
        return Signpost()
    return Signpost(name=str(raw.get("name") or "").strip(), url=str(raw.get("url") or "").strip())


class AreaProfiles:
    """The known areas' profiles, with lookup by any spelling people use."""

    def __init__(self, profiles: list[AreaProfile]) -> None:
        self.profiles = list(profiles)
        self._by_key: dict[str, AreaProfile] = {}
        for p in self.profiles:
            for form in (p.name, p.short_name, *p.nicknames, *p.place_words):
                if form:
                    self._by_key.setdefault(_key(form), p)

    @classmethod
    def load(cls, path: Path) -> AreaProfiles:
        """Read areas.yaml; a missing file gives no profiles (areas are then known by exact name only)."""
        if not path.exists():
            return cls([])
        data = read_yaml(path, ManifestError, "the area profiles") or {}
        profiles = []
        for raw in data.get("areas") or []:
            name = str(raw.get("name") or "").strip()
            if not name:
                continue
            profiles.append(
                AreaProfile(
                    name=name,
                    short_name=str(raw.get("short_name") or "").strip(),
                    nicknames=tuple(str(n).strip() for n in raw.get("nicknames") or () if str(n).strip()),
                    place_words=tuple(str(n).strip() for n in raw.get("place_words") or () if str(n).strip()),
                    local_offer=_signpost(raw.get("local_offer")),
                    sendiass=_signpost(raw.get("sendiass")),
                    parent_carer_forum=_signpost(raw.get("parent_carer_forum")),
                    children_social_care=_signpost(raw.get("children_social_care")),
                )
            )
        return cls(profiles)

    @classmethod
    def from_knowledge(cls, knowledge_dir: Path) -> AreaProfiles:
        """The profiles shipped beside the knowledge manifest."""
        return cls.load(Path(knowledge_dir) / AREAS_FILE)

    def get(self, name: str) -> AreaProfile | None:
        """The profile of an exact (canonical) area name."""
        return next((p for p in self.profiles if p.name == name), None)

    def safeguarding_contact(self, area: str) -> str | None:
        """The area's children's social care contact as its profile gives it ("name (url)"), or None when unknown.

        The safeguarding stage puts it under the national help lines; None leaves the generic line (look on the
        council's website), since a contact is never guessed.
        """
        profile = self.get(area)
        contact = profile.children_social_care if profile is not None else Signpost()
        if contact.name and contact.url:
            return f"{contact.name} ({contact.url})"
        return contact.name or contact.url or None

    def resolve(self, text: str, known: list[str] | None = None) -> str | None:
        """The canonical area a user's choice means ("bucks" -> "Buckinghamshire"), or None when unknown.

        `known`: the areas the index has documents for; an exact name from it is accepted in any case even
        without a profile.
        """
        key = _key(text or "")
        if not key:
            return None
        for name in known or []:
            if _key(name) == key:
                return name
        profile = self._by_key.get(key)
        if profile is None:
            # "Buckinghamshire Council", "Worcestershire County Council": the name with a council suffix.
            trimmed = re.sub(r"\s+(county|borough|city|district)?\s*council$", "", key).strip()
            profile = self._by_key.get(trimmed)
        return profile.name if profile is not None else None

    def nickname_patterns(self) -> list[tuple[str, str, bool]]:
        """(nickname, area, place_only) for recognising an area named inside a question."""
        out = []
        for p in self.profiles:
            out += [(n, p.name, False) for n in (p.short_name, *p.nicknames) if n and n != p.name]
            out += [(n, p.name, True) for n in p.place_words]
        return out
