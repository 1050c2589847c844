"""`dfdg-emulator record`: a recording proxy. Each SOAP call is forwarded to the upstream (the emulator, or any
endpoint with the same WSDLs; HTTPS with a client certificate and CA when asked) and written as a fixture case
in the format `replay` reads (README, "Time, state and fixtures"); WSDL GETs are forwarded with the upstream's
address rewritten to the proxy's, so a client pointed at the proxy stays on it.

A recorded case must replay on an emptied emulator, so every case lists as `setup` the successful writes
recorded before it since the last `Nulstil` (stored once under `_setup/`, with the response they got). Values
the upstream generated (ids, receipts, timestamps) are listed in `varierer`; ids a later request repeats are
carried over on replay by `IdMappingTarget`, which learns them from the set-up responses.

Scrubbing (`--scrub cpr,navn,ELEMENT`) replaces values before anything is written, consistently: a salt kept
in `DIR/.scrub-salt` (not a fixture) makes the same CPR become the same test CPR in every file and every run
into that folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import requests
from lxml import etree

from service.harness.report import fault_of

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Always volatile: DFDG's receipt and the emulator's registration time (README, "On the wire").
VOLATILE = {"EventDate", "MessageIdentifier", "Registreringstidspunkt"}
NAME_ELEMENTS = {"Navn", "UserFullName", "Fornavn", "Efternavn", "Mellemnavn"}
CPR_ELEMENT = "PersonCivilRegistrationIdentifier"
READS = re.compile(r"^(Get|Hent|Soeg)")
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"}


class Scrubber:
    """Consistent replacement of CPR numbers, names and other named elements' values."""

    def __init__(self, kinds: Iterable[str], salt: bytes) -> None:
        self.kinds = {k.strip() for k in kinds if k.strip()}
        self.salt = salt
        self.mapping: dict[str, str] = {}

    def _digest(self, value: str) -> bytes:
        return hashlib.sha256(self.salt + value.encode()).digest()

    def cpr(self, value: str) -> str:
        """Year and century digit kept (age stays within the year), day 01-28 and month 01-12 from the hash,
        the last three digits too: a valid DDMMYY that DFDG's pattern accepts."""
        if not re.fullmatch(r"\d{10}", value) or value == "0000000000":
            return value
        d = self._digest(value)
        return f"{d[0] % 28 + 1:02d}{d[1] % 12 + 1:02d}{value[4:7]}{int.from_bytes(d[2:4], 'big') % 1000:03d}"

    def name(self, value: str) -> str:
        return f"Testperson {int.from_bytes(self._digest(value)[:3], 'big') % 100000:05d}"

    def other(self, value: str) -> str:
        return "x" + self._digest(value).hex()[: min(max(len(value) - 1, 4), 16)]

    def _collect(self, root: etree._Element) -> None:
        for el in root.iter():
            if not isinstance(el.tag, str) or not (el.text or "").strip():
                continue
            name, text = etree.QName(el).localname, el.text.strip()
            if "cpr" in self.kinds and name == CPR_ELEMENT:
                self.mapping.setdefault(text, self.cpr(text))
            elif "navn" in self.kinds and name in NAME_ELEMENTS:
                self.mapping.setdefault(text, self.name(text))
            elif name in self.kinds:
                self.mapping.setdefault(text, self.other(text))

    def scrub(self, *documents: bytes) -> list[bytes]:
        """The documents with every value to scrub replaced wherever it occurs (also inside other text,
        such as a name that contains the CPR number), longest first."""
        if not self.kinds:
            return list(documents)
        for doc in documents:
            with contextlib.suppress(etree.XMLSyntaxError):
                self._collect(etree.fromstring(doc, PARSER))
        out = []
        for doc in documents:
            text = doc.decode("utf-8", errors="surrogateescape")
            for original in sorted(self.mapping, key=len, reverse=True):
                text = text.replace(original, self.mapping[original])
            out.append(text.encode("utf-8", errors="surrogateescape"))
        return out


