"""Structure-respecting chunking: passages that follow headings, numbered paragraphs and lists.

A chunk never crosses a heading, never splits a list item (unless one item alone is too long, then at sentence
boundaries), keeps a list with its lead-in sentence when it fits, and merges small neighbouring paragraphs under the
same heading so each passage reads on its own. embed_text (title + heading path + text) fits the model's window.

A question-and-answer section (a heading that ends in "?") stays one passage when it fits, so a question is never
parted from its answer; a closing "Source: ..." line under it is taken out of the text and shown in the location
instead ("How long does it take? (Code of Practice 9.40)"), so citations name it and answers never quote it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from send_assistant.ingest.embedding import MAX_TOKENS
from send_assistant.ingest.model import Block, Chunk, DocumentMeta, LoadedDocument

MIN_TOKENS = 80  # below this a passage is merged with its neighbour under the same heading
TARGET_TOKENS = 200  # above this we stop merging
MAX_HEADING_WORDS = 16  # a heading longer than this is shortened in the path so the passage keeps room
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'“(]?[A-Z0-9])")
_SOURCE_LINE = re.compile(r"^\s*sources?\s*:\s*(?P<source>\S.*?)\s*\.?\s*$", re.IGNORECASE | re.DOTALL)


@dataclass
class _Unit:
    """Blocks that must stay together if they can: a paragraph, or a lead-in sentence with its list."""

    blocks: list[Block]
    tokens: int = 0
    lines: list[str] = field(default_factory=list)


def chunk_document(
    meta: DocumentMeta,
    doc: LoadedDocument,
    count_tokens: Callable[[str], int],
    max_tokens: int = MAX_TOKENS,
) -> list[Chunk]:
    """Split a loaded document into chunks whose embed_text is at most max_tokens model tokens."""
    title = meta.title or doc.title or meta.doc_id
    chunks: list[Chunk] = []
    for path, blocks in _sections(doc.blocks):
        prefix = f"{title}\n{' > '.join(path)}\n"
        budget = max_tokens - count_tokens(prefix) + 1  # the prefix's [CLS]/[SEP] are shared with the text
        if budget < 24:  # an absurdly long title: shorten the path rather than lose the passage's room
            path = path[-1:]
            prefix = f"{title}\n{' > '.join(path)}\n"
            budget = max(16, max_tokens - count_tokens(prefix) + 1)
        source = _qa_source(path, blocks)
        if source:
            blocks = blocks[:-1]
        if not blocks:
            continue
        units = _units(blocks, count_tokens)
        if path and path[-1].rstrip().endswith("?") and _fits_whole(units, budget, count_tokens):
            groups = [[piece for unit in units for piece in zip(unit.blocks, unit.lines, strict=True)]]
        else:
            groups = _pack(units, budget, count_tokens)
        for group in groups:
            made = _make_chunks(meta.doc_id, title, path, group, count_tokens, max_tokens)
            chunks.extend([_cite(c, source) for c in made] if source else made)
    return _finalise_ids(chunks)


def _qa_source(path: list[str], blocks: list[Block]) -> str | None:
    """The source named on the last line of a question's answer ("Source: Code of Practice 9.40"), if any."""
    if not path or not path[-1].rstrip().endswith("?") or len(blocks) < 2 or blocks[-1].kind != "paragraph":
        return None
    match = _SOURCE_LINE.match(blocks[-1].text)
    return match.group("source") if match else None


def _fits_whole(units: list[_Unit], budget: int, count_tokens: Callable[[str], int]) -> bool:
    return _tokens([line for unit in units for line in unit.lines], count_tokens) <= budget


def _cite(chunk: Chunk, source: str) -> Chunk:
    """Show the answer's source in the chunk's location; its id changes when the source does."""
    chunk.heading_path[-1] = f"{chunk.heading_path[-1]} ({source})"
    chunk.content_hash = hashlib.sha256(f"{chunk.embed_text}\n{source}".encode()).hexdigest()
    return chunk


