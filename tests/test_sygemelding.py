"""SygemeldingService: source 002's rules for "Sygdom – Sygemelding" (id 11), one rule per test; the rules of every
operation run through both faces (SOAP with zeep, REST: the `face` fixture)."""

from datetime import date, timedelta

import pytest

from tests.conftest import TODAY, refused

KSD = (9, "101")
AKASSE = (3, "55")
STAR = (1, "1")
EMPLOYER = {"CVRnummer": "12345678", "Pnummer": "1234567890"}


def test_create_sygemelding_60_days_back_is_accepted(dfdg):
    cpr = dfdg.borger(kontaktgruppe=24)
    result = dfdg.sygemeld(cpr, TODAY - timedelta(days=60), Arbejdsgiver=EMPLOYER)
    assert result.FravaerIdentifier
    assert result.ServiceReceipt.MessageIdentifier
    [fravaer] = dfdg.tilstand(cpr).Fravaer
    assert (fravaer.FravaerType, fravaer.Startdato, fravaer.Arbejdsgiver.CVRnummer) == (11, date(2025, 12, 31), "12345678")


def test_create_sygemelding_61_days_back_is_refused_naming_the_60_day_rule_and_source_002(face):
    cpr = face.borger(kontaktgruppe=24)
    code, violations, message = refused(face.sygemeld, cpr, TODAY - timedelta(days=61), Arbejdsgiver=EMPLOYER)
    assert code == 4685
    assert "60 dage" in message
    [v] = violations
    assert v["RuleIdentifier"] == "FRAVAER_TILBAGEDATERING"
    assert v["Field"] == "Sygemelding/Startdato"
    assert v["Source"].startswith("002 Sygdom – Sygemelding")
    assert face.tilstand(cpr).Fravaer == []


def test_create_sygemelding_from_ksd_has_no_backdating_limit(face):
    cpr = face.borger(kontaktgruppe=24)
    face.sygemeld(cpr, date(2025, 1, 2), org=KSD)
    assert face.tilstand(cpr).Fravaer[0].Startdato == date(2025, 1, 2)


def test_create_sygemelding_from_akasse_is_limited_to_60_days(face):
    cpr = face.borger(kontaktgruppe=1, akasse="55")
    face.sygemeld(cpr, TODAY - timedelta(days=60), org=AKASSE)
    code, violations, _ = refused(face.sygemeld, cpr, TODAY - timedelta(days=61), org=AKASSE)
    assert code == 4685


def test_create_sygemelding_for_a_group_without_a_row_is_refused(face):
    # KG 2 rows name the visitation group (jobparat/aktivitetsparat); not yet visited has none.
    cpr = face.borger(kontaktgruppe=2, personkategori=8)
    code, violations, _ = refused(face.sygemeld, cpr, TODAY)
    assert code == 4645
    assert violations[0]["RuleIdentifier"] == "FRAVAER_KONTAKTGRUPPE"


def test_create_sygemelding_judges_the_contact_group_on_the_start_date(face):
    historik = [
        {"KontaktgruppeType": 2, "Startdato": date(2025, 1, 1), "Slutdato": date(2026, 1, 31), "Personkategori": 8},
        {"KontaktgruppeType": 24, "Startdato": date(2026, 2, 1)},
    ]
    cpr = face.borger(historik=historik)
    face.sygemeld(cpr, date(2026, 2, 1))
    assert refused(face.sygemeld, cpr, date(2026, 1, 31))[0] == 4645


def test_create_sygemelding_without_contact_group_on_start_date_is_refused(face):
    cpr = face.borger(kontaktgruppe=None)
    assert refused(face.sygemeld, cpr, TODAY)[0] == 4686


def test_create_sygemelding_kg2_jobparat_lasts_at_most_3_months(face):
    cpr = face.borger(kontaktgruppe=2, personkategori=4)
    face.sygemeld(cpr, date(2026, 2, 1), Slutdato=date(2026, 5, 1))
    code, violations, _ = refused(face.sygemeld, cpr, date(2026, 2, 1), Slutdato=date(2026, 5, 2))
    assert code == 7003
    assert violations[0]["Source"] == "002 l. 5820-5840"


def test_create_sygemelding_kg10_lasts_at_most_60_days(face):
    cpr = face.borger(kontaktgruppe=10)
    face.sygemeld(cpr, date(2026, 2, 1), Slutdato=date(2026, 2, 1) + timedelta(days=60))
    assert refused(face.sygemeld, cpr, date(2026, 2, 1), Slutdato=date(2026, 2, 1) + timedelta(days=61))[0] == 7003


def test_create_sygemelding_kg1_has_no_maximum_duration(face):
    cpr = face.borger(kontaktgruppe=1)
    face.sygemeld(cpr, date(2026, 2, 1), Slutdato=date(2027, 2, 1))


def test_create_sygemelding_end_before_start_is_refused(face):
    cpr = face.borger(kontaktgruppe=24)
    assert refused(face.sygemeld, cpr, date(2026, 2, 10), Slutdato=date(2026, 2, 9))[0] == 1003


