import json

import pytest

from send_assistant.ingest.lexical import MANIFEST, LexicalIndex, build_lexical_index, load_lexical_index, tokenize
from send_assistant.ingest.store import StoredChunk
from send_assistant.ingest.textkit import stem


def make(chunk_id: str, text: str, area: str = "", title: str = "Doc") -> StoredChunk:
    return StoredChunk(chunk_id, chunk_id.split(":")[0], text, {"area": area, "title": title, "heading_path": ""})


CHUNKS = [
    make("a:1", "Annual reviews of EHC plans are running late because of staff shortages.", "North"),
    make("b:1", "The parent carer forum meets monthly with the council.", "South"),
    make("c:1", "There are 9,590 children on SEN support; 10.9% of pupils.", "North"),
    make("d:1", "Short breaks give families a rest from caring.", ""),
]


class Loader:
    def __init__(self, chunks):
        self.chunks = chunks
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return list(self.chunks)


def test_tokenize_lowercases_drops_stopwords_and_strips_suffixes():
    assert tokenize("What are the Annual Reviews?") == ["annual", "review"]
    assert tokenize("9,590 children; 10.9% of pupils in B&NES") == ["9590", "child", "10.9%", "pupil", "b&nes"]
    assert stem("reviewed") == stem("reviewing") == stem("reviews") == "review"
    assert stem("placed") == stem("placing") == stem("place")
    assert stem("families") == stem("family")
    assert stem("process") == "process"


def test_search_ranks_matching_chunks_and_skips_non_matching():
    index = LexicalIndex(CHUNKS, version=1)
    hits = index.search("why are annual reviews late", k=5)
    assert [c.chunk_id for c, _ in hits] == ["a:1"]
    assert hits[0][1] > 0
    assert index.search("9590", k=5)[0][0].chunk_id == "c:1"
    assert index.search("zebra", k=5) == []
    assert index.search("", k=5) == []


def test_allowed_filter_applies_before_k():
    index = LexicalIndex(CHUNKS, version=1)
    hits = index.search("forum council reviews breaks", k=2, allowed=lambda m: m["area"] in ("North", ""))
    assert {c.metadata["area"] for c, _ in hits} <= {"North", ""}
    assert len(hits) == 2


def test_saved_index_is_reused_while_version_matches(tmp_path):
    build_lexical_index(CHUNKS, tmp_path / "lex", version=7)
    loader = Loader(CHUNKS)
    index = load_lexical_index(tmp_path / "lex", 7, loader)
    assert loader.calls == 0
    assert index.version == 7
    assert index.search("parent carer forum", k=1)[0][0].chunk_id == "b:1"
    assert index.search("forum", k=1)[0][0].metadata == CHUNKS[1].metadata


def test_stale_version_is_rebuilt_from_live_chunks_and_saved(tmp_path):
    build_lexical_index(CHUNKS, tmp_path / "lex", version=1)
    updated = CHUNKS + [make("e:1", "Portage visits families at home.", "")]
    loader = Loader(updated)
    index = load_lexical_index(tmp_path / "lex", 2, loader)
    assert loader.calls == 1
    assert index.search("portage", k=1)[0][0].chunk_id == "e:1"
    assert json.loads((tmp_path / "lex" / MANIFEST).read_text())["version"] == 2
    again = Loader(updated)
    assert load_lexical_index(tmp_path / "lex", 2, again).search("portage", k=1)
    assert again.calls == 0


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_missing_or_damaged_index_is_rebuilt(tmp_path, damage):
    directory = tmp_path / "lex"
    if damage == "corrupt":
        build_lexical_index(CHUNKS, directory, version=3)
        (directory / MANIFEST).write_text("{not json", encoding="utf-8")
    loader = Loader(CHUNKS)
    index = load_lexical_index(directory, 3, loader)
    assert loader.calls == 1
    assert index.search("short breaks", k=1)[0][0].chunk_id == "d:1"


def test_empty_corpus_saves_and_searches(tmp_path):
    build_lexical_index([], tmp_path / "lex", version=0)
    index = load_lexical_index(tmp_path / "lex", 0, Loader([]))
    assert index.search("anything", k=3) == []


