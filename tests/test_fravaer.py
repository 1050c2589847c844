"""FravaerService through zeep: create, update, delete, read, exemptions on a date (read through both faces, the
`face` fixture), and the special rules of 002."""

from datetime import date, timedelta

from tests.conftest import TODAY, parse_fault, refused

CPR = "0101801234"
AKASSE = (3, "55")


def _create(dfdg, fravaer_type, start=TODAY, slut=None, org=(8, "10100"), kommentar=None, cpr=CPR, **fields):
    fravaer = {
        "FravaerType": fravaer_type,
        "Startdato": start,
        "Slutdato": slut,
        "Anmeldelsesdato": TODAY,
        "Kommentar": kommentar,
        **fields,
    }
    return dfdg.fravaer.CreateFravaer(cpr, fravaer, _soapheaders=dfdg.headers(org)).FravaerIdentifier


def test_type_11_is_refused_with_a_pointer_to_sygemeldingservice(dfdg):
    dfdg.borger(kontaktgruppe=24)
    code, violations, message = refused(_create, dfdg, 11)
    assert code == 7020 and "SygemeldingService" in message


def test_unknown_absence_type_is_2002(dfdg):
    dfdg.borger(kontaktgruppe=24)
    assert refused(_create, dfdg, 5)[0] == 2002


