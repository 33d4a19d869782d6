"""Chunking: structure kept, every passage within the model window (real tokenizer), nothing lost, stable ids."""

from __future__ import annotations

import hashlib
import re
import statistics
from pathlib import Path

import pytest
from doubles import HashEmbedder

from send_assistant.ingest.chunking import chunk_document
from send_assistant.ingest.embedding import MAX_TOKENS, Tokenizer
from send_assistant.ingest.loaders import load_path
from send_assistant.ingest.model import Block, DocumentMeta, LoadedDocument
from send_assistant.settings import PROJECT_ROOT

SEEDS = sorted((PROJECT_ROOT / "knowledge").glob("*.txt"))
_WORD = re.compile(r"\w+")


@pytest.fixture(scope="module")
def count_tokens():
    """The MiniLM word-piece tokenizer (no model weights): the real measure of the 256-token window."""
    return Tokenizer().count


def _meta(path: Path) -> DocumentMeta:
    return DocumentMeta(doc_id=path.stem, title=f"Title of {path.stem}", area="Somewhere", doc_type="guidance")


def _chunks(path: Path, count_tokens):
    doc = load_path(path)
    return doc, chunk_document(_meta(path), doc, count_tokens)


@pytest.fixture(scope="module")
def seed_chunks(count_tokens):
    return {path.name: _chunks(path, count_tokens) for path in SEEDS}


def test_every_embed_text_fits_the_window(seed_chunks, count_tokens):
    for name, (_, chunks) in seed_chunks.items():
        assert chunks, name
        for chunk in chunks:
            assert count_tokens(chunk.embed_text) <= MAX_TOKENS, (name, chunk.location)


def test_embed_text_is_title_path_and_text(seed_chunks):
    for name, (_, chunks) in seed_chunks.items():
        for chunk in chunks:
            title = f"Title of {Path(name).stem}"
            assert chunk.embed_text == f"{title}\n{' > '.join(chunk.heading_path)}\n{chunk.text}"
            assert chunk.content_hash == hashlib.sha256(chunk.embed_text.encode("utf-8")).hexdigest()
            assert chunk.chunk_id.startswith(f"{chunk.doc_id}:{chunk.content_hash[:16]}")


def test_sizes_are_reasonable(seed_chunks, count_tokens):
    for name, (_, chunks) in seed_chunks.items():
        sizes = [count_tokens(c.embed_text) for c in chunks]
        assert 80 <= statistics.median(sizes) <= 240, (name, sizes)


def test_heading_paths_present(seed_chunks):
    for name, (_, chunks) in seed_chunks.items():
        with_path = sum(1 for c in chunks if c.heading_path)
        assert with_path >= 0.9 * len(chunks), name


def test_numbered_paragraphs_recorded(seed_chunks):
    bucks = next(v for k, v in seed_chunks.items() if k.startswith("buckinghamshire"))[1]
    located = [c for c in bucks if c.paragraph and "2.23" in c.text]
    assert located and located[0].paragraph.startswith("2.2")
    assert "paragraph" in located[0].location
    worcs = next(v for k, v in seed_chunks.items() if k.startswith("worcestershire"))[1]
    paragraphs = {c.paragraph for c in worcs if c.paragraph}
    assert any(p == "11" or p.startswith("11") or p.endswith("11") for p in paragraphs), paragraphs


def test_no_text_lost(seed_chunks):
    for name, (doc, chunks) in seed_chunks.items():
        chunk_words = set(_WORD.findall(" ".join(c.embed_text for c in chunks)))
        block_words = set(_WORD.findall(" ".join(b.text for b in doc.blocks if b.kind != "heading")))
        assert block_words <= chunk_words, (name, sorted(block_words - chunk_words)[:20])
        all_text = "\n".join(c.text for c in chunks)
        for block in doc.blocks:
            if block.kind != "heading":
                assert block.text[:60] in all_text, (name, block.text[:60])


def test_list_items_never_split(seed_chunks):
    for name, (doc, chunks) in seed_chunks.items():
        texts = [c.text for c in chunks]
        for block in doc.blocks:
            if block.kind == "list_item" and len(block.text) < 600:
                assert any(f"- {block.text}" in t for t in texts), (name, block.text[:80])


