"""What stands in front of the app: the staff token, body limits, the rate limit and security headers.

Pure ASGI middleware (no body is parsed before its size is known) and small helpers; the routes
live in ``app.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

from assistant.settings import Settings

UPLOAD_PATHS = ("/gradio_api/upload",)  # Gradio's own file upload route: staff only
PLANS_UPLOAD = "/api/plans"
MULTIPART_SLACK = 64 * 1024  # headers and boundaries around an uploaded file
GRADIO_BODY_BYTES = 4 * 1024 * 1024  # Gradio's queue posts carry the chat so far
STAFF_COOKIE = "staff_session"

# Gradio runs inline scripts and styles and talks to its own origin over fetch/SSE; nothing else is needed.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob: data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", CSP.encode()),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)

ASGIApp = Callable[[dict[str, Any], Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


# ---------------------------------------------------------------- the staff token


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def token_matches(settings: Settings, token: str | None) -> bool:
    """Constant-time comparison with ASSISTANT_STAFF_TOKEN; False when either is missing."""
    if not settings.staff_token or not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(token.encode(), settings.staff_token.encode())


def session_value(settings: Settings) -> str:
    """The staff cookie's value: derived from the token, so every app process accepts it and it changes with the token."""
    assert settings.staff_token
    return hmac.new(settings.staff_token.encode(), b"policy-assistant staff session", hashlib.sha256).hexdigest()


def staff_status(settings: Settings, authorization: str | None, cookie: str | None = None) -> int | None:
    """None when the request is staff's; else the status to answer: 403 (no token configured) or 401."""
    if not settings.staff_token:
        return 403
    if token_matches(settings, _bearer(authorization)):
        return None
    if cookie and hmac.compare_digest(cookie.encode(), session_value(settings).encode()):
        return None
    return 401


def require_staff(request: Request) -> None:
    """FastAPI dependency for staff endpoints: ``Authorization: Bearer <ASSISTANT_STAFF_TOKEN>``."""
    settings: Settings = request.app.state.settings
    status = staff_status(settings, request.headers.get("authorization"))
    if status == 403:
        raise HTTPException(403, "staff endpoints are disabled: set ASSISTANT_STAFF_TOKEN on the server")
    if status == 401:
        raise HTTPException(401, "a valid staff token is needed: Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})


# ---------------------------------------------------------------- middleware


async def _send_json(
    send: Callable[[dict], Awaitable[None]], status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()), *headers],
        }
    )
    await send({"type": "http.response.body", "body": data})


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _cookie(scope: dict[str, Any], name: str) -> str | None:
    raw = _header(scope, b"cookie") or ""
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class Guard:
    """Security headers on every response; a body limit per route, enforced before anything reads the body;
    Gradio's upload route only for staff."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def limit_for(self, method: str, path: str) -> int:
        if path.rstrip("/") in UPLOAD_PATHS or (method == "POST" and path.rstrip("/") == PLANS_UPLOAD):
            return self.settings.max_upload_bytes + MULTIPART_SLACK
        if path.startswith("/api/"):
            return self.settings.max_body_bytes
        return GRADIO_BODY_BYTES

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[[], Awaitable[dict]], send: Callable[[dict], Awaitable[None]]
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers") or []}
                message["headers"] = [*(message.get("headers") or []), *(h for h in SECURITY_HEADERS if h[0] not in present)]
            await send(message)

        path = scope.get("path", "")
        if path.rstrip("/") in UPLOAD_PATHS:
            status = staff_status(self.settings, _header(scope, b"authorization"), _cookie(scope, STAFF_COOKIE))
            if status is not None:
                why = "uploads are for staff only" + ("" if status == 401 else " and ASSISTANT_STAFF_TOKEN is not set")
                await _send_json(send_with_headers, status, {"error": why}, [])
                return
        limit = self.limit_for(scope.get("method", "GET"), path)
        too_big = {"error": f"request body over {limit} bytes", "limit": limit}
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > limit:
                await _send_json(send_with_headers, 413, too_big, [(b"connection", b"close")])
                return
            await self.app(scope, receive, send_with_headers)
            return
        # no Content-Length (chunked): read up to the limit, then replay the body to the app
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                await _send_json(send_with_headers, 413, too_big, [(b"connection", b"close")])
                return
            chunks.append(body)
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)


# ---------------------------------------------------------------- the rate limit (slowapi)


def make_limiter(settings: Settings) -> Any:
    from slowapi import Limiter
    from slowapi.util import get_remote_address

    return Limiter(key_func=get_remote_address, enabled=settings.rate_limit != "off", storage_uri="memory://")


def rate_limited(request: Request, exc: Exception) -> JSONResponse:
    """429 with Retry-After (seconds until the window frees a request)."""
    limiter = request.app.state.limiter
    retry = 60
    current = getattr(request.state, "view_rate_limit", None)
    if current is not None:
        try:
            reset, _remaining = limiter.limiter.get_window_stats(current[0], *current[1])
            retry = max(1, math.ceil(reset - time.time()))
        except Exception:  # noqa: BLE001 - the header is a courtesy; the 429 stands
            pass
    detail = getattr(exc, "detail", "")
    return JSONResponse(
        {"error": f"too many requests ({detail}); retry after {retry} s", "retry_after": retry},
        status_code=429,
        headers={"Retry-After": str(retry)},
    )
