"""Open-ended absences and far dates in every rule area that reads exemptions over time (issue 8): each call
returns, and its answer is right. The interval arithmetic is also checked against a day-by-day reference."""

import random
from datetime import date, timedelta

from service.domain.fritagelsesperioder import Gruppeafsnit, fritagelsesperioder
from service.domain.model import Fravaer

CPR = "0101801234"
MAX = date(9999, 12, 31)
FJERN = date(1901, 1, 1)


def fravaer(dfdg, fravaer_type, start, slut=None, cpr=CPR):
    dfdg.testsupport.SetDato(start)
    return dfdg.fravaer.CreateFravaer(
        cpr, {"FravaerType": fravaer_type, "Startdato": start, "Slutdato": slut, "Anmeldelsesdato": start}, _soapheaders=dfdg.headers()
    ).FravaerIdentifier


def krav(forloeb, krav_id):
    return next(k for k in forloeb.Krav if k.KravIdentifier == krav_id)


def test_issue_8_open_ended_barsel_in_a_job_clarification_course_returns(dfdg):
    """The reported hang: KG 13 from 2 March 2026, Barsel (8) from that day with no end date."""
    start = date(2026, 3, 2)
    dfdg.borger(kontaktgruppe=13, start=start)
    fravaer(dfdg, 8, start)
    for dato in (start, date(2026, 12, 31), MAX):
        f = dfdg.kontaktforloeb.GetKontaktforloeb(CPR, dato, _soapheaders=dfdg.headers())
        k = krav(f, "FIRE_SAMTALER_6_MDR")
        assert (f.Ydelse, f.FritagetForKontaktforloeb) == ("jobafklaring", True)
        # Exempt from the first day until further notice: no deadline, not overdue on any date.
        assert (k.Status, k.Frist, k.OprindeligFrist) == ("fritaget", None, date(2026, 9, 1))
        assert f.NaesteFrist is None


def test_an_open_ended_exemption_starting_later_leaves_no_deadline_but_is_not_exempt_today(dfdg):
    start = date(2026, 3, 2)
    dfdg.borger(kontaktgruppe=2, personkategori=4, start=start)
    fravaer(dfdg, 8, start + timedelta(days=3))  # Barsel from the 4th day, no end
    f = dfdg.kontaktforloeb.GetKontaktforloeb(CPR, start + timedelta(days=1), _soapheaders=dfdg.headers())
    k = krav(f, "FOERSTE_SAMTALE_1_UGE")
    assert (f.FritagetForKontaktforloeb, k.Status, k.Frist, k.FritagetTil) == (False, "kommende", None, None)
    assert k.Statusforklaring.startswith("Kommende: 1 af 1 samtaler mangler; ingen frist")
    assert (
        "Ingen frist, så længe fritagelsen varer (oprindelig frist 2026-03-09); 1 fritagne dage til og med 2026-03-05" in k.Statusforklaring
    )
    assert [(a.FravaerType, a.Dage) for a in k.FritagendeFravaer] == [(8, 1)]


def test_course_with_an_exemption_ending_9999_12_31_and_started_far_in_the_past(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4, start=FJERN)
    fravaer(dfdg, 7, FJERN, MAX)  # Kan ikke få førtidspension eller folkepension: no length limit
    f = dfdg.kontaktforloeb.GetKontaktforloeb(CPR, date(2026, 3, 1), _soapheaders=dfdg.headers())
    assert (f.Startdato, f.FritagetForKontaktforloeb) == (FJERN, True)
    assert {(k.KravIdentifier, k.Status, k.Frist) for k in f.Krav} == {
        ("FIRE_SAMTALER_6_MDR", "fritaget", None),
        ("FOERSTE_SAMTALE_1_UGE", "fritaget", None),
    }
    # Exempt days counted from the course start to the asked date, when there is no deadline.
    assert krav(f, "FOERSTE_SAMTALE_1_UGE").FritagneDage == (date(2026, 3, 1) - FJERN).days + 1


