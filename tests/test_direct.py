"""The per-call statements run on the driver's cursor (service/store/direct.py) read and fail as SQLAlchemy's
execution of the same statement does: the same rows and types (dates, times, JSON, booleans), the same exceptions."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Select, bindparam, select

from service.domain.model import Borger
from service.store.direct import Direct, Prepared
from service.store.sql import _Q, FRAVAER, INDKALDELSE, KONTAKTGRUPPE, REQUEST_ID, SAMTALE, YDERLIGERE, Conflict, Store
from tests.conftest import DATABASE_URL
from tests.test_repositories import A, B, sequence


@pytest.fixture(scope="module")
def filled() -> Any:
    store = Store(DATABASE_URL)
    navn = f"direct-{uuid.uuid4().hex[:8]}"
    sequence(store, navn, until="nulstil")
    yield store, navn
    with store.transaction(True, navn) as repo:
        repo.delete_all()
    store.slet_sandkasse(navn)
    store.dispose()


def _selects() -> list[tuple[str, Select[Any]]]:
    return [(name, s) for name, s in vars(_Q).items() if isinstance(s, Select)]


@pytest.mark.parametrize("name", [name for name, _ in _selects()])
def test_a_select_gives_the_rows_sqlalchemy_gives(filled: Any, name: str) -> None:
    store, navn = filled
    statement = dict(_selects())[name]
    with store.transaction(False, navn) as repo:
        keys = [t.c.identifier for t in (FRAVAER, YDERLIGERE, SAMTALE, INDKALDELSE, KONTAKTGRUPPE)] + [REQUEST_ID.c.request_id]
        ids = [i for key in keys for i in repo.c.execute(select(key).where(key.table.c.sandkasse == navn)).scalars()]
        compared = 0
        for cpr in (A, B):
            for identifier in [*ids, "ukendt"]:
                params = {"k_sandkasse": navn, "k_cpr": cpr, "k_id": identifier}
                expected = [tuple(r) for r in repo.c.execute(statement, params)]
                got = repo._run(statement, params)
                assert [tuple(r) for r in got] == expected
                assert [type(v) for r in got for v in r] == [type(v) for r in expected for v in r]
                compared += len(expected)
        assert compared, f"{name}: no rows to compare; the contract sequence should give some"


def test_rows_are_read_by_column_name(filled: Any) -> None:
    store, navn = filled
    with store.transaction(False, navn) as repo:
        row = repo._rows(_Q.borger, k_cpr=A).first()
    assert (row.cpr, row.navn, row.kommunekode) == (A, "Anne", "101")


def test_a_broken_constraint_is_sqlalchemys_integrity_error_and_the_call_a_conflict_that_writes_nothing(filled: Any) -> None:
    store, navn = filled
    before = _count_fravaer(store, navn)
    with pytest.raises(Conflict), store.transaction(True, navn) as repo:
        # No such citizen: the foreign key refuses the row (no rule would let this through).
        repo._run(
            _Q.indsaet[FRAVAER],
            {"sandkasse": navn, "identifier": str(uuid.uuid4()), "cpr": "0909099999", "fravaer_type": 8, "startdato": date(2026, 3, 1)},
        )
    assert _count_fravaer(store, navn) == before


def test_an_insert_gets_the_columns_python_side_defaults(filled: Any) -> None:
    store, navn = filled
    identifier = str(uuid.uuid4())
    with store.transaction(True, navn) as repo:
        repo.add_borger(Borger(cpr="0505805678", navn="Eva", kommunekode="101", jobcenterkode="10100"))
        repo._run(
            _Q.indsaet[FRAVAER],
            {
                "sandkasse": navn,
                "identifier": identifier,
                "cpr": "0505805678",
                "fravaer_type": 8,
                "startdato": date(2026, 3, 1),
                "anmeldelsesdato": date(2026, 3, 1),
                "registreret": date(2026, 3, 1),
            },
        )
        assert repo.get_fravaer(identifier).slettet is False  # `slettet` defaults to false (tables.py)


def test_an_expanding_parameter_is_not_prepared(filled: Any) -> None:
    store, _ = filled
    with pytest.raises(ValueError, match="expanding"):
        Prepared(select(FRAVAER).where(FRAVAER.c.cpr.in_(bindparam("k_ids", expanding=True))), store.engine.dialect, ("k_ids",))


def test_a_statement_is_compiled_once_per_set_of_parameter_names(filled: Any) -> None:
    store, _ = filled
    direct = Direct(store.engine.dialect)
    first = direct.prepare(_Q.borger, ("k_sandkasse", "k_cpr"))
    assert direct.prepare(_Q.borger, ("k_sandkasse", "k_cpr")) is first
    # An UPDATE sets the columns it is given, and only those.
    sql = direct.prepare(_Q.opdater[FRAVAER], ("k_sandkasse", "k_id", "slettet")).sql
    assert "SET slettet=" in sql and "fravaer_type" not in sql


def _count_fravaer(store: Store, navn: str) -> int:
    with store.transaction(False, navn) as repo:
        return len(repo.c.execute(select(FRAVAER.c.identifier).where(FRAVAER.c.sandkasse == navn)).all())


def test_no_per_call_statement_reads_a_whole_sandbox_on_sqlite(tmp_path) -> None:
    """SQLite's plan for each statement built once: found by a key, never by the sandbox alone or a scan (a group's
    periods were read by the sandbox's index, so every write grew with the sandbox; migration 0005)."""
    store = Store(f"sqlite:///{tmp_path / 'plan.db'}")
    cursor = store.engine.raw_connection().cursor()
    statements = {name: s for name, s in vars(_Q).items() if hasattr(s, "compile")}
    statements |= {f"opdater {t.name}": s for t, s in _Q.opdater.items()}
    plans = {}
    for name, statement in statements.items():
        sql = statement.compile(dialect=store.engine.dialect, compile_kwargs={"render_postcompile": True}).string
        plans[name] = [row[3] for row in cursor.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?"))]
    store.dispose()
    bad = {
        name: plan for name, plan in plans.items() if any(step.startswith("SCAN") or "_sandkasse (sandkasse=?)" in step for step in plan)
    }
    assert len(plans) > 20 and not bad
