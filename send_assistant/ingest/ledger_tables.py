"""The ledger's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL; send_assistant/ingest/ledger.py uses them.

A SQLite ledger written before SQLAlchemy has exactly these tables and columns, so it opens as it is.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

METADATA = MetaData()
ENTRIES = Table(
    "entries",
    METADATA,
    Column("generation", Integer, primary_key=True, autoincrement=False),  # see `generations`
    Column("doc_id", String, primary_key=True),
    Column("origin", Text, nullable=False),  # the ingest scope that owns it: knowledge dir, folder, file, site, feed
    Column("source_hash", Text, nullable=False),  # sha256 of the source bytes
    Column("declared_hash", Text, nullable=False),  # declared metadata + pipeline version; unchanged means skip
    Column("meta_json", Text, nullable=False),  # final DocumentMeta (after the loader filled title, url, reviewed)
    Column("chunk_ids_json", Text, nullable=False),  # ordered chunk ids that are live for this document
)
GENERATIONS = Table(
    "generations",
    METADATA,
    Column("generation", Integer, primary_key=True, autoincrement=False),
    Column("collection", Text, nullable=False),  # the Chroma collection its chunks are in
    Column("state", Text, nullable=False),  # building | live | retired
    Column("created", Float, nullable=False),
    Column("retired", Float),  # when it stopped being live (its data is dropped after a grace period)
)
STATE = Table("state", METADATA, Column("key", String, primary_key=True), Column("value", Text, nullable=False))
COLUMNS = ("doc_id", "origin", "source_hash", "declared_hash", "meta_json", "chunk_ids_json")  # an entry, in order
