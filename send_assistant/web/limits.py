"""Request limits and response headers for the whole web app, in front of the API routes and Gradio alike.

One ASGI middleware, `RequestGuard`, does what must happen before any route runs:
- bodies over 64 KB are refused with 413 (by Content-Length, and by counting a streamed body);
- /api/ask and /api/feedback: a wrong method is 405, a body that is not UTF-8 JSON (or nests too deeply) is the
  documented 422 naming "body", an area with characters no area name has is 422 naming the known areas, and each
  client IP has a token bucket (429 with Retry-After when it is empty);
- routes nobody should reach are 404: Gradio's file upload, and FastAPI's or Gradio's schema and docs pages;
- every response gets the security headers, and CORS headers only for origins configured in settings.

The limits on the request head and on connections are uvicorn's business: assistant.web.server_options.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from send_assistant.errors import SendAssistantError
from send_assistant.settings import Settings

MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32  # the deepest real body (history turns) is 3

JSON_ROUTES = {"/api/ask": "POST", "/api/feedback": "POST"}
METHODS = {**JSON_ROUTES, "/healthz": "GET", "/admin/reports": "GET"}
BLOCKED = re.compile(r"^(?:/gradio_api)?/(?:upload|upload_progress|openapi\.json|docs|redoc)(?:/.*)?$")
# Characters an area name or nickname can have ("Bath and North East Somerset", "B&NES", "St. Helens").
SAFE_AREA = re.compile(r"[A-Za-z0-9À-ɏ &'’.,()-]{0,100}")

# Gradio's page runs inline scripts and evaluates the page's own event scripts, so 'unsafe-inline' and
# 'unsafe-eval' stay; the rest still blocks framing, plugins, other hosts and form posts elsewhere.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' data: blob:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class LimitSettingError(SendAssistantError):
    """A rate limit setting that cannot be read."""


@dataclass(frozen=True)
class Rate:
    """`count` requests per `period` seconds, e.g. Rate.parse("30/minute")."""

    count: int
    period: float

    @classmethod
    def parse(cls, text: str | None) -> Rate | None:
        """ "30/minute", "5/second", "100/hour"; "", "0" or "off" is no limit."""
        value = (text or "").strip().lower()
        if value in {"", "0", "off", "none", "false", "no"}:
            return None
        match = re.fullmatch(r"(\d+)\s*/\s*(second|sec|s|minute|min|m|hour|h)", value)
        if not match or int(match.group(1)) < 1:
            raise LimitSettingError(f"rate limit {text!r} should look like 30/minute, 5/second or off")
        unit = match.group(2)[0]
        return cls(int(match.group(1)), {"s": 1.0, "m": 60.0, "h": 3600.0}[unit])


class TokenBuckets:
    """One token bucket per client: `rate.count` requests at once, refilled evenly over `rate.period`."""

    MAX_CLIENTS = 10_000  # full buckets are forgotten beyond this, so memory stays bounded

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take a token for `client`: 0.0 when allowed, else the seconds until one is free."""
        per_second = self.rate.count / self.rate.period
        now = self._clock()
        with self._lock:
            tokens, seen = self._buckets.get(client, (float(self.rate.count), now))
            tokens = min(float(self.rate.count), tokens + (now - seen) * per_second)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / per_second
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > self.MAX_CLIENTS:
                self._forget_full(now, per_second)
            return 0.0

    def _forget_full(self, now: float, per_second: float) -> None:
        for key, (tokens, seen) in list(self._buckets.items()):
            if tokens + (now - seen) * per_second >= self.rate.count:
                del self._buckets[key]


def _json_depth(value: Any) -> int:
    depth, level = 0, [(value, 1)]
    while level:
        item, d = level.pop()
        depth = max(depth, d)
        if isinstance(item, dict):
            level.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            level.extend((v, d + 1) for v in item)
    return depth


def _invalid(field: str, problem: str) -> tuple[int, dict]:
    return 422, {"error": "invalid request", "details": [{"field": field, "problem": problem}]}


