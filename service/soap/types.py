"""Wire types shared by several services: receipts, employer, contact group, absence, common simple types.

The caller headers are not spyne types: see headers.py."""

from spyne import Boolean, ComplexModel, Date, DateTime, Integer, Unicode
from spyne import Mandatory as M

from service.soap import namespaces as ns

# The schema accepts any ten digits, so that a CPR with an impossible date gets DFDG's 1001, not 1014.
Cpr = Unicode(pattern="[0-9]{10}", type_name="PersonCivilRegistrationIdentifierType", __namespace__=ns.FAELLES)
Guid = Unicode(
    pattern="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", type_name="GuidType", __namespace__=ns.FAELLES
)
Kommentar = Unicode(max_len=1500, type_name="KommentarType", __namespace__=ns.FAELLES)
# Mandatory text; spyne's M() would put its restriction type in a namespace of its own.
Tekst = Unicode(min_len=1, min_occurs=1, nillable=False, type_name="TekstType", __namespace__=ns.FAELLES)
Kode = Integer(ge=0, le=10000, type_name="CodeListItemIdentifierType", __namespace__=ns.FAELLES)


class ServiceReceiptType(ComplexModel):
    """DFDG's ServiceReceiptType (dfdg-wire.md § 2.6): both children required, and the receipt itself too."""

    __namespace__ = ns.FAELLES
    __type_name__ = "ServiceReceiptType"
    _type_info = [("EventDate", M(DateTime)), ("MessageIdentifier", M(Guid))]


# Instances are ServiceReceiptType; spyne warns when a customized class is instantiated.
ServiceReceipt = ServiceReceiptType.customize(min_occurs=1, nillable=False)


class Indberetter(ComplexModel):
    """The organisation that registered (project-defined output): ActiveOrganisationHeader's type and code, which
    carry 003's "a-kassekode for indberettende arbejdsløshedskasse" (§ 60 nr. 5, § 63 nr. 3) and "kommunekode for
    indberettende kommune" (§ 30 nr. 2)."""

    __namespace__ = ns.FAELLES
    _type_info = [("OrganisationTypeIdentifier", M(Integer)), ("OrganisationCode", M(Unicode))]


def indberetter(value: tuple[int, str] | None) -> "Indberetter | None":
    return Indberetter(OrganisationTypeIdentifier=value[0], OrganisationCode=value[1]) if value else None


class Arbejdsgiver(ComplexModel):
    __namespace__ = ns.FAELLES
    _type_info = [
        ("CVRnummer", M(Unicode(pattern="[0-9]{8}"))),
        ("Pnummer", Unicode(pattern="[0-9]{10}")),
    ]


class Personkategoriperiode(ComplexModel):
    __namespace__ = ns.FAELLES
    _type_info = [("Personkategori", M(Kode)), ("Startdato", M(Date)), ("Slutdato", Date)]


class Kontaktgruppe(ComplexModel):
    __namespace__ = ns.FAELLES
    _type_info = [
        ("KontaktgruppeIdentifier", M(Guid)),
        ("KontaktgruppeType", M(Kode)),
        ("Startdato", M(Date)),
        ("Slutdato", Date),
        ("Personkategorier", Personkategoriperiode.customize(max_occurs="unbounded")),
    ]


class DelvisRaskmeldt(ComplexModel):
    __namespace__ = ns.FAELLES
    _type_info = [("Startdato", M(Date)), ("Slutdato", Date), ("TimerPrUge", Integer(ge=0, le=168))]


class YderligereInformation(ComplexModel):
    __namespace__ = ns.FAELLES
    _type_info = [
        ("YderligereInformationIdentifier", M(Guid)),
        ("FravaerIdentifier", M(Guid)),
        ("DelvisRaskmeldt", DelvisRaskmeldt),
        ("ForventetRaskmeldingInden13Uger", Boolean),
        ("Kommentar", Kommentar),
        ("Registreringstidspunkt", M(DateTime)),
        ("Slettet", M(Boolean)),
    ]


class Fravaer(ComplexModel):
    __namespace__ = ns.FAELLES
    _type_info = [
        ("FravaerIdentifier", M(Guid)),
        ("FravaerType", M(Kode)),
        ("Startdato", M(Date)),
        ("Slutdato", Date),
        ("Anmeldelsesdato", M(Date)),
        ("Kommentar", Kommentar),
        ("Fravaersafslutningsaarsag", Kode),
        ("Ledighedsgrad", Kode),
        ("Arbejdsgiver", Arbejdsgiver),
        ("Registreringstidspunkt", M(DateTime)),
        ("Slettet", M(Boolean)),
        ("Berigtigelseskommentar", Kommentar),
        # Aktiv: not ended before today; Afsluttet: ended before today; Slettet: deleted (berigtiget).
        ("Status", M(Unicode(values=["Aktiv", "Afsluttet", "Slettet"], type_name="FravaerStatusType", __namespace__=ns.FAELLES))),
    ]
