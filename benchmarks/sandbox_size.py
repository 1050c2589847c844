"""Benchmark: does a write's read of one citizen grow with the sandbox? (issue 8 item 10, migration 0005)

Run: .venv/bin/python benchmarks/sandbox_size.py [--citizens 50000] [--without-index]

Fills a SQLite file with N citizens, each with a contact group and a subgroup period, written straight into the
store's tables, then times the store's read of one citizen's groups with their periods (what every write
reads, `Repository.kontaktgrupper`) and prints SQLite's plan for it. `--without-index` drops the index on
(sandkasse, kontaktgruppe_identifier) first, to show what the read cost before migration 0005: SQLite's
planner then chooses between two one-column indexes it ranks alike, and which it takes follows the order the
schema created them in, which follows Python's hash seed; in three of four hash seeds tried it took the sandbox's and read
every period of the sandbox for each group (5.3-5.6 ms at 50,000 citizens against 0.02). Run it a few times,
or with PYTHONHASHSEED set. Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from service.store.sql import _Q, BORGER, KONTAKTGRUPPE, PERSONKATEGORI, SANDKASSE, Store  # noqa: E402

SANDBOX = "default"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=50_000)
    parser.add_argument("--without-index", action="store_true", help="drop the index of migration 0005 first")
    args = parser.parse_args()
    store = Store(f"sqlite:///{Path(tempfile.mkdtemp()) / 'size.db'}")
    cprs = [f"{i:010d}" for i in range(args.citizens)]
    with store.engine.begin() as c:
        if args.without_index:
            c.exec_driver_sql("DROP INDEX personkategori_gruppe")
        c.execute(insert(SANDKASSE).values(navn=SANDBOX, oprettet=datetime(2026, 1, 1, tzinfo=UTC), loebende=False, id_naeste=0))
        c.execute(insert(BORGER), [dict(sandkasse=SANDBOX, cpr=cpr, navn="B", kommunekode="101", jobcenterkode="10100") for cpr in cprs])
        groups = [
            dict(sandkasse=SANDBOX, identifier=f"g{cpr}", cpr=cpr, kontaktgruppe_type=2, startdato=date(2025, 1, 1), seq=0) for cpr in cprs
        ]
        c.execute(insert(KONTAKTGRUPPE), groups)
        periods = [
            dict(sandkasse=SANDBOX, kontaktgruppe_identifier=f"g{cpr}", personkategori=4, startdato=date(2025, 1, 1)) for cpr in cprs
        ]
        c.execute(insert(PERSONKATEGORI), periods)
    sql = _Q.kontaktgrupper.compile(dialect=store.engine.dialect).string
    plan = store.engine.raw_connection().cursor().execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?")).fetchall()
    calls = 200
    with store.transaction(False, SANDBOX) as repo:
        started = time.perf_counter()
        for cpr in cprs[:calls]:
            repo.kontaktgrupper(cpr)
        elapsed = time.perf_counter() - started
    print(f"{args.citizens} citizens{' (without the index of migration 0005)' if args.without_index else ''}")
    print("plan: " + "; ".join(row[3] for row in plan))
    print(f"one citizen's groups with their periods: {elapsed / calls * 1000:.3f} ms a read (mean of {calls})")
    store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
