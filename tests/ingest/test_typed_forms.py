"""Ages and school years as people type them meet the way documents write them, in search."""

import pytest

from send_assistant.ingest.lexical import LexicalIndex
from send_assistant.ingest.store import StoredChunk
from send_assistant.ingest.textkit import tokens


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("14yrs+", "14 years"),
        ("a 7yo", "7 year"),
        ("yr 6", "Year 6"),
        ("y11", "Year 11"),
        ("Yr10 pupils", "year 10 pupils"),
        ("under 5s", "under 5"),
        ("16-25", "16 to 25"),
        ("EHCP's", "EHCPs"),
        ("SENCo", "SENCOs"),
    ],
)
def test_typed_form_gives_the_documents_tokens(typed, written):
    assert tokens(typed) == tokens(written)


def test_other_numbers_and_codes_keep_their_form():
    assert tokens("KS2 results 2018/19, 10.9% and £3m") == ["ks2", "result", "2018", "19", "10.9%", "3m"]
    assert tokens("the 1st review") == ["1st", "review"]


def test_bm25_finds_a_glued_age_from_the_way_a_parent_types_it():
    chunks = [
        StoredChunk("a:1", "a", "Improve uptake of 14yrs+ annual LD health checks.", {"area": ""}),
        StoredChunk("b:1", "b", "Annual reviews for every pupil with a plan.", {"area": ""}),
        StoredChunk("c:1", "c", "Transition from Year 11 to college.", {"area": ""}),
    ]
    index = LexicalIndex(chunks, version=1)
    assert index.search("health checks for 14 year olds", k=1)[0][0].chunk_id == "a:1"
    assert index.search("moving on after y11", k=1)[0][0].chunk_id == "c:1"