def pretty(xml: bytes) -> bytes:
    try:
        return bytes(etree.tostring(etree.fromstring(xml, PARSER), pretty_print=True, xml_declaration=True, encoding="UTF-8"))
    except etree.XMLSyntaxError:
        return xml


def volatile(response: bytes) -> list[str]:
    """Elements whose values the upstream generates: the receipt, and anything holding a GUID or a timestamp."""
    names = set(VOLATILE)
    try:
        for el in etree.fromstring(response, PARSER).iter():
            text = (el.text or "").strip() if isinstance(el.tag, str) else ""
            if GUID.match(text) or DATETIME.match(text):
                names.add(etree.QName(el).localname)
    except etree.XMLSyntaxError:
        pass
    return sorted(names)


def event_date(response: bytes) -> date | None:
    """The date of the response's ServiceReceipt/EventDate (DFDG's receipt), if it has one."""
    try:
        found = etree.fromstring(response, PARSER).find(".//{*}EventDate")
    except etree.XMLSyntaxError:
        return None
    try:
        return date.fromisoformat((found.text or "").strip()[:10]) if found is not None else None
    except ValueError:
        return None


def body_element(request: bytes) -> etree._Element | None:
    try:
        body = etree.fromstring(request, PARSER).find(f"{{{SOAP_NS}}}Body")
    except etree.XMLSyntaxError:
        return None
    return body[0] if body is not None and len(body) else None


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Recorder:
    """Writes exchanges into `out` as fixture cases; one lock, so concurrent calls get distinct numbers."""

    def __init__(self, out: Path, upstream: str, scrub: Iterable[str] = (), today: Callable[[], date] = date.today) -> None:
        self.out, self.upstream = out, upstream.rstrip("/")
        self.out.mkdir(parents=True, exist_ok=True)
        salt_file = out / ".scrub-salt"
        if not salt_file.exists():
            salt_file.write_text(secrets.token_hex(16))
        self.scrubber = Scrubber(scrub, salt_file.read_text().strip().encode())
        self.lock = threading.Lock()
        self.number = max((int(p.name[:3]) for p in out.rglob("*.meta.toml") if p.name[:3].isdigit()), default=0)
        self.chain: list[str] = []
        self.dato: date | None = None
        self.today = today

    def write(self, path: str, request: bytes, status: int, response: bytes) -> Path | None:
        element = body_element(request)
        if element is None:
            return None
        operation = etree.QName(element).localname.removesuffix("Request")
        service = path.rstrip("/").split("/")[-1].removesuffix(".svc")
        request, response = self.scrubber.scrub(request, response)
        code = fault_of(response)[0] if status != 200 else None
        with self.lock:
            self.number += 1
            n = self.number
            if operation == "Nulstil" and status == 200:
                self.chain, self.dato = [], None
            if operation == "SetDato" and status == 200 and not self.chain:
                value = (element.findtext("{*}Dato") or "").strip()
                self.dato = date.fromisoformat(value) if value else None
            stem = f"{n:03d}-{operation}" + ("" if code is None else f"-afvist-{code}")
            folder: Path = self.out / service / operation
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{stem}.request.xml").write_bytes(pretty(request))
            (folder / f"{stem}.expected.xml").write_bytes(pretty(response))
            if self.dato is None:  # no SetDato seen: the upstream's business date, as its receipt states it
                self.dato = event_date(response)
            meta = {
                "beskrivelse": f"{operation} optaget mod {self.upstream}",
                "kilde": f"optaget fra {self.upstream}",
                "service": service,
                "operation": operation,
                "dato": self.dato or self.today(),
                "setup": list(self.chain),
                "udfald": "ok" if code is None else code,
                "varierer": volatile(response),
                "optaget": True,
            }
            (folder / f"{stem}.meta.toml").write_text("".join(f"{k} = {toml_value(v)}\n" for k, v in meta.items()), encoding="utf-8")
            if status == 200 and operation != "Nulstil" and not READS.match(operation):
                setup = self.out / "_setup"
                setup.mkdir(exist_ok=True)
                (setup / f"{stem}.request.xml").write_bytes(pretty(request))
                (setup / f"{stem}.expected.xml").write_bytes(pretty(response))
                self.chain.append(f"_setup/{stem}.request.xml")
        return folder / f"{stem}.meta.toml"


