"""A stub HTTP server on 127.0.0.1 for crawler and service-directory tests (no network)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path (with query) -> (status, content type, body[, extra headers]), or a callable returning that.
# A route whose headers carry ETag / Last-Modified answers 304 to a request that sends the same value back.
Routes = dict[str, tuple | Callable[[], tuple]]


class Requested(list):
    """Paths requested, in order; `not_modified` lists those answered 304."""

    def __init__(self) -> None:
        super().__init__()
        self.not_modified: list[str] = []


@contextmanager
def serve(routes: Routes) -> Iterator[tuple[str, Requested]]:
    """Serve `routes` on a free port; yields the base URL and the list of paths requested."""
    requested = Requested()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            requested.append(self.path)
            route = routes.get(self.path)
            status, ctype, body, *rest = route() if callable(route) else route or (404, "text/plain", b"not found")
            headers = rest[0] if rest else {}
            etag, modified = headers.get("ETag"), headers.get("Last-Modified")
            if (etag and self.headers.get("If-None-Match") == etag) or (
                modified and not etag and self.headers.get("If-Modified-Since") == modified
            ):
                requested.not_modified.append(self.path)
                self.send_response(304)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
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