def _sections(blocks: list[Block]) -> list[tuple[list[str], list[Block]]]:
    """(heading path, body blocks) for each run of body blocks between headings."""
    stack: list[tuple[int, str]] = []
    sections: list[tuple[list[str], list[Block]]] = []
    body: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            if body:
                sections.append(([_short_heading(t) for _, t in stack], body))
                body = []
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
        elif block.text.strip():
            body.append(block)
    if body:
        sections.append(([_short_heading(t) for _, t in stack], body))
    return sections


def _short_heading(text: str) -> str:
    words = text.split()
    return text if len(words) <= MAX_HEADING_WORDS else " ".join(words[:MAX_HEADING_WORDS]) + " …"


def _line(block: Block) -> str:
    return f"- {block.text}" if block.kind == "list_item" else block.text


def _units(blocks: list[Block], count_tokens: Callable[[str], int]) -> list[_Unit]:
    """Group a section's blocks: each paragraph alone, except a paragraph followed by list items keeps them."""
    units: list[_Unit] = []
    for block in blocks:
        # a list item continues the list before it, or joins the paragraph that leads into it
        if block.kind == "list_item" and units:
            units[-1].blocks.append(block)
        else:
            units.append(_Unit([block]))
    for unit in units:
        unit.lines = [_line(b) for b in unit.blocks]
        unit.tokens = _tokens(unit.lines, count_tokens)
    return units


def _tokens(lines: list[str], count_tokens: Callable[[str], int]) -> int:
    return count_tokens("\n".join(lines))


def _pack(units: list[_Unit], budget: int, count_tokens: Callable[[str], int]) -> list[list[tuple[Block, str]]]:
    """Greedy packing: merge small units up to the target, start afresh at numbered paragraphs once big enough."""
    groups: list[list[tuple[Block, str]]] = []
    current: list[tuple[Block, str]] = []
    size = 0  # tokens of current, counting [CLS]/[SEP] once
    for unit in units:
        pieces = list(zip(unit.blocks, unit.lines, strict=True))
        if unit.tokens > budget:
            if current:
                groups.append(current)
                current, size = [], 0
            groups.extend(_split_list(unit, pieces, budget, count_tokens))
            continue
        added = unit.tokens - 2
        numbered = unit.blocks[0].number is not None
        full = size + added > budget
        big_enough = size >= MIN_TOKENS and (size + added > TARGET_TOKENS or numbered)
        if current and (full or big_enough):
            groups.append(current)
            current, size = [], 0
        if not current:
            size = 2
        current.extend(pieces)
        size += added
    if current:
        groups.append(current)
    return groups


def _split_list(
    unit: _Unit, pieces: list[tuple[Block, str]], budget: int, count_tokens: Callable[[str], int]
) -> list[list[tuple[Block, str]]]:
    """A lead-in with a list too long for one chunk: every later chunk of the list starts with the lead-in's last
    sentence ("...will tackle the following 12 areas of significant weakness:"), so an item is never read without
    what it is an item of."""
    first = unit.blocks[0]
    if len(unit.blocks) < 2 or first.kind != "paragraph" or not first.text.rstrip().endswith(":"):
        return _split_oversized(pieces, budget, count_tokens)
    sentence = _SENTENCE_END.split(first.text.strip())[-1]
    lead = (Block("paragraph", sentence, page=first.page), sentence)  # no paragraph number: the location stays
    groups = _split_oversized(pieces, budget - count_tokens(sentence) + 2, count_tokens)
    return [groups[0], *([lead, *g] if g[0][0].kind == "list_item" else g for g in groups[1:])]


