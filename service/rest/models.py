"""The JSON bodies, with DFDG's Danish REST names (dfdg-interfaces.md § 2.1, § 2.3, § 2.5, § 2.6).

pydantic models: FastAPI validates every request against them and generates the OpenAPI document from them.
Fields DFDG has not published are the project's, marked "Projekt-defineret" in their description.
Dates: DFDG's REST pages type them as date-time; the emulator's domain judges whole days (as its SOAP face's
xs:date), so a date (`2026-03-01`) is the project's choice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

PROJEKT = "Projekt-defineret (DFDG's felt er ikke offentligt)."

Kode = Annotated[int, Field(ge=0, le=10000, description="CodeListItemIdentifierType (0-10000)")]
Kommentar = Annotated[str, Field(max_length=1500)]
Cvr = Annotated[str, Field(pattern=r"^[0-9]{8}$")]
Pnummer = Annotated[str, Field(pattern=r"^[0-9]{10}$")]


class Dto(BaseModel):
    # An unknown field is refused (400), as the SOAP face's schema refuses an unknown element.
    model_config = ConfigDict(extra="forbid")


class Servicekvittering(Dto):
    """DFDG's ServicekvitteringDto (dfdg-interfaces.md § 3.3)."""

    registreringstidspunkt: datetime = Field(description="EventDate")
    registreringsId: UUID = Field(description="MessageIdentifier")


class CreateFravaerRequestDto(Dto):
    fravaerIdentifier: UUID | None = Field(None, description="The caller's own id (2024-2 variant); else DFDG assigns one.")
    fravaerType: Kode = Field(description="FravaerTypeCodeList (AbsenceTypeIdentifier); type 11 is SygemeldingService's")
    startDato: date = Field(description="StartDate")
    slutDato: date | None = Field(None, description="EndDate")
    fravaersKommentar: Kommentar | None = Field(None, description="AbsenceComment")
    anmeldelsesDato: date = Field(description="NotificationDate")
    fravaersAfslutningsAarsag: Kode | None = Field(None, description="AbsenceCauseTypeIdentifier")


class UpdateFravaerRequestDto(Dto):
    """Projekt-defineret (DFDG's UpdateFravaer body is not public): what an update may change, as on the SOAP face."""

    slutDato: date | None = Field(None, description="EndDate")
    fravaersKommentar: Kommentar | None = Field(None, description="AbsenceComment")
    fravaersAfslutningsAarsag: Kode | None = Field(None, description="AbsenceCauseTypeIdentifier")


class ArbejdsgiverDto(Dto):
    cvrEnhedsid: Cvr = Field(description="CVR number")
    pNummer: Pnummer | None = Field(None, description="P-number (production unit)")


class FravaerDto(Dto):
    """An absence as read back. Projekt-defineret (DFDG's GetFravaer output is not public): the create names, and
    the state the SOAP face's GetFravaer reports."""

    fravaerIdentifier: UUID
    fravaerType: int
    startDato: date
    slutDato: date | None = None
    anmeldelsesDato: date
    fravaersKommentar: str | None = None
    fravaersAfslutningsAarsag: int | None = None
    ledighedsgrad: int | None = None
    arbejdsgiver: ArbejdsgiverDto | None = None
    registreringstidspunkt: datetime
    slettet: bool
    berigtigelseskommentar: str | None = None
    status: Literal["Aktiv", "Afsluttet", "Slettet"]


class SygemeldingDto(Dto):
    """DFDG's SygemeldingDto (dfdg-interfaces.md § 2.1, U4), lowercase camelCase."""

    fravaerIdentifier: UUID | None = Field(None, description="AbsenceIdentifier (earlier draft, U5); or the path variant")
    startdato: date = Field(description="StartDate: first sick day")
    slutdato: date | None = Field(None, description="EndDate")
    fravaerType: Literal[11] = Field(11, description="FravaerTypeCodeList: 11 Sygdom – sygemelding (the only type here)")
    fravaerskommentar: Kommentar | None = Field(None, description="AbsenceComment")
    fravaersafslutningsaarsag: Kode | None = Field(None, description="FravaersafslutningsaarsagTypeCodeList")
    anmeldelsesdato: date = Field(description="NotificationDate")
    ledighedsgrad: Kode | None = Field(None, description="LedighedsgradTypeCodeList (degree of unemployment)")
    arbejdsgiver: ArbejdsgiverDto | None = None


