"""Per-area BM25 indexes (issue 10): an area's search reads only its own and national chunks, loaded lazily."""

from send_assistant.ingest.lexical_areas import MANIFEST, AreaLexicon, build_area_indexes, load_area_lexicon
from send_assistant.ingest.store import StoredChunk


def make(chunk_id: str, text: str, area: str = "") -> StoredChunk:
    return StoredChunk(chunk_id, chunk_id.split(":")[0], text, {"area": area, "title": "Doc", "heading_path": ""})


CHUNKS = [
    make("a:1", "Annual reviews of EHC plans are running late in the north.", "North"),
    make("b:1", "Annual reviews are on time and the parent carer forum meets monthly.", "South"),
    make("c:1", "Short breaks give families a rest from caring.", ""),
    make("d:1", "Annual reviews look at the EHC plan every year.", ""),
]


class Loader:
    def __init__(self, chunks):
        self.chunks, self.calls = chunks, 0

    def __call__(self):
        self.calls += 1
        return list(self.chunks)


def test_each_area_searches_its_own_and_national_chunks_only(tmp_path):
    build_area_indexes(CHUNKS, tmp_path / "lex", version=3)
    lexicon = AreaLexicon.read(tmp_path / "lex", 3)
    assert lexicon is not None
    north = {c.chunk_id for c, _ in lexicon.for_area("North").search("annual reviews", k=10)}
    assert north == {"a:1", "d:1"}
    assert {c.chunk_id for c, _ in lexicon.for_area("South").search("annual reviews", k=10)} == {"b:1", "d:1"}
    assert {c.chunk_id for c, _ in lexicon.for_area("").search("annual reviews", k=10)} == {"d:1"}
    # An area the index does not cover sees national chunks only, never another area's.
    assert {c.chunk_id for c, _ in lexicon.for_area("Leeds").search("annual reviews", k=10)} == {"d:1"}


def test_area_indexes_are_loaded_when_first_searched(tmp_path):
    build_area_indexes(CHUNKS, tmp_path / "lex", version=1)
    lexicon = AreaLexicon.read(tmp_path / "lex", 1)
    assert lexicon._loaded == {}
    lexicon.for_area("North")
    assert list(lexicon._loaded) == ["North"]


def test_a_stale_or_missing_folder_is_rebuilt_once_and_saved(tmp_path):
    loader = Loader(CHUNKS)
    lexicon = load_area_lexicon(tmp_path / "lex", 2, loader)
    assert loader.calls == 1 and (tmp_path / "lex" / MANIFEST).exists()
    assert lexicon.for_area("North").search("late", k=1)[0][0].chunk_id == "a:1"
    again = Loader(CHUNKS)
    load_area_lexicon(tmp_path / "lex", 2, again)
    assert again.calls == 0  # the saved copy matches the version
    assert AreaLexicon.read(tmp_path / "lex", 3) is None
    newer = Loader(CHUNKS)
    load_area_lexicon(tmp_path / "lex", 3, newer)
    assert newer.calls == 1


def test_in_memory_lexicon_without_a_folder():
    lexicon = AreaLexicon.in_memory(CHUNKS, version=0)
    assert {c.chunk_id for c, _ in lexicon.for_area("South").search("forum", k=5)} == {"b:1"}


def test_the_vocabulary_is_saved_at_build_and_read_without_the_chunks(tmp_path):
    build_area_indexes(CHUNKS, tmp_path / "lex", version=4)
    words = AreaLexicon.read(tmp_path / "lex", 4).words()
    assert {"annual", "reviews", "forum", "caring"} <= set(words)
    assert words["annual"] == 3 and words["forum"] == 1  # counts decide ties in spelling correction
    assert words == AreaLexicon.in_memory(CHUNKS, 4).words()


def test_the_saved_vocabulary_holds_the_words_of_headings_too(tmp_path):
    # A guidance answer's question is its heading: its words are the spelling corrector's too ("bulied" is
    # "bullied", which only a heading holds, not "buried").
    answer = StoredChunk(
        "g:1",
        "g",
        "Tell the school in writing and ask for a meeting.",
        {"area": "", "title": "Guide", "heading_path": "My child with SEND is being bullied. What can I do?"},
    )
    build_area_indexes([*CHUNKS, answer], tmp_path / "lex", version=4)
    words = AreaLexicon.read(tmp_path / "lex", 4).words()
    assert words["bullied"] == 1
    assert words["writing"] == 1
