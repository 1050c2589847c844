"""Benchmark: GetKontaktforloeb against a citizen's history size, and GetOpfoelgningsstatus for a large unit.

Run: .venv/bin/python benchmarks/kontaktforloeb.py [--citizens 100000] [--database-url URL]

The data is written straight into the store's tables (SQLite file in a temporary folder unless
--database-url names an empty PostgreSQL database; that database is emptied first), then each operation
is called through the emulator's WSGI app in-process with a request built by zeep from the published
WSDL, so the figure is the server side of one call: gate, SOAP, rules, store. Wall-clock and CPU time are
both printed: on a shared machine the CPU time is the steadier figure. Figures, not pass/fail.

- GetKontaktforloeb for one citizen with 250, 500, 1,000 and 2,000 absences (and as many conversations
  as a tenth of that): median of 30 calls; the time per absence shows whether it stays linear.
- GetOpfoelgningsstatus for one municipality of N citizens (default 100,000) with contact groups
  started over the last two years, 0-8 conversations each and an absence for every tenth: best of 3.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import zeep  # noqa: E402
from lxml import etree  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from werkzeug.test import Client  # noqa: E402

from service.app import create_app  # noqa: E402
from service.config import Settings  # noqa: E402
from service.domain.clock import FixedClock  # noqa: E402
from service.harness.transport import WsgiTransport  # noqa: E402
from service.store.tables import BorgerRow, FravaerRow, KontaktgruppeRow, PersonkategoriRow, SamtaleRow  # noqa: E402

DATO = date(2026, 3, 1)
REGISTRERET = datetime(2026, 3, 1, 12)
# DFDG's caller headers (README, "On the wire"): a system user of STAR (type 1), who may read every citizen.
HEADERS = {
    "ActiveOrganisationHeader": {"OrganisationTypeIdentifier": 1, "OrganisationCode": "1"},
    "RequestUserMetadataHeader": {
        "RequestUserStructure": {
            "UserFullName": "Bench",
            "RequestUserTypeIdentifier": {"CodeListItemIdentifier": 3},
            "UserIdentifier": "bench",
        },
        "RequestOrganisationStructure": {"OrganisationTypeIdentifier": {"CodeListItemIdentifier": 1}, "OrganisationCode": "1"},
        "RegistrationDateTime": REGISTRERET,
    },
}
# (contact group, subgroups) of the measured benefits, and two groups with no course.
GRUPPER = [
    (1, [None]),
    (2, [4, 5]),
    (27, [4, 5]),
    (12, [1, 2]),
    (13, [None]),
    (11, [None]),
    (24, [21]),
    (25, [22]),
    (4, [11]),
    (7, [13]),
    (8, [None]),
    (17, [None]),
]


def _rows(n_borgere: int, first: int, rng: random.Random, kommune: str = "101"):  # type: ignore[no-untyped-def]
    borgere, grupper, kategorier, samtaler, fravaer = [], [], [], [], []
    for i in range(first, first + n_borgere):
        cpr = f"0101{i:06d}"
        borgere.append({"cpr": cpr, "navn": "Bench", "kommunekode": kommune, "jobcenterkode": "10100", "akassekode": None})
        kg, subs = rng.choice(GRUPPER)
        start = DATO - timedelta(days=rng.randint(0, 730))
        grupper.append({"identifier": f"kg-{cpr}", "cpr": cpr, "kontaktgruppe_type": kg, "startdato": start, "slutdato": None, "seq": 0})
        sub = rng.choice(subs)
        if sub is not None:
            kategorier.append({"kontaktgruppe_identifier": f"kg-{cpr}", "personkategori": sub, "startdato": start, "slutdato": None})
        for j in range(rng.randint(0, 8)):
            afholdt = datetime.combine(start + timedelta(days=rng.randint(0, (DATO - start).days)), datetime.min.time()) + timedelta(
                hours=10, minutes=j
            )
            samtaler.append(
                {
                    "identifier": f"s-{cpr}-{j}",
                    "cpr": cpr,
                    "samtale_type": rng.choice([7, 12, 17, 4]),
                    "afholdt": afholdt,
                    "samtaleform": 1,
                    "deltagere": [],
                    "indkaldelse_identifier": None,
                    "aftale": None,
                    "akasse_deltagelse": None,
                    "nulstillende": False,
                    "slettet": False,
                    "registreret": afholdt,
                }
            )
        if i % 10 == 0:
            fs = start + timedelta(days=rng.randint(0, 200))
            fravaer.append(_fravaer(f"f-{cpr}", cpr, 7, fs, fs + timedelta(days=rng.randint(10, 200)), kg, "jobparat"))
    return borgere, grupper, kategorier, samtaler, fravaer


def _fravaer(identifier, cpr, fravaer_type, start, slut, kg, kategori):  # type: ignore[no-untyped-def]
    return {
        "identifier": identifier,
        "cpr": cpr,
        "fravaer_type": fravaer_type,
        "startdato": start,
        "slutdato": slut,
        "anmeldelsesdato": start,
        "kommentar": None,
        "afslutningsaarsag": None,
        "ledighedsgrad": None,
        "cvr": None,
        "pnummer": None,
        "slettet": False,
        "berigtigelseskommentar": None,
        "registreret": REGISTRERET,
        "kontaktgruppe": kg,
        "personkategori": kategori,
    }


def _insert(store, borgere, grupper, kategorier, samtaler, fravaer) -> None:  # type: ignore[no-untyped-def]
    with store.engine.begin() as c:
        for table, rows in (
            (BorgerRow, borgere),
            (KontaktgruppeRow, grupper),
            (PersonkategoriRow, kategorier),
            (SamtaleRow, samtaler),
            (FravaerRow, fravaer),
        ):
            for k in range(0, len(rows), 20000):
                if rows[k : k + 20000]:
                    # Straight into the sandbox `default`, where the plain paths the benchmark calls are served.
                    c.execute(insert(table), [dict(r, sandkasse="default") for r in rows[k : k + 20000]])


def _historik(store, cpr: str, n: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """One KG 2 citizen since 2000 with `n` absences of three kinds spread over the years (some overlapping)."""
    start = date(2000, 1, 1)
    borger = [{"cpr": cpr, "navn": "Bench", "kommunekode": "999", "jobcenterkode": "99999", "akassekode": None}]
    grupper = [{"identifier": f"kg-{cpr}", "cpr": cpr, "kontaktgruppe_type": 2, "startdato": start, "slutdato": None, "seq": 0}]
    kategorier = [{"kontaktgruppe_identifier": f"kg-{cpr}", "personkategori": 4, "startdato": start, "slutdato": None}]
    fravaer = []
    for j in range(n):
        fs = start + timedelta(days=rng.randint(0, (DATO - start).days))
        fravaer.append(_fravaer(f"f-{cpr}-{j}", cpr, rng.choice([7, 8, 10]), fs, fs + timedelta(days=rng.randint(0, 20)), 2, "jobparat"))
    samtaler = [
        {
            "identifier": f"s-{cpr}-{j}",
            "cpr": cpr,
            "samtale_type": 7,
            # j minutes past midnight: two on one random day are not a duplicate (samtale_ingen_dublet).
            "afholdt": datetime.combine(start + timedelta(days=rng.randint(0, (DATO - start).days)), datetime.min.time())
            + timedelta(minutes=j),
            "samtaleform": 1,
            "deltagere": [],
            "indkaldelse_identifier": None,
            "aftale": None,
            "akasse_deltagelse": None,
            "nulstillende": False,
            "slettet": False,
            "registreret": REGISTRERET,
        }
        for j in range(n // 10)
    ]
    _insert(store, borger, grupper, kategorier, samtaler, fravaer)


def _timed(client: Client, path: str, body: bytes, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each call (CPU time is what the call costs when other processes share the
    machine; wall time is what a client waits)."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        response = client.post(path, data=body, headers={"Content-Type": "text/xml; charset=utf-8"})
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}\n{response.data[:2000].decode()}")
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="dfdg-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    app = create_app(Settings(database_url=url, today=DATO), FixedClock())
    store = app.deps.store
    store.reset()
    transport = WsgiTransport(app, "http://dfdg.local")
    kontaktforloeb = zeep.Client("http://dfdg.local/KontaktforloebService?wsdl", transport=transport)
    client = Client(app)

    def body(operation: str, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
        return etree.tostring(kontaktforloeb.create_message(kontaktforloeb.service, operation, **kwargs, _soapheaders=HEADERS))

    rng = random.Random(1)
    print(f"database: {url.split('@')[-1]}")
    print("GetKontaktforloeb, one citizen (median of 30 calls):")
    for n in (250, 500, 1000, 2000):
        cpr = f"0202{n:06d}"
        _historik(store, cpr, n, rng)
        wall, cpu = _timed(
            client, "/KontaktforloebService", body("GetKontaktforloeb", PersonCivilRegistrationIdentifier=cpr, Dato=DATO), 30
        )
        median = statistics.median(wall)
        print(
            f"  {n:5d} absences, {n // 10:4d} conversations: {median * 1000:6.1f} ms wall, {statistics.median(cpu) * 1000:6.1f} ms CPU"
            f"  ({statistics.median(cpu) / n * 1e6:5.1f} µs CPU per absence)"
        )
    t = time.perf_counter()
    _insert(store, *_rows(args.citizens, 1, rng))
    print(f"GetOpfoelgningsstatus, {args.citizens:,} citizens in municipality 101 (inserted in {time.perf_counter() - t:.1f} s):")
    wall, cpu = _timed(client, "/KontaktforloebService", body("GetOpfoelgningsstatus", Kommunekode="101", Dato=DATO), 3)
    print(f"  best of 3: {min(wall):.2f} s wall, {min(cpu):.2f} s CPU   (runs: {', '.join(f'{x:.2f}' for x in wall)})")
    store.reset()
    store.dispose()


if __name__ == "__main__":
    main()