def test_ids_unique_and_stable(seed_chunks, count_tokens):
    for path in SEEDS:
        first = seed_chunks[path.name][1]
        again = _chunks(path, count_tokens)[1]
        ids = [c.chunk_id for c in first]
        assert len(ids) == len(set(ids)), path.name
        assert ids == [c.chunk_id for c in again]
        assert [c.ordinal for c in first] == list(range(len(first)))


# ---- behaviour on small synthetic documents ----

META = DocumentMeta(doc_id="doc", title="Guide")


def _doc(*blocks: Block) -> LoadedDocument:
    return LoadedDocument(blocks=list(blocks))


def test_small_paragraphs_merge_but_never_across_headings():
    doc = _doc(
        Block("heading", "Short breaks", level=1),
        Block("paragraph", "Short breaks give carers a rest."),
        Block("paragraph", "They can be a few hours or overnight."),
        Block("heading", "Transport", level=1),
        Block("paragraph", "Some children get free school transport."),
    )
    chunks = chunk_document(META, doc, HashEmbedder().count_tokens)
    assert [c.heading_path for c in chunks] == [["Short breaks"], ["Transport"]]
    assert chunks[0].text == "Short breaks give carers a rest.\nThey can be a few hours or overnight."


def test_nested_heading_path():
    doc = _doc(
        Block("heading", "Chapter 9", level=1),
        Block("heading", "Reviews", level=2),
        Block("paragraph", "Plans are reviewed every year."),
        Block("heading", "Chapter 10", level=1),
        Block("paragraph", "Children in specific circumstances."),
    )
    chunks = chunk_document(META, doc, HashEmbedder().count_tokens)
    assert [c.heading_path for c in chunks] == [["Chapter 9", "Reviews"], ["Chapter 10"]]
    assert chunks[0].embed_text == "Guide\nChapter 9 > Reviews\nPlans are reviewed every year."


def test_list_goes_with_its_lead_in():
    doc = _doc(
        Block("paragraph", "You can ask for:"),
        Block("list_item", "a needs assessment"),
        Block("list_item", "a personal budget"),
    )
    chunks = chunk_document(META, doc, HashEmbedder().count_tokens)
    assert len(chunks) == 1
    assert chunks[0].text == "You can ask for:\n- a needs assessment\n- a personal budget"


def _sentence(n: int) -> str:
    return f"Sentence number {n} explains one more detail about the support that families can expect."


def test_numbered_paragraphs_start_new_chunks_once_big_enough():
    body = " ".join(_sentence(i) for i in range(6))  # about 100 tokens
    doc = _doc(*(Block("paragraph", f"9.{n} {body}", number=f"9.{n}", page=3) for n in range(1, 4)))
    chunks = chunk_document(META, doc, HashEmbedder().count_tokens)
    assert [c.paragraph for c in chunks] == ["9.1", "9.2", "9.3"]
    assert all(c.page == 3 and "page 3" in c.location for c in chunks)


def test_oversized_list_item_splits_at_sentences(count_tokens):
    long_item = " ".join(_sentence(i) for i in range(40))
    doc = _doc(Block("heading", "Support", level=1), Block("list_item", long_item))
    chunks = chunk_document(META, doc, count_tokens, max_tokens=128)
    assert len(chunks) > 2
    for chunk in chunks:
        assert count_tokens(chunk.embed_text) <= 128
        assert chunk.text.rstrip().endswith(".")  # cut between sentences, not inside one
    joined = " ".join(c.text.removeprefix("- ") for c in chunks)
    assert _WORD.findall(joined) == _WORD.findall(long_item)


def test_list_split_between_items_when_too_long(count_tokens):
    items = [Block("list_item", _sentence(i)) for i in range(30)]
    doc = _doc(Block("paragraph", "The plan includes:"), *items)
    chunks = chunk_document(META, doc, count_tokens, max_tokens=120)
    assert len(chunks) > 1
    assert chunks[0].text.startswith("The plan includes:\n- Sentence number 0")
    for chunk in chunks:
        for line in chunk.text.split("\n"):
            assert line == "The plan includes:" or re.fullmatch(r"- Sentence number \d+ .*\.", line)


