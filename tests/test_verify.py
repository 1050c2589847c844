"""verify: a journal of a client's calls checked against a scenario. The journals are made the way the
sandbox journal will hold them, from a real in-process run of a conformance scenario; then broken as a
faulty client would break them (a skipped call, a wrong header, a changed value, calls out of order)."""

from __future__ import annotations

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from junitparser import JUnitXml

from service.cli import main
from service.harness import journal, scenario
from service.harness.kit import make_target
from service.harness.verify import verify
from tests.conftest import DATABASE_URL

SCENARIO = Path(__file__).resolve().parent.parent / "conformance" / "sygemelding.toml"


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    """The journal (format of service/harness/journal.py) of a client that did everything the scenario asks."""
    case = scenario.run(SCENARIO, make_target(database_url=DATABASE_URL))
    assert case.passed, case.all_problems()
    out = []
    for i, step in enumerate(case.steps):
        out.append(
            {
                "nr": i + 1,
                "tidspunkt": f"2026-03-01T09:00:{i:02d}+01:00",
                "sandkasse": "leverandoer",
                "service": step.service,
                "operation": step.operation,
                "udfald": "ok" if step.error_code is None else step.error_code,
                "regler": [{"id": v["RuleIdentifier"], "kilde": v.get("Source", "")} for v in step.violations],
                "request": step.request.decode(),
                "response": step.response.decode(),
                "varighed_ms": 3,
            }
        )
    return out


def problems(entries: list[dict]) -> list[str]:
    return verify(SCENARIO, journal.parse({"kald": entries})).all_problems()


def index(entries: list[dict], operation: str, nth: int = 0) -> int:
    return [i for i, e in enumerate(entries) if e["operation"] == operation][nth]


def test_a_client_that_made_every_call_passes(entries):
    assert problems(entries) == []
    # only request and response are needed: the rest is read from the XML
    assert problems([{"request": e["request"], "response": e["response"]} for e in entries]) == []


def test_a_skipped_call_is_reported_missing(entries):
    broken = [e for e in entries if e["operation"] != "GetSygemelding"]
    found = problems(broken)
    assert found == ["læs sygemeldingen: missing: the client never called SygemeldingService.GetSygemelding"]


def test_a_wrong_header_is_reported_with_what_the_client_sent(entries):
    broken = copy.deepcopy(entries)
    i = index(broken, "Raskmeld", 2)  # the successful one
    broken[i]["request"] = broken[i]["request"].replace(">10100<", ">20200<")
    found = "\n".join(problems(broken))
    assert "raskmeld: no call of SygemeldingService.Raskmeld as required" in found
    assert "header organisationskode: expected '10100', the client sent '20200'" in found


def test_a_changed_value_and_a_wrong_outcome_are_reported(entries):
    broken = copy.deepcopy(entries)
    i = index(broken, "Raskmeld", 2)
    broken[i]["request"] = broken[i]["request"].replace("2026-02-20", "2026-02-19")
    j = index(broken, "CreateYderligereInformationOmSygemelding", 2)  # the refused empty one
    broken[j]["udfald"], broken[j]["regler"] = "ok", []
    found = "\n".join(problems(broken))
    assert "value Slutdato: expected '2026-02-20', the client sent '2026-02-19'" in found
    assert "outcome: expected fault 7009, got success" in found


def test_calls_out_of_order_are_reported(entries):
    broken = copy.deepcopy(entries)
    get = broken.pop(index(broken, "GetSygemelding"))
    broken.insert(index(broken, "CreateSygemelding", 5), get)  # read before the sick notice was reported
    for n, e in enumerate(broken):
        e["nr"] = n + 1
    assert problems(broken) == [
        "læs sygemeldingen: out of order: SygemeldingService.GetSygemelding was called only before the previous step's call"
    ]


