import numpy as np
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
    # Dense search is switched off (weight 0), and so are the search words ("ehcp" -> "EHC plan", whose reworded
    # question is a dense vote): only BM25 can find the long form from the abbreviation.
    index = FakeIndex(corpus())
    plain = retriever(index, None, dense_weight=0.0, plain_words=False).search("EHCP", area="", k=3)
    expanded = retriever(index, glossary, dense_weight=0.0, plain_words=False).search("EHCP", area="", k=3)
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
    assert 0.8 < weighted["national-salt:1"] / scores["national-salt:1"] < 1.0  # mild, not a filter


@pytest.mark.parametrize(
    ("question", "area"), [("What does SALT stand for?", "Brampton"), ("Is there SALT support in schools?", "")]
)
def test_definition_questions_and_no_area_are_not_reweighted(question, area, glossary):
    index = salt_index()
    neutral = retriever(index, glossary, national_weight=1.0).search(question, area)
    default = retriever(index, glossary).search(question, area)
    assert [(p.chunk_id, p.score) for p in default.passages] == [(p.chunk_id, p.score) for p in neutral.passages]


# --- the area's own passages keep places among the first five -------------------------------------------------


def crowded_index() -> FakeIndex:
    """Six national passages that say more of the question's words than the chosen area's own two."""
    national = [
        chunk(
            f"national-breaks:{i}",
            f"Short breaks for disabled children: holiday clubs, overnight stays and day trips, guidance part {i}.",
            "",
            title="Short breaks guidance",
        )
        for i in range(6)
    ]
    local = [
        chunk("brampton-breaks:1", "Brampton runs holiday clubs at the Willow Centre.", "Brampton"),
        chunk("brampton-breaks:2", "Brampton overnight stays are booked through the Ash House team.", "Brampton"),
    ]
    return FakeIndex(national + local)


QUESTION = "short breaks for disabled children holiday clubs overnight stays"


def test_without_an_area_share_national_passages_fill_the_first_five(glossary):
    # national_weight 1.0 here and below: the share alone, not the national passages' lower weight, makes room
    found = retriever(crowded_index(), glossary, area_share=0, national_weight=1.0).search(QUESTION, "Brampton")
    assert [p.area for p in found.passages[:5]].count("Brampton") < 2  # the situation the share is for


def test_the_chosen_areas_passages_get_two_of_the_first_five(glossary):
    found = retriever(crowded_index(), glossary, national_weight=1.0).search(QUESTION, "Brampton")
    top = found.passages[:5]
    assert {p.chunk_id for p in top if p.area == "Brampton"} == {"brampton-breaks:1", "brampton-breaks:2"}
    assert [p.area for p in top[:3]] == ["", "", ""]  # the best national passages keep their places
    # the national passages pushed out come next, not last
    assert {p.chunk_id for p in found.passages[5:7]} <= {f"national-breaks:{i}" for i in range(6)}


@pytest.mark.parametrize(("question", "area"), [("What does short breaks mean?", "Brampton"), (QUESTION, "")])
def test_definition_questions_and_no_area_get_no_area_share(question, area, glossary):
    shared = retriever(crowded_index(), glossary).search(question, area)
    plain = retriever(crowded_index(), glossary, area_share=0).search(question, area)
    assert [p.chunk_id for p in shared.passages] == [p.chunk_id for p in plain.passages]


def test_make_room_for_area_moves_the_best_local_passages_up():
    from send_assistant.answering.retrieval.hybrid import _make_room_for_area

    chunks = {c.chunk_id: c for c in (chunk(f"n{i}", "x", "") for i in range(6))}
    chunks.update({c.chunk_id: c for c in (chunk(f"l{i}", "x", "Brampton") for i in range(3))})
    fused = [(cid, 1.0 / (i + 1)) for i, cid in enumerate(["n0", "n1", "l0", "n2", "n3", "n4", "l1", "n5", "l2"])]
    out = [cid for cid, _ in _make_room_for_area(fused, chunks, share=2, window=5)]
    assert out == ["n0", "n1", "l0", "n2", "l1", "n3", "n4", "n5", "l2"]
    assert [cid for cid, _ in _make_room_for_area(fused, chunks, share=1, window=5)] == [c for c, _ in fused]
    only_national = [p for p in fused if p[0].startswith("n")]
    assert _make_room_for_area(only_national, chunks, share=2, window=5) == only_national


# --- the best sentence unit votes too ------------------------------------------------------------------------


LONG = (
    "The inspection looked at leadership across the partnership. Governance meetings are held every quarter. "
    "Data on attendance is shared with schools each term. Staff training covered the new assessment forms. "
    "Short breaks are available through Kingfishers and Maythorn for disabled children. "
    "The written statement of action was published in the spring."
)


