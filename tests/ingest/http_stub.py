"""A stub HTTP server on 127.0.0.1 for crawler and service-directory tests (no network)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path (with query) -> (status, content type, body), or a callable returning that
Routes = dict[str, tuple[int, str, bytes] | Callable[[], tuple[int, str, bytes]]]


@contextmanager
def serve(routes: Routes) -> Iterator[tuple[str, list[str]]]:
    """Serve `routes` on a free port; yields the base URL and the list of paths requested."""
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            requested.append(self.path)
            route = routes.get(self.path)
            status, ctype, body = route() if callable(route) else route or (404, "text/plain", b"not found")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
