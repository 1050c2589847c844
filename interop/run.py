"""Run real generated SOAP clients of several stacks against a running emulator (scripts/interop; interop/README.md).

Starts `dfdg-emulator serve` on a free loopback port with a SQLite file under the build folder, then for each stack
generates its proxies from the served WSDLs where the stack generates code (JAX-WS wsimport, Mono wsdl), compiles,
and runs the stack's committed client (interop/<stack>/), which makes the scenario's calls and prints one line per
call: `CALL <service> <check> ok <detail>`, `... fault <ErrorCode> <how it was read>` or `... error <text>`.
The expected outcome of every call is in EXPECTED below, once for all stacks. Prints a summary per stack and
service and the time each stack took; exits 1 when any call or step failed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "interop"
STEP_TIMEOUT = 900  # seconds any one step may take (wsimport of eight WSDLs is the slowest, ~15 s)

# The scenario's calls per service and what each must give: "receipt" a ServiceReceipt's MessageIdentifier,
# "ok" any answer, a number the refusal's ErrorCode. TestSupportService and KodelisteService take no caller headers.
EXPECTED: dict[str, dict[str, str | int]] = {
    "TestSupportService": {"success": "receipt", "refused": 7016},  # OpretTestborger of the same CPR again
    "KodelisteService": {"success": "ok", "refused": 2001},  # GetKodeliste of a list nobody has
    "KontaktgruppeService": {"success": "ok", "refused": 4703, "no-headers": 8232},  # a contact group not starting today
    "FravaerService": {"success": "receipt", "refused": 2002, "no-headers": 8232},  # an absence type that does not exist
    "SygemeldingService": {"success": "receipt", "refused": 4685, "no-headers": 8232},  # a sick notice 61 days back
    "SamtaleService": {"success": "receipt", "refused": 7023, "no-headers": 8232},  # a conversation in the future
    "IndkaldelseService": {"success": "receipt", "refused": 4783, "no-headers": 8232},  # an invitation in the past
    "KontaktforloebService": {"success": "ok", "refused": 4575, "no-headers": 8232},  # another municipality's status
}
CHECKS = ("success", "refused", "no-headers")
# How each stack reads a refusal: "typed" from a generated fault type, "detail" from the fault's detail XML.
FAULT_READING = {"zeep": "typed", "suds": "detail", "node": "detail", "jaxws": "typed", "mono": "detail"}
# One test citizen per stack, so the stacks do not meet in the emulator's state.
CPR = {"zeep": "0101801001", "suds": "0201801002", "node": "0301801003", "jaxws": "0401801004", "mono": "0501801005"}
GUID = re.compile(r"receipt=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass
class Outcome:
    stack: str
    steps: dict[str, float] = field(default_factory=dict)  # step name -> seconds
    calls: dict[tuple[str, str], str] = field(default_factory=dict)  # (service, check) -> what the client printed
    failed: set[tuple[str, str]] = field(default_factory=set)  # (service, check) not as expected
    problems: list[str] = field(default_factory=list)

    def fail(self, service: str, check: str, text: str) -> None:
        self.failed.add((service, check))
        self.problems.append(f"{service} {check}: {text}")


class StepFailed(Exception):
    pass


def run(outcome: Outcome, step: str, command: list[str], cwd: Path = ROOT, log: Path | None = None) -> str:
    """Runs one step of a stack, timed; its output goes to the build folder's log; a failure stops the stack."""
    start = time.monotonic()
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=STEP_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise StepFailed(f"{step}: {error}") from error
    finally:
        outcome.steps[step] = outcome.steps.get(step, 0.0) + time.monotonic() - start
    if log is not None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise StepFailed(f"{step} exited {result.returncode}: {' '.join(command)}\n{tail}")
    return result.stdout


def need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        raise StepFailed(f"not installed: {', '.join(missing)} (see interop/README.md)")