def test_create_sygemelding_notification_date_after_today_is_refused(face):
    cpr = face.borger(kontaktgruppe=24)
    assert refused(face.sygemeld, cpr, TODAY, Anmeldelsesdato=TODAY + timedelta(days=1))[0] == 7012


def test_create_sygemelding_reports_every_broken_rule_at_once(face):
    cpr = face.borger(kontaktgruppe=2, personkategori=4)
    code, violations, message = refused(
        face.sygemeld, cpr, TODAY - timedelta(days=61), Slutdato=TODAY + timedelta(days=90), Anmeldelsesdato=TODAY + timedelta(days=1)
    )
    assert {v["RuleIdentifier"] for v in violations} == {"ANMELDELSESDATO_FREMTID", "FRAVAER_TILBAGEDATERING", "FRAVAER_MAX_VARIGHED"}
    assert message.startswith("3 regler er brudt")


def test_create_sygemelding_deregisters_where_the_table_says_afmeldes(face):
    cpr = face.borger(kontaktgruppe=2, personkategori=4, tilmeldt=True)
    face.sygemeld(cpr, TODAY)
    tilstand = face.tilstand(cpr)
    assert tilstand.TilmeldtSomJobsoegende is False
    assert tilstand.Tilmeldingshaendelse[-1].Fra == TODAY
    assert "Afmeldes" in tilstand.Tilmeldingshaendelse[-1].Aarsag


def test_create_sygemelding_keeps_registration_where_the_table_does_not_deregister(face):
    cpr = face.borger(kontaktgruppe=24, tilmeldt=True)
    face.sygemeld(cpr, TODAY)
    assert face.tilstand(cpr).TilmeldtSomJobsoegende is True


def test_create_sygemelding_with_own_identifier_twice_is_refused(face):
    cpr = face.borger(kontaktgruppe=24)
    own = "0b7a3c1e-2f4d-4e5a-9b6c-7d8e9f0a1b2c"
    assert face.sygemeld(cpr, TODAY, FravaerIdentifier=own).FravaerIdentifier == own
    assert refused(face.sygemeld, cpr, TODAY, FravaerIdentifier=own)[0] == 4977


def test_create_sygemelding_by_citizen_on_jobnet_is_allowed(dfdg):
    cpr = dfdg.borger(kontaktgruppe=8)
    dfdg.sygemelding.CreateSygemelding(
        PersonCivilRegistrationIdentifier=cpr,
        Sygemelding={"Startdato": TODAY, "Anmeldelsesdato": TODAY},
        _soapheaders=dfdg.headers(STAR, user_type=1, user_identifier=cpr),
    )
    assert len(dfdg.tilstand(cpr).Fravaer) == 1


def _open(face, kontaktgruppe=24, employer=True):
    cpr = face.borger(kontaktgruppe=kontaktgruppe)
    fields = {"Arbejdsgiver": EMPLOYER} if employer else {}
    return cpr, face.sygemeld(cpr, date(2026, 2, 1), **fields).FravaerIdentifier


def test_raskmeld_sets_the_last_sick_day_and_closes_the_notice(face):
    cpr, fid = _open(face)
    face.raskmeld(cpr, fid, date(2026, 2, 27))
    assert face.tilstand(cpr).Fravaer[0].Slutdato == date(2026, 2, 27)


def test_get_sygemelding_reads_the_notice_over_soap(dfdg):
    cpr, fid = _open(dfdg)
    dfdg.sygemelding.Raskmeld(cpr, fid, date(2026, 2, 27), _soapheaders=dfdg.headers())
    fravaer = dfdg.sygemelding.GetSygemelding(cpr, fid, _soapheaders=dfdg.headers()).Sygemelding
    assert (fravaer.Slutdato, fravaer.Arbejdsgiver.CVRnummer) == (date(2026, 2, 27), "12345678")


def test_raskmeld_twice_is_refused(face):
    cpr, fid = _open(face)
    face.raskmeld(cpr, fid, TODAY)
    code, violations, _ = refused(face.raskmeld, cpr, fid, TODAY)
    assert (code, violations[0]["RuleIdentifier"]) == (7007, "SYGEMELDING_IKKE_AABEN")


def test_raskmeld_before_start_or_after_today_is_refused(face):
    cpr, fid = _open(face)
    assert refused(face.raskmeld, cpr, fid, date(2026, 1, 31))[0] == 1003
    assert refused(face.raskmeld, cpr, fid, TODAY + timedelta(days=1))[0] == 7012


