"""The REST face under the emulator's WSGI servers: each request runs the ASGI app to its end on an event loop of
the server thread it arrived on (issue 8 item 10, issue 12 item 7).

a2wsgi ran every request on one event loop in a thread of its own, and FastAPI ran each sync route and each sync
dependency in its thread pool: four or more handovers between threads a call, each waiting for the GIL while
other calls computed (a REST write cost 2.1-2.8 ms of CPU against 0.9 for the SOAP one). Here the routes and
dependencies are `async def` and never wait on anything but the domain's own database work, so a loop of the
server thread's own runs the call without a handover; a slow call holds its own thread, as a SOAP call does.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

log = logging.getLogger(__name__)


class _Loop:
    """A thread's event loop, closed when the thread ends (its thread-local storage is dropped)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def __del__(self) -> None:
        self.loop.close()


class InThread:
    """A WSGI application running an ASGI app (HTTP only) on the calling thread's own event loop."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self._local = threading.local()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        own = getattr(self._local, "own", None)
        if own is None:
            own = self._local.own = _Loop()
        answer = _Answer()
        try:
            own.loop.run_until_complete(self.app(scope(environ), _Body(_read(environ)), answer.send))
        except Exception:
            # Starlette answers an unhandled error with its 500 (our handler: 1011) and raises it again after.
            if answer.status is None:
                raise
            log.debug("error after the REST answer was sent", exc_info=True)
        if answer.status is None:
            raise RuntimeError("the REST app ended without an answer")
        start_response(f"{answer.status} {_phrase(answer.status)}".rstrip(), answer.headers)
        return [b"".join(answer.body)]


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a status http.HTTPStatus does not name
        return ""


def scope(environ: dict[str, Any]) -> dict[str, Any]:
    """The ASGI HTTP scope of a WSGI request, as a2wsgi built it (with the environ, for the client certificate)."""
    headers = [
        ((key[5:] if key.startswith("HTTP_") else key).lower().replace("_", "-").encode("latin-1"), value.encode("latin-1"))
        for key, value in environ.items()
        if (key.startswith("HTTP_") and key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"))
        or key in ("CONTENT_TYPE", "CONTENT_LENGTH")
    ]
    root_path = environ.get("SCRIPT_NAME", "").encode("latin1").decode("utf8")
    result: dict[str, Any] = {
        "wsgi_environ": environ,
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.5"},
        "http_version": environ.get("SERVER_PROTOCOL", "HTTP/1.1").split("/")[-1],
        "method": environ["REQUEST_METHOD"],
        "scheme": environ.get("wsgi.url_scheme", "http"),
        "path": root_path + environ.get("PATH_INFO", "").encode("latin1").decode("utf8"),
        "query_string": environ.get("QUERY_STRING", "").encode("ascii"),
        "root_path": root_path,
        "server": (environ["SERVER_NAME"], int(environ["SERVER_PORT"])),
        "headers": headers,
        "extensions": {},
    }
    if environ.get("REMOTE_ADDR") and environ.get("REMOTE_PORT"):
        result["client"] = (environ["REMOTE_ADDR"], int(environ["REMOTE_PORT"]))
    return result


def _read(environ: dict[str, Any]) -> bytes:
    """The whole body (waitress has bounded it, and the app's own limit refuses a large one)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ.get("wsgi.input")
    return stream.read(length) if stream is not None and length > 0 else b""


class _Body:
    """ASGI `receive`: the body in one message, then a disconnect (nothing more will come)."""

    def __init__(self, body: bytes) -> None:
        self.body: bytes | None = body

    async def __call__(self) -> dict[str, Any]:
        if self.body is None:
            return {"type": "http.disconnect"}
        message = {"type": "http.request", "body": self.body, "more_body": False}
        self.body = None
        return message


class _Answer:
    """ASGI `send`: the status, headers and body of the answer."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.headers: list[tuple[str, str]] = []
        self.body: list[bytes] = []

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            self.body.append(message.get("body", b""))
