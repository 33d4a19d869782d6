from pathlib import Path

import pytest

from send_assistant.answering.area_profiles import AreaProfiles
from send_assistant.settings import PROJECT_ROOT

PROFILES = AreaProfiles.from_knowledge(PROJECT_ROOT / "knowledge")
KNOWN = [p.name for p in PROFILES.profiles]


@pytest.mark.parametrize(
    ("typed", "area"),
    [
        ("bucks", "Buckinghamshire"),
        ("BUCKS", "Buckinghamshire"),
        ("Buckinghamshire Council", "Buckinghamshire"),
        ("B&NES", "Bath and North East Somerset"),
        ("banes", "Bath and North East Somerset"),
        ("bath", "Bath and North East Somerset"),
        ("bath and north east somerset", "Bath and North East Somerset"),
        ("central beds", "Central Bedfordshire"),
        ("Worcs", "Worcestershire"),
        ("bedford", "Bedford Borough"),
        ("  Bedford   Borough ", "Bedford Borough"),
    ],
)
def test_any_case_and_any_nickname_resolves_to_the_exact_name(typed, area):
    assert PROFILES.resolve(typed, KNOWN) == area


def test_unknown_areas_do_not_resolve():
    assert PROFILES.resolve("Leeds", KNOWN) is None
    assert PROFILES.resolve("", KNOWN) is None


def test_every_seed_area_has_a_profile_with_a_display_name_and_no_invented_addresses():
    manifest_areas = {"Bath and North East Somerset", "Bedford Borough", "Buckinghamshire", "Central Bedfordshire"}
    assert manifest_areas | {"Worcestershire"} == set(KNOWN)
    for p in PROFILES.profiles:
        assert p.display_name and len(p.display_name) <= 22  # fits a phone-width picker
        for signpost in (p.local_offer, p.sendiass, p.parent_carer_forum):
            # Only addresses the area's own documents give; none of the seed documents gives one.
            assert signpost.url == ""
        assert not p.children_social_care  # no seed document gives a children's social care contact
        assert PROFILES.safeguarding_contact(p.name) is None


def test_a_missing_file_gives_no_profiles(tmp_path: Path):
    assert AreaProfiles.from_knowledge(tmp_path).profiles == []


CONTACT_PROFILES = """
areas:
  - name: Bath and North East Somerset
    children_social_care:
      name: "Children's Services front door, 01632 960 111"
      url: https://council.example/worried-about-a-child
  - name: Buckinghamshire
    children_social_care:
      name: "First Response, 01632 960 222"
  - name: Worcestershire
"""


def test_safeguarding_contact_is_what_the_profile_gives_and_none_otherwise(tmp_path: Path):
    path = tmp_path / "areas.yaml"
    path.write_text(CONTACT_PROFILES, encoding="utf-8")
    profiles = AreaProfiles.load(path)
    assert profiles.safeguarding_contact("Bath and North East Somerset") == (
        "Children's Services front door, 01632 960 111 (https://council.example/worried-about-a-child)"
    )
    assert profiles.safeguarding_contact("Buckinghamshire") == "First Response, 01632 960 222"
    assert profiles.safeguarding_contact("Worcestershire") is None
    assert profiles.safeguarding_contact("Leeds") is None


def test_the_urgent_reply_lists_the_chosen_areas_children_social_care(tmp_path: Path):
    from answering_fakes import BANES, BUCKS, make_assistant

    from send_assistant.answering import texts
    from send_assistant.answering.answer import SAFEGUARDING

    path = tmp_path / "areas.yaml"
    path.write_text(CONTACT_PROFILES.replace("  - name: Buckinghamshire\n", "  - name: Other\n"), encoding="utf-8")
    assistant = make_assistant(profiles=AreaProfiles.load(path))
    local = assistant.ask("my son says he wants to kill himself", area=BANES)
    assert local.status == SAFEGUARDING
    assert texts.SAFEGUARDING_LOCAL.format(detail="Children's Services front door, 01632 960 111") in local.answer
    assert texts.SAFEGUARDING_LOCAL_UNKNOWN not in local.answer
    unknown = assistant.ask("my son says he wants to kill himself", area=BUCKS)  # no contact in its profile
    assert unknown.status == SAFEGUARDING and texts.SAFEGUARDING_LOCAL_UNKNOWN in unknown.answer
    assert "01632 960 111" not in unknown.answer  # never another area's contact
