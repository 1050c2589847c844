"""What was called: a bounded journal of the latest calls per sandbox, and one access-log line per request.

The journal is held in memory, per server process: a ring buffer (`deque(maxlen=...)`) per sandbox, each
entry's request and response XML cut at `XML_MAX` bytes, and entries only for sandboxes that are registered
(at most --max-sandboxes). Memory is therefore bounded by max-sandboxes x journal-size x 2 x XML_MAX, whatever
the traffic. With several server processes (serve --workers, or one process per port), each shows the calls
it served itself (README, "See what was called").
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import IO, Any

from lxml import etree

from service.domain.clock import COPENHAGEN
from service.domain.sandkasse import OPERATION_KEY
from service.soap import headers as soap_headers

_log = logging.getLogger(__name__)
XML_MAX = 16_000
_FAULT_NS = "http://service.bm.dk/xml/schemas/2011/01/12/"
_VIOLATIONS_NS = "urn:dfdg-emulator:Violations:1"
_OPERATION = re.compile(rb"<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)")


@dataclass
class Kald:
    """One call as the journal keeps it."""

    tid: str
    sandkasse: str
    metode: str
    sti: str
    service: str | None
    operation: str | None
    status: int
    udfald: str
    ms: float
    organisation: str | None = None
    bruger: str | None = None
    fejlkoder: list[int] = field(default_factory=list)
    regler: list[dict[str, str | None]] = field(default_factory=list)
    request: str = ""
    response: str = ""
    # The call's number in its sandbox's journal (1, 2, ...): the order calls were served in, where two in the
    # same millisecond would leave the time undecided (`verify` orders by it).
    nr: int = 0


class Journal:
    """The latest `size` calls of each of the `sandkasser` most recently called sandboxes; thread-safe."""

    def __init__(self, size: int, sandkasser: int) -> None:
        self.size, self.sandkasser = size, sandkasser
        self._lock = threading.Lock()
        self._kald: OrderedDict[str, deque[Kald]] = OrderedDict()
        self._naeste: dict[str, int] = {}

    def add(self, kald: Kald) -> None:
        with self._lock:
            ring = self._kald.get(kald.sandkasse)
            if ring is None:
                ring = self._kald[kald.sandkasse] = deque(maxlen=self.size)
            self._kald.move_to_end(kald.sandkasse)
            kald.nr = self._naeste[kald.sandkasse] = self._naeste.get(kald.sandkasse, 0) + 1
            ring.append(kald)
            # Calls refused before their sandbox was created still name it: the number of rings is bounded too.
            while len(self._kald) > self.sandkasser:
                del self._naeste[self._kald.popitem(last=False)[0]]

    def latest(self, sandkasse: str) -> list[Kald]:
        """Newest first."""
        with self._lock:
            return list(reversed(self._kald.get(sandkasse, ())))

    def drop(self, keep: Callable[[str], bool]) -> None:
        """Forget the journals of sandboxes no longer registered."""
        with self._lock:
            for navn in [n for n in self._kald if not keep(n)]:
                del self._kald[navn]
                self._naeste.pop(navn, None)


class AccessLog:
    """One line per request on a stream: text for people, or JSON (--log-format json) for machines."""

    def __init__(self, stream: IO[str] | None = None, fmt: str = "text") -> None:
        self.stream = stream or sys.stdout
        self.fmt = fmt
        self._lock = threading.Lock()

    def write(self, k: Kald) -> None:
        if self.fmt == "json":
            line = json.dumps(
                {
                    "tid": k.tid,
                    "metode": k.metode,
                    "sti": k.sti,
                    "sandkasse": k.sandkasse,
                    "service": k.service,
                    "operation": k.operation,
                    "organisation": k.organisation,
                    "status": k.status,
                    "udfald": k.udfald,
                    "fejlkoder": k.fejlkoder,
                    "ms": k.ms,
                },
                ensure_ascii=False,
            )
        else:
            outcome = k.udfald if not k.fejlkoder else f"{k.udfald} {','.join(map(str, k.fejlkoder))}"
            line = (
                f"{k.tid} {k.metode} {k.sti} sandkasse={k.sandkasse} operation={k.operation or '-'} "
                f"organisation={k.organisation or '-'} {k.status} {outcome} {k.ms:.1f} ms"
            )
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()


class _Capture:
    """wsgi.input that keeps the first XML_MAX bytes read from it."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.kept, self.total = stream, bytearray(), 0

    def read(self, *args: Any) -> bytes:
        data = self.stream.read(*args)
        self.total += len(data)
        if len(self.kept) < XML_MAX:
            self.kept += data[: XML_MAX - len(self.kept)]
        return data