class CreateSygemeldingRequestDto(Dto):
    """DFDG's CreateSygemeldingRequestDto. Its `tilmelding` part (re-registration) is not supported by the emulator,
    so it is refused as an unknown field rather than ignored."""

    sygemelding: SygemeldingDto


class RaskmeldRequestDto(Dto):
    """Projekt-defineret (DFDG's Raskmeld body is not public beyond `tilmelding`, which the emulator does not support)."""

    slutdato: date = Field(description="The last sick day; not after today")
    fravaersafslutningsaarsag: Kode | None = None


class CreateKontaktgruppeRequestDto(Dto):
    """DFDG's CreateKontaktgruppeRequestDto (dfdg-interfaces.md § 2.5). `Sluttidspunkt` and `Haendelsestidspunkt` are
    not supported (a group is opened today and ended by the next one), so they are refused as unknown fields."""

    kontaktgruppeIdentifier: UUID | None = Field(None, description="The caller's own id")
    KontaktgruppeType: Kode = Field(description="ContactGroupTypeCodeList")
    Starttidspunkt: datetime = Field(description="Must fall on today (4703); read in Copenhagen time")
    Personkategori: Kode | None = Field(None, description=PROJEKT + " The subgroup (as on the SOAP face).")


class Adresse(Dto):
    vejnavn: Annotated[str, Field(max_length=200)]
    husnummer: Annotated[str, Field(max_length=20)]
    postnummer: Annotated[str, Field(pattern=r"^[0-9]{4}$")]
    by: Annotated[str, Field(max_length=200)]


class Tidsrum(Dto):
    starttidspunkt: datetime
    sluttidspunkt: datetime


class IndkaldelseDto(Dto):
    """Projekt-defineret where DFDG's CreateIndkaldelse DTO is not public (dfdg-interfaces.md § 2.6: names partly
    lost): the fields of 003 §§ 20-21 the emulator judges, with DFDG's names where they are known."""

    indkaldelseIdentifier: UUID | None = None
    samtaleType: Kode = Field(description="SamtaleType")
    starttidspunkt: datetime
    # Optional as in SOAP: an a-kasse's invitation needs neither (003 § 60); the jobcentre's rules ask for them.
    sluttidspunkt: datetime | None = None
    samtaleform: Kode | None = None
    titel: Annotated[str, Field(max_length=200)] | None = None
    beskrivelse: Kommentar | None = None
    sted: Annotated[str, Field(max_length=200)] | None = None
    adresse: Adresse | None = None
    telefonnummer: Annotated[str, Field(pattern=r"^(\+)?[0-9]{3,20}$")] | None = None
    kontaktmuligheder: Kommentar | None = None
    selvbookingMulig: bool = False
    alternativeTidspunkter: list[Tidsrum] = []
    ombookingsfrist: date | None = None
    selvbookingsfrist: date | None = None
    medarbejder: Annotated[str, Field(max_length=200)] | None = None
    akasseDeltagelsesstatus: Kode | None = None
    # 003 § 20 nr. 8: the citizen calls (then `telefonnummer`, the number to call, is required). Projekt-defineret.
    borgerRingerOp: bool | None = None


class UpdateIndkaldelseRequestDto(IndkaldelseDto):
    begrundelse: Kommentar | None = None


class Indkaldelsesversion(Dto):
    version: int
    aendring: Literal["Oprettet", "Flyttet", "Ændret", "Aflyst"]
    starttidspunkt: datetime
    sluttidspunkt: datetime | None = None
    begrundelse: str | None = None
    registreringstidspunkt: datetime


class RegistreretIndkaldelse(Dto):
    status: Literal["Aktiv", "Aflyst"]
    indkaldelse: IndkaldelseDto
    historik: list[Indkaldelsesversion]


class Indkaldelseshistorik(Dto):
    """Projekt-defineret (DFDG's GetIndkaldelseshistorik answer is not public): an invitation's versions, oldest first."""

    indkaldelseIdentifier: UUID
    status: Literal["Aktiv", "Aflyst"]
    historik: list[Indkaldelsesversion]


class Violation(Dto):
    """One broken rule, as the SOAP fault's Violation."""

    errorCode: int
    ruleIdentifier: str
    field: str
    message: str
    source: str


