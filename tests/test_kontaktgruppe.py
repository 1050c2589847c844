"""KontaktgruppeService: contact groups 1-29, subgroups, one open group at a time, start today; the rules run
through both faces (SOAP with zeep, REST: the `face` fixture)."""

from datetime import date, timedelta

from tests.conftest import TODAY, refused


def _create(dfdg, cpr, kg, start=TODAY, personkategori=None, identifier=None):
    return dfdg.kontaktgruppe.CreateKontaktgruppe(
        cpr,
        {"KontaktgruppeIdentifier": identifier, "KontaktgruppeType": kg, "Startdato": start, "Personkategori": personkategori},
        _soapheaders=dfdg.headers(),
    )


def _opret(face, cpr, kg, start=TODAY, personkategori=None):
    return face.create_kontaktgruppe(cpr, kg, start, personkategori)


def test_create_kontaktgruppe_opens_a_group_from_today_with_its_subgroup(dfdg):
    cpr = dfdg.borger(kontaktgruppe=None)
    identifier = _create(dfdg, cpr, 2, personkategori=4).KontaktgruppeIdentifier
    [kg] = dfdg.kontaktgruppe.GetKontaktgrupper(cpr, _soapheaders=dfdg.headers())
    assert (kg.KontaktgruppeIdentifier, kg.KontaktgruppeType, kg.Startdato, kg.Slutdato) == (identifier, 2, TODAY, None)
    assert kg.Personkategorier[0].Personkategori == 4


def test_create_kontaktgruppe_must_start_today(face):
    cpr = face.borger(kontaktgruppe=None)
    assert refused(_opret, face, cpr, 2, start=TODAY - timedelta(days=1))[0] == 4703


def test_create_kontaktgruppe_unknown_group_is_refused(face):
    cpr = face.borger(kontaktgruppe=None)
    assert refused(_opret, face, cpr, 9)[0] == 2002
    assert refused(_opret, face, cpr, 30)[0] == 2002


def test_create_kontaktgruppe_ceased_group_is_refused(face):
    cpr = face.borger(kontaktgruppe=None)
    for ceased in (3, 6, 26, 28, 29):
        code, violations, _ = refused(_opret, face, cpr, ceased)
        assert (code, violations[0]["RuleIdentifier"]) == (2003, "KONTAKTGRUPPE_OPHOERT")


# 002 l. 7159-7194: "Udgår pr. 1. juli 2025 - der må fra 1.7.2025 ikke ske nyregistreringer"; their visitation
# groups are 002's rows l. 2451-2505 (26 and 29: jobparat 4, aktivitetsparat 5; 28: uddannelsesparate 1, 2 and 5).
CEASED_2025 = [(26, [4, 5]), (28, [1, 2, 5]), (29, [4, 5])]


def test_create_kontaktgruppe_ceased_2025_groups_are_accepted_the_day_before_with_their_subgroups(dfdg):
    dfdg.testsupport.SetDato(date(2025, 6, 30))
    for n, (kg, kategorier) in enumerate(CEASED_2025):
        for m, kategori in enumerate(kategorier):
            cpr = dfdg.borger(cpr=f"01018{n}{m}234", kontaktgruppe=None)
            _create(dfdg, cpr, kg, date(2025, 6, 30), personkategori=kategori)
            [group] = dfdg.kontaktgruppe.GetKontaktgrupper(cpr, _soapheaders=dfdg.headers())
            assert (group.KontaktgruppeType, group.Personkategorier[0].Personkategori) == (kg, kategori)
    cpr = dfdg.borger(cpr="0101809999", kontaktgruppe=None)
    code, violations, _ = refused(_create, dfdg, cpr, 26, date(2025, 6, 30), personkategori=1)
    assert (code, violations[0]["RuleIdentifier"]) == (4731, "PERSONKATEGORI_KOMBINATION")


def test_create_kontaktgruppe_ceased_2025_groups_are_refused_from_2025_07_01(dfdg):
    dfdg.testsupport.SetDato(date(2025, 7, 1))
    cpr = dfdg.borger(kontaktgruppe=None)
    for kg, kategorier in CEASED_2025:
        code, violations, _ = refused(_create, dfdg, cpr, kg, date(2025, 7, 1), personkategori=kategorier[0])
        assert code == 2003 and [v["RuleIdentifier"] for v in violations] == ["KONTAKTGRUPPE_OPHOERT"]
        assert "ophørt 2025-07-01" in violations[0]["Message"]


def test_create_kontaktgruppe_same_group_already_open_is_refused(face):
    cpr = face.borger(kontaktgruppe=24)
    assert refused(_opret, face, cpr, 24)[0] == 4644


