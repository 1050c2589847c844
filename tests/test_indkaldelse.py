"""IndkaldelseService through zeep: the fields of 003 §§ 20-21, their rules, and history on moving and cancelling."""

from datetime import date, datetime, timedelta

import pytest

from service.domain.clock import COPENHAGEN
from tests.conftest import TODAY, refused

CPR = "0101801234"
TOMORROW = TODAY + timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=COPENHAGEN)


ADRESSE = {"Vejnavn": "Jobvej", "Husnummer": "1", "Postnummer": "8000", "By": "Aarhus C"}


def invitation(**fields):
    return {
        "SamtaleType": 7,
        "Starttidspunkt": at(TOMORROW, 10),
        "Sluttidspunkt": at(TOMORROW, 10, 30),
        "Samtaleform": 1,
        "Titel": "Jobsamtale",
        "Beskrivelse": "Samtale om jobsøgning",
        "Sted": "Jobcenter Aarhus",
        "Adresse": ADRESSE,
        "Kontaktmuligheder": "Ring 70123456 ved forfald",
        **fields,
    }


def _create(dfdg, **fields):
    return dfdg.indkaldelse.CreateIndkaldelse(CPR, invitation(**fields), _soapheaders=dfdg.headers()).IndkaldelseIdentifier


def test_create_stores_every_field_of_003_paragraphs_20_and_21(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    identifier = _create(
        dfdg,
        Beskrivelse="Medbring CV",
        Kontaktmuligheder="Ring 70123456 ved forfald",
        SelvbookingMulig=True,
        AlternativtTidspunkt=[{"Starttidspunkt": at(TOMORROW, 13), "Sluttidspunkt": at(TOMORROW, 13, 30)}],
        Ombookingsfrist=TOMORROW,
        Selvbookingsfrist=TODAY,
        Medarbejder="Sara Sagsbehandler",
    )
    [stored] = dfdg.indkaldelse.GetIndkaldelser(CPR, _soapheaders=dfdg.headers())
    i = stored.Indkaldelse
    assert (stored.Status, i.IndkaldelseIdentifier, i.Adresse.Postnummer, i.Kontaktmuligheder) == (
        "Aktiv",
        identifier,
        "8000",
        "Ring 70123456 ved forfald",
    )
    assert i.AlternativtTidspunkt[0].Starttidspunkt == at(TOMORROW, 13)
    assert (i.SelvbookingMulig, i.Ombookingsfrist, i.Medarbejder) == (True, TOMORROW, "Sara Sagsbehandler")
    assert [v.Aendring for v in stored.Historik] == ["Oprettet"]


def test_in_person_needs_an_address_and_phone_meetings_a_number(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    assert refused(_create, dfdg, Adresse=None)[0] == 7028
    code, violations, _ = refused(_create, dfdg, Samtaleform=2, Adresse=None, BorgerRingerOp=True)
    assert (code, violations[0]["Field"], violations[0]["Source"]) == (
        7029,
        "Indkaldelse/Telefonnummer",
        "003 § 20 stk. 1 nr. 8 (l. 538-540)",
    )
    _create(dfdg, Samtaleform=2, Adresse=None, BorgerRingerOp=True, Telefonnummer="+4570123456")


def test_a_phone_meeting_needs_a_number_only_when_the_citizen_calls(dfdg):
    """003 § 20 nr. 8: "Ved telefonmøde, hvor borgeren skal ringe til jobcentret"; when the jobcentre calls, no number."""
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    first = _create(dfdg, Samtaleform=2, Adresse=None, BorgerRingerOp=False)
    second = _create(dfdg, Samtaleform=2, Adresse=None, Starttidspunkt=at(TOMORROW, 11), Sluttidspunkt=at(TOMORROW, 11, 30))
    stored = {
        i.Indkaldelse.IndkaldelseIdentifier: i.Indkaldelse for i in dfdg.indkaldelse.GetIndkaldelser(CPR, _soapheaders=dfdg.headers())
    }
    assert (stored[first].BorgerRingerOp, stored[second].BorgerRingerOp, stored[first].Telefonnummer) == (False, None, None)
    assert refused(_create, dfdg, Samtaleform=2, Adresse=None, BorgerRingerOp=True)[0] == 7029


# 003 § 20 stk. 1 (l. 530-542): the jobcentre's list. Each element leaves out one item and is refused with 7060 naming it.
JOBCENTRETS_PUNKTER = [
    ("Sluttidspunkt", "003 § 20 stk. 1 nr. 2 (l. 532)"),
    ("Samtaleform", "003 § 20 stk. 1 nr. 3 (l. 533)"),
    ("Sted", "003 § 20 stk. 1 nr. 5 (l. 535)"),
    ("Kontaktmuligheder", "003 § 20 stk. 1 nr. 6 (l. 536)"),
    ("Titel", "003 § 20 stk. 1 nr. 9 (l. 541)"),
    ("Beskrivelse", "003 § 20 stk. 1 nr. 9 (l. 541)"),
]


@pytest.mark.parametrize("element, kilde", JOBCENTRETS_PUNKTER, ids=[e for e, _ in JOBCENTRETS_PUNKTER])
def test_jobcentre_invitation_needs_every_item_of_paragraph_20(dfdg, element, kilde):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    fields = {element: None, **({"Adresse": None} if element == "Samtaleform" else {})}
    code, violations, _ = refused(_create, dfdg, **fields)
    assert (code, [(v["Field"], v["Source"]) for v in violations]) == (7060, [(f"Indkaldelse/{element}", kilde)])
    assert "jobcentret skal indberette" in violations[0]["Message"]
    _create(dfdg)  # with it, accepted


AKASSE = (3, "55")


def _akasse_invitation(dfdg, **fields):
    """An a-kasse's invitation with § 60's items only: date and time, type, place (and its code in the header)."""
    return dfdg.indkaldelse.CreateIndkaldelse(
        CPR, {"SamtaleType": 10, "Starttidspunkt": at(TOMORROW, 9), "Sted": "A-kassen, Aarhus", **fields}, _soapheaders=dfdg.headers(AKASSE)
    ).IndkaldelseIdentifier


def test_akasse_invitation_is_judged_by_paragraph_60_not_by_the_jobcentres_list(dfdg):
    """003 § 60 (l. 1465-1470): no end time, form, title, description or contact options; a place and the a-kasse code."""
    dfdg.borger(kontaktgruppe=1, akasse="55")
    identifier = _akasse_invitation(dfdg)
    [stored] = dfdg.indkaldelse.GetIndkaldelser(CPR, _soapheaders=dfdg.headers())
    assert stored.Indkaldelse.IndkaldelseIdentifier == identifier and stored.Indkaldelse.Sluttidspunkt is None
    assert (stored.Indberetter.OrganisationTypeIdentifier, stored.Indberetter.OrganisationCode) == (3, "55")
    assert stored.Historik[0].Indberetter.OrganisationCode == "55"
    # A phone meeting or an in-person one from the a-kasse needs neither number nor address (§ 20 nr. 7-8 are the jobcentre's).
    _akasse_invitation(dfdg, SamtaleType=15, Samtaleform=2, BorgerRingerOp=True)
    _akasse_invitation(dfdg, Samtaleform=1, Starttidspunkt=at(TOMORROW, 13))


def test_akasse_invitation_needs_a_place(dfdg):
    dfdg.borger(kontaktgruppe=1, akasse="55")
    code, violations, _ = refused(_akasse_invitation, dfdg, Sted=None)
    assert (code, violations[0]["Field"], violations[0]["Source"]) == (7060, "Indkaldelse/Sted", "003 § 60 stk. 1 nr. 4 (l. 1469)")
    assert "a-kassen skal indberette" in violations[0]["Message"]


def test_akasse_invitation_with_an_end_time_still_ends_after_it_starts(dfdg):
    dfdg.borger(kontaktgruppe=1, akasse="55")
    assert refused(_akasse_invitation, dfdg, Sluttidspunkt=at(TOMORROW, 8))[0] == 4792
    _akasse_invitation(dfdg, Sluttidspunkt=at(TOMORROW, 10))


def test_meeting_in_the_past_or_ending_before_it_starts_is_refused(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    assert refused(_create, dfdg, Starttidspunkt=at(TODAY, 11), Sluttidspunkt=at(TODAY, 11, 30))[0] == 4783
    assert refused(_create, dfdg, Sluttidspunkt=at(TOMORROW, 10))[0] == 4792


def test_the_type_must_be_legal_for_the_citizens_group(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    code, violations, _ = refused(_create, dfdg, SamtaleType=4)  # Opfølgningssamtale: not for KG 2 (000)
    assert (code, violations[0]["RuleIdentifier"]) == (4709, "SAMTALE_IKKE_LOVLIG")


def test_joint_conversation_with_the_akasse_allows_no_self_booking_or_alternative_times(dfdg):
    dfdg.borger(kontaktgruppe=1, akasse="55")
    _create(dfdg, SamtaleType=17, AkasseDeltagelsesstatus=1)
    code, violations, _ = refused(
        _create,
        dfdg,
        SamtaleType=17,
        AkasseDeltagelsesstatus=1,
        SelvbookingMulig=True,
        AlternativtTidspunkt=[{"Starttidspunkt": at(TOMORROW, 13), "Sluttidspunkt": at(TOMORROW, 14)}],
    )
    assert code == 7030 and len(violations) == 2
    assert violations[0]["Source"] == "003 § 21 stk. 2 (l. 569-570)"


def test_joint_conversation_with_the_akasse_needs_its_participation_status(dfdg):
    dfdg.borger(kontaktgruppe=1, akasse="55")
    assert refused(_create, dfdg, SamtaleType=17)[0] == 7031


def test_a_deadline_needs_self_booking(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    assert refused(_create, dfdg, Ombookingsfrist=TOMORROW)[0] == 8125


def test_moving_keeps_the_history(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    identifier = _create(dfdg)
    moved = invitation(Starttidspunkt=at(TOMORROW, 14), Sluttidspunkt=at(TOMORROW, 14, 30))
    dfdg.indkaldelse.UpdateIndkaldelse(CPR, identifier, moved, "Borgeren er til lægen", _soapheaders=dfdg.headers())
    dfdg.indkaldelse.UpdateIndkaldelse(CPR, identifier, dict(moved, Titel="Jobsamtale med CV"), _soapheaders=dfdg.headers())
    [stored] = dfdg.indkaldelse.GetIndkaldelser(CPR, _soapheaders=dfdg.headers())
    assert [(v.Aendring, v.Starttidspunkt.hour) for v in stored.Historik] == [("Oprettet", 10), ("Flyttet", 14), ("Ændret", 14)]
    assert stored.Historik[1].Begrundelse == "Borgeren er til lægen"
    assert stored.Indkaldelse.Titel == "Jobsamtale med CV"


def test_moving_is_judged_by_the_same_rules(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    identifier = _create(dfdg)
    assert refused(dfdg.indkaldelse.UpdateIndkaldelse, CPR, identifier, invitation(Adresse=None), _soapheaders=dfdg.headers())[0] == 7028


def test_cancelling_keeps_the_invitation_and_blocks_further_changes(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    identifier = _create(dfdg)
    dfdg.indkaldelse.AflysIndkaldelse(CPR, identifier, "Sagsbehandler syg", _soapheaders=dfdg.headers())
    [stored] = dfdg.indkaldelse.GetIndkaldelser(CPR, _soapheaders=dfdg.headers())
    assert (stored.Status, stored.Historik[-1].Aendring) == ("Aflyst", "Aflyst")
    assert refused(dfdg.indkaldelse.AflysIndkaldelse, CPR, identifier, _soapheaders=dfdg.headers())[0] == 7032
    assert refused(dfdg.indkaldelse.UpdateIndkaldelse, CPR, identifier, invitation(), _soapheaders=dfdg.headers())[0] == 7032


def test_unknown_invitation(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    assert refused(dfdg.indkaldelse.AflysIndkaldelse, CPR, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", _soapheaders=dfdg.headers())[0] == 4768
