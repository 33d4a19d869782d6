import pytest
from retrieval_fakes import AREAS, FakeIndex, chunk, corpus

from send_assistant.answering.glossary import Glossary
from send_assistant.answering.retrieval import HybridRetriever
from send_assistant.settings import PROJECT_ROOT

QUERIES = [
    "parent carer forum",
    "How do I ask for an EHCP?",
    "short breaks holiday clubs",
    "Alderley Brampton Carrow SEND team",
    "SENDIASS impartial advice",
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(PROJECT_ROOT / "knowledge" / "glossary.yaml")


def retriever(index, glossary=None, **kwargs) -> HybridRetriever:
    return HybridRetriever(index, index.embedder, glossary, **kwargs)


@pytest.mark.parametrize("leaky", [False, True])
@pytest.mark.parametrize("area", AREAS)
def test_never_returns_another_areas_local_passages(area, leaky, glossary):
    search = retriever(FakeIndex(corpus(), leaky=leaky), glossary)
    for query in QUERIES:
        result = search.search(query, area=area, k=20)
        assert result.passages, query
        assert {p.area for p in result.passages} <= {area, ""}, query
    # The chosen area's own pages are found, not just national ones.
    assert any(p.area == area for p in search.search("parent carer forum", area=area).passages)


@pytest.mark.parametrize("area", ["", "Leeds"])
def test_no_area_or_uncovered_area_gives_national_passages_only(area):
    search = retriever(FakeIndex(corpus(), leaky=True))
    for query in QUERIES:
        assert {p.area for p in search.search(query, area=area, k=20).passages} <= {""}


def test_passages_carry_document_details_and_scores():
    search = retriever(FakeIndex(corpus()))
    result = search.search("Education, Health and Care plan outcomes provision", area="Brampton", k=5)
    top = result.passages[0]
    assert top.chunk_id == "national-cop:1"
    assert (top.title, top.doc_type, top.url, top.reviewed) == (
        "SEND Code of Practice",
        "guidance",
        "https://example.org/cop",
        "2024-01-01",
    )
    assert top.location == "Section > Part"
    assert [p.score for p in result.passages] == sorted((p.score for p in result.passages), reverse=True)
    assert result.confidence == max(p.dense_score for p in result.passages if p.dense_score is not None)
    assert 0 < result.confidence <= 1.0


def test_contact_json_is_parsed():
    search = retriever(FakeIndex(corpus()))
    passages = search.search("short breaks overnight stays", area="Carrow", k=10).passages
    with_contact = [p for p in passages if p.contact]
    assert with_contact and with_contact[0].contact["name"] == "Carrow SENDIASS"
    assert all(p.contact is None for p in passages if p.chunk_id != "carrow-breaks:1")


def test_glossary_expansion_lets_bm25_match_the_other_form(glossary):
    # Dense search is switched off (weight 0): only BM25 can find the long form from the abbreviation.
    index = FakeIndex(corpus())
    plain = retriever(index, None, dense_weight=0.0).search("EHCP", area="", k=3)
    expanded = retriever(index, glossary, dense_weight=0.0).search("EHCP", area="", k=3)
    assert all(p.score == 0 for p in plain.passages)  # national text never says "EHCP"
    assert expanded.passages[0].chunk_id == "national-cop:1"
    assert expanded.passages[0].score > 0
    assert "Education, Health and Care plan" in expanded.expanded_query


def test_lexical_index_follows_index_version(tmp_path):
    index = FakeIndex(corpus())
    search = retriever(index, lexical_dir=tmp_path / "lexical")
    assert not any(p.chunk_id == "national-portage:1" for p in search.search("Portage", "").passages)
    index.set_chunks(corpus() + [chunk("national-portage:1", "Portage home visiting for pre-school children.", "")])
    result = search.search("Portage home visiting", area="")
    assert result.passages[0].chunk_id == "national-portage:1"
    calls = index.live_calls
    search.search("Portage", area="")
    assert index.live_calls == calls  # warm: no reload while the version stands still
    # A second retriever (e.g. another process) reads the saved copy instead of the live chunks.
    fresh_index_calls = index.live_calls
    retriever(index, lexical_dir=tmp_path / "lexical")
    assert index.live_calls == fresh_index_calls


def test_empty_question_or_index():
    assert retriever(FakeIndex(corpus())).search("   ", area="").passages == []
    empty = retriever(FakeIndex([])).search("EHCP", area="Carrow")
    assert empty.passages == [] and empty.confidence == 0.0


def salt_index() -> FakeIndex:
    """A national passage that matches the question a little better than the chosen area's own passage."""
    return FakeIndex(
        [
            chunk("national-salt:1", "SALT support in schools: speech and language therapy.", "", title="SALT support"),
            chunk(
                "brampton-salt:1", "Brampton schools can buy SALT sessions from the therapy team each term.", "Brampton"
            ),
        ]
    )


def test_chosen_areas_passages_are_preferred_for_local_questions(glossary):
    index = salt_index()
    neutral = retriever(index, glossary, national_weight=1.0).search("Is there SALT support in schools?", "Brampton")
    preferring = retriever(index, glossary).search("Is there SALT support in schools?", "Brampton")
    assert neutral.passages[0].chunk_id == "national-salt:1"
    assert preferring.passages[0].chunk_id == "brampton-salt:1"
    scores = {p.chunk_id: p.score for p in neutral.passages}
    weighted = {p.chunk_id: p.score for p in preferring.passages}
    assert weighted["brampton-salt:1"] == pytest.approx(scores["brampton-salt:1"])
    assert 0.9 < weighted["national-salt:1"] / scores["national-salt:1"] < 1.0  # mild, not a filter


@pytest.mark.parametrize(
    ("question", "area"), [("What does SALT stand for?", "Brampton"), ("Is there SALT support in schools?", "")]
)
def test_definition_questions_and_no_area_are_not_reweighted(question, area, glossary):
    index = salt_index()
    neutral = retriever(index, glossary, national_weight=1.0).search(question, area)
    default = retriever(index, glossary).search(question, area)
    assert [(p.chunk_id, p.score) for p in default.passages] == [(p.chunk_id, p.score) for p in neutral.passages]
