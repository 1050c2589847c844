"""The registration-duty table (registreringspligter.toml): every numbered item of 003 §§ 20-25, 28-30 and 60-63 is in it,
each is carried and enforced or says why not, its rules exist, and docs/registreringspligter.md matches it."""

from collections import Counter
from datetime import datetime
from pathlib import Path

from service.domain import indkaldelse, samtale
from service.domain.model import Indkaldelsesdata
from service.rules.catalogue import regler
from service.rules.registreringspligter import AKASSE, JOBCENTER, KOMMUNE, liste_for, punkter
from service.tools.registreringspligter import markdown

ROOT = Path(__file__).resolve().parent.parent

# The numbered items of each stk., counted in 003 by hand: § 20 l. 531-542, § 21 l. 560-566, § 22 l. 578-580,
# § 23 l. 591-599, § 24 l. 605-686, § 25 l. 691-715, § 29 l. 760-767, § 30 l. 770-775, § 60 l. 1466-1470,
# § 62 l. 1501, § 63 l. 1510-1527.
NUMMERERET = {
    (20, 1): 10,
    (21, 1): 5,
    (22, 1): 3,
    (23, 1): 2,
    (23, 2): 2,
    (24, 1): 23,
    (25, 1): 10,
    (29, 1): 4,
    (30, 1): 6,
    (60, 1): 5,
    (62, 1): 1,
    (63, 1): 9,
    (63, 2): 4,
}
# The stk. without numbered items (each one row, nr = 0), and the lead of § 63 stk. 1 (its list has no subgroup).
UNUMMERERET = {
    (20, 2),
    (20, 3),
    (20, 4),
    (20, 5),
    (21, 2),
    (21, 3),
    (23, 3),
    (25, 2),
    (25, 3),
    (25, 4),
    (28, 1),
    (28, 2),
    (30, 2),
    (30, 3),
    (60, 2),
    (60, 3),
    (60, 4),
    (60, 5),
    (61, 1),
    (61, 2),
    (62, 2),
    (63, 1),
    (63, 3),
    (63, 4),
}


def test_every_numbered_item_is_in_the_table_once():
    counts = Counter((p.paragraf, p.stk, p.nr) for p in punkter())
    assert [k for k, n in counts.items() if n > 1] == []
    for (paragraf, stk), antal in NUMMERERET.items():
        assert sorted(nr for (pa, s, nr) in counts if (pa, s) == (paragraf, stk) and nr) == list(range(1, antal + 1)), (paragraf, stk)
    assert {(pa, s) for (pa, s, nr) in counts if nr == 0} == UNUMMERERET
    assert {p.paragraf for p in punkter()} == {20, 21, 22, 23, 24, 25, 28, 29, 30, 60, 61, 62, 63}


def test_each_item_is_enforced_or_says_why_not_and_names_the_lists_reporter():
    for p in punkter():
        assert p.liste == {
            20: JOBCENTER,
            21: JOBCENTER,
            22: JOBCENTER,
            23: JOBCENTER,
            24: JOBCENTER,
            25: JOBCENTER,
            28: KOMMUNE,
            29: KOMMUNE,
            30: KOMMUNE,
        }.get(p.paragraf, AKASSE), p.kilde
        assert p.kilde.startswith(f"003 § {p.paragraf} stk. {p.stk}") and "(l. " in p.kilde
        assert p.element, p.kilde
        enforced = p.regel is not None or p.regler or p.note
        assert bool(enforced) or p.ikke_haandhaevet, f"{p.kilde}: neither enforced nor said why not"
        if p.ikke_haandhaevet:
            assert p.regel is None and not p.kraever, p.kilde
        for rule in ([p.regel] if p.regel else []) + list(p.regler):
            assert rule in regler() and regler()[rule].haandhaeves, (p.kilde, rule)
        assert bool(p.kraever or p.deltagerroller) == (p.regel is not None), p.kilde


def test_every_required_element_is_read_by_the_domain():
    """A `kraever` path the domain does not map would be a KeyError on the wire; every one is mapped."""
    ny_samtale = samtale._vaerdier(samtale.NySamtale(samtale_type=7, afholdt=datetime(2026, 3, 1, 10), samtaleform=1))
    ny_indkaldelse = indkaldelse._vaerdier(
        Indkaldelsesdata(samtale_type=7, start=datetime(2026, 3, 2, 10), slut=None, samtaleform=None, titel=None)
    )
    for p in punkter():
        for felt in p.kraever:
            assert felt in (ny_samtale if p.registrering == "samtale" else ny_indkaldelse), (p.kilde, felt)


def test_which_list_judges_a_registration():
    assert liste_for("akasse", "samtale", 10) == AKASSE and liste_for("akasse", "indkaldelse", 10) == AKASSE
    assert liste_for("jobcenter", "samtale", 10) == KOMMUNE and liste_for("ksd", "samtale", 10) == KOMMUNE
    assert liste_for("jobcenter", "indkaldelse", 10) == JOBCENTER and liste_for("jobcenter", "samtale", 7) == JOBCENTER


def test_committed_doc_matches_the_table():
    committed = (ROOT / "docs/registreringspligter.md").read_text(encoding="utf-8")
    assert committed == markdown(), "run `python -m service.tools.registreringspligter --write docs/registreringspligter.md`"
