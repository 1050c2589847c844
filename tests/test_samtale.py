"""SamtaleService: legality per group and health status (000, generated), 003 § 25, DFDG's resetting order; every test
through both faces (SOAP with zeep, REST: the `face` fixture)."""

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


# Every item any reporter's list may require (003 § 25 nr. 5-6, § 30 nr. 5-6, § 63 nr. 6-8); tests of those items
# leave one out with None.
LISTERNES_OPLYSNINGER = {
    "AftaleOmDetVidereForloeb": "Næste samtale om 4 uger",
    "Konklusion": "CV'et er fyldestgørende",
    "CvGodkendelsesstatus": 1,
    "AftalerPaaBaggrundAfSamtalen": "Søger 5 job om ugen",
}


def _samtale(face, samtale_type, afholdt=None, org=(8, "10100"), cpr=CPR, **fields):
    samtale = {
        "SamtaleType": samtale_type,
        "Afholdelsestidspunkt": afholdt or at(TODAY),
        "Samtaleform": 1,
        **LISTERNES_OPLYSNINGER,
        **({"AkasseDeltagelsesstatus": 1} if samtale_type == 17 else {}),
        **fields,
    }
    return face.samtale(cpr, samtale, org)


def _subgroup_with_sick_row(kg: int) -> int | None:
    """A subgroup for which the citizen can be registered sick (type 11 has a row), or none."""
    from service.rules.fravaertyper import fravaertyper

    for key in (None, *kontaktgruppetyper()[kg].personkategorier):
        if fravaertyper()[11].raekke_for(kg, key):
            return KODE.get(key)
    return None


GROUPS = [g.id for g in kontaktgruppetyper().values() if g.ophoert is None]
CASES = [(kg, syg, t) for kg in GROUPS for syg in (False, True) for t in sorted(samtaletyper())]


@pytest.mark.parametrize(
    "kontaktgruppe, syg, samtale_type", CASES, ids=[f"kg{kg}-{'syg' if syg else 'rask'}-type{t}" for kg, syg, t in CASES]
)
def test_legality_table_for_every_group_status_and_type(face, kontaktgruppe, syg, samtale_type):
    face.borger(kontaktgruppe=kontaktgruppe, personkategori=_subgroup_with_sick_row(kontaktgruppe), akasse="55")
    if syg:
        face.sygemeld(CPR, TODAY - timedelta(days=1), org=(1, "1"))
    row = legalitet(kontaktgruppe, syg)
    org = AKASSE if row is not None and samtale_type in row.kun_akasse else (8, "10100")
    if row is not None and samtale_type in row.samtaletyper:
        identifier = _samtale(face, samtale_type, org=org)
        [stored] = face.samtaler(CPR)
        assert (stored.SamtaleIdentifier, stored.SamtaleType) == (identifier, samtale_type)
    else:
        code, violations, _ = refused(_samtale, face, samtale_type, org=org)
        assert (code, violations[0]["RuleIdentifier"]) == (4709, "SAMTALE_IKKE_LOVLIG")


@pytest.mark.parametrize("samtale_type", sorted(kun_akasse()))
def test_cv_and_availability_conversations_only_from_the_akasse(face, samtale_type):
    face.borger(kontaktgruppe=1, akasse="55")
    _samtale(face, samtale_type, org=AKASSE)
    code, violations, _ = refused(_samtale, face, samtale_type, afholdt=at(TODAY, 11))
    assert (code, violations[0]["RuleIdentifier"]) == (7021, "SAMTALE_KUN_AKASSE")
    assert "000 l. 30-36" in violations[0]["Source"] and "kontaktgruppe 1" in violations[0]["Message"]


@pytest.mark.parametrize("kontaktgruppe, personkategori", [(8, None), (23, None), (27, 4)])
def test_a_jobcentre_registers_its_own_cv_conversation_outside_kg_1(face, kontaktgruppe, personkategori):
    """The boundary of 000's remark: KG 1 only (000 l. 30-36); KG 8, 23, 27 list CV-samtale without it (l. 229, 547, 656)."""
    face.borger(kontaktgruppe=kontaktgruppe, personkategori=personkategori)
    assert _samtale(face, 10)
    assert face.samtaler(CPR)[0].SamtaleType == 10