def stack_zeep(o: Outcome, base: str, build: Path, log: Path) -> str:
    return run(o, "run", [sys.executable, str(HERE / "zeep" / "client.py"), base, CPR["zeep"]], log=log)


def stack_suds(o: Outcome, base: str, build: Path, log: Path) -> str:
    return run(o, "run", [sys.executable, str(HERE / "suds" / "client.py"), base, CPR["suds"]], log=log)


def stack_node(o: Outcome, base: str, build: Path, log: Path) -> str:
    need("node", "npm")
    run(o, "install", ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE / "node", log=log)
    return run(o, "run", ["node", str(HERE / "node" / "client.js"), base, CPR["node"]], log=log)


def stack_jaxws(o: Outcome, base: str, build: Path, log: Path) -> str:
    need("wsimport", "javac", "java")
    # Debian's jaxws puts the RI's jars in /usr/share/jaxws/lib (jaxws-rt.jar names the rest in its manifest);
    # the RI's own zip has the same lib/ folder: point JAXWS_HOME at it.
    classpath = str(Path(os.environ.get("JAXWS_HOME", "/usr/share/jaxws")) / "lib" / "*")
    src, classes = build / "jaxws" / "src", build / "jaxws" / "classes"
    for folder in (src, classes):
        folder.mkdir(parents=True)
    for service in EXPECTED:
        package = "dk.dfdg." + service.removesuffix("Service").lower()
        output = run(
            o,
            "generate",
            ["wsimport", "-XadditionalHeaders", "-Xnocompile", "-s", str(src), "-d", str(classes), "-p", package, f"{base}/{service}?wsdl"],
            log=log,
        )
        if "[WARNING]" in output or "[ERROR]" in output:
            raise StepFailed(f"wsimport warned about {service}'s WSDL:\n{output.strip()}")
    sources = sorted(str(p) for p in src.rglob("*.java")) + [str(HERE / "jaxws" / "InteropClient.java")]
    run(
        o,
        "compile",
        ["javac", "-nowarn", "-encoding", "UTF-8", "-cp", f"{classes}{os.pathsep}{classpath}", "-d", str(classes), *sources],
        log=log,
    )
    return run(o, "run", ["java", "-cp", f"{classes}{os.pathsep}{classpath}", "InteropClient", base, CPR["jaxws"]], log=log)


def stack_mono(o: Outcome, base: str, build: Path, log: Path) -> str:
    need("wsdl", "mcs", "mono")
    out = build / "mono"
    out.mkdir(parents=True)
    for service in EXPECTED:
        namespace = "Dfdg." + service.removesuffix("Service")
        output = run(
            o, "generate", ["wsdl", "-nologo", f"-namespace:{namespace}", f"-out:{out / service}.cs", f"{base}/{service}?wsdl"], log=log
        )
        if re.search(r"warning|error", output, re.IGNORECASE):
            raise StepFailed(f"wsdl warned about {service}'s WSDL:\n{output.strip()}")
    exe = out / "InteropClient.exe"
    run(
        o,
        "compile",
        [
            "mcs",
            "-nologo",
            f"-out:{exe}",
            "-r:System.Web.Services.dll",
            "-r:System.Xml.dll",
            *sorted(str(p) for p in out.glob("*.cs")),
            str(HERE / "mono" / "InteropClient.cs"),
        ],
        log=log,
    )
    return run(o, "run", ["mono", str(exe), base, CPR["mono"]], log=log)


STACKS = {"zeep": stack_zeep, "suds": stack_suds, "node": stack_node, "jaxws": stack_jaxws, "mono": stack_mono}


