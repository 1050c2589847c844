"""SamtaleService through zeep: legality per group and health status (000, generated), 003 § 25, DFDG's resetting order."""

from datetime import date, datetime, timedelta

import pytest

from service.domain.clock import COPENHAGEN
from service.rules.fravaertyper import kontaktgruppetyper, personkategorier
from service.rules.samtaler import kun_akasse, legalitet, samtaletyper
from tests.conftest import TODAY, refused

CPR = "0101801234"
AKASSE = (3, "55")
KODE = {p.noegle: p.kode for p in personkategorier().values()}


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=COPENHAGEN)


def _samtale(dfdg, samtale_type, afholdt=None, org=(8, "10100"), cpr=CPR, **fields):
    samtale = {"SamtaleType": samtale_type, "Afholdelsestidspunkt": afholdt or at(TODAY), "Samtaleform": 1, **fields}
    return dfdg.samtale.CreateSamtale(cpr, samtale, _soapheaders=dfdg.headers(org)).SamtaleIdentifier


def _subgroup_with_sick_row(kg: int) -> int | None:
    """A subgroup for which the citizen can be registered sick (type 11 has a row), or none."""
    from service.rules.fravaertyper import fravaertyper

    for key in (None, *kontaktgruppetyper()[kg].personkategorier):
        if fravaertyper()[11].raekke_for(kg, key):
            return KODE.get(key)
    return None


GROUPS = [g.id for g in kontaktgruppetyper().values() if g.ophoert is None]
CASES = [(kg, syg, t) for kg in GROUPS for syg in (False, True) for t in sorted(samtaletyper())]


@pytest.mark.parametrize("kontaktgruppe, syg, samtale_type", CASES,
                         ids=[f"kg{kg}-{'syg' if syg else 'rask'}-type{t}" for kg, syg, t in CASES])
def test_legality_table_for_every_group_status_and_type(dfdg, kontaktgruppe, syg, samtale_type):
    dfdg.borger(kontaktgruppe=kontaktgruppe, personkategori=_subgroup_with_sick_row(kontaktgruppe), akasse="55")
    if syg:
        dfdg.sygemeld(CPR, TODAY - timedelta(days=1), org=(1, "1"))
    row = legalitet(kontaktgruppe, syg)
    org = AKASSE if row is not None and samtale_type in row.kun_akasse else (8, "10100")
    if row is not None and samtale_type in row.samtaletyper:
        identifier = _samtale(dfdg, samtale_type, org=org)
        [stored] = dfdg.samtale.GetSamtaler(CPR, _soapheaders=dfdg.headers())
        assert (stored.SamtaleIdentifier, stored.SamtaleType) == (identifier, samtale_type)
    else:
        code, violations, _ = refused(_samtale, dfdg, samtale_type, org=org)
        assert (code, violations[0]["RuleIdentifier"]) == (4709, "SAMTALE_IKKE_LOVLIG")


@pytest.mark.parametrize("samtale_type", sorted(kun_akasse()))
def test_cv_and_availability_conversations_only_from_the_akasse(dfdg, samtale_type):
    dfdg.borger(kontaktgruppe=1, akasse="55")
    _samtale(dfdg, samtale_type, org=AKASSE)
    code, violations, _ = refused(_samtale, dfdg, samtale_type, afholdt=at(TODAY, 11))
    assert (code, violations[0]["RuleIdentifier"]) == (7021, "SAMTALE_KUN_AKASSE")
    assert "000 l. 30-36" in violations[0]["Source"] and "kontaktgruppe 1" in violations[0]["Message"]


@pytest.mark.parametrize("kontaktgruppe, personkategori", [(8, None), (23, None), (27, 4)])
def test_a_jobcentre_registers_its_own_cv_conversation_outside_kg_1(dfdg, kontaktgruppe, personkategori):
    """The boundary of 000's remark: KG 1 only (000 l. 30-36); KG 8, 23, 27 list CV-samtale without it (l. 229, 547, 656)."""
    dfdg.borger(kontaktgruppe=kontaktgruppe, personkategori=personkategori)
    assert _samtale(dfdg, 10)
    assert dfdg.samtale.GetSamtaler(CPR, _soapheaders=dfdg.headers())[0].SamtaleType == 10


