from __future__ import annotations

from answering_fakes import CHUNKS, HASH_CONFIG
from doubles import HashEmbedder

from send_assistant.answering.sentence_units import SentenceCache, cache_path, units_of


def shown(text: str) -> list[str]:
    return [u.full for u in units_of(text, HASH_CONFIG)]


def test_a_sentence_opening_with_a_pronoun_brings_the_sentence_before_it():
    text = (
        "The SEND Improvement Board meets monthly to check progress. It includes parents, schools and the NHS. "
        "The board reports to the council."
    )
    units = shown(text)
    assert "The SEND Improvement Board meets monthly to check progress. It includes parents, schools and the NHS." in (
        units
    )
    assert "It includes parents, schools and the NHS." not in units
    assert "The board reports to the council." in units


def test_a_pronoun_sentence_whose_referent_is_not_in_the_passage_is_never_a_unit():
    units = shown("This means the plan is issued late. The council issues plans within 20 weeks.")
    assert units == ["The council issues plans within 20 weeks."]
    # "As a result" and "These ..." depend on what came before in the same way.
    assert shown("As a result the backlog grew quickly this year.") == []
    assert shown("These plans are reviewed every year by the council.") == []
    assert shown("Portage is a home-visiting service for pre-school children and their families.") == [
        "Portage is a home-visiting service for pre-school children and their families."
    ]
    # A short sentence with a bare pronoun inside leans on the one before it too.
    units = shown("An EHC plan is a legal document. The local authority issues it after an EHC needs assessment.")
    assert units == [
        "An EHC plan is a legal document.",
        ("An EHC plan is a legal document. The local authority issues it after an EHC needs assessment."),
    ]


def test_a_list_item_is_shown_under_the_sentence_that_introduces_it():
    items = "\n".join(f"- {c}) weakness number {n} in the area;" for n, c in enumerate("abcdefghij", 1))
    text = (
        "Inspectors found the following areas of significant weakness:\n"
        + items
        + "\n- k) the use of part-time timetables."
    )
    units = units_of(text, HASH_CONFIG)
    timetables = [u for u in units if "part-time" in u.full]
    assert len(timetables) == 1
    assert timetables[0].text == "Inspectors found the following areas of significant weakness:"
    assert timetables[0].items == ("k) the use of part-time timetables.",)
    assert not timetables[0].data  # a short item under a ":" introduction answers any question


def test_a_short_list_is_one_unit_with_its_introduction():
    units = units_of("The groups are:\n- Voice of the Child\n- SEN Support\n- Preparing for Adulthood", HASH_CONFIG)
    whole = [u for u in units if len(u.items) == 3]
    assert whole and whole[0].text == "The groups are:"


def test_data_lines_are_kept_with_what_they_count_and_marked_as_data():
    text = "There has been a steady increase in pupils with an EHC plan since 2014.\n- 2017: 1062 pupils\n- 2018: 1,185"
    data = [u for u in units_of(text, HASH_CONFIG) if u.data]
    # Each line, then the whole series (tests/test_compose_series.py).
    assert [u.items for u in data] == [("2017: 1062 pupils",), ("2018: 1,185",), ("2017: 1062 pupils", "2018: 1,185")]
    assert all(u.text.startswith("There has been a steady increase") for u in data)


def test_a_contact_block_is_one_unit():
    text = "Nick Wilson\nInterim Assistant Director – Education & Skills\nnwilson@example.gov.uk\nTel 01905 846328"
    assert shown(text) == [
        "Nick Wilson; Interim Assistant Director – Education & Skills; nwilson@example.gov.uk; Tel 01905 846328"
    ]


def test_the_cache_is_filled_once_saved_and_reloaded_without_embedding(tmp_path):
    path = cache_path(tmp_path, HashEmbedder())
    first = HashEmbedder()
    cache = SentenceCache(first, path=path)
    assert cache.warm([(c.chunk_id, c.text) for c in CHUNKS], HASH_CONFIG) > 0
    assert path.exists() and len(first.calls) == 1  # one batch for the whole index

    second = HashEmbedder()
    restarted = SentenceCache(second, path=path)
    assert restarted.warm([(c.chunk_id, c.text) for c in CHUNKS], HASH_CONFIG) == 0
    assert second.calls == []
    before = cache.units(CHUNKS, HASH_CONFIG)
    after = restarted.units(CHUNKS, HASH_CONFIG)
    assert [[u for u, _ in p] for p in before] == [[u for u, _ in p] for p in after]
    pairs = [(v1, v2) for p1, p2 in zip(before, after, strict=True) for (_, v1), (_, v2) in zip(p1, p2, strict=True)]
    assert pairs and all((v1 == v2).all() for v1, v2 in pairs)
    assert second.calls == []  # answering from warmed chunks embeds nothing