def judge(o: Outcome, output: str) -> None:
    """Reads the client's CALL lines and compares each with EXPECTED."""
    for line in output.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[0] == "CALL":
            o.calls[(parts[1], parts[2])] = parts[3]
    for service, checks in EXPECTED.items():
        for check, want in checks.items():
            got = o.calls.get((service, check))
            if got is None:
                o.fail(service, check, "no answer printed")
            elif want in ("ok", "receipt"):
                if not got.startswith("ok ") or (want == "receipt" and not GUID.search(got)):
                    o.fail(service, check, f"expected success{' with a receipt' if want == 'receipt' else ''}, got {got}")
            elif got != f"fault {want} {FAULT_READING[o.stack]}":
                o.fail(service, check, f"expected fault {want} read as {FAULT_READING[o.stack]}, got {got}")
    for service, check in sorted(set(o.calls) - {(s, c) for s, checks in EXPECTED.items() for c in checks}):
        o.fail(service, check, "not in the scenario")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(build: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (build / "server.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{build / 'interop.db'}",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(base + "/", timeout=1).status_code == 200:
                return process, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop_server(process)
    raise SystemExit(f"the emulator did not start; see {build / 'server.log'}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def summary(outcomes: list[Outcome]) -> str:
    stacks = [o.stack for o in outcomes]
    width = max(len(s) for s in EXPECTED) + 2
    lines = [
        "",
        "== per service (success / refused / no-headers; '-': the service takes no caller headers)",
        "service".ljust(width) + "".join(s.ljust(22) for s in stacks),
    ]
    for service, checks in EXPECTED.items():
        row = service.ljust(width)
        for o in outcomes:
            cells = []
            for check in CHECKS:
                got = o.calls.get((service, check))
                if check not in checks:
                    cells.append("-")
                elif got is None or (service, check) in o.failed:
                    cells.append("FAIL")
                else:
                    cells.append(got.split()[1] if got.startswith("fault") else "ok")
            row += " / ".join(cells).ljust(22)
        lines.append(row)
    lines += ["", "== per stack (seconds)", "stack   install  generate  compile   run    total  result"]
    for o in outcomes:
        t = o.steps
        install, generate, compile_, run_ = (
            f"{t[step]:7.1f}" if step in t else "      -" for step in ("install", "generate", "compile", "run")
        )
        calls = [(s, c) for s, checks in EXPECTED.items() for c in checks]
        passed = sum(1 for call in calls if call in o.calls and call not in o.failed)
        lines.append(
            f"{o.stack:6} {install}  {generate}  {compile_} {run_}  {sum(t.values()):6.1f}  "
            f"{'FAIL' if o.problems else 'PASS'} ({passed}/{len(calls)} calls as expected)"
        )
    failures = [f"{o.stack}: {p}" for o in outcomes for p in o.problems]
    if failures:
        lines += ["", "== failures", *failures]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stacks", nargs="*", help=f"stacks to run (default: all of {', '.join(STACKS)})")
    parser.add_argument(
        "--build",
        type=Path,
        default=HERE / "build",
        help="folder for the database, generated code and logs; emptied first (default interop/build)",
    )
    args = parser.parse_args(argv)
    stacks = args.stacks or list(STACKS)
    if set(stacks) - set(STACKS):
        parser.error(f"unknown stack {sorted(set(stacks) - set(STACKS))}; the stacks are {', '.join(STACKS)}")
    published = sorted(p.stem for p in (ROOT / "wsdl").glob("*.wsdl"))
    if published != sorted(EXPECTED):
        print(f"interop/run.py's scenario covers {sorted(EXPECTED)}, the emulator publishes {published}", file=sys.stderr)
        return 1
    build = args.build.resolve()
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    server, base = start_server(build)
    print(f"== emulator at {base} (SQLite {build / 'interop.db'})", flush=True)
    outcomes = []
    try:
        for stack in stacks:
            o = Outcome(stack)
            log = build / f"{stack}.log"
            print(f"== {stack}", flush=True)
            try:
                output = STACKS[stack](o, base, build, log)
                print(output, end="", flush=True)
                judge(o, output)
            except StepFailed as error:
                o.problems.append(f"step {error}")
                print(f"FAILED: {error}", flush=True)
            outcomes.append(o)
    finally:
        stop_server(server)
    print(summary(outcomes))
    return 1 if any(o.problems for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