def _split_oversized(
    pieces: list[tuple[Block, str]], budget: int, count_tokens: Callable[[str], int]
) -> list[list[tuple[Block, str]]]:
    """A unit too big for one chunk: break between list items first, inside a long item at sentence ends."""
    groups: list[list[tuple[Block, str]]] = []
    current: list[tuple[Block, str]] = []
    for block, line in pieces:
        for part in _fit(line, budget, count_tokens):
            candidate = [*current, (block, part)]
            if current and _tokens([p for _, p in candidate], count_tokens) > budget:
                groups.append(current)
                candidate = [(block, part)]
            current = candidate
    if current:
        groups.append(current)
    return groups


def _fit(text: str, budget: int, count_tokens: Callable[[str], int]) -> list[str]:
    """Split one text at sentence boundaries (then at words, as a last resort) so each part fits the budget."""
    if count_tokens(text) <= budget:
        return [text]
    sentences = _SENTENCE_END.split(text)
    if len(sentences) == 1:
        sentences = text.split(" ")
    parts: list[str] = []
    current = ""
    for sentence in sentences:
        candidate = f"{current} {sentence}".strip()
        if current and count_tokens(candidate) > budget:
            parts.append(current)
            candidate = sentence
        if count_tokens(candidate) > budget and " " in candidate:  # one enormous sentence: words
            words = _fit_words(candidate, budget, count_tokens)
            parts.extend(words[:-1])
            candidate = words[-1]
        current = candidate
    if current:
        parts.append(current)
    return parts


def _fit_words(text: str, budget: int, count_tokens: Callable[[str], int]) -> list[str]:
    parts: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if current and count_tokens(candidate) > budget:
            parts.append(current)
            candidate = word
        current = candidate
    parts.append(current)
    return parts


def _make_chunks(
    doc_id: str,
    title: str,
    path: list[str],
    group: list[tuple[Block, str]],
    count_tokens: Callable[[str], int],
    max_tokens: int,
) -> list[Chunk]:
    """One chunk for the group, or several if the exact count says the estimate was too optimistic."""
    text = "\n".join(line for _, line in group)
    embed_text = f"{title}\n{' > '.join(path)}\n{text}"
    if count_tokens(embed_text) > max_tokens:
        if len(group) > 1:
            half = len(group) // 2
            return [
                *_make_chunks(doc_id, title, path, group[:half], count_tokens, max_tokens),
                *_make_chunks(doc_id, title, path, group[half:], count_tokens, max_tokens),
            ]
        block, line = group[0]
        budget = max_tokens - count_tokens(f"{title}\n{' > '.join(path)}\n") - 4
        parts = _fit(line, budget, count_tokens)
        if len(parts) > 1:
            return [
                c
                for part in parts
                for c in _make_chunks(doc_id, title, path, [(block, part)], count_tokens, max_tokens)
            ]
    return [_chunk(doc_id, path, group, text, embed_text)]


def _chunk(doc_id: str, path: list[str], group: list[tuple[Block, str]], text: str, embed_text: str) -> Chunk:
    numbers = [b.number for b, _ in group if b.number]
    unique = list(dict.fromkeys(numbers))
    paragraph = None
    if unique:
        paragraph = unique[0] if len(unique) == 1 else f"{unique[0]}–{unique[-1]}"
    pages = [b.page for b, _ in group if b.page is not None]
    content_hash = hashlib.sha256(embed_text.encode("utf-8")).hexdigest()
    return Chunk(
        chunk_id="",
        doc_id=doc_id,
        ordinal=0,
        text=text,
        embed_text=embed_text,
        heading_path=list(path),
        content_hash=content_hash,
        page=pages[0] if pages else None,
        paragraph=paragraph,
    )


def _finalise_ids(chunks: list[Chunk]) -> list[Chunk]:
    """Ordinals in reading order; ids from the content hash, numbered when a passage repeats in a document."""
    seen: dict[str, int] = {}
    for ordinal, chunk in enumerate(chunks):
        chunk.ordinal = ordinal
        base = f"{chunk.doc_id}:{chunk.content_hash[:16]}"
        n = seen.get(base, 0)
        chunk.chunk_id = base if n == 0 else f"{base}-{n}"
        seen[base] = n + 1
    return chunks