@pytest.mark.server
def test_verify_command_reads_the_journal_of_a_sandbox_over_http(entries, tmp_path, capsys):
    asked = []

    class Journal(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = json.dumps({"kald": [e for e in entries if e["operation"] != "GetSygemelding"]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Journal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        code = main(
            [
                "verify",
                str(SCENARIO),
                "--sandbox",
                "leverandoer",
                "--url",
                f"http://127.0.0.1:{server.server_port}",
                "--junit",
                str(tmp_path / "verify.xml"),
                "--html",
                str(tmp_path / "verify.html"),
            ]
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert asked == ["/__admin/kald?sandkasse=leverandoer"]
    assert code == 1
    out = capsys.readouterr().out
    assert "FAIL verify: Sygemelding" in out and "missing: the client never called SygemeldingService.GetSygemelding" in out
    suite = next(iter(JUnitXml.fromfile(str(tmp_path / "verify.xml"))))
    assert suite.name == "verify" and suite.failures == 1
    assert "never called SygemeldingService.GetSygemelding" in (tmp_path / "verify.html").read_text(encoding="utf-8")


def test_verify_command_reads_a_journal_file(entries, tmp_path):
    path = tmp_path / "kald.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    assert main(["verify", str(SCENARIO), "--journal", str(path)]) == 0
    assert main(["verify", str(SCENARIO)]) == 2


def test_steps_marked_for_verify_are_skipped_or_matched_in_any_order(entries, tmp_path):
    text = SCENARIO.read_text(encoding="utf-8")
    relaxed = text.replace('navn = "læs sygemeldingen"\n', 'navn = "læs sygemeldingen"\nverify = { raekkefoelge = false }\n')
    relaxed = relaxed.replace(
        'navn = "slet yderligere information"\n', 'navn = "slet yderligere information"\nverify = { springes_over = true }\n'
    )
    path = tmp_path / "relaxed.toml"
    path.write_text(relaxed, encoding="utf-8")
    broken = copy.deepcopy(entries)
    get = broken.pop(index(broken, "GetSygemelding"))
    broken.insert(index(broken, "UpdateYderligereInformationOmSygemelding") + 1, get)  # later than the scenario has it
    del broken[index(broken, "DeleteYderligereInformationOmSygemelding")]  # the client did not delete: allowed here
    for n, e in enumerate(broken):
        e["nr"] = n + 1
    assert verify(path, journal.parse(broken)).all_problems() == []
    # without the marks, the one Delete left (the refused one at the end) is not the required one
    assert "no call of SygemeldingService.DeleteYderligereInformationOmSygemelding as required" in "\n".join(problems(broken))


@pytest.mark.server
def test_verify_reads_a_running_emulators_own_sandbox_journal(tmp_path, capsys):
    """The vendor's workflow end to end: a client drives a sandbox of a real server (here: the scenario replayed
    by URL), then verify reads that sandbox's journal. A client that skipped a call, in a sandbox of its own,
    is reported missing it; the first sandbox's calls do not count for it."""
    from tests.servers import running_server

    text = SCENARIO.read_text(encoding="utf-8")
    start = text.index('[[trin]]\nnavn = "læs sygemeldingen"')
    skipped = tmp_path / "uden-laesning.toml"
    skipped.write_text(text[:start] + text[text.index("[[trin]]", start + 1) :], encoding="utf-8")
    with running_server(f"sqlite:///{tmp_path / 'verify.db'}") as base:
        assert main(["replay", str(SCENARIO), "--url", base, "--sandbox", "fuldstaendig"]) == 0
        assert main(["replay", str(skipped), "--url", base, "--sandbox", "glemsom"]) == 0
        capsys.readouterr()
        assert main(["verify", str(SCENARIO), "--url", base, "--sandbox", "fuldstaendig"]) == 0
        assert main(["verify", str(SCENARIO), "--url", base, "--sandbox", "glemsom"]) == 1
    out = capsys.readouterr().out
    assert "PASS verify" in out and "missing: the client never called SygemeldingService.GetSygemelding" in out


def test_rest_steps_are_matched_by_operation_caller_and_outcome():
    """A REST step (conformance/rest.toml) in a journal: its JSON body is not compared, its outcome and caller are."""
    path = SCENARIO.parent / "rest.toml"
    case = scenario.run(path, make_target(database_url=DATABASE_URL))
    assert case.passed, case.all_problems()
    names = {v: k for k, v in scenario.REST_HEADERS.items()} | {"x-requestId": "requestid"}
    entries = []
    for i, step in enumerate(case.steps):
        entry = {
            "nr": i + 1,
            "service": step.service,
            "operation": step.operation,
            "udfald": "ok" if step.error_code is None else step.error_code,
            "regler": [v["RuleIdentifier"] for v in step.violations],
            "request": step.request.decode(),
            "response": step.response.decode(),
        }
        if step.request.startswith(b"{"):  # a REST call: the caller as the journal states it
            headers = json.loads(step.request)["headere"]
            entry["kalder"] = {names[h]: v for h, v in headers.items() if h in names}
        entries.append(entry)
    assert verify(path, journal.parse(entries)).all_problems() == []
    reused = next(e for e in entries if e.get("kalder", {}).get("requestid") == "rest-samtale-1" and e["udfald"] == 7001)
    reused["udfald"], reused["regler"] = "ok", []
    found = verify(path, journal.parse(entries)).all_problems()
    assert any("outcome: expected fault 7001, got success" in p for p in found), found
