"""PostgreSQL stopped under a running replica (issue 9.2, issue 10): ledger reads fail as IndexUnavailableError, which
the web app turns into 503 + Retry-After, never a 500 with the driver's own exception; they work again once it is
back."""

from __future__ import annotations

import pytest
from processes import private_postgres

from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.ledger import Ledger

pytestmark = pytest.mark.servers


@pytest.fixture
def private_server():
    with private_postgres() as server:  # its own server: stopping it disturbs no other test
        yield server


def test_reading_the_ledger_with_the_server_stopped_is_index_unavailable(private_server):
    ledger = Ledger(private_server.create_database("down"))
    assert ledger.snapshot() == (0, 0)
    private_server.pause()
    for read in (ledger.snapshot, ledger.entries, lambda: ledger.get_state("vocabulary")):
        with pytest.raises(IndexUnavailableError, match="cannot read the index ledger"):
            read()
    private_server.resume()
    assert ledger.snapshot() == (0, 0)  # the same Ledger reads again once the server is back
