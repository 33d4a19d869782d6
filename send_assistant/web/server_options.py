"""uvicorn settings for `serve`: limits on the request head and on connections, applied before any app code.

httptools (uvicorn's default parser) accepts heads of any size, so `serve` uses h11 through GuardedH11Protocol,
which also refuses heads over MAX_HEADER_BYTES or MAX_HEADERS lines with a JSON 431 and disconnects a client that
has not finished its head within HEADER_TIMEOUT_S (uvicorn itself only times out idle kept-alive connections).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_HEADER_BYTES = 16 * 1024  # request line and all headers together
MAX_HEADERS = 100
HEADER_TIMEOUT_S = 10.0  # a client must finish sending its head within this
MAX_CONNECTIONS = 200  # beyond this uvicorn answers 503 straight away


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with limits on the request head: at most MAX_HEADER_BYTES and MAX_HEADERS lines
    (431 above; h11's own cap only applies to heads that arrive in pieces), and a read timeout: a client that
    opens a connection (or starts a new request on a kept-alive one) and does not finish its head within
    HEADER_TIMEOUT_S is disconnected."""

    _header_timer: asyncio.TimerHandle | None = None
    _head: bytes = b""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request's head."""
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        """Check the head's size while it arrives; stop the clock once it is in, restart it for the next."""
        if self._waiting_for_head():
            seen = self._head + data
            end = seen.find(b"\r\n\r\n")
            head = seen if end < 0 else seen[: end + 4]
            if len(head) > MAX_HEADER_BYTES or head.count(b"\r\n") > MAX_HEADERS + 1:
                self._refuse_head()
                return
            self._head = seen if end < 0 else b""
        super().data_received(data)
        if self._waiting_for_head():
            if self._header_timer is None:
                self._arm()
        else:
            self._head = b""
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the clock with the connection."""
        self._disarm()
        super().connection_lost(exc)

    def _waiting_for_head(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _refuse_head(self) -> None:
        body = json.dumps({"error": "request headers too large", "limit_bytes": MAX_HEADER_BYTES}).encode()
        head = "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
        head += f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        self.transport.write(head.encode() + body)
        self._disarm()
        self.transport.close()

    def _arm(self) -> None:
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT_S, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self._waiting_for_head():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """uvicorn.Config keyword arguments for `serve` (and the tests that check these limits)."""
    return {
        "http": GuardedH11Protocol,  # httptools has no header size limit; h11 does
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "limit_concurrency": MAX_CONNECTIONS,
        "timeout_keep_alive": 5,
        "access_log": False,  # admin URLs may carry a token, and request lines are not needed to run the service
        "log_level": "warning",
    }
