"""Domain model: plain dataclasses for what the emulator stores. No spyne, no SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple


@dataclass(kw_only=True)
class Personkategoriperiode:
    personkategori: int
    startdato: date
    slutdato: date | None = None


@dataclass(kw_only=True)
class Kontaktgruppe:
    identifier: str
    cpr: str
    kontaktgruppe_type: int
    startdato: date
    slutdato: date | None = None
    personkategorier: list[Personkategoriperiode] = field(default_factory=list)

    def covers(self, day: date) -> bool:
        return self.startdato <= day and (self.slutdato is None or day <= self.slutdato)

    def personkategori_on(self, day: date) -> int | None:
        current = [p for p in self.personkategorier if p.startdato <= day and (p.slutdato is None or day <= p.slutdato)]
        return max(current, key=lambda p: p.startdato).personkategori if current else None


@dataclass(kw_only=True)
class Borger:
    cpr: str
    navn: str
    kommunekode: str
    jobcenterkode: str
    akassekode: str | None = None


@dataclass(kw_only=True)
class Tilmeldingshaendelse:
    """A change of the citizen's registration as job seeker ("tilmelding"/"afmelding")."""

    cpr: str
    tilmeldt: bool
    fra: date
    aarsag: str
    registreret: datetime


@dataclass(kw_only=True)
class Arbejdsgiver:
    cvr: str
    pnummer: str | None = None


@dataclass(kw_only=True)
class Fravaer:
    identifier: str
    cpr: str
    fravaer_type: int
    startdato: date
    anmeldelsesdato: date
    registreret: datetime
    slutdato: date | None = None
    kommentar: str | None = None
    afslutningsaarsag: int | None = None
    ledighedsgrad: int | None = None
    arbejdsgiver: Arbejdsgiver | None = None
    slettet: bool = False
    berigtigelseskommentar: str | None = None
    # The contact group and subgroup the registration was judged against (its start date, at registration).
    kontaktgruppe: int | None = None
    personkategori: str | None = None

    @property
    def aaben(self) -> bool:
        return self.slutdato is None and not self.slettet


class Fravaersperiode(NamedTuple):
    """An absence as exemptions over time read it: type, period, and the group it was judged against."""

    identifier: str
    cpr: str
    fravaer_type: int
    startdato: date
    slutdato: date | None
    kontaktgruppe: int | None
    personkategori: str | None
    slettet: bool = False


@dataclass(kw_only=True)
class DelvisRaskmeldt:
    startdato: date
    slutdato: date | None = None
    timer_pr_uge: int | None = None


@dataclass(kw_only=True)
class YderligereInformation:
    identifier: str
    fravaer_identifier: str
    registreret: datetime
    delvis_raskmeldt: DelvisRaskmeldt | None = None
    forventet_raskmelding_inden_13_uger: bool | None = None
    kommentar: str | None = None
    slettet: bool = False


@dataclass(frozen=True, kw_only=True)
class Kvittering:
    """DFDG's ServiceReceipt: when the registration happened and its transaction id."""

    event_date: datetime
    message_identifier: str


@dataclass(frozen=True, kw_only=True)
class Deltager:
    """A participant in a held conversation: name, role and form of participation (003 § 25 stk. 1 nr. 10)."""

    navn: str
    rolle: int
    deltagelsesform: int


@dataclass(kw_only=True)
class Samtale:
    identifier: str
    cpr: str
    samtale_type: int
    afholdt: datetime
    samtaleform: int
    registreret: datetime
    deltagere: list[Deltager] = field(default_factory=list)
    indkaldelse_identifier: str | None = None
    aftale: str | None = None
    akasse_deltagelse: int | None = None
    # Judged at registration from source 000 (the type resets the contact course for the group/status).
    nulstillende: bool = False
    slettet: bool = False
    # 003 § 30 stk. 1 nr. 5-6, § 63 stk. 1 nr. 6-8, § 25 stk. 1 nr. 5 (særlig indsats); the reporting organisation
    # (type, code) of § 30 nr. 2 and § 63 nr. 3 (issue 13).
    cv_godkendelse: int | None = None
    konklusion: str | None = None
    aftaler: str | None = None
    saerlig_indsats: str | None = None
    indberetter: tuple[int, str] | None = None


class AfholdtSamtale(NamedTuple):
    """A held conversation as the measurement counts it: type and time only (no participants or agreement).
    `afholdt` is Copenhagen local time without a zone, as stored. A named tuple: the measurement builds
    hundreds of thousands of them."""

    identifier: str
    cpr: str
    samtale_type: int
    afholdt: datetime
    slettet: bool = False


@dataclass(frozen=True, kw_only=True)
class Adresse:
    vejnavn: str
    husnummer: str
    postnummer: str
    by: str


@dataclass(frozen=True, kw_only=True)
class Tidsrum:
    start: datetime
    slut: datetime


@dataclass(frozen=True, kw_only=True)
class Indkaldelsesdata:
    """The fields of an invitation (003 §§ 20-21)."""

    samtale_type: int
    start: datetime
    # Required by the jobcentre's list (003 § 20 nr. 2, 3, 9), not by the a-kasse's (§ 60).
    slut: datetime | None
    samtaleform: int | None
    titel: str | None
    sted: str | None = None
    adresse: Adresse | None = None
    telefonnummer: str | None = None
    beskrivelse: str | None = None
    kontaktmuligheder: str | None = None
    selvbooking_mulig: bool = False
    alternative_tidspunkter: tuple[Tidsrum, ...] = ()
    ombookingsfrist: date | None = None
    selvbookingsfrist: date | None = None
    medarbejder: str | None = None
    akasse_deltagelse: int | None = None
    # 003 § 20 nr. 8: the citizen calls the jobcentre (then the number to call is required).
    borger_ringer_op: bool | None = None
    # The reporting organisation (type, code), 003 § 60 nr. 5.
    indberetter: tuple[int, str] | None = None


@dataclass(frozen=True, kw_only=True)
class Indkaldelsesversion:
    version: int
    aendring: str
    data: Indkaldelsesdata
    registreret: datetime
    begrundelse: str | None = None


@dataclass(kw_only=True)
class Indkaldelse:
    identifier: str
    cpr: str
    aflyst: bool
    historik: list[Indkaldelsesversion]

    @property
    def data(self) -> Indkaldelsesdata:
        return self.historik[-1].data