def test_extra_words_count_less_than_the_query_words():
    index = LexicalIndex(CHUNKS, version=1)
    # "forum" (the user's word) outweighs "breaks" (an expansion) at weight 0.5, not at weight 3.
    assert index.search("forum", k=1, extra="breaks", extra_weight=0.5)[0][0].chunk_id == "b:1"
    assert index.search("forum", k=1, extra="breaks", extra_weight=3.0)[0][0].chunk_id == "d:1"
    assert index.search("", k=1, extra="breaks")[0][0].chunk_id == "d:1"


@pytest.mark.parametrize(
    "family",
    [
        ["advocate", "advocates", "advocacy", "advocated", "advocating"],
        ["educate", "educated", "education", "educational"],
        ["communicate", "communication", "communicating"],
        ["disabled", "disability", "disable"],
        ["inform", "information"],
        ["locate", "located", "location"],
        ["accessible", "accessibility"],
        ["literate", "literacy"],
        ["autism", "autistic"],
        ["eligible", "eligibility"],
        ["child", "children"],
        ["advice", "advise", "adviser", "advisers", "advisory"],
    ],
)
def test_word_families_share_a_stem(family):
    assert len({stem(w) for w in family}) == 1, {w: stem(w) for w in family}


def test_short_or_unrelated_words_keep_their_endings():
    assert len({stem("nation"), stem("station"), stem("state")}) == 3
    assert stem("treated") == stem("treat") == "treat"
    assert stem("repeated") == stem("repeat")
    assert stem("community") != stem("commune") and stem("priority") != stem("prior")


def test_advocate_finds_a_passage_about_advocacy():
    index = LexicalIndex(
        [*CHUNKS, make("e:1", "Advocacy for young people is provided by Off the Record.", "")], version=1
    )
    assert index.search("is there an advocate for my teenager", k=1)[0][0].chunk_id == "e:1"


def sen_corpus() -> list[StoredChunk]:
    """'SEN' is in almost every chunk, 'Champions' in one long one; short chunks say SEN over and over."""
    filler = "Leaders met partners to discuss plans, budgets, staffing and the local offer. " * 3
    chunks = [make(f"sen:{n}", f"SEN support for special educational needs (SEN) in school {n}.") for n in range(3)]
    chunks += [
        make(f"other:{n}", f"Parents and schools {n} work together on SEN and the local offer.") for n in range(12)
    ]
    chunks += [make("champions:1", filler + "SEN Champions, a small group of young people, co-produce the charter.")]
    return chunks + [make("champions:2", filler + "Leaders are championing the local offer.")]


def test_chunks_covering_the_rare_query_word_rank_first():
    index = LexicalIndex(sen_corpus(), version=1)
    alternatives = [("SEN", ["special educational needs"])]

    def top(coordination: float) -> list[str]:
        hits = index.search(
            "Who are the SEN Champions?",
            k=3,
            extra="special educational needs",
            alternatives=alternatives,
            coordination=coordination,
        )
        return [c.chunk_id for c, _ in hits]

    assert top(0.0)[0] == "sen:0"  # plain BM25: the short chunks repeating the common word win
    assert set(top(1.0)[:2]) == {"champions:1", "champions:2"}


def test_alternative_forms_count_as_covering_the_abbreviation():
    index = LexicalIndex(
        [
            make("long:1", "An Education, Health and Care plan sets out needs and provision."),
            make("abbr:1", "Your EHCP timescales are set out here."),
            make("other:1", "Timescales for the local offer."),
        ],
        version=1,
    )
    alternatives = [("EHCP", ["Education, Health and Care plan"])]
    hits = index.search("EHCP timescales", k=3, extra="Education, Health and Care plan", alternatives=alternatives)
    ranked = [c.chunk_id for c, _ in hits]
    assert ranked[0] == "abbr:1"
    # The long form stands for the abbreviation: it is not penalised as a chunk missing the word "EHCP".
    without = index.search("EHCP timescales", k=3, extra="Education, Health and Care plan")
    assert dict((c.chunk_id, s) for c, s in hits)["long:1"] > dict((c.chunk_id, s) for c, s in without)["long:1"]


def test_index_saved_by_an_older_tokenizer_is_rebuilt(tmp_path):
    build_lexical_index(CHUNKS, tmp_path / "lex", version=5)
    manifest = json.loads((tmp_path / "lex" / MANIFEST).read_text())
    (tmp_path / "lex" / MANIFEST).write_text(json.dumps({**manifest, "format": manifest["format"] - 1}))
    loader = Loader(CHUNKS)
    load_lexical_index(tmp_path / "lex", 5, loader)
    assert loader.calls == 1