class RequestGuard:
    """The ASGI middleware described in the module docstring."""

    def __init__(
        self,
        app: ASGIApp,
        settings: Settings,
        areas: Callable[[], list[str]] = list,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.areas = areas
        self.cors_origins = set(settings.cors_origins)
        self.buckets: dict[str, TokenBuckets] = {}
        for path, setting in (("/api/ask", settings.rate_limit), ("/api/feedback", settings.feedback_rate_limit)):
            rate = Rate.parse(setting)
            if rate is not None:
                self.buckets[path] = TokenBuckets(rate, clock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse what breaks a limit; pass the rest on with the headers added."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(scope, send)
        path, method = scope.get("path", ""), scope.get("method", "GET")
        if BLOCKED.match(path):
            await _reply(send, 404, {"error": "not found"})
            return
        allowed = METHODS.get(path)
        if allowed and method == "OPTIONS" and self._cors_origin(scope):
            await _reply(send, 204, None)  # a preflight from a configured origin; _with_headers adds the CORS headers
            return
        if allowed and method not in {allowed, "HEAD" if allowed == "GET" else allowed}:
            await _reply(send, 405, {"error": "method not allowed", "allowed": [allowed]}, {b"allow": allowed.encode()})
            return
        body = await self._read_body(scope, receive, send)
        if body is None:
            return
        if path in JSON_ROUTES:
            refusal = self._check_rate(scope, path) or self._check_json(body)
            if refusal is not None:
                await _reply(send, *refusal)
                return
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole body (at most MAX_BODY_BYTES), or None once a 413 has been sent."""
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"").strip()
        if length and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await _reply(send, 413, {"error": "request body too large", "limit_bytes": MAX_BODY_BYTES})
            return None
        if scope.get("method") in {"GET", "HEAD", "OPTIONS"} and not length:
            return b""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await _reply(send, 413, {"error": "request body too large", "limit_bytes": MAX_BODY_BYTES})
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    def _check_json(self, body: bytes) -> tuple[int, dict] | None:
        """422 for a body that is not a UTF-8 JSON object of sensible depth, or an area no area could be."""
        try:
            data = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            return _invalid("body", "the body is not UTF-8 text")
        except RecursionError:
            return _invalid("body", f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
        except ValueError:
            return _invalid("body", "the body is not valid JSON")
        if _json_depth(data) > MAX_JSON_DEPTH:
            return _invalid("body", f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
        if not isinstance(data, dict):
            return _invalid("body", "the body must be a JSON object")
        area = data.get("area")
        if isinstance(area, str) and not SAFE_AREA.fullmatch(area):
            known = ", ".join(self.areas()) or "none indexed yet"
            return _invalid("area", f'not a known area; use one of: {known}, or "" for England-wide')
        return None

    def _check_rate(self, scope: Scope, path: str) -> tuple[int, dict, dict[bytes, bytes]] | None:
        buckets = self.buckets.get(path)
        if buckets is None:
            return None
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = buckets.take(client)
        if not wait:
            return None
        seconds = max(1, math.ceil(wait))
        body = {"error": "too many requests", "retry_after": seconds}
        return 429, body, {b"retry-after": str(seconds).encode()}

    def _cors_origin(self, scope: Scope) -> str | None:
        origin = dict(scope.get("headers") or []).get(b"origin", b"").decode("latin-1")
        return origin if origin in self.cors_origins else None

    def _with_headers(self, scope: Scope, send: Send) -> Send:
        origin = self._cors_origin(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Gradio adds its own CORS headers for localhost origins: CORS is off unless configured here.
                headers = [
                    (k, v) for k, v in message.get("headers", []) if not k.lower().startswith(b"access-control-")
                ]
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if origin:
                    headers += [(b"access-control-allow-origin", origin.encode()), (b"vary", b"Origin")]
                    headers += [(b"access-control-allow-methods", b"GET, POST")]
                    headers += [(b"access-control-allow-headers", b"content-type")]
                message = {**message, "headers": headers}
            await send(message)

        return send_with_headers


async def _reply(send: Send, status: int, body: dict | None, headers: dict[bytes, bytes] | None = None) -> None:
    payload = json.dumps(body).encode() if body is not None else b""
    extra = list((headers or {}).items())
    start = [(b"content-length", str(len(payload)).encode()), *extra]
    if body is not None:
        start.append((b"content-type", b"application/json"))
    await send({"type": "http.response.start", "status": status, "headers": start})
    await send({"type": "http.response.body", "body": payload})


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later messages (a disconnect) come from the server as usual

    return replay
