"""TestSupportService and KodelisteService: citizens with history, business date, reset, read-out, code lists."""

from datetime import date

from tests.conftest import TODAY, refused


def test_opret_testborger_with_a_past_history_and_read_it_back(dfdg):
    historik = [
        {"KontaktgruppeType": 1, "Startdato": date(2024, 1, 1), "Slutdato": date(2025, 12, 31)},
        {"KontaktgruppeType": 25, "Startdato": date(2026, 1, 1), "Personkategori": 22},
    ]
    cpr = dfdg.borger(historik=historik, akasse="55")
    tilstand = dfdg.tilstand(cpr)
    assert tilstand.Borger.AkasseKode == "55"
    assert [(k.KontaktgruppeType, k.Slutdato) for k in tilstand.Kontaktgruppe] == [(1, date(2025, 12, 31)), (25, None)]
    assert tilstand.AktuelKontaktgruppe.Personkategorier[0].Personkategori == 22
    assert tilstand.TilmeldtSomJobsoegende is True


def test_opret_testborger_twice_is_refused(dfdg):
    cpr = dfdg.borger()
    assert refused(dfdg.borger, cpr)[0] == 7016


def test_opret_testborger_overlapping_history_is_refused(dfdg):
    historik = [{"KontaktgruppeType": 1, "Startdato": date(2024, 1, 1)}, {"KontaktgruppeType": 25, "Startdato": date(2026, 1, 1)}]
    assert refused(dfdg.borger, historik=historik)[0] == 4644


def test_opret_testborger_ceased_group_with_its_visitation_group_before_it_ceased(dfdg):
    # 002 l. 7159-7194 and its rows l. 2451-2505: KG 26 Jobparat (4) until 2025-06-30 is history, not a new registration.
    dfdg.borger(
        cpr="0101801234",
        historik=[
            {"KontaktgruppeType": 26, "Startdato": date(2025, 1, 1), "Slutdato": date(2025, 6, 30), "Personkategori": 4},
            {"KontaktgruppeType": 2, "Startdato": date(2025, 7, 1), "Personkategori": 4},
        ],
    )
    assert [g.KontaktgruppeType for g in dfdg.kontaktgruppe.GetKontaktgrupper("0101801234", _soapheaders=dfdg.headers())] == [26, 2]
    code, violations, _ = refused(
        dfdg.borger, cpr="0202802345", historik=[{"KontaktgruppeType": 26, "Startdato": date(2025, 7, 1), "Personkategori": 4}]
    )
    assert [v["RuleIdentifier"] for v in violations] == ["KONTAKTGRUPPE_OPHOERT"]


def test_opret_testborger_ceased_group_only_before_it_ceased(dfdg):
    dfdg.borger(cpr="0101801234", historik=[{"KontaktgruppeType": 26, "Startdato": date(2024, 1, 1), "Slutdato": date(2025, 6, 30)}])
    assert refused(dfdg.borger, cpr="0202802345", historik=[{"KontaktgruppeType": 26, "Startdato": date(2025, 7, 1)}])[0] == 2003


def test_opret_testborger_invalid_cpr_is_refused(dfdg):
    assert refused(dfdg.borger, cpr="3102801234")[0] == 1001
    assert refused(dfdg.borger, cpr="0000000000")[0] == 1001


def test_set_dato_moves_today_for_every_rule(dfdg):
    cpr = dfdg.borger(kontaktgruppe=24)
    assert dfdg.testsupport.SetDato(date(2026, 6, 30)) == date(2026, 6, 30)
    assert dfdg.testsupport.GetDato() == date(2026, 6, 30)
    assert refused(dfdg.sygemeld, cpr, TODAY, Anmeldelsesdato=date(2026, 6, 30))[0] == 4685
    dfdg.sygemeld(cpr, date(2026, 5, 1), Anmeldelsesdato=date(2026, 6, 30))


def test_nulstil_empties_everything_and_the_business_date(dfdg):
    cpr = dfdg.borger()
    dfdg.testsupport.Nulstil()
    assert refused(dfdg.tilstand, cpr)[0] == 1010
    assert dfdg.testsupport.GetDato() == date(2026, 1, 1)  # FixedClock's date: no SetDato any more


def test_get_tilstand_unknown_citizen(dfdg):
    assert refused(dfdg.tilstand, "0101801234")[0] == 1010


def test_kodeliste_publishes_contact_groups_with_cessation_and_the_error_catalogue(dfdg):
    [kontaktgrupper] = dfdg.kodeliste.GetKodeliste("Kontaktgruppe")
    groups = {k.Vaerdi: k for k in kontaktgrupper.Kode}
    assert set(groups) == set(range(1, 30)) - {9}
    assert groups[26].GyldigTil == date(2025, 7, 1) and groups[24].GyldigTil is None
    [fejlkoder] = dfdg.kodeliste.GetKodeliste("Fejlkode")
    assert {1014, 4575, 4685, 7001} <= {k.Vaerdi for k in fejlkoder.Kode}
    assert len(dfdg.kodeliste.GetKodeliste()) == 12  # CvGodkendelsesstatus (issue 13)


def test_an_unknown_code_list_is_2001(dfdg):
    code, violations, message = refused(dfdg.kodeliste.GetKodeliste, "Findesikke")
    assert (code, violations[0]["RuleIdentifier"], violations[0]["Field"]) == (2001, "KODELISTE_UKENDT", "Navn")
    assert "Findesikke" in message and "Kontaktgruppe" in message


def test_reset_command_empties_a_database(tmp_path):
    from service.cli import main
    from service.domain.model import Borger
    from service.store.sql import Store

    url = f"sqlite:///{tmp_path / 'reset.db'}"
    store = Store(url)
    with store.transaction() as repo:
        repo.add_borger(Borger(cpr="0101801234", navn="Test", kommunekode="101", jobcenterkode="10100"))
    assert main(["reset", "--database-url", url]) == 0
    with store.transaction() as repo:
        assert repo.get_borger("0101801234") is None
    store.dispose()