def units_index() -> FakeIndex:
    return FakeIndex(
        [
            chunk("report:1", LONG, "", title="Inspection report"),
            chunk("other:1", "Short breaks: which are available for disabled children is set out by the council.", ""),
            chunk("other:2", "Short breaks for disabled children and which breaks are available to families.", ""),
        ]
    )


def sentence_vectors(embedder, calls=None):
    """A unit store stand-in: each chunk's sentences embedded, as the composer's cache gives them."""

    def vectors(chunks):
        if calls is not None:
            calls.append([c.chunk_id for c in chunks])
        out = []
        for c in chunks:
            sentences = [s for s in c.text.split(". ") if s.strip()]
            out.append(np.asarray(embedder.embed(sentences), dtype=np.float32))
        return out

    return vectors


def test_a_long_passage_whose_one_sentence_answers_ranks_higher_with_units():
    index = units_index()
    question = "Which short breaks are available for disabled children?"
    plain = retriever(index).search(question)
    calls: list[list[str]] = []
    # A strong unit vote shows the mechanism on a three-passage index (the default weight is tuned on the evals).
    with_units = retriever(index, unit_vectors=sentence_vectors(index.embedder, calls), unit_weight=3.0).search(
        question
    )
    rank = {p.chunk_id: i for i, p in enumerate(plain.passages)}
    unit_rank = {p.chunk_id: i for i, p in enumerate(with_units.passages)}
    assert rank["report:1"] == 2  # last on whole-passage vectors and BM25: its answer is one sentence of six
    assert unit_rank["report:1"] < rank["report:1"]
    assert len(calls) == 1 and set(calls[0]) == {c.chunk_id for c in index.live_chunks()}  # one batch per search
    # The units change the order, not the confidence, which stays the best whole-passage cosine.
    assert with_units.confidence == pytest.approx(plain.confidence)


def test_unit_ranking_falls_back_to_the_passage_cosine_and_leaves_out_the_unknown():
    index = units_index()
    chunks = index.live_chunks()
    search = retriever(index, unit_vectors=lambda cs: [np.zeros((0, 0), dtype=np.float32) for _ in cs])
    qvec = index.embedder.embed(["disabled children"])[0]
    order = search._unit_ranking(chunks, qvec, {"other:2": 0.9, "report:1": 0.1})
    assert order == ["other:2", "report:1"]  # other:1 has neither units nor a dense cosine


def test_use_units_switches_the_unit_vote_on_and_off():
    index = units_index()
    question = "Which short breaks are available for disabled children?"
    search = retriever(index)
    before = [p.chunk_id for p in search.search(question).passages]
    search.unit_weight = 3.0
    search.use_units(sentence_vectors(index.embedder))
    after = [p.chunk_id for p in search.search(question).passages]
    assert after.index("report:1") < before.index("report:1")
    search.use_units(None)
    assert [p.chunk_id for p in search.search(question).passages] == before


def test_the_pipeline_gives_search_the_composers_units():
    from send_assistant.answering.pipeline import build_stages

    index = units_index()
    search = retriever(index)
    stages = build_stages(retriever=search, embedder=index.embedder, glossary=None, known_areas=list)
    compose = next(s for s in stages if getattr(s, "name", "") == "compose")
    assert search.unit_vectors is not None
    chunks = index.live_chunks()
    vectors = search.unit_vectors(chunks)
    units = compose.cache.units(chunks, compose.cfg)
    assert [v.shape[0] for v in vectors] == [len(u) for u in units]
    assert all(v.shape[1] == index.embedder.dim for v in vectors if v.shape[0])
    assert vectors[0].shape[0] >= 5  # the long report passage has one unit per sentence


def _glossary_and_guide():
    # A short glossary entry that repeats its term (BM25 favours it) and a longer guidance answer.
    return [
        chunk(
            "send-glossary:ehcp",
            "EHCP. An EHCP is an Education, Health and Care plan (EHCP).",
            "",
            doc_type="glossary",
            location="EHCP (Education, Health and Care plan)",
        ),
        chunk(
            "guide:ehcp-college",
            "Does an EHCP cover college? Yes: an EHCP can continue at college up to age 25 while the young person "
            "still needs it, and it is reviewed every year.",
            "",
            doc_type="national guidance",
        ),
    ]


def _bm25_only(index, **kwargs):
    # Only BM25 votes (no vectors, no reworded question), so the ranks are BM25's and the fused scores exact.
    return HybridRetriever(index, index.embedder, None, dense_weight=0.0, plain_dense_weight=0.0, **kwargs)


