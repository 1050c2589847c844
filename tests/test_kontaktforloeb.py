"""KontaktforloebService as timelines: a citizen with a past course, conversations and absences registered on
their days, the business date moved, the course read at each step. Every deadline is met on its last day and
missed one day later (sources 001, 004, 000). Conversations are registered and the course read through both
faces (SOAP with zeep, REST: the `face` fixture)."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from service.domain.clock import COPENHAGEN
from tests.conftest import refused

CPR = "0101801234"
S = date(2026, 1, 1)  # course start
AKASSE = (3, "55")


def held(face, samtale_type, day, org=(8, "10100"), cpr=CPR, hour=10):
    """Register a conversation on its own day, as a jobcentre would (at most 7 days back)."""
    face.dfdg.testsupport.SetDato(day)
    # With the items any reporter's list may require (003 § 25 nr. 5-6, § 63 nr. 6-8; issue 13).
    return face.samtale(
        cpr,
        {
            "SamtaleType": samtale_type,
            "Samtaleform": 1,
            "Afholdelsestidspunkt": datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN),
            "AftaleOmDetVidereForloeb": "Næste samtale om 4 uger",
            "CvGodkendelsesstatus": 1,
            "AftalerPaaBaggrundAfSamtalen": "Søger 5 job om ugen",
            "Konklusion": "CV'et er fyldestgørende",
            **({"AkasseDeltagelsesstatus": 1} if samtale_type == 17 else {}),
        },
        org,
    )


def course(face, day, cpr=CPR):
    face.dfdg.testsupport.SetDato(day)
    return face.kontaktforloeb(cpr, day)


def krav(forloeb, krav_id):
    return next(k for k in forloeb.Krav if k.KravIdentifier == krav_id)


def test_kontanthjaelp_course_lists_its_requirements(face):
    face.borger(kontaktgruppe=2, personkategori=4, start=S)
    f = course(face, S)
    assert (f.Ydelse, f.Startdato, f.KontaktgruppeType) == ("kontanthjaelp", S, 2)
    assert {k.KravIdentifier for k in f.Krav} == {"FIRE_SAMTALER_6_MDR", "FOERSTE_SAMTALE_1_UGE"}
    # The next deadline names its requirement and what is still owed; every deadline names its anchor.
    assert (f.NaesteFrist, f.NaesteFristKravIdentifier, f.NaesteFristManglendeSamtaler) == (
        S + timedelta(days=7),
        "FOERSTE_SAMTALE_1_UGE",
        1,
    )
    assert {(u.KravIdentifier, u.ManglendeSamtaler, u.Frist) for u in f.Udestaaende} == {
        ("FOERSTE_SAMTALE_1_UGE", 1, S + timedelta(days=7)),
        ("FIRE_SAMTALER_6_MDR", 4, date(2026, 6, 30)),
    }
    assert {(k.KravIdentifier, k.Anker, k.Ankerdato) for k in f.Krav} == {
        ("FIRE_SAMTALER_6_MDR", "forloebsstart", S),
        ("FOERSTE_SAMTALE_1_UGE", "foerste_henvendelse", S),
    }
    assert (f.IntetForloebAarsag, f.ErstatterForloeb) == (None, None)
    assert "Kontanthjælpsmodtagere" in f.Forklaring and "2 af 2 krav udestår" in f.Forklaring
    k = krav(f, "FOERSTE_SAMTALE_1_UGE")
    assert k.Statusforklaring.startswith("Kommende: 1 af 1 samtaler mangler senest 2026-01-08") and "001 l. 52-54" in k.Statusforklaring


@pytest.mark.parametrize("offset, status", [(7, "opfyldt"), (8, "overskredet")])
def test_first_conversation_within_one_week_of_first_contact(face, offset, status):
    face.borger(kontaktgruppe=2, personkategori=4, start=S)
    held(face, 7, S + timedelta(days=offset))
    assert krav(course(face, S + timedelta(days=offset)), "FOERSTE_SAMTALE_1_UGE").Status == status


def test_first_week_is_kommende_before_and_overskredet_after_the_deadline(face):
    face.borger(kontaktgruppe=2, personkategori=4, start=S)
    assert krav(course(face, S + timedelta(days=7)), "FOERSTE_SAMTALE_1_UGE").Status == "kommende"
    assert krav(course(face, S + timedelta(days=8)), "FOERSTE_SAMTALE_1_UGE").Status == "overskredet"


@pytest.mark.parametrize("last, status", [(date(2026, 6, 30), "opfyldt"), (date(2026, 7, 1), "overskredet")])
def test_four_conversations_in_the_first_six_months(face, last, status):
    face.borger(kontaktgruppe=2, personkategori=4, start=S)
    for day in (date(2026, 1, 5), date(2026, 2, 10), date(2026, 3, 10)):
        held(face, 7, day)
    held(face, 12, last)
    f = course(face, last)
    k = krav(f, "FIRE_SAMTALER_6_MDR")
    assert (k.Status, k.Frist) == (status, date(2026, 6, 30))
    assert len(k.Samtale) == (4 if status == "opfyldt" else 3)
    assert f.SamtalerEfterBehov is (last > date(2026, 6, 30))


def test_information_meetings_do_not_count(face):
    face.borger(kontaktgruppe=2, personkategori=4, start=S)
    for day in (date(2026, 1, 5), date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 10)):
        held(face, 13, day)  # Informationsmøde uden mødepligt
    assert krav(course(face, date(2026, 7, 1)), "FIRE_SAMTALER_6_MDR").Status == "overskredet"


def test_a_deleted_conversation_does_not_count(face):
    face.borger(kontaktgruppe=2, personkategori=4, start=S)
    identifier = held(face, 7, S + timedelta(days=3))
    face.dfdg.samtale.DeleteSamtale(CPR, identifier, _soapheaders=face.dfdg.headers())
    assert krav(course(face, S + timedelta(days=8)), "FOERSTE_SAMTALE_1_UGE").Status == "overskredet"


def test_a_change_of_benefit_starts_a_new_course(face):
    historik = [
        {"KontaktgruppeType": 1, "Startdato": date(2025, 1, 1), "Slutdato": date(2025, 12, 31)},
        {"KontaktgruppeType": 2, "Startdato": S, "Personkategori": 4},
    ]
    face.borger(historik=historik, akasse="55")
    held(face, 7, date(2025, 12, 20))  # in the old course
    f = course(face, S + timedelta(days=8))
    assert (f.Ydelse, f.Startdato) == ("kontanthjaelp", S)
    k = krav(f, "FOERSTE_SAMTALE_1_UGE")
    assert (k.Status, k.ManglendeSamtaler) == ("overskredet", 1)
    assert k.Statusforklaring.startswith("Overskredet: fristen 2026-01-08 er passeret")
    # The new course says which course it replaced.
    e = f.ErstatterForloeb
    assert (e.Ydelse, e.KontaktgruppeType, e.Startdato, e.Slutdato) == ("dagpenge", 1, date(2025, 1, 1), date(2025, 12, 31))
    assert "erstatter Dagpengemodtagere fra 2025-01-01 til 2025-12-31" in f.Forklaring


def test_a_change_of_group_within_sickness_benefit_is_the_same_course(face):
    historik = [
        {"KontaktgruppeType": 24, "Startdato": date(2025, 12, 1), "Slutdato": date(2025, 12, 31)},
        {"KontaktgruppeType": 25, "Startdato": S},
    ]
    face.borger(historik=historik)
    assert course(face, S + timedelta(days=3)).Startdato == date(2025, 12, 1)


@pytest.mark.parametrize("offset, status", [(55, "opfyldt"), (56, "overskredet")])
def test_sickness_benefit_first_conversation_before_the_end_of_the_8th_week(face, offset, status):
    first_sick_day = date(2025, 12, 29)  # sick while on dagpenge; sickness benefit (KG 25) from 1 January
    face.borger(
        historik=[
            {"KontaktgruppeType": 1, "Startdato": date(2025, 6, 1), "Slutdato": date(2025, 12, 31)},
            {"KontaktgruppeType": 25, "Startdato": S},
        ]
    )
    face.dfdg.testsupport.SetDato(S)
    face.dfdg.sygemeld(CPR, first_sick_day, Anmeldelsesdato=S)
    held(face, 4, first_sick_day + timedelta(days=offset))
    k = krav(course(face, first_sick_day + timedelta(days=offset)), "FOERSTE_SAMTALE_8_SYGEUGE")
    assert (k.Status, k.Frist) == (status, first_sick_day + timedelta(days=55))
    assert (k.Anker, k.Ankerdato) == ("foerste_sygedag", first_sick_day)


def test_sickness_benefit_without_a_sick_notice_counts_from_the_course_start(face):
    face.borger(kontaktgruppe=25, start=S)
    k = krav(course(face, S), "FOERSTE_SAMTALE_8_SYGEUGE")
    assert (k.Anker, k.Ankerdato, k.Frist) == ("forloebsstart", S, S + timedelta(days=55))


@pytest.mark.parametrize("day, status", [(date(2026, 3, 31), "opfyldt"), (date(2026, 4, 1), "overskredet")])
def test_dagpenge_first_joint_conversation_within_the_first_3_months(face, day, status):
    """001 l. 63-66 'inden for de første 3 måneder': the last day of month 3 is the deadline."""
    face.borger(kontaktgruppe=1, start=S, akasse="55")
    held(face, 17, day)
    k = krav(course(face, day), "DAGPENGE_FAELLES_3_MDR")
    assert (k.Status, k.Frist) == (status, date(2026, 3, 31))
    assert "DAGPENGE_FAELLES_3_MDR; 001 l. 63-66" in k.Statusforklaring


def test_dagpenge_joint_conversations_by_month_6_and_16(face):
    face.borger(kontaktgruppe=1, start=S, akasse="55")
    held(face, 17, date(2026, 2, 1))
    held(face, 17, date(2026, 6, 30))
    f = course(face, date(2026, 7, 2))
    assert krav(f, "DAGPENGE_FAELLES_6_MDR").Status == "opfyldt"
    k = krav(f, "DAGPENGE_FAELLES_16_MDR")
    # The two first-half-year joint conversations do not satisfy the 16-month one (001 l. 67-70).
    assert (k.Status, k.Frist, k.ManglendeSamtaler) == ("kommende", date(2027, 5, 1), 1)
    assert "tæller fra 2026-07-01" in k.Statusforklaring and "001 l. 67-70" in k.Statusforklaring
    assert krav(course(face, date(2027, 5, 2)), "DAGPENGE_FAELLES_16_MDR").Status == "overskredet"


@pytest.mark.parametrize("day, status", [(date(2026, 6, 30), "kommende"), (date(2026, 7, 1), "opfyldt")])
def test_the_16_month_joint_conversation_counts_only_after_the_first_6_months(face, day, status):
    """Decided from 001 l. 67-70 and Tabel 2 l. 455-460: the conversation plans the last part of the dagpenge
    period, so one held within the first 6 months (by 30 June for a 1 January start) does not count."""
    face.borger(kontaktgruppe=1, start=S, akasse="55")
    held(face, 17, day)
    assert krav(course(face, day), "DAGPENGE_FAELLES_16_MDR").Status == status


def test_dagpenge_joint_conversations_are_not_among_the_4_by_default(face):
    face.borger(kontaktgruppe=1, start=S, akasse="55")
    for day in (date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 10)):
        held(face, 17, day)
    assert krav(course(face, date(2026, 7, 1)), "FIRE_SAMTALER_6_MDR").Status == "overskredet"


def test_the_switch_counts_joint_conversations_among_the_4(face, monkeypatch):
    from service.rules import kontaktforloeb

    settings = replace(kontaktforloeb.indstillinger(), faellessamtaler_taeller_med_i_de_4=True)
    monkeypatch.setattr(kontaktforloeb, "indstillinger", lambda: settings)
    monkeypatch.setattr("service.domain.kontaktforloeb.indstillinger", lambda: settings)
    face.borger(kontaktgruppe=1, start=S, akasse="55")
    for day in (date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 10)):
        held(face, 17, day)
    assert krav(course(face, date(2026, 7, 1)), "FIRE_SAMTALER_6_MDR").Status == "opfyldt"


def test_dagpenge_first_conversation_after_the_cv_conversation(face):
    face.borger(kontaktgruppe=1, start=S, akasse="55")
    f = course(face, S)
    k = krav(f, "DAGPENGE_FOERSTE_EFTER_CV")
    assert (k.Status, k.Frist, k.ManglendeSamtaler) == ("kommende", None, 1)
    # A requirement with no date is still shown as owed.
    assert ("DAGPENGE_FOERSTE_EFTER_CV", 1, None) in {(u.KravIdentifier, u.ManglendeSamtaler, u.Frist) for u in f.Udestaaende}
    held(face, 10, date(2026, 1, 10), org=AKASSE)
    held(face, 7, date(2026, 1, 20))
    assert krav(course(face, date(2026, 1, 20)), "DAGPENGE_FOERSTE_EFTER_CV").Status == "opfyldt"


def test_dagpenge_first_conversation_without_cv_conversation_breaks_the_order(face):
    face.borger(kontaktgruppe=1, start=S, akasse="55")
    held(face, 7, date(2026, 1, 20))
    k = krav(course(face, date(2026, 1, 20)), "DAGPENGE_FOERSTE_EFTER_CV")
    assert k.Status == "forkert_raekkefoelge" and "001 Tabel 2 l. 429-431" in k.Statusforklaring


def test_exempt_days_move_the_deadline_and_show_as_fritaget(face):
    face.borger(kontaktgruppe=2, personkategori=4, start=S)
    face.dfdg.testsupport.SetDato(date(2026, 1, 3))
    # Borgerligt ombud (id 3) exempts KG 2 jobparat from Kontaktforløb? Use Barsel (id 8), which does.
    face.dfdg.fravaer.CreateFravaer(
        CPR,
        {"FravaerType": 8, "Startdato": date(2026, 1, 3), "Slutdato": date(2026, 1, 12), "Anmeldelsesdato": date(2026, 1, 3)},
        _soapheaders=face.dfdg.headers(),
    )
    identifier = face.dfdg.fravaer.GetAlleFravaer(CPR, _soapheaders=face.dfdg.headers())[0].FravaerIdentifier
    f = course(face, date(2026, 1, 5))
    k = krav(f, "FOERSTE_SAMTALE_1_UGE")
    assert (k.Status, k.OprindeligFrist, k.FritagneDage) == ("fritaget", date(2026, 1, 8), 10)
    assert k.Frist == date(2026, 1, 18) and f.FritagetForKontaktforloeb is True
    # Exempt until a date; the absence that moved the deadline, with its days.
    assert (k.FritagetTil, f.FritagetTil) == (date(2026, 1, 12), date(2026, 1, 12))
    assert [(a.FravaerIdentifier, a.FravaerType, a.Dage) for a in k.FritagendeFravaer] == [(identifier, 8, 10)]
    assert "flyttet fra 2026-01-08 til 2026-01-18 af 10 fritagne dage" in k.Statusforklaring
    assert "til og med 2026-01-12" in k.Statusforklaring
    assert krav(course(face, date(2026, 1, 13)), "FOERSTE_SAMTALE_1_UGE").Status == "kommende"
    held(face, 7, date(2026, 1, 18))
    assert krav(course(face, date(2026, 1, 18)), "FOERSTE_SAMTALE_1_UGE").Status == "opfyldt"


@pytest.mark.parametrize("kontaktgruppe", [8, 17])
def test_groups_without_a_contact_course(face, kontaktgruppe):
    face.borger(kontaktgruppe=kontaktgruppe, start=S)
    f = course(face, S)
    assert (f.Ydelse, f.Krav, f.IntetForloebAarsag) == (None, [], "kontaktgruppe_uden_kontaktforloeb")
    assert f"Kontaktgruppe {kontaktgruppe} " in f.Forklaring and "001 l. 402-404" in f.Forklaring


def test_no_contact_group_on_the_date(face):
    face.borger(kontaktgruppe=2, personkategori=4, start=S)
    f = course(face, S - timedelta(days=1))
    assert (f.Ydelse, f.Krav, f.IntetForloebAarsag) == (None, [], "ingen_kontaktgruppe")
    assert f.Forklaring.startswith("Ingen kontaktgruppe den 2025-12-31")


def _citizen(face, cpr, start, kommune="101"):
    face.dfdg.testsupport.OpretTestborger(
        Testborger={
            "PersonCivilRegistrationIdentifier": cpr,
            "Navn": "Test",
            "Kommunekode": kommune,
            "JobcenterKode": "10100",
            "Kontaktgruppehistorik": [{"KontaktgruppeType": 2, "Startdato": start, "Personkategori": 4}],
        }
    )


def test_measurement_of_a_small_municipality_computed_by_hand(face):
    start = date(2025, 6, 1)  # 7 months before the measurement date: inside the 6-9 month window
    _citizen(face, "0101801111", start)  # 4 conversations in the first 6 months: met
    _citizen(face, "0101802222", start)  # 2 conversations: not met
    _citizen(face, "0101803333", start)  # exempt more than half of the period: left out
    _citizen(face, "0101804444", date(2025, 11, 1))  # course only 2 months old: not measured
    _citizen(face, "0101805555", start, kommune="202")  # another municipality
    for day in (date(2025, 6, 3), date(2025, 7, 1), date(2025, 8, 1), date(2025, 11, 30)):
        held(face, 7, day, cpr="0101801111")
    for day in (date(2025, 6, 3), date(2025, 12, 1)):  # 1 December is after the first 6 months
        held(face, 7, day, cpr="0101802222")
    held(face, 7, date(2025, 6, 5), cpr="0101802222")
    face.dfdg.testsupport.SetDato(start)
    face.dfdg.fravaer.CreateFravaer(
        "0101803333",
        {"FravaerType": 8, "Startdato": start, "Slutdato": date(2025, 9, 30), "Anmeldelsesdato": start},
        _soapheaders=face.dfdg.headers(),
    )
    face.dfdg.testsupport.SetDato(date(2026, 1, 1))
    grupper = measure(face, date(2026, 1, 1))
    gruppe = grupper[("kontanthjaelp", "jobparat")]
    assert (gruppe.AntalBorgere, gruppe.AntalOpfyldt, gruppe.AntalUdeladt) == (2, 1, 1)
    # The average is over the whole course up to the date (004 l. 163-166): 4 and 3 conversations.
    assert (float(gruppe.Andel), float(gruppe.GennemsnitSamtaler)) == (0.5, 3.5)
    assert {(b.PersonCivilRegistrationIdentifier, b.Status, b.SamtalerIPerioden, b.SamtalerIForloebet) for b in gruppe.Borger} == {
        ("0101801111", "opfyldt", 4, 4),
        ("0101802222", "ikke_opfyldt", 2, 3),
        ("0101803333", "udeladt", 0, 0),
    }
    udeladt = next(b for b in gruppe.Borger if b.Status == "udeladt")
    assert udeladt.FritagneDage == 122 and "002 Kan ikke få førtidspension eller folkepension, l. 912-924" in udeladt.Aarsag
    # Target, window and period are stated; every measured benefit is listed, kontanthjælp per subgroup.
    assert (gruppe.MaalAntalSamtaler, gruppe.ForloebsstartFra, gruppe.ForloebsstartTil) == (4, date(2025, 4, 1), date(2025, 7, 1))
    assert "FIRE_SAMTALER_6_MDR" in gruppe.Maal and "004 l. 88-100" in gruppe.Kilde and "004 l. 148-152" in gruppe.Kilde
    assert set(grupper) == {
        ("dagpenge", None),
        ("kontanthjaelp", "jobparat"),
        ("kontanthjaelp", "aktivitetsparat"),
        ("uddannelseshjaelp", None),
        ("jobafklaring", None),
        ("ressourceforloeb", None),
        ("sygedagpenge", None),
        ("revalidering", None),
        ("ledighedsydelse", None),
    }
    assert all(g.AntalBorgere == 0 and g.Borger == [] for key, g in grupper.items() if key != ("kontanthjaelp", "jobparat"))


def measure(face, dato, org=(7, "101")):
    return {(g.Ydelse, g.Personkategori): g for g in face.opfoelgningsstatus("101", None, dato, org)}


@pytest.mark.parametrize(
    "dato, measured", [(date(2025, 11, 30), False), (date(2025, 12, 1), True), (date(2026, 3, 1), True), (date(2026, 3, 2), False)]
)
def test_measurement_window_holds_exactly_6_and_exactly_9_months(face, dato, measured):
    """004 l. 93-94 and 98-100: at least 6 and at most 9 months; a course started 1 June 2025 is measured from
    1 December 2025 to 1 March 2026, both included."""
    _citizen(face, "0101801111", date(2025, 6, 1))
    face.dfdg.testsupport.SetDato(dato)
    assert measure(face, dato)[("kontanthjaelp", "jobparat")].AntalBorgere == (1 if measured else 0)


def test_measurement_reports_jobparate_and_aktivitetsparate_apart(face):
    start = date(2025, 6, 1)
    _citizen(face, "0101801111", start)
    face.dfdg.testsupport.OpretTestborger(
        Testborger={
            "PersonCivilRegistrationIdentifier": "0101802222",
            "Navn": "Test",
            "Kommunekode": "101",
            "JobcenterKode": "10100",
            "Kontaktgruppehistorik": [{"KontaktgruppeType": 2, "Startdato": start, "Personkategori": 5}],
        }
    )
    face.dfdg.testsupport.SetDato(date(2026, 1, 1))
    grupper = measure(face, date(2026, 1, 1))
    assert [b.PersonCivilRegistrationIdentifier for b in grupper[("kontanthjaelp", "jobparat")].Borger] == ["0101801111"]
    assert [b.PersonCivilRegistrationIdentifier for b in grupper[("kontanthjaelp", "aktivitetsparat")].Borger] == ["0101802222"]
    assert ("kontanthjaelp", "oevrige") not in grupper  # a row of its own only when someone is in neither subgroup


def test_measurement_puts_kontanthjaelp_in_neither_subgroup_in_a_row_of_its_own(face):
    face.dfdg.testsupport.OpretTestborger(
        Testborger={
            "PersonCivilRegistrationIdentifier": "0101801111",
            "Navn": "Test",
            "Kommunekode": "101",
            "JobcenterKode": "10100",
            "Kontaktgruppehistorik": [{"KontaktgruppeType": 2, "Startdato": date(2025, 6, 1), "Personkategori": 8}],
        }
    )
    face.dfdg.testsupport.SetDato(date(2026, 1, 1))
    grupper = measure(face, date(2026, 1, 1))
    assert [b.PersonCivilRegistrationIdentifier for b in grupper[("kontanthjaelp", "oevrige")].Borger] == ["0101801111"]
    assert grupper[("kontanthjaelp", "jobparat")].AntalBorgere == grupper[("kontanthjaelp", "aktivitetsparat")].AntalBorgere == 0


def test_measurement_access_and_unit(face):
    code, violations, _ = refused(face.opfoelgningsstatus, "101", None, date(2026, 1, 1), org=(7, "202"))
    assert (code, violations[0]["RuleIdentifier"]) == (4575, "ADGANG")
    assert refused(face.opfoelgningsstatus, None, None, date(2026, 1, 1))[0] == 7033
    empty = face.opfoelgningsstatus(None, "10100", date(2026, 1, 1))
    assert len(empty) == 9 and all(g.AntalBorgere == 0 and g.AntalUdeladt == 0 for g in empty)


@pytest.mark.parametrize(
    "krav_id, frist, earlier",
    [("DAGPENGE_FAELLES_6_MDR", date(2026, 6, 30), [date(2026, 2, 1)]), ("DAGPENGE_FAELLES_16_MDR", date(2027, 5, 1), [])],
)
@pytest.mark.parametrize("late", [False, True])
def test_dagpenge_later_joint_conversations_met_on_the_last_day_missed_one_day_later(face, krav_id, frist, earlier, late):
    face.borger(kontaktgruppe=1, start=S, akasse="55")
    for day in earlier:
        held(face, 17, day)
    last = frist + timedelta(days=1) if late else frist
    held(face, 17, last)
    assert krav(course(face, last), krav_id).Status == ("overskredet" if late else "opfyldt")