def test_update_sets_end_date_and_checks_the_maximum_again(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    fid = _create(dfdg, 3)  # Borgerligt ombud: max. 3 mdr.
    dfdg.fravaer.UpdateFravaer(CPR, fid, Slutdato=date(2026, 6, 1), Kommentar="ændret", _soapheaders=dfdg.headers())
    stored = dfdg.fravaer.GetFravaer(CPR, fid, _soapheaders=dfdg.headers())
    assert (stored.Slutdato, stored.Kommentar) == (date(2026, 6, 1), "ændret")
    code, violations, _ = refused(dfdg.fravaer.UpdateFravaer, CPR, fid, Slutdato=date(2026, 6, 2), _soapheaders=dfdg.headers())
    assert violations[0]["RuleIdentifier"] == "FRAVAER_MAX_VARIGHED"
    assert refused(dfdg.fravaer.UpdateFravaer, CPR, fid, Slutdato=date(2026, 2, 28), _soapheaders=dfdg.headers())[0] == 1003


def test_update_does_not_judge_the_backdating_again_when_time_has_moved_on(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    fid = _create(dfdg, 3, start=TODAY - timedelta(days=7))
    dfdg.testsupport.SetDato(TODAY + timedelta(days=30))
    dfdg.fravaer.UpdateFravaer(CPR, fid, Slutdato=TODAY + timedelta(days=30), _soapheaders=dfdg.headers())


def test_delete_keeps_the_absence_marked_with_its_correction_comment(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    fid = _create(dfdg, 3)
    dfdg.fravaer.DeleteFravaer(CPR, fid, "Fejlregistrering", _soapheaders=dfdg.headers())
    stored = dfdg.fravaer.GetFravaer(CPR, fid, _soapheaders=dfdg.headers())
    assert (stored.Status, stored.Slettet, stored.Berigtigelseskommentar) == ("Slettet", True, "Fejlregistrering")
    assert refused(dfdg.fravaer.UpdateFravaer, CPR, fid, Kommentar="x", _soapheaders=dfdg.headers())[0] == 4632
    assert refused(dfdg.fravaer.DeleteFravaer, CPR, fid, "igen", _soapheaders=dfdg.headers())[0] == 4632


def test_delete_needs_a_correction_comment(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    fid = _create(dfdg, 3)
    status, body = dfdg.post(
        "FravaerService",
        (
            '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://service.bm.dk/FravaerService/2026/01/01/">'
            f"<e:Body><t:DeleteFravaerRequest><t:PersonCivilRegistrationIdentifier>{CPR}</t:PersonCivilRegistrationIdentifier>"
            f"<t:FravaerIdentifier>{fid}</t:FravaerIdentifier><t:Berigtigelseskommentar></t:Berigtigelseskommentar>"
            "</t:DeleteFravaerRequest></e:Body></e:Envelope>"
        ).encode(),
    )
    code, message = parse_fault(body)
    assert code == 1014 and "Berigtigelseskommentar" in message


def test_get_alle_fravaer_includes_sick_notices_ended_and_deleted_ones_marked(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    ended = _create(dfdg, 3, start=TODAY - timedelta(days=7), slut=TODAY - timedelta(days=1))
    deleted = _create(dfdg, 3)
    dfdg.fravaer.DeleteFravaer(CPR, deleted, "fejl", _soapheaders=dfdg.headers())
    sick = dfdg.sygemeld(CPR, TODAY).FravaerIdentifier
    statuses = {f.FravaerIdentifier: f.Status for f in dfdg.fravaer.GetAlleFravaer(CPR, _soapheaders=dfdg.headers())}
    assert statuses == {ended: "Afsluttet", deleted: "Slettet", sick: "Aktiv"}


def test_barsel_and_sorgorlov_must_not_overlap(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    _create(dfdg, 8, start=TODAY, slut=TODAY + timedelta(days=60))
    code, violations, _ = refused(_create, dfdg, 79, start=TODAY + timedelta(days=60), slut=TODAY + timedelta(days=90))
    assert (code, violations[0]["RuleIdentifier"]) == (7014, "FRAVAER_OVERLAP")
    _create(dfdg, 79, start=TODAY + timedelta(days=61), slut=TODAY + timedelta(days=90))


def test_sorgorlov_then_barsel_overlapping_is_refused_too(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    _create(dfdg, 79, start=TODAY, slut=TODAY + timedelta(days=30))
    assert refused(_create, dfdg, 8, start=TODAY + timedelta(days=10), slut=TODAY + timedelta(days=20))[0] == 7014


def test_a_deleted_absence_does_not_block_an_overlap(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    fid = _create(dfdg, 8, start=TODAY, slut=TODAY + timedelta(days=60))
    dfdg.fravaer.DeleteFravaer(CPR, fid, "fejl", _soapheaders=dfdg.headers())
    _create(dfdg, 79, start=TODAY, slut=TODAY + timedelta(days=30))


def test_an_akasse_may_register_only_the_types_003_paragraph_64_and_002_give_it(dfdg):
    dfdg.borger(kontaktgruppe=1, akasse="55")
    _create(dfdg, 2, slut=TODAY + timedelta(days=5), org=AKASSE)  # Midlertidigt arbejde
    _create(dfdg, 4, slut=TODAY + timedelta(days=5), org=AKASSE)  # Barsel (max. 14 dage)
    _create(dfdg, 3, slut=TODAY + timedelta(days=5), org=AKASSE)  # Borgerligt ombud
    _create(dfdg, 75, org=AKASSE)  # Kontaktforløb er hos a-kassen
    assert refused(_create, dfdg, 10, slut=TODAY + timedelta(days=5), org=AKASSE)[1][0]["RuleIdentifier"] == "FRAVAER_INDBERETTER"


def test_kontaktforloeb_hos_akassen_only_by_the_akasse(dfdg):
    dfdg.borger(kontaktgruppe=1, akasse="55")
    assert refused(_create, dfdg, 75)[1][0]["RuleIdentifier"] == "FRAVAER_INDBERETTER"


def test_start_date_must_be_today_for_fritaget_for_pligt_til_selvbook(dfdg):
    dfdg.borger(kontaktgruppe=1)
    slut = TODAY + timedelta(days=30)
    _create(dfdg, 56, slut=slut, kommentar="vurderet")
    assert (
        refused(_create, dfdg, 56, start=TODAY + timedelta(days=1), slut=slut, kommentar="vurderet")[1][0]["RuleIdentifier"]
        == "FRAVAER_FREMDATERING"
    )
    assert (
        refused(_create, dfdg, 56, start=TODAY - timedelta(days=1), slut=slut, kommentar="vurderet")[1][0]["RuleIdentifier"]
        == "FRAVAER_TILBAGEDATERING"
    )


def test_mandatory_comment(dfdg):
    dfdg.borger(kontaktgruppe=1)
    assert refused(_create, dfdg, 56, slut=TODAY)[1][0]["RuleIdentifier"] == "FRAVAER_KOMMENTAR"


def test_barsel_may_start_at_most_30_days_ahead(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    _create(dfdg, 8, start=TODAY + timedelta(days=30))
    assert refused(_create, dfdg, 8, start=TODAY + timedelta(days=31))[1][0]["RuleIdentifier"] == "FRAVAER_FREMDATERING"


def test_under_18_lasts_until_the_18th_birthday(dfdg):
    cpr = "0101104000"  # born 1 January 2010
    dfdg.borger(cpr=cpr, kontaktgruppe=2, personkategori=4)
    _create(dfdg, 6, slut=date(2028, 1, 1), cpr=cpr)
    code, violations, message = refused(_create, dfdg, 6, slut=date(2028, 1, 2), cpr=cpr)
    assert violations[0]["RuleIdentifier"] == "FRAVAER_MAX_VARIGHED" and "18" in message


def test_closed_type_is_refused(dfdg):
    dfdg.borger(kontaktgruppe=24)
    assert "FRAVAER_LUKKET" in {v["RuleIdentifier"] for v in refused(_create, dfdg, 80)[1]}


def test_type_closed_for_start_dates_from_1_july_2025(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    assert "FRAVAER_LUKKET" in {v["RuleIdentifier"] for v in refused(_create, dfdg, 62)[1]}


def test_the_contact_group_on_the_start_date_decides(dfdg):
    historik = [
        {"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1), "Slutdato": date(2026, 2, 27)},
        {"KontaktgruppeType": 2, "Startdato": date(2026, 2, 28), "Personkategori": 4},
    ]
    dfdg.borger(historik=historik)
    # Midlertidigt arbejde: KG 2 jobparat has a row, KG 24 has none.
    _create(dfdg, 2, start=date(2026, 2, 28), slut=date(2026, 3, 5))
    assert refused(_create, dfdg, 2, start=date(2026, 2, 27), slut=date(2026, 3, 5))[0] == 4645


def test_get_fritagelser_lists_duties_and_their_causes(face):
    face.borger(kontaktgruppe=2, personkategori=4, tilmeldt=True)
    barsel = _create(face.dfdg, 8, start=TODAY)
    f = face.fritagelser(CPR, TODAY)
    pligter = {x.Pligt: [a.FravaerIdentifier for a in x.Aarsag] for x in f.Fritagelse}
    assert pligter["Kontaktforløb"] == [barsel] and "Tilmelding" in pligter
    assert (f.KontaktgruppeType, f.Personkategori) == (2, "jobparat")
    assert "Administrativ markering" not in pligter
    # Each exemption carries the row's legal basis and deregistration (002 l. 1371-1387, KG 2 jobparat).
    [aarsag] = next(x.Aarsag for x in f.Fritagelse if x.Pligt == "Kontaktforløb")
    assert aarsag.Hjemmel.startswith("Lov om aktiv socialpolitik § 13, stk. 9") and aarsag.Kilde == "002 l. 1371-1387"
    assert (aarsag.Afmeldes, aarsag.AfmeldesNote) == ("nej", None)


def test_get_fritagelser_gives_the_deregistration_note(face):
    face.borger(cpr="0101802222", kontaktgruppe=2, personkategori=4, tilmeldt=True)
    face.sygemeld("0101802222", TODAY)  # KG 2 jobparat sick notice: Afmeldes
    aarsager = [a for x in face.fritagelser("0101802222", TODAY).Fritagelse for a in x.Aarsag]
    assert aarsager and {(a.Afmeldes, a.AfmeldesNote, a.Kilde) for a in aarsager} == {
        ("ja", "borgere i løntilskud afmeldes dog først ved evt. skift til SDP-modtager", "002 l. 5820-5840")
    }
    assert all(a.Hjemmel.startswith("Bekendtgørelse om en aktiv beskæftigelsesindsats 49, stk. 1") for a in aarsager)


def test_get_fritagelser_ignores_deleted_ended_and_future_absences(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    deleted = _create(face.dfdg, 8)
    face.dfdg.fravaer.DeleteFravaer(CPR, deleted, "fejl", _soapheaders=face.dfdg.headers())
    _create(face.dfdg, 3, start=TODAY - timedelta(days=5), slut=TODAY - timedelta(days=1))
    _create(face.dfdg, 8, start=TODAY + timedelta(days=10))
    assert face.fritagelser(CPR, TODAY).Fritagelse == []
    assert face.fritagelser(CPR, TODAY + timedelta(days=10)).Fritagelse


def test_get_fritagelser_reports_the_registration_status_on_the_date(face):
    face.borger(kontaktgruppe=2, personkategori=4, tilmeldt=True)
    face.sygemeld(CPR, TODAY)  # KG 2 jobparat: Afmeldes
    assert face.fritagelser(CPR, TODAY - timedelta(days=1)).TilmeldtSomJobsoegende is True
    assert face.fritagelser(CPR, TODAY).TilmeldtSomJobsoegende is False


def test_absence_registered_before_a_change_of_group_keeps_exempting_by_its_start_row(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    _create(dfdg, 79)  # Sorgorlov has no row for KG 24 (002 l. 878-886: it survives the change)
    dfdg.kontaktgruppe.CreateKontaktgruppe(CPR, {"KontaktgruppeType": 24, "Startdato": TODAY}, _soapheaders=dfdg.headers())
    dfdg.testsupport.SetDato(TODAY + timedelta(days=1))
    f = dfdg.fravaer.GetFritagelser(CPR, TODAY + timedelta(days=1), _soapheaders=dfdg.headers())
    assert f.KontaktgruppeType == 24 and "Kontaktforløb" in {x.Pligt for x in f.Fritagelse}


def test_fravaer_access_is_the_callers_own_citizens(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    assert refused(_create, dfdg, 3, org=(8, "20200"))[0] == 4575
    assert refused(dfdg.fravaer.GetAlleFravaer, CPR, _soapheaders=dfdg.headers((8, "20200")))[0] == 4575


def test_backdating_stops_at_the_last_job_cv_or_follow_up_conversation(dfdg):
    from datetime import datetime

    from service.domain.clock import COPENHAGEN

    dfdg.borger(kontaktgruppe=2, personkategori=4)
    held = TODAY - timedelta(days=3)
    dfdg.samtale.CreateSamtale(
        CPR,
        {
            "SamtaleType": 7,
            "Afholdelsestidspunkt": datetime(held.year, held.month, held.day, 10, tzinfo=COPENHAGEN),
            "Samtaleform": 1,
            "AftaleOmDetVidereForloeb": "Næste samtale om 4 uger",
        },
        _soapheaders=dfdg.headers(),
    )
    # Barsel: "D.d. - 8 uger, dog maks. til sidste samtale (job-, CV- eller opfølgning)".
    code, violations, _ = refused(_create, dfdg, 8, start=held - timedelta(days=1))
    assert violations[0]["RuleIdentifier"] == "FRAVAER_TILBAGE_SIDSTE_SAMTALE"
    _create(dfdg, 8, start=held)
