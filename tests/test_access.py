"""Who may act on a citizen (interface.md § 2; dfdg-wire.md § 2.4): scope by organisation, a citizen only itself,
and refusals that do not tell the caller where the citizen belongs."""

from service.rules.organisationer import organisationstyper
from tests.conftest import TODAY, refused

CPR = "0101801234"
OTHER = "0202801234"
BORGER = 1
SYGEMELDING = {"Startdato": TODAY, "Anmeldelsesdato": TODAY}


def test_a_citizen_user_may_read_and_write_its_own_data(dfdg):
    dfdg.borger(CPR)
    headers = dfdg.headers(user_type=BORGER, user_identifier=CPR)
    dfdg.sygemelding.CreateSygemelding(CPR, SYGEMELDING, _soapheaders=headers)
    assert len(dfdg.fravaer.GetAlleFravaer(CPR, _soapheaders=headers)) == 1


def test_a_citizen_user_may_neither_read_nor_write_another_citizen(dfdg):
    dfdg.borger(CPR)
    dfdg.borger(OTHER)
    headers = dfdg.headers(user_type=BORGER, user_identifier=OTHER)
    code, violations, _ = refused(dfdg.sygemelding.CreateSygemelding, CPR, SYGEMELDING, _soapheaders=headers)
    assert (code, violations[0]["RuleIdentifier"]) == (4575, "ADGANG")
    assert refused(dfdg.fravaer.GetAlleFravaer, CPR, _soapheaders=headers)[0] == 4575
    assert dfdg.tilstand(CPR).Fravaer == []


def test_refusal_names_the_callers_scope_not_the_citizens_jobcentre(dfdg):
    dfdg.borger(CPR)  # attached to jobcentre 10100, municipality 101
    scope = {o.adgang: kode for kode, o in organisationstyper().items()}
    for org in ((scope["jobcenter"], "20200"), (scope["kommune"], "202"), (scope["akasse"], "77")):
        code, violations, message = refused(dfdg.fravaer.GetAlleFravaer, CPR, _soapheaders=dfdg.headers(org))
        assert code == 4575
        assert "10100" not in message and "101 " not in message + " "


def test_unknown_cpr_is_1010_and_a_known_citizen_of_another_jobcentre_is_4575(dfdg):
    # As DFDG: 1010 is a CPR it does not know at all; a known citizen outside the caller's scope is 4575.
    dfdg.borger(CPR)
    assert refused(dfdg.fravaer.GetAlleFravaer, OTHER, _soapheaders=dfdg.headers((8, "20200")))[0] == 1010
    assert refused(dfdg.fravaer.GetAlleFravaer, CPR, _soapheaders=dfdg.headers((8, "20200")))[0] == 4575