def test_a_glossary_entry_comes_after_an_equal_answer_for_a_question_that_only_names_its_term():
    index = FakeIndex(_glossary_and_guide())
    question = "what happens with the ehcp"
    unweighted = _bm25_only(index, glossary_weight=1.0).search(question, k=2).passages
    assert [p.chunk_id for p in unweighted] == ["send-glossary:ehcp", "guide:ehcp-college"]  # the test needs it
    weighted = _bm25_only(index).search(question, k=2).passages
    assert [p.chunk_id for p in weighted] == ["guide:ehcp-college", "send-glossary:ehcp"]
    assert weighted[1].score == pytest.approx(unweighted[0].score * 0.9)


@pytest.mark.parametrize("question", ["what does ehcp mean", "what does EHCP stand for"])
def test_a_glossary_entry_keeps_its_place_for_a_definition_question(question):
    passages = _bm25_only(FakeIndex(_glossary_and_guide())).search(question, k=2).passages
    assert passages[0].chunk_id == "send-glossary:ehcp"


def test_a_glossary_entry_is_never_dropped_only_moved():
    # Far behind the guidance answer it may be, but still among the passages returned.
    passages = _bm25_only(FakeIndex(_glossary_and_guide()), glossary_weight=0.1).search("ehcp", k=5).passages
    assert {p.chunk_id for p in passages} == {"send-glossary:ehcp", "guide:ehcp-college"}


def test_a_glossary_entry_keeps_its_place_when_the_question_is_mostly_its_term(glossary):
    index = FakeIndex(_glossary_and_guide())
    # Every key word is the term or its long form: the question is about the term, though not "what is X".
    question = "EHCP, education health and care plan?"
    kept = HybridRetriever(index, index.embedder, glossary, dense_weight=0.0, plain_dense_weight=0.0)
    assert kept.search(question, k=2).passages[0].chunk_id == "send-glossary:ehcp"
    always = HybridRetriever(index, index.embedder, glossary, dense_weight=0.0, plain_dense_weight=0.0, term_share=2)
    assert always.search(question, k=2).passages[0].chunk_id == "guide:ehcp-college"  # the test needs the share


# --- a question asking for a figure with an area chosen -------------------------------------------------------


def figures_index() -> FakeIndex:
    """A national passage saying more of the question's words than the area's report, which holds the count."""
    return FakeIndex(
        [
            chunk(
                "national-plans:1",
                "How many children have an EHC plan? An EHC plan is for children whose needs SEN support cannot meet.",
                "",
                title="EHC plans",
            ),
            chunk("brampton-plans:1", "Brampton maintains 1,185 plans for children, up from 718 in 2014.", "Brampton"),
            chunk("brampton-plans:2", "The Brampton panel meets every month.", "Brampton"),
        ]
    )


def test_a_figure_question_puts_the_areas_passage_holding_a_figure_first(glossary):
    question = "how many children have an ehc plan"
    neutral = {"national_weight": 1.0, "area_share": 0}  # the figure weights alone
    off = retriever(figures_index(), glossary, figure_weights=(1.0, 1.0), **neutral).search(question, "Brampton")
    on = retriever(figures_index(), glossary, **neutral).search(question, "Brampton")
    assert off.passages[0].chunk_id == "national-plans:1"  # the situation the rule is for
    assert on.passages[0].chunk_id == "brampton-plans:1"
    before = {p.chunk_id: p.score for p in off.passages}
    after = {p.chunk_id: p.score for p in on.passages}
    assert after["brampton-plans:2"] == pytest.approx(before["brampton-plans:2"])  # no figure: unchanged
    assert after["brampton-plans:1"] > before["brampton-plans:1"]
    assert after["national-plans:1"] < before["national-plans:1"]


@pytest.mark.parametrize(
    ("question", "area"),
    [
        ("how many days can they suspend a child with a plan", "Brampton"),  # a rule's number, not a figure
        ("how many children have an ehc plan", ""),  # no area: nothing local to prefer
        ("what does EHC plan stand for", "Brampton"),
    ],
)
def test_other_questions_get_no_figure_weights(question, area, glossary):
    off = retriever(figures_index(), glossary, figure_weights=(1.0, 1.0)).search(question, area)
    on = retriever(figures_index(), glossary).search(question, area)
    assert [(p.chunk_id, p.score) for p in on.passages] == [(p.chunk_id, p.score) for p in off.passages]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Brampton maintains 1,185 plans.", True),
        ("65% were done within 20 weeks.", True),
        ("The plan has five workstreams.", True),
        ("2.10 The auditing shows that plans improved in 2019.", False),  # a paragraph number and a year
        ("Plans are reviewed by the panel.", False),
    ],
)
def test_local_figure_reads_counts_not_years_or_paragraph_numbers(text, figure):
    from send_assistant.answering.retrieval.hybrid import _local_figure

    assert _local_figure(chunk("brampton:1", text, "Brampton")) is figure
    assert not _local_figure(chunk("national:1", text, ""))