def test_raskmeld_of_unknown_or_other_citizens_notice_is_refused(face):
    cpr, fid = _open(face)
    other = face.borger(cpr="0202802345", kontaktgruppe=24)
    assert refused(face.raskmeld, other, fid, TODAY)[0] == 4632
    assert refused(face.raskmeld, cpr, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", TODAY)[0] == 4632


def test_thirteen_weeks_expectation_for_kg24_with_employer_is_accepted(face):
    cpr, fid = _open(face, 24)
    yid = face.yderligere(cpr, fid, ForventetRaskmeldingInden13Uger=True)
    [info] = face.get_sygemelding(cpr, fid).YderligereInformation
    assert (info.YderligereInformationIdentifier, info.ForventetRaskmeldingInden13Uger) == (yid, True)


def test_thirteen_weeks_expectation_needs_kg24(face):
    cpr, fid = _open(face, 25)
    code, violations, _ = refused(face.yderligere, cpr, fid, ForventetRaskmeldingInden13Uger=True)
    assert (code, violations[0]["RuleIdentifier"]) == (7010, "YDERLIGERE_13_UGER_KG24")
    assert "002" in violations[0]["Source"] and violations[0]["Field"]
    assert face.get_sygemelding(cpr, fid).YderligereInformation == []


def test_thirteen_weeks_expectation_needs_an_employer_on_the_notice(face):
    cpr, fid = _open(face, 24, employer=False)
    assert (
        refused(face.yderligere, cpr, fid, ForventetRaskmeldingInden13Uger=True)[1][0]["RuleIdentifier"]
        == "YDERLIGERE_13_UGER_ARBEJDSGIVER"
    )


def test_partial_recovery_for_jobafklaring_is_accepted(face):
    cpr, fid = _open(face, 13, employer=False)
    face.yderligere(cpr, fid, DelvisRaskmeldt={"Startdato": TODAY, "TimerPrUge": 15})
    info = face.tilstand(cpr).YderligereInformation[0]
    assert (info.DelvisRaskmeldt.Startdato, info.DelvisRaskmeldt.TimerPrUge) == (TODAY, 15)


def test_partial_recovery_needs_kg13(face):
    cpr, fid = _open(face, 24)
    assert refused(face.yderligere, cpr, fid, DelvisRaskmeldt={"Startdato": TODAY})[1][0]["RuleIdentifier"] == "YDERLIGERE_DELVIS_KG13"


def test_additional_information_needs_one_of_the_two_facts(face):
    cpr, fid = _open(face, 24)
    assert refused(face.yderligere, cpr, fid, Kommentar="intet")[0] == 7009


def test_additional_information_only_from_jobcentre_or_municipality(face):
    cpr = face.borger(kontaktgruppe=24, akasse="55")
    fid = face.sygemeld(cpr, TODAY, Arbejdsgiver=EMPLOYER).FravaerIdentifier
    assert refused(face.yderligere, cpr, fid, org=AKASSE, ForventetRaskmeldingInden13Uger=True)[0] == 7015


def test_additional_information_on_a_closed_notice_is_refused(face):
    cpr, fid = _open(face, 24)
    face.raskmeld(cpr, fid, TODAY)
    assert refused(face.yderligere, cpr, fid, ForventetRaskmeldingInden13Uger=True)[0] == 7007


def test_additional_information_on_another_absence_type_is_refused(face):
    cpr, _ = _open(face, 24)
    assert refused(face.yderligere, cpr, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", ForventetRaskmeldingInden13Uger=True)[0] == 4632


def test_update_additional_information_replaces_the_facts_and_checks_them_again(face):
    cpr, fid = _open(face, 24)
    yid = face.yderligere(cpr, fid, ForventetRaskmeldingInden13Uger=True)
    face.update_yderligere(cpr, fid, yid, ForventetRaskmeldingInden13Uger=False, Kommentar="ny vurdering")
    [info] = face.get_sygemelding(cpr, fid).YderligereInformation
    assert (info.ForventetRaskmeldingInden13Uger, info.Kommentar) == (False, "ny vurdering")
    assert refused(face.update_yderligere, cpr, fid, yid, DelvisRaskmeldt={"Startdato": TODAY})[0] == 7010


def test_delete_additional_information_hides_it_but_keeps_it_in_the_state(face):
    cpr, fid = _open(face, 24)
    yid = face.yderligere(cpr, fid, ForventetRaskmeldingInden13Uger=True)
    face.delete_yderligere(cpr, yid)
    assert face.get_sygemelding(cpr, fid).YderligereInformation == []
    assert face.tilstand(cpr).YderligereInformation[0].Slettet is True
    assert refused(face.delete_yderligere, cpr, yid)[0] == 7011


@pytest.mark.parametrize(
    "org, allowed",
    [
        ((8, "10100"), True),
        ((8, "20200"), False),
        ((7, "101"), True),
        ((7, "202"), False),
        ((1, "1"), True),
        ((3, "55"), True),
        ((3, "66"), False),
        ((9, "101"), True),
        ((4, "10100"), True),
        ((4, "20200"), False),
        ((24, "12345678"), False),
    ],
)
def test_access_jobcentre_municipality_own_citizens_akasse_own_members_star_all(face, org, allowed):
    cpr = face.borger(kontaktgruppe=24, akasse="55")
    if allowed:
        face.sygemeld(cpr, TODAY, org=org)
    else:
        code, violations, _ = refused(face.sygemeld, cpr, TODAY, org=org)
        assert (code, violations[0]["RuleIdentifier"]) == (4575, "ADGANG")
