"""IndkaldelseService through zeep: the fields of 003 §§ 20-21, their rules, and history on moving and cancelling."""

from datetime import date, datetime, timedelta

from service.domain.clock import COPENHAGEN
from tests.conftest import TODAY, refused

CPR = "0101801234"
TOMORROW = TODAY + timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=COPENHAGEN)


ADRESSE = {"Vejnavn": "Jobvej", "Husnummer": "1", "Postnummer": "8000", "By": "Aarhus C"}


def invitation(**fields):
    return {"SamtaleType": 7, "Starttidspunkt": at(TOMORROW, 10), "Sluttidspunkt": at(TOMORROW, 10, 30), "Samtaleform": 1,
            "Titel": "Jobsamtale", "Sted": "Jobcenter Aarhus", "Adresse": ADRESSE, **fields}


def _create(dfdg, **fields):
    return dfdg.indkaldelse.CreateIndkaldelse(CPR, invitation(**fields), _soapheaders=dfdg.headers()).IndkaldelseIdentifier


def test_create_stores_every_field_of_003_paragraphs_20_and_21(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    identifier = _create(dfdg, Beskrivelse="Medbring CV", Kontaktmuligheder="Ring 70123456 ved forfald", SelvbookingMulig=True,
                         AlternativtTidspunkt=[{"Starttidspunkt": at(TOMORROW, 13), "Sluttidspunkt": at(TOMORROW, 13, 30)}],
                         Ombookingsfrist=TOMORROW, Selvbookingsfrist=TODAY, Medarbejder="Sara Sagsbehandler")
    [stored] = dfdg.indkaldelse.GetIndkaldelser(CPR, _soapheaders=dfdg.headers())
    i = stored.Indkaldelse
    assert (stored.Status, i.IndkaldelseIdentifier, i.Adresse.Postnummer, i.Kontaktmuligheder) == ("Aktiv", identifier, "8000", "Ring 70123456 ved forfald")
    assert i.AlternativtTidspunkt[0].Starttidspunkt == at(TOMORROW, 13)
    assert (i.SelvbookingMulig, i.Ombookingsfrist, i.Medarbejder) == (True, TOMORROW, "Sara Sagsbehandler")
    assert [v.Aendring for v in stored.Historik] == ["Oprettet"]


def test_in_person_needs_an_address_and_phone_meetings_a_number(dfdg):
    dfdg.borger(kontaktgruppe=2, personkategori=4)
    assert refused(_create, dfdg, Adresse=None)[0] == 7028
    assert refused(_create, dfdg, Samtaleform=2, Adresse=None)[0] == 7029
    _create(dfdg, Samtaleform=2, Adresse=None, Telefonnummer="+4570123456")


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
    code, violations, _ = refused(_create, dfdg, SamtaleType=17, AkasseDeltagelsesstatus=1, SelvbookingMulig=True,
                                  AlternativtTidspunkt=[{"Starttidspunkt": at(TOMORROW, 13), "Sluttidspunkt": at(TOMORROW, 14)}])
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