def test_an_exemption_ending_far_ahead_moves_the_deadline_past_it(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4, start=FJERN)
    fravaer(dfdg, 7, FJERN, date(9000, 1, 1))
    f = dfdg.kontaktforloeb.GetKontaktforloeb(CPR, MAX, _soapheaders=dfdg.headers())
    k = krav(f, "FOERSTE_SAMTALE_1_UGE")
    # The week's 8 non-exempt days start the day after the exemption ends.
    assert (k.Status, k.Frist, k.FritagneDage) == ("overskredet", date(9000, 1, 9), (date(9000, 1, 1) - FJERN).days + 1)


def test_a_course_starting_in_year_9999_has_deadlines_beyond_the_calendar(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4, start=date(9999, 10, 1))
    f = dfdg.kontaktforloeb.GetKontaktforloeb(CPR, MAX, _soapheaders=dfdg.headers())
    assert krav(f, "FOERSTE_SAMTALE_1_UGE").Frist == date(9999, 10, 8)
    assert (krav(f, "FIRE_SAMTALER_6_MDR").Status, krav(f, "FIRE_SAMTALER_6_MDR").Frist) == ("kommende", None)
    assert f.SamtalerEfterBehov is False


def test_exemptions_on_far_dates_with_open_and_9999_absences(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4, start=FJERN)
    aaben = fravaer(dfdg, 7, FJERN)
    for dato in (FJERN, date(2026, 3, 1), MAX):
        f = dfdg.fravaer.GetFritagelser(CPR, dato, _soapheaders=dfdg.headers())
        pligter = {p.Pligt: [a.FravaerIdentifier for a in p.Aarsag] for p in f.Fritagelse}
        assert pligter["Kontaktforløb"] == [aaben]
    assert dfdg.fravaer.GetFritagelser(CPR, FJERN - timedelta(days=1), _soapheaders=dfdg.headers()).Fritagelse == []


def _measured_citizen(dfdg, cpr, start, fravaer_type=None, fravaer_start=None, slut=None):
    dfdg.testsupport.OpretTestborger(
        Testborger={
            "PersonCivilRegistrationIdentifier": cpr,
            "Navn": "Test",
            "Kommunekode": "101",
            "JobcenterKode": "10100",
            "Kontaktgruppehistorik": [{"KontaktgruppeType": 2, "Startdato": start, "Personkategori": 4}],
        }
    )
    if fravaer_type:
        fravaer(dfdg, fravaer_type, fravaer_start, slut, cpr=cpr)


def test_measurement_with_open_ended_and_far_exemptions(dfdg):
    start = date(2025, 6, 1)
    _measured_citizen(dfdg, "0101801111", start, 7, start)  # open-ended from the course start: left out
    _measured_citizen(dfdg, "0101802222", start, 7, start, MAX)  # until 9999-12-31: left out
    _measured_citizen(dfdg, "0101803333", start)  # no exemption: counted
    _measured_citizen(dfdg, "0101804444", FJERN, 7, FJERN)  # course 125 years old: not measured
    dfdg.testsupport.SetDato(date(2026, 1, 1))
    [gruppe] = [
        g
        for g in dfdg.kontaktforloeb.GetOpfoelgningsstatus(Kommunekode="101", Dato=date(2026, 1, 1), _soapheaders=dfdg.headers((7, "101")))
        if (g.Ydelse, g.Personkategori) == ("kontanthjaelp", "jobparat")
    ]
    assert (gruppe.AntalBorgere, gruppe.AntalUdeladt, gruppe.AntalOpfyldt) == (1, 2, 0)
    assert {(b.PersonCivilRegistrationIdentifier, b.Status, b.FritagneDage) for b in gruppe.Borger} == {
        ("0101801111", "udeladt", 183),
        ("0101802222", "udeladt", 183),
        ("0101803333", "ikke_opfyldt", 0),
    }
    assert all(
        g.AntalBorgere == 0
        for g in dfdg.kontaktforloeb.GetOpfoelgningsstatus(Kommunekode="101", Dato=MAX, _soapheaders=dfdg.headers((7, "101")))
    )


# --- the interval arithmetic against a day-by-day reference (small random cases) ---