def test_every_later_chunk_of_a_long_list_starts_with_the_sentence_that_introduces_it(count_tokens):
    items = [Block("list_item", f"area {i}) " + _sentence(i).lower()) for i in range(30)]
    lead_in = "Inspectors visited the area in March. They judged these areas to be significant weaknesses:"
    doc = _doc(Block("paragraph", lead_in, number="5"), *items)
    chunks = chunk_document(META, doc, count_tokens, max_tokens=120)
    assert len(chunks) > 2
    assert chunks[0].text.startswith(lead_in + "\n- area 0)")
    for chunk in chunks[1:]:
        # Only the introducing sentence is repeated, never the whole paragraph or its number.
        assert chunk.text.startswith("They judged these areas to be significant weaknesses:\n- area ")
        assert "Inspectors visited" not in chunk.text and chunk.paragraph is None
        assert count_tokens(chunk.embed_text) <= 120
    shown = [line for c in chunks for line in c.text.split("\n") if line.startswith("- ")]
    assert shown == [f"- {b.text}" for b in items]  # every item once, in order


def test_repeated_passage_gets_numbered_id():
    doc = _doc(
        Block("heading", "A", level=1),
        Block("paragraph", "Contact the SEND team."),
        Block("heading", "A", level=1),
        Block("paragraph", "Contact the SEND team."),
    )
    chunks = chunk_document(META, doc, HashEmbedder().count_tokens)
    assert chunks[0].content_hash == chunks[1].content_hash
    assert chunks[1].chunk_id == f"{chunks[0].chunk_id}-1"


def test_very_long_heading_is_shortened_in_path(count_tokens):
    heading = " ".join(["word"] * 60)
    doc = _doc(Block("heading", heading, level=1), Block("paragraph", "Body text."))
    chunks = chunk_document(META, doc, count_tokens)
    assert len(chunks[0].heading_path[0].split()) <= 17
    assert count_tokens(chunks[0].embed_text) <= MAX_TOKENS


def _markdown_chunks(tmp_path: Path, text: str, count_tokens):
    path = tmp_path / "qa.md"
    path.write_text(text, encoding="utf-8")
    return _chunks(path, count_tokens)[1]


def test_a_question_keeps_its_whole_answer_and_its_source_goes_to_the_location(tmp_path, count_tokens):
    paragraph = "The council must answer within six weeks and explain its reasons in writing to the family. " * 4
    text = (
        "# Topic\n\n## How long does it take?\n\n"
        + "\n\n".join(f"Part {n}. {paragraph}" for n in range(3))
        + "\n\nSource: Code of Practice 9.40; SEN and Disability Regulations 2014, reg 13\n\n"
        "## Background\n\nSome words here.\n\nSource: not a citation, because the heading is not a question\n"
    )
    chunks = _markdown_chunks(tmp_path, text, count_tokens)
    answer, background = chunks
    assert count_tokens("\n".join(f"Part {n}. {paragraph}" for n in range(3))) > 200  # above the merge target
    assert answer.text.count("Part ") == 3 and "Source:" not in answer.text
    assert answer.heading_path == [
        "Topic",
        "How long does it take? (Code of Practice 9.40; SEN and Disability Regulations 2014, reg 13)",
    ]
    assert answer.location.startswith("Topic > How long does it take? (Code of Practice 9.40")
    assert "How long does it take?" in answer.embed_text and "9.40" not in answer.embed_text
    assert "Source: not a citation" in background.text and background.heading_path == ["Topic", "Background"]


def test_a_changed_source_changes_the_chunk_id(tmp_path, count_tokens):
    base = "## Who can help?\n\nYour SENCO can help.\n\nSource: Code of Practice chapter {n}\n"
    first = _markdown_chunks(tmp_path, base.format(n=6), count_tokens)[0]
    second = _markdown_chunks(tmp_path, base.format(n=2), count_tokens)[0]
    assert first.text == second.text and first.embed_text == second.embed_text
    assert first.chunk_id != second.chunk_id