# --- every passage of a chosen area gets its dense vote (#13) --------------------------------------------------


def national_crowd_index() -> FakeIndex:
    """60 national passages nearer the question's vector than the area's one answering passage, which alone names
    the coordinator (what BM25 finds)."""
    national = [
        chunk(f"national-ehcp:{i}", f"Will my son have an EHC plan? Guidance on his plan, part {i}.", "")
        for i in range(60)
    ]
    local = [chunk("brampton-coordinator:1", "Each family gets a named coordinator.", "Brampton")]
    return FakeIndex(national + local)


def test_an_areas_passage_beyond_the_first_forty_dense_hits_keeps_its_dense_vote(glossary):
    question = "will my son have a named coordinator for his EHC plan"
    shallow = retriever(national_crowd_index(), glossary, dense_candidates=40).search(question, "Brampton", k=60)
    deep = retriever(national_crowd_index(), glossary).search(question, "Brampton", k=60)
    by_id = {p.chunk_id: p for p in deep.passages}
    assert {p.chunk_id: p for p in shallow.passages}["brampton-coordinator:1"].dense_score is None
    assert by_id["brampton-coordinator:1"].dense_score is not None  # ranked by the vectors too, however low
    shallow_score = {p.chunk_id: p.score for p in shallow.passages}["brampton-coordinator:1"]
    assert by_id["brampton-coordinator:1"].score > shallow_score


class RecordingEmbedder:
    """The fake index's embedder, remembering every text it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts += list(texts)
        return self.inner.embed(texts)


@pytest.mark.parametrize(("place_blind", "embedded"), [(True, "who runs the send team"), (False, None)])
def test_the_vectors_read_the_question_without_the_searched_areas_name(place_blind, embedded):
    index = FakeIndex(corpus())
    embedder = RecordingEmbedder(index.embedder)
    search = HybridRetriever(index, embedder, None, place_blind=place_blind)
    question = "who runs the send team in Alderley"
    result = search.search(question, "Alderley", k=5)
    assert result.passages
    assert embedder.texts == [embedded or question]
    assert result.expanded_query == question  # BM25 still reads the place name


def test_a_question_searched_without_an_area_keeps_its_words_for_the_vectors():
    index = FakeIndex(corpus())
    embedder = RecordingEmbedder(index.embedder)
    HybridRetriever(index, embedder, None).search("who runs the send team in Alderley", "", k=5)
    assert embedder.texts == ["who runs the send team in Alderley"]


def test_the_expanded_vectors_also_leave_out_the_searched_areas_name(glossary):
    index = FakeIndex(corpus())
    embedder = RecordingEmbedder(index.embedder)
    search = HybridRetriever(index, embedder, glossary, expand_dense=True)
    search.search("who checks the EHCP in Alderley", "Alderley", k=5)
    embedded = embedder.texts[0]  # the question's own vector (a reworded second search may follow)
    assert "Alderley" not in embedded and "Education, Health and Care plan" in embedded


class _Recording:
    """The fake index's embedder, keeping every text it was asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.texts = inner, []

    def embed(self, texts):
        self.texts += list(texts)
        return self.inner.embed(texts)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_the_sentences_that_ask_in_a_longer_message_get_a_dense_search_of_their_own():
    index = FakeIndex(corpus())
    story = "my daughter is on sen support and we are getting nowhere. who gives free impartial advice to parents"
    recording = _Recording(index.embedder)
    HybridRetriever(index, recording, None).search(story, area="Brampton")
    assert "who gives free impartial advice to parents" in recording.texts
    # Only the story-first message: one sentence is its own question, and a short "can they do that" names nothing.
    for question in ("who gives free impartial advice to parents", "he was excluded again. can they do that"):
        recording = _Recording(index.embedder)
        HybridRetriever(index, recording, None).search(question, area="Brampton")
        assert len(recording.texts) == 1, recording.texts
    # Nor a message that is nearly all question: its other words count ("...for their views? surveys?").
    recording = _Recording(index.embedder)
    HybridRetriever(index, recording, None).search("how often will the council ask parents for their views? surveys?")
    assert len(recording.texts) == 1, recording.texts
    # Off at weight 0.
    recording = _Recording(index.embedder)
    HybridRetriever(index, recording, None, asking_dense_weight=0.0).search(story, area="Brampton")
    assert "who gives free impartial advice to parents" not in recording.texts
