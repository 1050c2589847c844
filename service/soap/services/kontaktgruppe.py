"""KontaktgruppeService: a citizen's contact group (kontaktgruppe 1-29) and subgroup."""

from spyne import ComplexModel, Date
from spyne import Mandatory as M

from service.domain import kontaktgruppe as domain
from service.soap import mapping
from service.soap import namespaces as ns
from service.soap.application import BusinessService, operation
from service.soap.types import Cpr, Guid, Kode, Kontaktgruppe, ServiceReceipt

NS = ns.payload("KontaktgruppeService")
rpc = operation(NS)


class NyKontaktgruppe(ComplexModel):
    __namespace__ = NS
    __type_name__ = "Kontaktgruppe"
    _type_info = [
        ("KontaktgruppeIdentifier", Guid),
        ("KontaktgruppeType", M(Kode)),
        ("Startdato", M(Date)),
        ("Personkategori", Kode),
    ]


class KontaktgruppeService(BusinessService):
    @rpc(M(Cpr), M(NyKontaktgruppe), _returns=(Guid, ServiceReceipt), _out_variable_names=("KontaktgruppeIdentifier", "ServiceReceipt"))
    def CreateKontaktgruppe(ctx, PersonCivilRegistrationIdentifier, Kontaktgruppe):
        """Opens a contact group from today; a different open group is ended the day before."""
        ny = domain.NyKontaktgruppe(
            kontaktgruppe_type=Kontaktgruppe.KontaktgruppeType,
            startdato=Kontaktgruppe.Startdato,
            personkategori=Kontaktgruppe.Personkategori,
            identifier=mapping.guid(Kontaktgruppe.KontaktgruppeIdentifier),
        )
        identifier, kvittering = domain.create(ctx.udc, PersonCivilRegistrationIdentifier, ny)
        return identifier, mapping.receipt(kvittering)

    @rpc(M(Cpr), M(Guid), M(Date), _returns=(Guid, ServiceReceipt), _out_variable_names=("KontaktgruppeIdentifier", "ServiceReceipt"))
    def AfslutKontaktgruppe(ctx, PersonCivilRegistrationIdentifier, KontaktgruppeIdentifier, Slutdato):
        """Ends the open contact group on its last day (at the latest today, 003 § 16 stk. 2)."""
        return mapping.guid(KontaktgruppeIdentifier), mapping.receipt(
            domain.afslut(ctx.udc, PersonCivilRegistrationIdentifier, KontaktgruppeIdentifier, Slutdato)
        )

    @rpc(M(Cpr), M(Guid), M(Kode), _returns=(Guid, ServiceReceipt), _out_variable_names=("KontaktgruppeIdentifier", "ServiceReceipt"))
    def UpdatePersonkategori(ctx, PersonCivilRegistrationIdentifier, KontaktgruppeIdentifier, Personkategori):
        """Sets the visitation/match group or sickness-benefit category, effective from today."""
        return mapping.guid(KontaktgruppeIdentifier), mapping.receipt(
            domain.update_personkategori(ctx.udc, PersonCivilRegistrationIdentifier, KontaktgruppeIdentifier, Personkategori)
        )

    @rpc(M(Cpr), _returns=Kontaktgruppe.customize(max_occurs="unbounded"), _out_variable_name="Kontaktgruppe")
    def GetKontaktgrupper(ctx, PersonCivilRegistrationIdentifier):
        """Every contact group of the citizen, oldest first."""
        return [mapping.kontaktgruppe(kg) for kg in domain.list_for(ctx.udc, PersonCivilRegistrationIdentifier)]