def _text(data: bytes, total: int | None = None) -> str:
    text = data[:XML_MAX].decode("utf-8", "replace")
    cut = (total if total is not None else len(data)) > XML_MAX
    return text + (f"\n<!-- ... afkortet af emulatorens journal ({total or len(data)} bytes i alt) -->" if cut else "")


def _fault(body: bytes) -> tuple[list[int], list[dict[str, str | None]]]:
    """The error codes and the violated rules (with their sources) of a fault answer."""
    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError:
        return [], []
    koder = [int(e.text) for e in root.iter(f"{{{_FAULT_NS}}}ErrorCode") if (e.text or "").strip().isdigit()]
    regler = [{etree.QName(c).localname: c.text for c in v} for v in root.iter(f"{{{_VIOLATIONS_NS}}}Violation")]
    return koder, [
        {
            "regel": r.get("RuleIdentifier"),
            "fejlkode": r.get("ErrorCode"),
            "felt": r.get("Field"),
            "kilde": r.get("Source"),
            "besked": r.get("Message"),
        }
        for r in regler
    ]


def _problem(body: bytes) -> tuple[list[int], list[dict[str, str | None]]]:
    """The error code of a REST problem (RFC 9457, service/rest/problems.py), and its violated rules."""
    try:
        problem = json.loads(body)
    except ValueError:
        return [], []
    if not isinstance(problem, dict) or not isinstance(problem.get("errorCode"), int):
        return [], []
    regler = [
        {
            "regel": v.get("ruleIdentifier"),
            "fejlkode": str(v.get("errorCode")),
            "felt": v.get("field"),
            "kilde": v.get("source"),
            "besked": v.get("message"),
        }
        for v in problem.get("violations") or []
        if isinstance(v, dict)
    ]
    return [problem["errorCode"]], regler


def observe(
    app: Callable[..., Iterable[bytes]],
    environ: dict[str, Any],
    start_response: Callable[..., Any],
    sti: str,
    sandkasse: str,
    service: str | None,
    journal: Journal | None,
    log: AccessLog | None,
) -> Iterable[bytes]:
    """Call `app`, then journal the call (SOAP posts only) and write its access-log line."""
    if journal is None and log is None:
        return app(environ, start_response)
    started = time.perf_counter()
    soap = environ.get("REQUEST_METHOD") == "POST" and service is not None
    capture = _Capture(environ["wsgi.input"]) if soap and "wsgi.input" in environ else None
    if capture is not None:
        environ["wsgi.input"] = capture
    status: list[str] = []

    def recording(s: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        status[:] = [s]
        return start_response(s, headers, exc_info) if exc_info else start_response(s, headers)

    try:
        body = b"".join(app(environ, recording))
    except Exception:
        if not soap or status:
            raise
        # Whatever escapes the gate is answered as every internal error is (1011), logged once, and journalled.
        from service.rules.catalogue import regel
        from service.soap.faults import fault_envelope

        _log.exception("request escaped the gate: %s %s", environ.get("REQUEST_METHOD"), sti)
        body = fault_envelope([regel("INTERN_FEJL").violation()])
        recording("500 Internal Server Error", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
    code = int(status[0].split()[0]) if status else 500
    request = bytes(capture.kept) if capture else b""
    match = _OPERATION.search(request) if request else None
    operation = match.group(1).decode().removesuffix("Request") if match else environ.get(OPERATION_KEY)
    headers = environ.get(soap_headers.ENVIRON_KEY)
    organisation = f"{headers.organisation[0]}:{headers.organisation[1]}" if headers and headers.organisation else None
    bruger = headers.user.identifier if headers and headers.user else None
    if headers is None:  # the REST face: the caller's x-* headers as sent
        org = (environ.get("HTTP_X_ORGANISATIONTYPEIDENTIFIER"), environ.get("HTTP_X_ORGANISATIONCODE"))
        organisation = f"{org[0]}:{org[1]}" if all(org) else None
        bruger = environ.get("HTTP_X_USERIDENTIFIER")
    fejlkoder, regler = _fault(body) if soap and code == 500 else _problem(body) if code >= 400 else ([], [])
    kald = Kald(
        tid=datetime.now(COPENHAGEN).isoformat(timespec="milliseconds"),
        sandkasse=sandkasse,
        metode=environ.get("REQUEST_METHOD", ""),
        sti=sti,
        service=service,
        operation=operation,
        status=code,
        udfald="ok" if code < 400 else "fejl",
        ms=round((time.perf_counter() - started) * 1000, 1),
        organisation=organisation,
        bruger=bruger,
        fejlkoder=fejlkoder,
        regler=regler,
        request=_text(request, capture.total if capture else 0) if soap else "",
        response=_text(body) if soap else "",
    )
    if journal is not None and soap:
        journal.add(kald)
    if log is not None:
        log.write(kald)
    return [body]


def as_json(kald: list[Kald]) -> list[dict[str, Any]]:
    return [asdict(k) for k in kald]