class RecordingProxy:
    """The WSGI app: GET and POST forwarded to the upstream; POSTs recorded."""

    def __init__(self, recorder: Recorder, session: requests.Session | None = None, timeout: float = 60) -> None:
        self.recorder = recorder
        self.session = session or requests.Session()
        self.timeout = timeout

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "/")
        query = environ.get("QUERY_STRING", "")
        url = self.recorder.upstream + path + (f"?{query}" if query else "")
        headers = {k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        headers = {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP}
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        try:
            upstream = self.session.request(method, url, data=body or None, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            start_response("502 Bad Gateway", [("Content-Type", "text/plain; charset=utf-8")])
            return [f"upstream {self.recorder.upstream} not reached: {error}".encode()]
        content = upstream.content
        if method == "GET":  # WSDL and XSD: the upstream's own address becomes the proxy's
            own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST') or environ['SERVER_NAME']}"
            content = content.replace(self.recorder.upstream.encode(), own.encode())
        elif method == "POST":
            self.recorder.write(path, body, upstream.status_code, content)
        reason = upstream.reason or ""
        out_headers = [(k, v) for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP]
        out_headers.append(("Content-Length", str(len(content))))
        start_response(f"{upstream.status_code} {reason}", out_headers)
        return [content]


def session_for(cert: str | None = None, key: str | None = None, ca: str | None = None) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # else REQUESTS_CA_BUNDLE and proxies in the environment win
    if ca:
        session.verify = ca
    if cert:
        session.cert = (cert, key) if key else cert
    return session


class IdMappingTarget:
    """A replay Target that carries ids over: when a set-up request recorded with its response is sent, the
    values the upstream generated then (GUIDs) are paired with those the target generates now, and later
    requests get the new ones. Without this, a recorded DeleteFravaer would name an absence that the replay
    never created."""

    def __init__(self, target: Any, root: Path, setup: list[str]) -> None:
        self.target = target
        self.recorded: dict[bytes, bytes] = {}
        for relative in setup:
            response = root / relative.replace(".request.xml", ".expected.xml")
            if response.exists() and (root / relative).exists():  # a missing request is reported by the run
                self.recorded[(root / relative).read_bytes()] = response.read_bytes()
        self.mapping: dict[str, str] = {}

    def prepare(self, dato: date) -> None:
        self.mapping = {}
        self.target.prepare(dato)

    def post(self, request: bytes) -> tuple[int, bytes]:
        original = request
        text = request.decode("utf-8")
        for old, new in self.mapping.items():
            text = text.replace(old, new)
        status, response = self.target.post(text.encode("utf-8"))
        if original in self.recorded:
            self._learn(self.recorded[original], response)
        return status, response

    def _learn(self, recorded: bytes, actual: bytes) -> None:
        def values(xml: bytes) -> list[tuple[str, str]]:
            try:
                return [
                    (etree.QName(el).localname, (el.text or "").strip())
                    for el in etree.fromstring(xml, PARSER).iter()
                    if isinstance(el.tag, str)
                ]
            except etree.XMLSyntaxError:
                return []

        for (name_a, a), (name_b, b) in zip(
            values(recorded), values(actual), strict=False
        ):  # a differently shaped answer pairs as far as it goes
            if name_a == name_b and a != b and GUID.match(a) and GUID.match(b):
                self.mapping[a] = b