def test_create_kontaktgruppe_change_ends_the_previous_group_the_day_before(dfdg):
    cpr = dfdg.borger(kontaktgruppe=24, personkategori=21)
    _create(dfdg, cpr, 25, personkategori=22)
    old, new = dfdg.kontaktgruppe.GetKontaktgrupper(cpr, _soapheaders=dfdg.headers())
    assert (old.KontaktgruppeType, old.Slutdato) == (24, TODAY - timedelta(days=1))
    assert old.Personkategorier[0].Slutdato == TODAY - timedelta(days=1)
    assert (new.KontaktgruppeType, new.Startdato, new.Slutdato) == (25, TODAY, None)
    assert dfdg.tilstand(cpr).AktuelKontaktgruppe.KontaktgruppeType == 25


def test_create_kontaktgruppe_subgroup_must_belong_to_the_group(face):
    cpr = face.borger(kontaktgruppe=None)
    assert refused(_opret, face, cpr, 2, personkategori=11)[0] == 4731  # match group in KG 2
    assert refused(_opret, face, cpr, 24, personkategori=4)[0] == 4731  # visitation group in KG 24
    assert refused(_opret, face, cpr, 1, personkategori=4)[0] == 4731  # KG 1 has no subgroup
    assert refused(_opret, face, cpr, 2, personkategori=99)[0] == 2002


def test_get_kontaktgrupper_reads_the_group_opened_over_either_face(face):
    cpr = face.borger(kontaktgruppe=None)
    identifier = _opret(face, cpr, 2, personkategori=4)
    [kg] = face.kontaktgrupper(cpr)
    assert (kg.KontaktgruppeIdentifier, kg.KontaktgruppeType, kg.Startdato, kg.Slutdato) == (identifier, 2, TODAY, None)
    assert [(p.Personkategori, p.Startdato, p.Slutdato) for p in kg.Personkategorier] == [(4, TODAY, None)]


def test_afslut_kontaktgruppe_ends_the_open_group(face):
    cpr = face.borger(kontaktgruppe=None)
    identifier = _opret(face, cpr, 8)
    face.afslut_kontaktgruppe(cpr, identifier, TODAY)
    assert face.kontaktgrupper(cpr)[0].Slutdato == TODAY


def test_afslut_kontaktgruppe_rules(face):
    cpr = face.borger(kontaktgruppe=None)
    identifier = _opret(face, cpr, 8)
    code, violations, _ = refused(face.afslut_kontaktgruppe, cpr, identifier, TODAY + timedelta(days=1))
    assert code == 7012 and violations[0]["Source"]
    assert refused(face.afslut_kontaktgruppe, cpr, identifier, TODAY - timedelta(days=1))[0] == 1003
    assert refused(face.afslut_kontaktgruppe, cpr, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", TODAY)[0] == 7019
    assert face.kontaktgrupper(cpr)[0].Slutdato is None


def test_afslut_kontaktgruppe_already_ended_is_refused(face):
    historik = [{"KontaktgruppeType": 8, "Startdato": date(2025, 1, 1), "Slutdato": date(2025, 6, 30)}]
    cpr = face.borger(historik=historik)
    [kg] = face.kontaktgrupper(cpr)
    assert refused(face.afslut_kontaktgruppe, cpr, kg.KontaktgruppeIdentifier, TODAY)[0] == 7017


def test_update_personkategori_takes_effect_today_and_keeps_history(face):
    cpr = face.borger(kontaktgruppe=2, personkategori=8)
    [kg] = face.kontaktgrupper(cpr)
    face.update_personkategori(cpr, kg.KontaktgruppeIdentifier, 5)
    [kg] = face.kontaktgrupper(cpr)
    assert [(p.Personkategori, p.Startdato, p.Slutdato) for p in kg.Personkategorier] == [
        (8, date(2025, 1, 1), TODAY - timedelta(days=1)),
        (5, TODAY, None),
    ]


def test_update_personkategori_wrong_combination_is_refused(face):
    cpr = face.borger(kontaktgruppe=7, personkategori=11)
    [kg] = face.kontaktgrupper(cpr)
    code, violations, _ = refused(face.update_personkategori, cpr, kg.KontaktgruppeIdentifier, 21)
    assert code == 4731 and violations[0]["RuleIdentifier"]
    assert [p.Personkategori for p in face.kontaktgrupper(cpr)[0].Personkategorier] == [11]


def test_subgroup_on_the_start_date_decides_the_sick_notice_row(dfdg):
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=8)
    assert refused(dfdg.sygemeld, cpr, TODAY)[0] == 4645
    [kg] = dfdg.kontaktgruppe.GetKontaktgrupper(cpr, _soapheaders=dfdg.headers())
    dfdg.kontaktgruppe.UpdatePersonkategori(cpr, kg.KontaktgruppeIdentifier, 5, _soapheaders=dfdg.headers())
    dfdg.sygemeld(cpr, TODAY)
