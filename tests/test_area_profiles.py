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


def test_a_missing_file_gives_no_profiles(tmp_path: Path):
    assert AreaProfiles.from_knowledge(tmp_path).profiles == []
