"""The deterministic business clock (interface.md § 6): a set date stands still at a fixed time of day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
import zeep

from service.app import create_app
from service.config import Settings, parse_klokkeslaet
from service.domain.clock import COPENHAGEN, STANDARD_KLOKKESLAET, Ur, forretningstid
from service.domain.ids import IdGenerator
from service.harness.transport import WsgiTransport
from tests.conftest import BASE, DATABASE_URL, TODAY, Dfdg, refused

CPR = "0101801234"


@dataclass
class MovableClock:
    """A wall clock a test moves by hand."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment


def at(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=COPENHAGEN)


@pytest.fixture
def wall(tmp_path):
    """An emulator on a wall clock at 09:59 Copenhagen time, which the test may move."""
    clock = MovableClock(at(date(2026, 11, 30), 9, 59))
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else "sqlite://"
    app = create_app(Settings(database_url=url), clock, IdGenerator(0))
    app.deps.store.reset()
    transport = WsgiTransport(app, BASE)
    dfdg = Dfdg({name: zeep.Client(f"{BASE}/{name}?wsdl", transport=transport) for name in app.services}, app)
    yield clock, dfdg
    app.deps.store.reset()
    app.deps.store.dispose()


def test_a_set_date_is_fixed_at_noon_whatever_the_wall_clock_says(wall):
    clock, dfdg = wall
    dfdg.testsupport.SetDato(TODAY)
    dfdg.borger(CPR)
    for hour in (0, 9, 23):
        clock.moment = at(date(2026, 11, 30), hour, 30)
        assert dfdg.testsupport.GetTidspunkt() == at(TODAY, 12)
    receipt = dfdg.sygemeld(CPR, TODAY).ServiceReceipt
    assert receipt.EventDate == at(TODAY, 12)


def test_a_conversation_held_this_morning_is_accepted_at_any_wall_clock_hour(wall):
    clock, dfdg = wall
    dfdg.testsupport.SetDato(TODAY)
    dfdg.borger(CPR, kontaktgruppe=2, personkategori=4)
    clock.moment = at(date(2026, 11, 30), 0, 30)  # before the conversation's time of day on the wall clock
    dfdg.samtale.CreateSamtale(
        PersonCivilRegistrationIdentifier=CPR,
        Samtale={
            "SamtaleType": 7,
            "Afholdelsestidspunkt": at(TODAY, 10),
            "Samtaleform": 1,
            "AftaleOmDetVidereForloeb": "Næste samtale om fire uger",
        },
        _soapheaders=dfdg.headers(),
    )
    assert (
        refused(
            dfdg.samtale.CreateSamtale,
            PersonCivilRegistrationIdentifier=CPR,
            Samtale={
                "SamtaleType": 7,
                "Afholdelsestidspunkt": at(TODAY, 12, 1),
                "Samtaleform": 1,
                "AftaleOmDetVidereForloeb": "Næste samtale om fire uger",
            },
            _soapheaders=dfdg.headers(),
        )[0]
        == 7023
    )


def test_set_tidspunkt_fixes_date_and_time_and_every_not_in_the_future_rule_uses_it(wall):
    clock, dfdg = wall
    assert dfdg.testsupport.SetTidspunkt(at(TODAY, 8, 15)) == at(TODAY, 8, 15)
    assert dfdg.testsupport.GetDato() == TODAY
    dfdg.borger(CPR, kontaktgruppe=2, personkategori=4)
    assert (
        refused(
            dfdg.samtale.CreateSamtale,
            PersonCivilRegistrationIdentifier=CPR,
            Samtale={
                "SamtaleType": 7,
                "Afholdelsestidspunkt": at(TODAY, 8, 16),
                "Samtaleform": 1,
                "AftaleOmDetVidereForloeb": "Næste samtale om fire uger",
            },
            _soapheaders=dfdg.headers(),
        )[0]
        == 7023
    )
    result = dfdg.samtale.CreateSamtale(
        PersonCivilRegistrationIdentifier=CPR,
        Samtale={
            "SamtaleType": 7,
            "Afholdelsestidspunkt": at(TODAY, 8, 15),
            "Samtaleform": 1,
            "AftaleOmDetVidereForloeb": "Næste samtale om fire uger",
        },
        _soapheaders=dfdg.headers(),
    )
    assert result.ServiceReceipt.EventDate == at(TODAY, 8, 15)
    clock.moment += timedelta(hours=5)
    assert dfdg.testsupport.GetTidspunkt() == at(TODAY, 8, 15)
    # SetDato goes back to the fixed time of day.
    dfdg.testsupport.SetDato(TODAY + timedelta(days=1))
    assert dfdg.testsupport.GetTidspunkt() == at(TODAY + timedelta(days=1), 12)


def test_a_running_clock_asked_for_runs_on_from_the_moment_set(wall):
    clock, dfdg = wall
    dfdg.testsupport.SetTidspunkt(at(TODAY, 23, 59), Loebende=True)
    clock.moment += timedelta(seconds=90)
    assert dfdg.testsupport.GetTidspunkt() == at(
        TODAY + timedelta(days=1),
        0,
        0,
    ) + timedelta(seconds=30)
    assert dfdg.testsupport.GetDato() == TODAY + timedelta(days=1)
    [listed] = dfdg.testsupport.GetSandkasser("default")
    assert listed.Loebende is True


def test_a_time_without_zone_is_copenhagen_time_in_summer_and_winter(wall):
    _, dfdg = wall
    assert dfdg.testsupport.SetTidspunkt(datetime(2026, 7, 1, 9, 0)).utcoffset() == timedelta(hours=2)
    assert dfdg.testsupport.SetTidspunkt(datetime(2026, 1, 1, 9, 0)).utcoffset() == timedelta(hours=1)


def test_nothing_set_is_the_wall_clock_and_today_option_fixes_the_time_of_day():
    wall = MovableClock(at(date(2026, 11, 30), 9, 59))
    assert forretningstid(Ur(), wall, None, STANDARD_KLOKKESLAET) == wall.moment
    assert forretningstid(Ur(), wall, date(2026, 3, 1), STANDARD_KLOKKESLAET) == at(date(2026, 3, 1), 12)
    assert forretningstid(Ur(), wall, date(2026, 3, 1), time(8, 0)) == at(date(2026, 3, 1), 8)
    assert forretningstid(Ur(), wall, date(2026, 3, 1), None) == at(date(2026, 3, 1), 9, 59)  # --time running
    assert forretningstid(Ur(dato=date(2026, 6, 1)), wall, date(2026, 3, 1), time(8, 0)) == at(date(2026, 6, 1), 8)


def test_the_time_option_reads_hours_and_running_and_refuses_the_rest():
    assert parse_klokkeslaet("08:30") == time(8, 30) and parse_klokkeslaet("running") is None
    assert Settings.from_env({"DFDG_TIME": "07:15"}).klokkeslaet == time(7, 15)
    assert Settings().klokkeslaet == time(12, 0)
    with pytest.raises(ValueError, match="HH:MM"):
        parse_klokkeslaet("noon")