def test_at_most_7_days_back(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    _samtale(dfdg, 7, afholdt=at(TODAY - timedelta(days=7), 0, 0))
    code, violations, _ = refused(_samtale, dfdg, 7, afholdt=at(TODAY - timedelta(days=8), 23, 59))
    assert (code, violations[0]["Source"]) == (7022, "003 § 25 stk. 2 (l. 717)")


def test_not_in_the_future(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    _samtale(dfdg, 7, afholdt=at(TODAY, 12))  # the test clock stands at 12:00
    assert refused(_samtale, dfdg, 7, afholdt=at(TODAY, 12, 1))[0] == 7023


def test_no_two_of_the_same_type_at_the_same_time(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    _samtale(dfdg, 7)
    assert refused(_samtale, dfdg, 7)[0] == 7024
    _samtale(dfdg, 12)  # another type at the same time is fine


def test_opfoelgningssamtale_resets_for_a_sick_dagpengemodtager(dfdg):
    dfdg.borger(kontaktgruppe=1)
    dfdg.sygemeld(CPR, TODAY - timedelta(days=10))
    _samtale(dfdg, 4, afholdt=at(TODAY, 9))
    [stored] = dfdg.samtale.GetSamtaler(CPR, _soapheaders=dfdg.headers())
    assert stored.Nulstillende is True
    assert refused(_samtale, dfdg, 7, afholdt=at(TODAY, 8, 59))[0] == 7025  # before the resetting one
    _samtale(dfdg, 7, afholdt=at(TODAY, 9))  # at the same time is not before
    same_time = {v["RuleIdentifier"] for v in refused(_samtale, dfdg, 4, afholdt=at(TODAY, 9))[1]}
    assert same_time == {"SAMTALE_DUBLET", "SAMTALE_NULSTILLENDE_SAMTIDIG"}
    code, violations, _ = refused(_samtale, dfdg, 4, afholdt=at(TODAY, 8))
    assert "SAMTALE_NULSTILLENDE_SAMTIDIG" in {v["RuleIdentifier"] for v in violations}
    _samtale(dfdg, 4, afholdt=at(TODAY, 9, 1))  # one minute later is enough


def test_opfoelgningssamtale_for_a_healthy_dagpengemodtager_is_not_legal(dfdg):
    dfdg.borger(kontaktgruppe=1)
    assert refused(_samtale, dfdg, 4)[0] == 4709


def test_health_status_is_judged_on_the_day_held(dfdg):
    dfdg.borger(kontaktgruppe=1)
    fid = dfdg.sygemeld(CPR, TODAY - timedelta(days=5)).FravaerIdentifier
    dfdg.sygemelding.Raskmeld(CPR, fid, TODAY - timedelta(days=2), _soapheaders=dfdg.headers())
    _samtale(dfdg, 4, afholdt=at(TODAY - timedelta(days=3)))
    assert refused(_samtale, dfdg, 4, afholdt=at(TODAY - timedelta(days=1)))[0] == 4709


def test_sickness_benefit_groups_are_judged_by_their_only_row(dfdg):
    dfdg.borger(kontaktgruppe=24)  # 000 lists KG 24 as "Syg" only; no sick notice registered
    _samtale(dfdg, 4)


def test_linked_invitation_must_exist_on_the_citizen(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    code, violations, _ = refused(_samtale, dfdg, 7, IndkaldelseIdentifier="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")
    assert code == 4768


def test_linked_invitation_is_stored(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    dfdg.testsupport.SetDato(TODAY - timedelta(days=1))
    invitation = dfdg.indkaldelse.CreateIndkaldelse(CPR, {
        "SamtaleType": 7, "Starttidspunkt": at(TODAY, 10), "Sluttidspunkt": at(TODAY, 10, 30), "Samtaleform": 2,
        "Titel": "Jobsamtale", "Telefonnummer": "70123456"}, _soapheaders=dfdg.headers()).IndkaldelseIdentifier
    dfdg.testsupport.SetDato(TODAY)
    _samtale(dfdg, 7, Samtaleform=2, IndkaldelseIdentifier=invitation)
    assert dfdg.samtale.GetSamtaler(CPR, _soapheaders=dfdg.headers())[0].IndkaldelseIdentifier == invitation


def test_participants_with_role_and_form(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    _samtale(dfdg, 7, Deltager=[{"Navn": "Tina Tolk", "Rolle": 7, "Deltagelsesform": 2}], AftaleOmDetVidereForloeb="Næste samtale om 4 uger")
    [stored] = dfdg.samtale.GetSamtaler(CPR, _soapheaders=dfdg.headers())
    assert (stored.Deltager[0].Rolle, stored.AftaleOmDetVidereForloeb) == (7, "Næste samtale om 4 uger")
    assert refused(_samtale, dfdg, 12, Deltager=[{"Navn": "X", "Rolle": 99, "Deltagelsesform": 1}])[0] == 2002


def test_changed_visitation_group_takes_effect_from_the_registration_date(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=8)
    _samtale(dfdg, 7, Personkategori=5)
    [kg] = dfdg.kontaktgruppe.GetKontaktgrupper(CPR, _soapheaders=dfdg.headers())
    assert [(p.Personkategori, p.Startdato) for p in kg.Personkategorier][-1] == (5, TODAY)
    assert refused(_samtale, dfdg, 12, Personkategori=11)[0] == 4731


def test_delete_samtale_marks_it_and_frees_the_time(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    identifier = _samtale(dfdg, 7)
    dfdg.samtale.DeleteSamtale(CPR, identifier, _soapheaders=dfdg.headers())
    assert dfdg.samtale.GetSamtaler(CPR, _soapheaders=dfdg.headers())[0].Slettet is True
    _samtale(dfdg, 7)
    assert refused(dfdg.samtale.DeleteSamtale, CPR, identifier, _soapheaders=dfdg.headers())[0] == 7027


def test_unknown_type_and_form(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    assert refused(_samtale, dfdg, 99)[0] == 2002
    assert refused(_samtale, dfdg, 7, Samtaleform=42)[0] == 2002