class Problem(Dto):
    """RFC 9457 problem details; `errorCode`, `message`, `innerException` and `source` are the SOAP fault's
    FaultDetails, `violations` its Violations."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errorCode: int
    message: str
    innerException: str | None = None
    source: str
    violations: list[Violation]


# --- Projekt-defineret resources for the business operations DFDG has published no REST form of (issue 12): the
# SOAP face's elements in lowerCamelCase, the same domain and rules behind them. ---


class DelvisRaskmeldtDto(Dto):
    startdato: date
    slutdato: date | None = None
    timerPrUge: Annotated[int, Field(ge=0, le=168)] | None = None


class YderligereInformationRequestDto(Dto):
    """Projekt-defineret (dfdg-interfaces.md § 2.2: DFDG's fields are not public): partial recovery (KG 13) or the
    expected recovery within 13 weeks (KG 24); the sick notice is the path's."""

    yderligereInformationIdentifier: UUID | None = Field(None, description="The caller's own id; else the emulator assigns one")
    delvisRaskmeldt: DelvisRaskmeldtDto | None = None
    forventetRaskmeldingInden13Uger: bool | None = None
    kommentar: Kommentar | None = None


class UpdateYderligereInformationRequestDto(Dto):
    """Projekt-defineret: the facts that replace the stored ones (the same rules apply again)."""

    delvisRaskmeldt: DelvisRaskmeldtDto | None = None
    forventetRaskmeldingInden13Uger: bool | None = None
    kommentar: Kommentar | None = None


class YderligereInformationDto(Dto):
    yderligereInformationIdentifier: UUID
    fravaerIdentifier: UUID
    delvisRaskmeldt: DelvisRaskmeldtDto | None = None
    forventetRaskmeldingInden13Uger: bool | None = None
    kommentar: str | None = None
    registreringstidspunkt: datetime
    slettet: bool


class SygemeldingMedInformationDto(Dto):
    """Projekt-defineret: the sick notice and its additional information that is not deleted (SOAP GetSygemelding)."""

    sygemelding: FravaerDto
    yderligereInformation: list[YderligereInformationDto]


class Deltager(Dto):
    navn: Annotated[str, Field(min_length=1, max_length=140)]
    rolle: Kode
    deltagelsesform: Kode


class CreateSamtaleRequestDto(Dto):
    """Projekt-defineret (dfdg-interfaces.md § 1: DFDG has no REST Samtale service; its SOAP
    CreatePersonInterview's fields are partly public): the SOAP face's Samtale."""

    samtaleIdentifier: UUID | None = Field(None, description="The caller's own id; else the emulator assigns one")
    samtaleType: Kode
    afholdelsestidspunkt: datetime = Field(description="When it was held; read in Copenhagen time")
    samtaleform: Kode
    deltager: list[Deltager] = []
    indkaldelseIdentifier: UUID | None = Field(None, description="The invitation it was held on (must exist on the citizen)")
    aftaleOmDetVidereForloeb: Kommentar | None = None
    akasseDeltagelsesstatus: Kode | None = None
    personkategori: Kode | None = Field(None, description="A new visitation/match group, from today")
    cvGodkendelsesstatus: Kode | None = None
    konklusion: Kommentar | None = None
    aftalerPaaBaggrundAfSamtalen: Kommentar | None = None
    saerligIndsats: Kommentar | None = None


class Indberetter(Dto):
    organisationTypeIdentifier: int
    organisationCode: str


class SamtaleDto(Dto):
    samtaleIdentifier: UUID
    samtaleType: int
    afholdelsestidspunkt: datetime
    samtaleform: int
    deltager: list[Deltager]
    indkaldelseIdentifier: UUID | None = None
    aftaleOmDetVidereForloeb: str | None = None
    akasseDeltagelsesstatus: int | None = None
    nulstillende: bool
    slettet: bool
    registreringstidspunkt: datetime
    cvGodkendelsesstatus: int | None = None
    konklusion: str | None = None
    aftalerPaaBaggrundAfSamtalen: str | None = None
    saerligIndsats: str | None = None
    indberetter: Indberetter | None = None


class AfslutKontaktgruppeRequestDto(Dto):
    """Projekt-defineret: the group's last day (at the latest today, 003 § 16 stk. 2)."""

    slutdato: date


class UpdatePersonkategoriRequestDto(Dto):
    """Projekt-defineret: the visitation/match group or sickness-benefit category, from today."""

    personkategori: Kode


class Personkategoriperiode(Dto):
    personkategori: int
    startdato: date
    slutdato: date | None = None


class KontaktgruppeDto(Dto):
    kontaktgruppeIdentifier: UUID
    kontaktgruppeType: int
    startdato: date
    slutdato: date | None = None
    personkategorier: list[Personkategoriperiode]


class Aarsag(Dto):
    fravaerIdentifier: UUID
    fravaerType: int
    navn: str | None = None
    tekst: str | None = None
    kilde: str | None = None
    hjemmel: str | None = None
    afmeldes: Literal["ja", "nej", "hvis_tilmeldt"]
    afmeldesNote: str | None = None


class Fritagelse(Dto):
    pligt: str
    aarsag: list[Aarsag]


class FritagelserDto(Dto):
    """Projekt-defineret: the duties the citizen is exempt from on the date, and the absences causing each."""

    dato: date
    tilmeldtSomJobsoegende: bool
    kontaktgruppeType: int | None = None
    personkategori: str | None = None
    fritagelse: list[Fritagelse]


class KontaktforloebSamtale(Dto):
    samtaleIdentifier: UUID
    samtaleType: int
    afholdelsestidspunkt: datetime


class FritagendeFravaer(Dto):
    fravaerIdentifier: UUID
    fravaerType: int
    dage: int


class Krav(Dto):
    kravIdentifier: str | None = None
    beskrivelse: str | None = None
    status: str
    frist: date | None = None
    oprindeligFrist: date | None = None
    fritagneDage: int
    antal: int
    samtale: list[KontaktforloebSamtale]
    kilde: str | None = None
    anker: str | None = None
    ankerdato: date | None = None
    manglendeSamtaler: int | None = None
    fritagetTil: date | None = None
    fritagendeFravaer: list[FritagendeFravaer]
    statusforklaring: str | None = None


class UdestaaendeKrav(Dto):
    kravIdentifier: str | None = None
    manglendeSamtaler: int
    frist: date | None = None
    status: str | None = None


class ErstattetForloeb(Dto):
    ydelse: str | None = None
    ydelsesnavn: str | None = None
    kontaktgruppeType: int
    startdato: date
    slutdato: date


class KontaktforloebDto(Dto):
    """Projekt-defineret: the contact course owed on the date (001, 004), as the SOAP face's GetKontaktforloeb."""

    dato: date
    ydelse: str | None = None
    ydelsesnavn: str | None = None
    kontaktgruppeType: int | None = None
    startdato: date | None = None
    samtalerEfterBehov: bool
    fritagetForKontaktforloeb: bool
    krav: list[Krav]
    naesteFrist: date | None = None
    naesteFristKravIdentifier: str | None = None
    naesteFristManglendeSamtaler: int | None = None
    udestaaende: list[UdestaaendeKrav]
    fritagetTil: date | None = None
    intetForloebAarsag: Literal["ingen_kontaktgruppe", "kontaktgruppe_uden_kontaktforloeb"] | None = None
    forklaring: str | None = None
    erstatterForloeb: ErstattetForloeb | None = None


class MaaltBorger(Dto):
    personCivilRegistrationIdentifier: str
    startdato: date
    periodeSlutdato: date
    samtalerIPerioden: int
    samtalerIForloebet: int
    fritagneDage: int
    status: Literal["opfyldt", "ikke_opfyldt", "udeladt"]
    aarsag: str | None = None


class Maalgruppe(Dto):
    """Projekt-defineret: 004's measurement of one benefit (kontanthjælp per subgroup), as SOAP GetOpfoelgningsstatus."""

    ydelse: str | None = None
    ydelsesnavn: str | None = None
    antalBorgere: int
    antalOpfyldt: int
    andel: float
    gennemsnitSamtaler: float
    antalUdeladt: int
    personkategori: str | None = None
    maal: str | None = None
    maalAntalSamtaler: int | None = None
    periode: str | None = None
    vindue: str | None = None
    forloebsstartFra: date | None = None
    forloebsstartTil: date | None = None
    kilde: str | None = None
    borger: list[MaaltBorger]
