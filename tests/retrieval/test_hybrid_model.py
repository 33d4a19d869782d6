"""The real path: MiniLM embeddings, the real Index (Chroma + ledger) and the lexical index the ingest writes."""

import pytest

from send_assistant.answering.glossary import Glossary
from send_assistant.answering.retrieval import HybridRetriever
from send_assistant.ingest.index import Index
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.model

PAGES = {
    ("Northshire", "north-breaks.md"): "# Short breaks in Northshire\n\nThe Northshire short breaks team runs "
    "Saturday clubs for disabled children at the Oak Centre.\n",
    ("Northshire", "north-forum.md"): "# Northshire parent carer forum\n\nThe Northshire forum is called North "
    "Voices and meets every month at the library.\n",
    ("Southshire", "south-breaks.md"): "# Short breaks in Southshire\n\nSouthshire offers holiday play schemes "
    "and overnight short breaks at Willow House.\n",
    ("Southshire", "south-forum.md"): "# Southshire parent carer forum\n\nThe Southshire forum is called South "
    "Families Together.\n",
    ("", "national-ehcp.md"): "# EHC plans\n\nAn Education, Health and Care plan sets out a child's special "
    "educational needs and the support they must receive.\n",
}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, minilm):
    from send_assistant.settings import Settings

    root = tmp_path_factory.mktemp("two-areas")
    settings = Settings(data_dir=root / "data", knowledge_dir=root / "knowledge")
    for (area, name), text in PAGES.items():
        folder = root / "docs" / (area or "national")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    for area in ("Northshire", "Southshire", ""):
        ingest(settings, minilm, paths=[root / "docs" / (area or "national")], area=area)
    return settings


def test_real_model_search_is_area_correct_and_fused(indexed, minilm):
    index = Index.open(indexed, minilm)
    glossary = Glossary.load(PROJECT_ROOT / "knowledge" / "glossary.yaml")
    retriever = HybridRetriever(index, minilm, glossary, indexed.lexical_dir)

    south = retriever.search("What is the parent carer forum called?", area="Southshire", k=5)
    assert south.passages[0].area == "Southshire"
    assert "South Families Together" in south.passages[0].text
    assert all(p.area in ("Southshire", "") for p in south.passages)
    assert 0.3 < south.confidence <= 1.0

    north = retriever.search("weekend clubs for disabled children", area="Northshire", k=5)
    assert north.passages[0].text.startswith("The Northshire short breaks team")
    assert all(p.area in ("Northshire", "") for p in north.passages)

    # "EHCP" never appears in the text: the glossary expansion and the embedding find it together.
    national = retriever.search("What is an EHCP?", area="", k=5)
    assert [p.area for p in national.passages] == [""]
    assert national.passages[0].doc_id.startswith("national-ehcp")
    assert national.passages[0].dense_score is not None

    # An area the index does not cover gets national passages only.
    assert {p.area for p in retriever.search("short breaks", area="Westshire").passages} <= {""}


def _guide_and_glossary():
    from retrieval_fakes import chunk

    def guide(key, heading, text):
        return chunk(
            f"guide:{key}",
            text,
            "",
            title="SEND in England",
            doc_type="national guidance",
            location=f"EHC plans > {heading}",
            heading_path=f"EHC plans > {heading}",
        )

    return [
        chunk(
            "send-glossary:ehcp",
            "EHCP (Education, Health and Care plan): an EHC plan or EHCP is a legal document for a child or young "
            "person up to age 25 whose special educational needs cannot be met through SEN support.",
            "",
            title="SEND glossary",
            doc_type="glossary",
            location="EHCP (Education, Health and Care plan)",
            heading_path="EHCP (Education, Health and Care plan)",
        ),
        guide(
            "school",
            "Can I choose or ask for a particular school in the EHC plan?",
            "Yes: you can ask for a particular school to be named in the EHC plan, and the council must agree "
            "unless the school is unsuitable or the placement would be an inefficient use of resources.",
        ),
        guide(
            "end",
            "Can the council stop or end my child's EHC plan?",
            "The council can cease an EHC plan only when it is no longer needed; you can appeal the decision.",
        ),
        guide(
            "review",
            "How often is an EHC plan reviewed?",
            "An EHC plan is reviewed at least every 12 months, and every 3 to 6 months for a child under 5.",
        ),
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("do we get a say in the school named in her ehcp", "guide:school"),
        ("the LA want to scrap his ehcp, can they", "guide:end"),
        ("how often do they look at the ehcp again", "guide:review"),
    ],
)
def test_real_model_a_guidance_answer_beats_the_glossary_entry_it_names(minilm, question, expected):
    from retrieval_fakes import FakeIndex

    index = FakeIndex(_guide_and_glossary(), embedder=minilm)
    passages = HybridRetriever(index, minilm, None).search(question, k=4).passages
    assert passages[0].chunk_id == expected
    assert "send-glossary:ehcp" in [p.chunk_id for p in passages]  # moved down, never dropped


def test_real_model_definition_question_keeps_the_glossary_entry_first(minilm):
    from retrieval_fakes import FakeIndex

    glossary = Glossary.load(PROJECT_ROOT / "knowledge" / "glossary.yaml")
    index = FakeIndex(_guide_and_glossary(), embedder=minilm)
    passages = HybridRetriever(index, minilm, glossary).search("whats an ehcp", k=4).passages
    assert passages[0].chunk_id == "send-glossary:ehcp"
