"""Request-size limit as plain ASGI middleware: 413 before the body is read into memory.

A declared Content-Length over the limit is refused at once; a chunked body is counted as it
arrives and refused when it passes the limit. The error raised from `receive` is an
HTTPException so that FastAPI's body parsing passes it on instead of turning it into 400.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit


def error_body(kind: str, message: str, **extra) -> dict:
    return {"error": {"kind": kind, "message": message, **extra}}


class BodyLimit:
    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                declared = value.decode("latin-1").strip()
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            if declared.isdigit():
                await self._refuse(scope, send, 413, "too-large",
                                   f"the request body is larger than {self.limit} bytes")
            else:
                await self._refuse(scope, send, 400, "bad-request", "invalid Content-Length")
            return
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await self._refuse(scope, send, 413, "too-large", exc.detail)

    async def _refuse(self, scope, send, status: int, kind: str, message: str) -> None:
        if _wants_html(scope):
            from regenwatch.web.page import error_page

            body = error_page(status, message, kind).encode()
            ctype = b"text/html; charset=utf-8"
        else:
            body = json.dumps(error_body(kind, message)).encode()
            ctype = b"application/json"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _wants_html(scope) -> bool:
    path = scope.get("path", "")
    return not (path.startswith("/v1") or path.startswith("/healthz"))