def test_only_new_chunks_are_embedded_after_an_ingest(tmp_path):
    path = cache_path(tmp_path, HashEmbedder())
    SentenceCache(HashEmbedder(), path=path).warm([(c.chunk_id, c.text) for c in CHUNKS], HASH_CONFIG)
    embedder = HashEmbedder()
    new = ("doc:ccc", "Portage visits families at home before school.")
    assert SentenceCache(embedder, path=path).warm([(c.chunk_id, c.text) for c in CHUNKS] + [new], HASH_CONFIG) == 1
    assert embedder.calls == [1]


def test_an_unreadable_cache_file_is_rebuilt(tmp_path):
    path = cache_path(tmp_path, HashEmbedder())
    path.write_bytes(b"not a numpy file")
    embedder = HashEmbedder()
    assert SentenceCache(embedder, path=path).warm([(c.chunk_id, c.text) for c in CHUNKS], HASH_CONFIG) > 0
    assert SentenceCache(HashEmbedder(), path=path).warm([(c.chunk_id, c.text) for c in CHUNKS], HASH_CONFIG) == 0


def test_a_list_item_whose_introduction_is_in_another_passage_is_not_shown_alone():
    text = "- b) the use of long-term part-time timetables;\n- c) children taken off roll and missing education;"
    assert shown(text) == []
    assert shown("- Schools can book the training online through the portal.") == [
        "Schools can book the training online through the portal."
    ]


def test_a_cache_that_cannot_be_saved_still_answers(tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    cache = SentenceCache(HashEmbedder(), path=blocked / "sentences.npz")
    assert cache.warm([(c.chunk_id, c.text) for c in CHUNKS], HASH_CONFIG) > 0
    assert len(cache) == len(CHUNKS)


def test_a_report_field_naming_who_holds_a_role_is_a_unit_and_other_field_lines_are_not():
    text = (
        "Title: Special Educational Needs and Disabilities Improvement Plan\n"
        "Relevant councillor(s): Cllr Anita Cranmer, Cabinet Member Education and Skills\n"
        "Lead officer: the team\n"
        "Reference number:"
    )
    assert shown(text) == ["Relevant councillor(s): Cllr Anita Cranmer, Cabinet Member Education and Skills"]


def test_the_service_after_a_sentence_naming_it_is_shown_with_that_sentence():
    text = (
        "The Youth Support Service is highly valued by families. The service, which works with many schools, has "
        "helped young people gain supported internships."
    )
    units = shown(text)
    assert text in units
    assert not any(u.startswith("The service, which") for u in units)
    # Without a named service before it, "The service ..." stands on its own.
    alone = "Parents can call the helpline on weekdays. The service is open on Saturdays too."
    assert "The service is open on Saturdays too." in shown(alone)


def test_a_sentence_whose_subject_is_this_is_shown_with_the_sentence_before_it():
    text = (
        "The recent redesign of the 0 to 19 service has reduced the school nursing provision. Professionals in some "
        "schools feel that this has had a negative impact on pupils with health conditions."
    )
    units = shown(text)
    assert text in units
    assert not any(u.startswith("Professionals in some schools") for u in units)


def test_this_before_a_name_of_several_capitalised_words_stands_alone():
    text = (
        "The council and the NHS accept the findings of the inspection. This Statement of Action response was "
        "written with the Parent Carer Forum. This Board is chaired by the Director."
    )
    units = shown(text)
    # "This Statement of Action" says which thing itself: shown alone, not after the sentence before it.
    assert "This Statement of Action response was written with the Parent Carer Forum." in units
    # "This Board" does not: which board is said only before, so it is shown with that sentence.
    assert "This Board is chaired by the Director." not in units
    assert any(u.endswith("This Board is chaired by the Director.") and u.startswith("This Statement") for u in units)
    # A named thing still leans back when it points at "that meeting".
    assert shown("This Parent Forum can help you prepare for that meeting.") == []
