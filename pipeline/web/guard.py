"""Limits and headers every request goes through, before any route runs."""
from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException

from pipeline.errors import InputTooLarge

# The page loads only its own stylesheet and script; SVG charts are inline markup.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 1_048_576  # a request (pasted text or uploaded page) over 1 MiB is refused: 413
    max_article_chars: int = 100_000  # about 15,000 words: far beyond a news article
    max_pending: int = 32  # requests checking or queued; beyond that: 503
    timeout_s: float = 20.0  # per request, queueing included: 504


class BodyRefused(HTTPException):
    """Raised from `receive`: FastAPI passes HTTPExceptions from body parsing through
    unchanged (anything else becomes a generic 400), so the app's handler can answer 413 with
    the typed error, in the format the route speaks (JSON for the API, the page for the form)."""

    def __init__(self, error: InputTooLarge):
        super().__init__(413, str(error))
        self.error = error


class BodyLimit:
    """ASGI middleware: refuses a body over the limit, whether it declares its length or not."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            refused = int(declared)

            async def receive_nothing():
                raise self._error(refused)
            return await self.app(scope, receive_nothing, send)
        seen = 0

        async def counting_receive():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise self._error(seen)
            return message

        await self.app(scope, counting_receive, send)

    def _error(self, size: int) -> BodyRefused:
        return BodyRefused(InputTooLarge(f"the request is over {self.max_bytes:,} bytes ({size:,} bytes or more sent); "
                             "paste a single article or upload a smaller file"))


class SecurityHeaders:
    """ASGI middleware: CSP and friends on every response."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