def _reference(absences, afsnit_rows, pligt, fra, frist):
    """The old algorithm on a small range: exempt days by walking days, deadline moved until it holds them all."""
    from service.domain.fritagelsesperioder import _fritager

    def gruppe(dag):
        current = [g for g in afsnit_rows if g.fra <= dag.toordinal()]
        return current[-1] if current else None

    def exempt(dag):
        g = gruppe(dag)
        return any(
            not f.slettet
            and f.startdato <= dag
            and (f.slutdato is None or dag <= f.slutdato)
            and pligt in _fritager(f.fravaer_type, g.kontaktgruppe, g.personkategori, f.kontaktgruppe, f.personkategori)
            for f in absences
        )

    def dage(a, b):
        return {a + timedelta(days=i) for i in range((b - a).days + 1) if exempt(a + timedelta(days=i))}

    d = dage(fra, frist)
    while True:
        ny = frist + timedelta(days=len(d))
        flere = dage(fra, ny)
        if len(flere) == len(d):
            return ny, len(d)
        d = flere


def test_moved_deadlines_match_the_day_by_day_reference():
    rng = random.Random(8)
    base = date(2026, 1, 1)
    for _ in range(150):
        afsnit = [Gruppeafsnit(date.min.toordinal(), None, None)]
        for skift in sorted(rng.sample(range(1, 120), rng.randint(0, 3))):
            afsnit.append(
                Gruppeafsnit(
                    (base + timedelta(days=skift)).toordinal(),
                    rng.choice([2, 2, 13, 17]),
                    rng.choice(["jobparat", "aktivitetsparat", None]),
                )
            )
        absences = []
        for i in range(rng.randint(0, 5)):
            s = base + timedelta(days=rng.randint(0, 100))
            absences.append(
                Fravaer(
                    identifier=f"f{i}",
                    cpr=CPR,
                    fravaer_type=rng.choice([7, 8, 10]),
                    startdato=s,
                    anmeldelsesdato=s,
                    registreret=None,
                    slutdato=s + timedelta(days=rng.randint(0, 30)),
                    slettet=rng.random() < 0.1,
                    kontaktgruppe=rng.choice([2, None]),
                    personkategori="jobparat",
                )
            )
        perioder = fritagelsesperioder("Kontaktforløb", absences, afsnit)
        fra = base + timedelta(days=rng.randint(0, 40))
        frist = fra + timedelta(days=rng.randint(-2, 60))
        flytning = perioder.flyt_frist(fra, frist, fra)
        if frist < fra:
            assert (flytning.frist, flytning.fritagne_dage) == (frist, 0)
            continue
        assert (flytning.frist, flytning.fritagne_dage) == _reference(absences, afsnit, "Kontaktforløb", fra, frist)


def test_group_sections_match_the_group_and_subgroup_on_each_day():
    """The sweep that cuts the timeline agrees with `kontaktgruppe_on` and `personkategori_on` day by day."""
    from service.domain.borger import kontaktgruppe_on
    from service.domain.fritagelsesperioder import gruppeafsnit
    from service.domain.model import Kontaktgruppe, Personkategoriperiode
    from service.rules.fravaertyper import personkategori_noegle

    rng = random.Random(9)
    base = date(2026, 1, 1)
    for _ in range(100):
        grupper = []
        for i in range(rng.randint(0, 4)):
            s = base + timedelta(days=rng.randint(0, 60))
            slut = None if rng.random() < 0.3 else s + timedelta(days=rng.randint(0, 40))
            perioder = [
                Personkategoriperiode(
                    personkategori=rng.choice([4, 5, 8]),
                    startdato=s + timedelta(days=rng.randint(0, 20)),
                    slutdato=None if rng.random() < 0.5 else s + timedelta(days=rng.randint(20, 50)),
                )
                for _ in range(rng.randint(0, 2))
            ]
            grupper.append(
                Kontaktgruppe(
                    identifier=f"g{i}",
                    cpr=CPR,
                    kontaktgruppe_type=rng.choice([2, 13, 17]),
                    startdato=s,
                    slutdato=slut,
                    personkategorier=perioder,
                )
            )
        grupper.sort(key=lambda g: g.startdato)  # the stored order
        afsnit = gruppeafsnit(grupper)
        for n in range(-2, 120):
            dag = base + timedelta(days=n)
            g = [a for a in afsnit if a.fra <= dag.toordinal()][-1]
            kg = kontaktgruppe_on(grupper, dag)
            expected = (kg.kontaktgruppe_type, personkategori_noegle(kg.personkategori_on(dag))) if kg else (None, None)
            assert (g.kontaktgruppe, g.personkategori) == expected, (dag, grupper)
