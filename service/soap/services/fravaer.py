"""FravaerService: absences and exemptions of source 002, and the duties a citizen is exempt from on a date."""

from spyne import Boolean, ComplexModel, Date, Integer, Unicode
from spyne import Mandatory as M

from service.domain import fravaer as domain
from service.soap import mapping
from service.soap import namespaces as ns
from service.soap.application import BusinessService, operation
from service.soap.types import Cpr, Fravaer, Guid, Kode, Kommentar, ServiceReceipt, Tekst

NS = ns.payload("FravaerService")
rpc = operation(NS)


class NytFravaer(ComplexModel):
    __namespace__ = NS
    __type_name__ = "Fravaer"
    _type_info = [
        ("FravaerIdentifier", Guid),
        ("FravaerType", M(Kode)),
        ("Startdato", M(Date)),
        ("Slutdato", Date),
        ("Anmeldelsesdato", M(Date)),
        ("Kommentar", Kommentar),
        ("Fravaersafslutningsaarsag", Kode),
    ]


class Aarsag(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("FravaerIdentifier", M(Guid)),
        ("FravaerType", M(Integer)),
        ("Navn", Tekst),
        ("Tekst", Tekst),
        ("Kilde", Tekst),
        # Added: the row's legal basis and deregistration (002's "§" and "Afmeldes" columns).
        ("Hjemmel", Unicode),
        ("Afmeldes", Unicode(values=["ja", "nej", "hvis_tilmeldt"], type_name="AfmeldesType", __namespace__=NS)),
        ("AfmeldesNote", Unicode),
    ]


class Fritagelse(ComplexModel):
    __namespace__ = NS
    _type_info = [("Pligt", Tekst), ("Aarsag", Aarsag.customize(max_occurs="unbounded"))]


class Fritagelser(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Dato", M(Date)),
        ("TilmeldtSomJobsoegende", M(Boolean)),
        ("KontaktgruppeType", Kode),
        ("Personkategori", Unicode),
        ("Fritagelse", Fritagelse.customize(max_occurs="unbounded")),
    ]


class FravaerService(BusinessService):
    @rpc(M(Cpr), M(NytFravaer), _returns=(Guid, ServiceReceipt), _out_variable_names=("FravaerIdentifier", "ServiceReceipt"))
    def CreateFravaer(ctx, PersonCivilRegistrationIdentifier, Fravaer):
        """Registers an absence or exemption with every rule of its table in source 002 (type 11: SygemeldingService)."""
        f = Fravaer
        ny = domain.NytFravaer(
            fravaer_type=f.FravaerType,
            startdato=f.Startdato,
            slutdato=f.Slutdato,
            anmeldelsesdato=f.Anmeldelsesdato,
            kommentar=f.Kommentar,
            afslutningsaarsag=f.Fravaersafslutningsaarsag,
            identifier=mapping.guid(f.FravaerIdentifier),
        )
        identifier, kvittering = domain.create(ctx.udc, PersonCivilRegistrationIdentifier, ny)
        return identifier, mapping.receipt(kvittering)

    @rpc(
        M(Cpr), M(Guid), Date, Kommentar, Kode, _returns=(Guid, ServiceReceipt), _out_variable_names=("FravaerIdentifier", "ServiceReceipt")
    )
    def UpdateFravaer(ctx, PersonCivilRegistrationIdentifier, FravaerIdentifier, Slutdato, Kommentar, Fravaersafslutningsaarsag):
        """Sets the end date, comment or end reason; the period and comment rules apply again."""
        return mapping.guid(FravaerIdentifier), mapping.receipt(
            domain.update(ctx.udc, PersonCivilRegistrationIdentifier, FravaerIdentifier, Slutdato, Kommentar, Fravaersafslutningsaarsag)
        )

    @rpc(
        M(Cpr),
        M(Guid),
        M(Unicode(min_len=1, max_len=1500, type_name="BerigtigelseskommentarType", __namespace__=NS)),
        _returns=(Guid, ServiceReceipt),
        _out_variable_names=("FravaerIdentifier", "ServiceReceipt"),
    )
    def DeleteFravaer(ctx, PersonCivilRegistrationIdentifier, FravaerIdentifier, Berigtigelseskommentar):
        """Deletes (corrects) an absence; it stays readable, marked Slettet, with the correction comment."""
        return mapping.guid(FravaerIdentifier), mapping.receipt(
            domain.delete(ctx.udc, PersonCivilRegistrationIdentifier, FravaerIdentifier, Berigtigelseskommentar)
        )

    @rpc(M(Cpr), M(Guid), _returns=Fravaer, _out_variable_name="Fravaer")
    def GetFravaer(ctx, PersonCivilRegistrationIdentifier, FravaerIdentifier):
        """One absence, deleted ones included (Status says which)."""
        return mapping.fravaer(domain.get(ctx.udc, PersonCivilRegistrationIdentifier, FravaerIdentifier), ctx.udc.today())

    @rpc(M(Cpr), _returns=Fravaer.customize(max_occurs="unbounded"), _out_variable_name="Fravaer")
    def GetAlleFravaer(ctx, PersonCivilRegistrationIdentifier):
        """Every absence of the citizen, sick notices, ended and deleted ones included."""
        today = ctx.udc.today()
        return [mapping.fravaer(f, today) for f in domain.alle(ctx.udc, PersonCivilRegistrationIdentifier)]

    @rpc(M(Cpr), M(Date), _returns=Fritagelser, _out_variable_name="Fritagelser")
    def GetFritagelser(ctx, PersonCivilRegistrationIdentifier, Dato):
        """Every duty the citizen is exempt from on Dato, the absences causing each, and the registration status."""
        f = domain.fritagelser(ctx.udc, PersonCivilRegistrationIdentifier, Dato)
        return Fritagelser(
            Dato=f.dato,
            TilmeldtSomJobsoegende=f.tilmeldt,
            KontaktgruppeType=f.kontaktgruppe,
            Personkategori=f.personkategori,
            Fritagelse=[
                Fritagelse(
                    Pligt=pligt,
                    Aarsag=[
                        Aarsag(
                            FravaerIdentifier=a.fravaer.identifier,
                            FravaerType=a.fravaer.fravaer_type,
                            Navn=a.navn,
                            Tekst=a.tekst,
                            Kilde=a.kilde,
                            Hjemmel=a.hjemmel or None,
                            Afmeldes=a.afmeldes,
                            AfmeldesNote=a.afmeldes_note or None,
                        )
                        for a in aarsager
                    ],
                )
                for pligt, aarsager in sorted(f.pligter.items())
            ],
        )
