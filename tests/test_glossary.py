import re

import pytest

from send_assistant.answering.glossary import Glossary
from send_assistant.errors import ManifestError
from send_assistant.settings import PROJECT_ROOT

GLOSSARY = PROJECT_ROOT / "knowledge" / "glossary.yaml"
LOCAL_NAMES = re.compile(r"bedford|bucks|buckingham|worcester|bath|somerset|banes|b&nes|snap|fact bucks", re.I)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(GLOSSARY)


def test_shipped_glossary_covers_the_core_send_terms(glossary):
    for term in [
        "EHCP",
        "SENCO",
        "SENDIASS",
        "SEN support",
        "SEMH",
        "ASD",
        "ADHD",
        "SALT",
        "OT",
        "CAMHS",
        "PfA",
        "DCO",
        "DMO",
        "PCF",
        "CCG",
        "WSoA",
        "LO",
        "HNB",
        "DSG",
        "PHB",
        "CoP",
        "LA",
        "LAC",
        "CIN",
        "EP",
        "JSNA",
        "tribunal",
        "mediation",
        "annual review",
        "co-production",
        "short breaks",
        "transition",
    ]:
        entry = glossary.lookup(term)
        assert entry is not None, term
        assert len(entry.definition) > 40, term


def test_national_definitions_name_no_local_area(glossary):
    # The `terms` list is indexed as a national document: another area's names there would leak everywhere.
    for entry in glossary.terms:
        if entry.area == "":
            text = " ".join([entry.term, entry.expansion, entry.definition, *entry.aliases])
            assert not LOCAL_NAMES.search(text), entry.term


def test_local_names_say_which_area_they_belong_to(glossary):
    local = {t.term: t for t in glossary.terms if t.area}
    assert local["BBPCF"].area == "Bedford Borough"
    assert local["FACT Bucks"].area == "Buckinghamshire"
    assert local["SPS"].area == "Bath and North East Somerset"
    assert local["SNAP PCF"].area == "Central Bedfordshire"
    for entry in local.values():
        assert entry.area.split()[0].lower() in entry.definition.lower() or "bedford" in entry.definition.lower()


def test_no_phone_numbers_in_definitions(glossary):
    for entry in glossary.terms:
        assert not re.search(r"\d{4,5}\s?\d{5,6}", entry.definition), entry.term


def test_expands_abbreviation_to_long_form(glossary):
    expanded = glossary.expand_query("What is an EHCP?")
    assert expanded.startswith("What is an EHCP?")
    assert "Education, Health and Care plan" in expanded


def test_expands_long_form_to_abbreviation(glossary):
    assert "EHCP" in glossary.expand_query("how do I ask for an education health and care plan")
    assert "PCF" in glossary.expand_query("What is a parent carer forum?")
    assert "SENCO" in glossary.expand_query("who is the special educational needs co-ordinator")


def test_plurals_and_lower_case_long_abbreviations(glossary):
    assert "Education, Health and Care plan" in glossary.expand_query("backlog of ehcps")
    assert "clinical commissioning group" in glossary.expand_query("the two CCGs")
    assert "Child and Adolescent Mental Health Services" in glossary.expand_query("camhs waiting list")


@pytest.mark.parametrize(
    "query",
    [
        "the la la land of it all",  # LA, IT-like letters inside ordinary words
        "can I send the form by email",  # 'send' the verb
        "is there salt in school dinners",  # 'salt' the food
        "please add my details",  # 'add' the verb
        "Where is the Lego club",  # 'IS'/'LO' inside words, lower case
        "an otter and a sensible plan for the fees",
    ],
)
def test_no_false_triggers(glossary, query):
    assert glossary.expand_query(query) == query


def test_capital_short_forms_do_trigger(glossary):
    assert "local authority" in glossary.expand_query("Has the LA replied?")
    assert "speech and language therapy" in glossary.expand_query("SALT waiting times")
    assert "special educational needs and disabilities" in glossary.expand_query("SEND support")


def test_shouted_question_does_not_expand_every_short_word(glossary):
    expanded = glossary.expand_query("IS IT OK TO ASK THE LA FOR AN EHCP")
    assert "Education, Health and Care plan" in expanded
    assert "Independent Supporter" not in expanded
    assert "local authority" not in expanded


def test_forms_already_present_are_not_repeated(glossary):
    query = "EHCP (Education, Health and Care plan) timescales"
    assert glossary.expand_query(query) == query


def test_local_names_expand_only_for_their_area(glossary):
    assert "Bedford Borough Parent Carer Forum" in glossary.expand_query("What does BBPCF do?")
    assert "Bedford Borough Parent Carer Forum" in glossary.expand_query("What does BBPCF do?", area="Bedford Borough")
    assert glossary.expand_query("What does BBPCF do?", area="Worcestershire") == "What does BBPCF do?"


def test_lookup_and_acronyms(glossary):
    assert glossary.lookup("ehc plan").term == "EHCP"
    assert glossary.lookup("Parent-Carer Forum").term == "PCF"
    assert glossary.lookup("no such thing") is None
    acronyms = glossary.acronyms()
    assert acronyms["SENCO"] == "special educational needs co-ordinator"
    assert acronyms["ASC"] == "autism spectrum disorder"
    assert "annual review" not in acronyms


def test_malformed_glossary_is_a_clear_error(tmp_path):
    bad = tmp_path / "g.yaml"
    bad.write_text("terms:\n  - term: X\n    expansion: ex\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="definition"):
        Glossary.load(bad)
    bad.write_text("local_terms: []\n", encoding="utf-8")
    with pytest.raises(ManifestError):
        Glossary.load(bad)
    with pytest.raises(ManifestError):
        Glossary.load(tmp_path / "missing.yaml")


def test_expansions_are_the_added_forms_only(glossary):
    assert glossary.expansions("SALT and OT waiting lists") == [
        "speech and language therapy",
        "occupational therapy",
    ]
    assert glossary.expansions("nothing to see") == []


def test_expansion_groups_tie_added_forms_to_the_words_they_stand_for(glossary):
    assert glossary.expansion_groups("Who are the SEN Champions?") == [("SEN", ["special educational needs"])]
    assert glossary.expansion_groups("SALT and OT waiting lists") == [
        ("SALT", ["speech and language therapy"]),
        ("OT", ["occupational therapy"]),
    ]
    assert glossary.expansion_groups("nothing to see") == []
