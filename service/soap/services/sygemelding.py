"""SygemeldingService: sick notices (absence type 11), recovery, and additional information on them."""

from spyne import Boolean, ComplexModel, Date
from spyne import Mandatory as M

from service.domain import model
from service.domain import sygemelding as domain
from service.domain.fravaer import SYGEMELDING, NytFravaer
from service.soap import mapping
from service.soap import namespaces as ns
from service.soap.application import BusinessService, operation
from service.soap.types import (
    Arbejdsgiver,
    Cpr,
    DelvisRaskmeldt,
    Fravaer,
    Guid,
    Kode,
    Kommentar,
    ServiceReceipt,
    YderligereInformation,
)

NS = ns.payload("SygemeldingService")
rpc = operation(NS)


class Sygemelding(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("FravaerIdentifier", Guid),
        ("Startdato", M(Date)),
        ("Slutdato", Date),
        ("Anmeldelsesdato", M(Date)),
        ("Kommentar", Kommentar),
        ("Fravaersafslutningsaarsag", Kode),
        ("Ledighedsgrad", Kode),
        ("Arbejdsgiver", Arbejdsgiver),
    ]


class YderligereInformationOmSygemelding(ComplexModel):
    """Project-defined: DFDG's fields are not public (dfdg-interfaces.md § 2.2)."""

    __namespace__ = NS
    _type_info = [
        ("FravaerIdentifier", M(Guid)),
        ("YderligereInformationIdentifier", Guid),
        ("DelvisRaskmeldt", DelvisRaskmeldt),
        ("ForventetRaskmeldingInden13Uger", Boolean),
        ("Kommentar", Kommentar),
    ]


class SygemeldingMedInformation(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Sygemelding", M(Fravaer)),
        ("YderligereInformation", YderligereInformation.customize(max_occurs="unbounded")),
    ]


def _oplysninger(info: YderligereInformationOmSygemelding) -> domain.Oplysninger:
    return domain.Oplysninger(
        delvis_raskmeldt=mapping.delvis(info.DelvisRaskmeldt),
        forventet_raskmelding_inden_13_uger=info.ForventetRaskmeldingInden13Uger,
        kommentar=info.Kommentar,
    )


class SygemeldingService(BusinessService):
    @rpc(M(Cpr), M(Sygemelding), _returns=(Guid, ServiceReceipt), _out_variable_names=("FravaerIdentifier", "ServiceReceipt"))
    def CreateSygemelding(ctx, PersonCivilRegistrationIdentifier, Sygemelding):
        """Registers "Sygdom – Sygemelding" (absence type 11) with source 002's rules."""
        s = Sygemelding
        arbejdsgiver = model.Arbejdsgiver(cvr=s.Arbejdsgiver.CVRnummer, pnummer=s.Arbejdsgiver.Pnummer) if s.Arbejdsgiver else None
        ny = NytFravaer(
            fravaer_type=SYGEMELDING,
            startdato=s.Startdato,
            slutdato=s.Slutdato,
            anmeldelsesdato=s.Anmeldelsesdato,
            kommentar=s.Kommentar,
            afslutningsaarsag=s.Fravaersafslutningsaarsag,
            ledighedsgrad=s.Ledighedsgrad,
            arbejdsgiver=arbejdsgiver,
            identifier=mapping.guid(s.FravaerIdentifier),
        )
        identifier, kvittering = domain.create(ctx.udc, PersonCivilRegistrationIdentifier, ny)
        return identifier, mapping.receipt(kvittering)

    @rpc(M(Cpr), M(Guid), M(Date), Kode, _returns=(Guid, ServiceReceipt), _out_variable_names=("FravaerIdentifier", "ServiceReceipt"))
    def Raskmeld(ctx, PersonCivilRegistrationIdentifier, FravaerIdentifier, Slutdato, Fravaersafslutningsaarsag):
        """Full recovery: Slutdato is the last sick day; the sick notice is closed."""
        return mapping.guid(FravaerIdentifier), mapping.receipt(
            domain.raskmeld(ctx.udc, PersonCivilRegistrationIdentifier, FravaerIdentifier, Slutdato, Fravaersafslutningsaarsag)
        )

    @rpc(M(Cpr), M(Guid), _returns=SygemeldingMedInformation, _out_variable_name="Sygemelding")
    def GetSygemelding(ctx, PersonCivilRegistrationIdentifier, FravaerIdentifier):
        """The sick notice and its additional information that is not deleted."""
        fravaer, informationer = domain.get(ctx.udc, PersonCivilRegistrationIdentifier, FravaerIdentifier)
        return SygemeldingMedInformation(
            Sygemelding=mapping.fravaer(fravaer, ctx.udc.today()), YderligereInformation=[mapping.yderligere(y) for y in informationer]
        )

    @rpc(
        M(Cpr),
        M(YderligereInformationOmSygemelding),
        _returns=(Guid, ServiceReceipt),
        _out_variable_names=("YderligereInformationIdentifier", "ServiceReceipt"),
    )
    def CreateYderligereInformationOmSygemelding(ctx, PersonCivilRegistrationIdentifier, YderligereInformationOmSygemelding):
        """Partial recovery (jobafklaring, KG 13) or expected recovery within 13 weeks (KG 24) on an open sick notice."""
        info = YderligereInformationOmSygemelding
        identifier, kvittering = domain.create_yderligere(
            ctx.udc,
            PersonCivilRegistrationIdentifier,
            info.FravaerIdentifier,
            _oplysninger(info),
            mapping.guid(info.YderligereInformationIdentifier),
        )
        return identifier, mapping.receipt(kvittering)

    @rpc(
        M(Cpr),
        M(Guid),
        M(YderligereInformationOmSygemelding),
        _returns=(Guid, ServiceReceipt),
        _out_variable_names=("YderligereInformationIdentifier", "ServiceReceipt"),
    )
    def UpdateYderligereInformationOmSygemelding(
        ctx, PersonCivilRegistrationIdentifier, YderligereInformationIdentifier, YderligereInformationOmSygemelding
    ):
        """Replaces the facts of the additional information; the same rules apply again."""
        return mapping.guid(YderligereInformationIdentifier), mapping.receipt(
            domain.update_yderligere(
                ctx.udc,
                PersonCivilRegistrationIdentifier,
                YderligereInformationIdentifier,
                _oplysninger(YderligereInformationOmSygemelding),
            )
        )

    @rpc(M(Cpr), M(Guid), _returns=(Guid, ServiceReceipt), _out_variable_names=("YderligereInformationIdentifier", "ServiceReceipt"))
    def DeleteYderligereInformationOmSygemelding(ctx, PersonCivilRegistrationIdentifier, YderligereInformationIdentifier):
        """Deletes the additional information (kept, marked deleted, in GetTilstand)."""
        return mapping.guid(YderligereInformationIdentifier), mapping.receipt(
            domain.delete_yderligere(ctx.udc, PersonCivilRegistrationIdentifier, YderligereInformationIdentifier)
        )
