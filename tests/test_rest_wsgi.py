"""service/rest/wsgi.py: the REST face's ASGI app run on the WSGI server thread's own event loop."""

from __future__ import annotations

import gc
import io
import threading
from typing import Any

import pytest

from service.rest.wsgi import InThread, scope


def _environ(body: bytes = b"", **extra: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "/sandkasse/ci",
        "PATH_INFO": "/v1/Fravaer/",
        "QUERY_STRING": "dato=2026-03-01",
        "SERVER_NAME": "dfdg.local",
        "SERVER_PORT": "8080",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_REQUESTID": "abc",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        **extra,
    }


def _call(app: Any, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    started: list[Any] = []
    body = b"".join(InThread(app)(environ, lambda status, headers: started.extend([status, headers])))
    return started[0], started[1], body


def test_the_scope_says_what_the_wsgi_request_says() -> None:
    environ = _environ()
    s = scope(environ)
    assert (s["method"], s["path"], s["root_path"], s["query_string"]) == (
        "POST",
        "/sandkasse/ci/v1/Fravaer/",
        "/sandkasse/ci",
        b"dato=2026-03-01",
    )
    assert (b"x-requestid", b"abc") in s["headers"] and (b"content-type", b"application/json") in s["headers"]
    assert s["client"] == ("127.0.0.1", 50000) and s["server"] == ("dfdg.local", 8080) and s["wsgi_environ"] is environ


def test_the_body_comes_in_one_message_then_a_disconnect_and_the_answer_goes_out() -> None:
    received: list[dict[str, Any]] = []

    async def app(_scope: dict[str, Any], receive: Any, send: Any) -> None:
        received.extend([await receive(), await receive()])
        await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"a":', "more_body": True})
        await send({"type": "http.response.body", "body": b"1}"})

    status, headers, body = _call(app, _environ(b'{"x": 1}'))
    assert received == [{"type": "http.request", "body": b'{"x": 1}', "more_body": False}, {"type": "http.disconnect"}]
    assert (status, headers, body) == ("201 Created", [("content-type", "application/json")], b'{"a":1}')


def test_an_error_raised_after_the_answer_was_sent_keeps_the_answer() -> None:
    """Starlette sends its 500 (the emulator's 1011 problem) for an unhandled error, then raises it again."""

    async def app(_scope: dict[str, Any], _receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 500, "headers": []})
        await send({"type": "http.response.body", "body": b"1011"})
        raise RuntimeError("boom")

    assert _call(app, _environ())[::2] == ("500 Internal Server Error", b"1011")


def test_an_error_before_any_answer_reaches_the_server() -> None:
    async def app(_scope: dict[str, Any], _receive: Any, _send: Any) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        _call(app, _environ())


def test_each_thread_has_its_own_loop_closed_when_the_thread_ends() -> None:
    async def app(_scope: dict[str, Any], _receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    wsgi = InThread(app)
    loops: list[Any] = []

    def call() -> None:
        b"".join(wsgi(_environ(), lambda *_: None))
        b"".join(wsgi(_environ(), lambda *_: None))
        loops.append(wsgi._local.own.loop)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    gc.collect()
    assert len({id(loop) for loop in loops}) == 2 and all(loop.is_closed() for loop in loops)