def test_at_most_7_days_back(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    _samtale(face, 7, afholdt=at(TODAY - timedelta(days=7), 0, 0))
    code, violations, _ = refused(_samtale, face, 7, afholdt=at(TODAY - timedelta(days=8), 23, 59))
    assert (code, violations[0]["Source"]) == (7022, "003 § 25 stk. 2 (l. 717)")


def test_not_in_the_future(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    _samtale(face, 7, afholdt=at(TODAY, 12))  # the test clock stands at 12:00
    assert refused(_samtale, face, 7, afholdt=at(TODAY, 12, 1))[0] == 7023


def test_no_two_of_the_same_type_at_the_same_time(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    _samtale(face, 7)
    assert refused(_samtale, face, 7)[0] == 7024
    _samtale(face, 12)  # another type at the same time is fine


def test_opfoelgningssamtale_resets_for_a_sick_dagpengemodtager(face):
    face.borger(kontaktgruppe=1)
    face.sygemeld(CPR, TODAY - timedelta(days=10))
    _samtale(face, 4, afholdt=at(TODAY, 9))
    [stored] = face.samtaler(CPR)
    assert stored.Nulstillende is True
    assert refused(_samtale, face, 7, afholdt=at(TODAY, 8, 59))[0] == 7025  # before the resetting one
    _samtale(face, 7, afholdt=at(TODAY, 9))  # at the same time is not before
    same_time = {v["RuleIdentifier"] for v in refused(_samtale, face, 4, afholdt=at(TODAY, 9))[1]}
    assert same_time == {"SAMTALE_DUBLET", "SAMTALE_NULSTILLENDE_SAMTIDIG"}
    code, violations, _ = refused(_samtale, face, 4, afholdt=at(TODAY, 8))
    assert "SAMTALE_NULSTILLENDE_SAMTIDIG" in {v["RuleIdentifier"] for v in violations}
    _samtale(face, 4, afholdt=at(TODAY, 9, 1))  # one minute later is enough


def test_opfoelgningssamtale_for_a_healthy_dagpengemodtager_is_not_legal(face):
    face.borger(kontaktgruppe=1)
    assert refused(_samtale, face, 4)[0] == 4709


def test_health_status_is_judged_on_the_day_held(face):
    face.borger(kontaktgruppe=1)
    fid = face.sygemeld(CPR, TODAY - timedelta(days=5)).FravaerIdentifier
    face.raskmeld(CPR, fid, TODAY - timedelta(days=2))
    _samtale(face, 4, afholdt=at(TODAY - timedelta(days=3)))
    assert refused(_samtale, face, 4, afholdt=at(TODAY - timedelta(days=1)))[0] == 4709


def test_sickness_benefit_groups_are_judged_by_their_only_row(face):
    face.borger(kontaktgruppe=24)  # 000 lists KG 24 as "Syg" only; no sick notice registered
    _samtale(face, 4)


def test_linked_invitation_must_exist_on_the_citizen(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    code, violations, _ = refused(_samtale, face, 7, IndkaldelseIdentifier="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")
    assert code == 4768


def test_linked_invitation_is_stored(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    face.dfdg.testsupport.SetDato(TODAY - timedelta(days=1))
    invitation = face.dfdg.indkaldelse.CreateIndkaldelse(
        CPR,
        {
            "SamtaleType": 7,
            "Starttidspunkt": at(TODAY, 10),
            "Sluttidspunkt": at(TODAY, 10, 30),
            "Samtaleform": 2,
            "Titel": "Jobsamtale",
            "Beskrivelse": "Om jobsøgning",
            "Sted": "Jobcenter Aarhus",
            "Kontaktmuligheder": "Ring ved forfald",
            "Telefonnummer": "70123456",
            "BorgerRingerOp": True,
        },
        _soapheaders=face.dfdg.headers(),
    ).IndkaldelseIdentifier
    face.dfdg.testsupport.SetDato(TODAY)
    _samtale(face, 7, Samtaleform=2, IndkaldelseIdentifier=invitation)
    assert face.samtaler(CPR)[0].IndkaldelseIdentifier == invitation


def test_participants_with_role_and_form(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    _samtale(
        face, 7, Deltager=[{"Navn": "Tina Tolk", "Rolle": 7, "Deltagelsesform": 2}], AftaleOmDetVidereForloeb="Næste samtale om 4 uger"
    )
    [stored] = face.samtaler(CPR)
    assert (stored.Deltager[0].Rolle, stored.AftaleOmDetVidereForloeb) == (7, "Næste samtale om 4 uger")
    assert refused(_samtale, face, 12, Deltager=[{"Navn": "X", "Rolle": 99, "Deltagelsesform": 1}])[0] == 2002


def test_changed_visitation_group_takes_effect_from_the_registration_date(face):
    face.borger(kontaktgruppe=2, personkategori=8)
    _samtale(face, 7, Personkategori=5)
    [kg] = face.kontaktgrupper(CPR)
    assert [(p.Personkategori, p.Startdato) for p in kg.Personkategorier][-1] == (5, TODAY)
    assert refused(_samtale, face, 12, Personkategori=11)[0] == 4731


def test_delete_samtale_marks_it_and_frees_the_time(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    identifier = _samtale(face, 7)
    face.delete_samtale(CPR, identifier)
    assert face.samtaler(CPR)[0].Slettet is True
    _samtale(face, 7)
    assert refused(face.delete_samtale, CPR, identifier)[0] == 7027


def test_unknown_type_and_form(face):
    face.borger(kontaktgruppe=2, personkategori=4)
    assert refused(_samtale, face, 99)[0] == 2002
    assert refused(_samtale, face, 7, Samtaleform=42)[0] == 2002


# --- The items of the reporter's list (003 § 25 jobcentre, § 30 municipality's CV conversations, § 63 a-kasse; issue 13) ---

KOMMUNE = (7, "101")


def _regler(violations):
    return [(v["RuleIdentifier"], v["Field"], v["Source"]) for v in violations]


@pytest.mark.parametrize("samtale_type", [7, 17])
def test_jobsamtale_needs_the_agreement_on_the_further_course(face, samtale_type):
    """003 § 25 stk. 1 nr. 5 (l. 695-698): no "eventuel" about the agreement, unlike nr. 7; 17 is a jobsamtale too."""
    face.borger(kontaktgruppe=1, akasse="55")
    code, violations, _ = refused(_samtale, face, samtale_type, AftaleOmDetVidereForloeb=None)
    assert (code, _regler(violations)) == (
        7060,
        [("SAMTALE_AFTALE_OBLIGATORISK", "Samtale/AftaleOmDetVidereForloeb", "003 § 25 stk. 1 nr. 5 (l. 695-698)")],
    )
    _samtale(face, samtale_type)


def test_other_types_take_an_agreement_only_if_there_is_one(face):
    """003 § 25 stk. 1 nr. 7 (l. 701-703): "Eventuelle aftaler"."""
    face.borger(kontaktgruppe=2, personkategori=4)
    _samtale(face, 12, AftaleOmDetVidereForloeb=None)


def test_held_joint_conversation_needs_the_akasse_participation_status(face):
    """003 § 25 stk. 1 nr. 6 (l. 700), as for the invitation (§ 20 nr. 10)."""
    face.borger(kontaktgruppe=1, akasse="55")
    code, violations, _ = refused(_samtale, face, 17, AkasseDeltagelsesstatus=None)
    assert (code, _regler(violations)) == (
        7031,
        [("SAMTALE_AKASSE_STATUS", "Samtale/AkasseDeltagelsesstatus", "003 § 25 stk. 1 nr. 6 (l. 700)")],
    )
    _samtale(face, 17, AkasseDeltagelsesstatus=2)
    assert face.samtaler(CPR)[0].AkasseDeltagelsesstatus == 2


def test_akasse_cv_conversation_needs_the_cv_approval_and_the_agreements(face):
    """003 § 63 stk. 1 nr. 6-7 (l. 1515-1516); not the municipality's conclusion (§ 30 nr. 5) nor § 25's agreement."""
    face.borger(kontaktgruppe=1, akasse="55")
    code, violations, _ = refused(_samtale, face, 10, org=AKASSE, CvGodkendelsesstatus=None, AftalerPaaBaggrundAfSamtalen=None)
    assert (code, _regler(violations)) == (
        7060,
        [
            ("SAMTALE_CV_GODKENDELSE", "Samtale/CvGodkendelsesstatus", "003 § 63 stk. 1 nr. 6 (l. 1515)"),
            ("SAMTALE_AFTALER", "Samtale/AftalerPaaBaggrundAfSamtalen", "003 § 63 stk. 1 nr. 7 (l. 1516)"),
        ],
    )
    assert "a-kassen skal indberette" in violations[0]["Message"]
    _samtale(face, 10, org=AKASSE, Konklusion=None, AftaleOmDetVidereForloeb=None, CvGodkendelsesstatus=2)
    [stored] = face.samtaler(CPR)
    assert (stored.CvGodkendelsesstatus, stored.AftalerPaaBaggrundAfSamtalen, stored.Konklusion) == (2, "Søger 5 job om ugen", None)
    assert (stored.Indberetter.OrganisationTypeIdentifier, stored.Indberetter.OrganisationCode) == (3, "55")
    assert refused(_samtale, face, 10, org=AKASSE, afholdt=at(TODAY, 11), CvGodkendelsesstatus=9)[0] == 2002


def test_akasse_availability_conversation_needs_the_agreements_not_a_cv_status(face):
    """003 § 63 stk. 1 nr. 8 (l. 1517); nr. 6 is for CV conversations only."""
    face.borger(kontaktgruppe=1, akasse="55")
    code, violations, _ = refused(_samtale, face, 15, org=AKASSE, AftalerPaaBaggrundAfSamtalen=None)
    assert (code, _regler(violations)) == (
        7060,
        [("SAMTALE_AFTALER", "Samtale/AftalerPaaBaggrundAfSamtalen", "003 § 63 stk. 1 nr. 8 (l. 1517)")],
    )
    _samtale(face, 15, org=AKASSE, CvGodkendelsesstatus=None, Konklusion=None)


def test_akasse_participants_have_no_akassekonsulent_the_jobcentres_do(face):
    """003 § 63 stk. 1 nr. 9 (l. 1518-1521) lacks the role a-kassekonsulent that § 25 stk. 1 nr. 10 (l. 713-714) has."""
    face.borger(kontaktgruppe=1, akasse="55")
    konsulent = [{"Navn": "Anna", "Rolle": 1, "Deltagelsesform": 1}]
    code, violations, _ = refused(_samtale, face, 10, org=AKASSE, Deltager=konsulent)
    assert (code, _regler(violations)) == (
        7061,
        [("SAMTALE_DELTAGERROLLE", "Samtale/Deltager[1]/Rolle", "003 § 63 stk. 1 nr. 9 (l. 1518-1521)")],
    )
    _samtale(face, 10, org=AKASSE, Deltager=[{"Navn": "Mads", "Rolle": 2, "Deltagelsesform": 1}])
    _samtale(face, 17, Deltager=konsulent)  # the jobcentre's joint conversation with the a-kasse's consultant


def test_municipality_cv_conversation_is_judged_by_paragraph_30(face):
    """003 §§ 28-30 (l. 751-777): conclusion and CV approval required; agreements about the CV optional (stk. 2);
    § 25's agreement on the further course is not in the list."""
    face.borger(kontaktgruppe=8)
    code, violations, _ = refused(_samtale, face, 10, org=KOMMUNE, Konklusion=None, CvGodkendelsesstatus=None)
    assert (code, _regler(violations)) == (
        7060,
        [
            ("SAMTALE_KONKLUSION", "Samtale/Konklusion", "003 § 30 stk. 1 nr. 5 (l. 774)"),
            ("SAMTALE_CV_GODKENDELSE", "Samtale/CvGodkendelsesstatus", "003 § 30 stk. 1 nr. 6 (l. 775)"),
        ],
    )
    assert "kommunen skal indberette" in violations[0]["Message"]
    _samtale(face, 10, org=KOMMUNE, AftaleOmDetVidereForloeb=None, AftalerPaaBaggrundAfSamtalen=None)
    [stored] = face.samtaler(CPR)
    assert (stored.Konklusion, stored.CvGodkendelsesstatus) == ("CV'et er fyldestgørende", 1)
    assert (stored.Indberetter.OrganisationTypeIdentifier, stored.Indberetter.OrganisationCode) == (7, "101")


def test_akasse_cannot_change_the_visitation_group(face):
    """Match and visitation groups are the jobcentre's (003 § 23 stk. 1, § 25 nr. 8-9); § 63's list has none."""
    face.borger(kontaktgruppe=2, personkategori=4, akasse="55")
    code, violations, _ = refused(_samtale, face, 12, org=AKASSE, Personkategori=5)
    assert (code, violations[0]["RuleIdentifier"]) == (7015, "SAMTALE_PERSONKATEGORI_INDBERETTER")
    _samtale(face, 12, Personkategori=5)


def test_changed_subgroup_of_a_conversation_held_earlier_takes_effect_from_the_registration_date(face):
    """003 § 25 stk. 2 (l. 717-718): "Visitationsgruppen har virkning fra registreringsdatoen", not from the day held."""
    face.borger(kontaktgruppe=2, personkategori=8, start=date(2026, 1, 1))
    _samtale(face, 7, afholdt=at(TODAY - timedelta(days=3)), Personkategori=4)
    [kg] = face.kontaktgrupper(CPR)
    assert [(p.Personkategori, p.Startdato, p.Slutdato) for p in kg.Personkategorier] == [
        (8, date(2026, 1, 1), TODAY - timedelta(days=1)),
        (4, TODAY, None),
    ]


def test_matchgroup_change_with_a_conversation(face):
    """003 § 25 stk. 1 nr. 8 (l. 704-707): KG 4 (revalidering) with match groups 11-13."""
    face.borger(kontaktgruppe=4, personkategori=11, start=date(2026, 1, 1))
    _samtale(face, 12, Personkategori=13)
    [kg] = face.kontaktgrupper(CPR)
    assert [p.Personkategori for p in kg.Personkategorier] == [11, 13]
    assert refused(_samtale, face, 12, afholdt=at(TODAY, 11), Personkategori=4)[0] == 4731


def test_the_same_subgroup_again_is_no_change(face):
    """Only a group "anden ... end den senest registrerede" is reported (§ 25 nr. 8-9): the same one starts no new period."""
    face.borger(kontaktgruppe=2, personkategori=4, start=date(2026, 1, 1))
    _samtale(face, 7, Personkategori=4)
    [kg] = face.kontaktgrupper(CPR)
    assert [(p.Personkategori, p.Startdato, p.Slutdato) for p in kg.Personkategorier] == [(4, date(2026, 1, 1), None)]


def test_a_subgroup_needs_a_group_open_on_the_registration_date(face):
    """The change takes effect from the registration date (§ 25 stk. 2): with no group open then it cannot be stored."""
    face.borger(
        historik=[{"KontaktgruppeType": 2, "Startdato": date(2026, 1, 1), "Slutdato": TODAY - timedelta(days=1), "Personkategori": 8}]
    )
    code, violations, _ = refused(_samtale, face, 7, afholdt=at(TODAY - timedelta(days=2)), Personkategori=4)
    assert (code, violations[0]["RuleIdentifier"]) == (4686, "SAMTALE_PERSONKATEGORI_KONTAKTGRUPPE")
    _samtale(face, 7, afholdt=at(TODAY - timedelta(days=2)))
