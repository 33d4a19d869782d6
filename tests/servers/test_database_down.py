"""PostgreSQL stopped under a running replica (issue 9.2, issue 10): ledger reads fail as IndexUnavailableError, which
the web app turns into 503 + Retry-After, never a 500 with the driver's own exception."""

from __future__ import annotations

import pytest
from postgres import PostgresServer, postgres_bin, required

from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.ledger import Ledger

pytestmark = pytest.mark.servers


@pytest.fixture
def private_postgres():
    """A server of this test's own, so stopping it disturbs no other test."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        message = "PostgreSQL is not installed (make test installs it)"
        pytest.fail(message) if required() else pytest.skip(message)
    server = PostgresServer(bin_dir).start()
    try:
        yield server
    finally:
        server.stop()


def test_reading_the_ledger_with_the_server_stopped_is_index_unavailable(private_postgres):
    ledger = Ledger(private_postgres.create_database("down"))
    assert ledger.snapshot() == (0, 0)
    private_postgres.stop()
    for read in (ledger.snapshot, ledger.entries, lambda: ledger.get_state("vocabulary")):
        with pytest.raises(IndexUnavailableError, match="cannot read the index ledger"):
            read()
