"""SamtaleService: held conversations and follow-ups, with source 000's legality table and 003 § 25."""

from spyne import Boolean, ComplexModel, DateTime, Unicode
from spyne import Mandatory as M

from service.domain import model
from service.domain import samtale as domain
from service.soap import mapping
from service.soap import namespaces as ns
from service.soap.application import BusinessService, operation
from service.soap.types import Cpr, Guid, Indberetter, Kode, Kommentar, ServiceReceipt, indberetter

NS = ns.payload("SamtaleService")
rpc = operation(NS)


class Deltager(ComplexModel):
    __namespace__ = NS
    _type_info = [("Navn", M(Unicode(min_len=1, max_len=140))), ("Rolle", M(Kode)), ("Deltagelsesform", M(Kode))]


class NySamtale(ComplexModel):
    __namespace__ = NS
    __type_name__ = "Samtale"
    _type_info = [
        ("SamtaleIdentifier", Guid),
        ("SamtaleType", M(Kode)),
        ("Afholdelsestidspunkt", M(DateTime)),
        ("Samtaleform", M(Kode)),
        ("Deltager", Deltager.customize(max_occurs="unbounded")),
        ("IndkaldelseIdentifier", Guid),
        ("AftaleOmDetVidereForloeb", Kommentar),
        ("AkasseDeltagelsesstatus", Kode),
        ("Personkategori", Kode),
        # Project-defined (003's items; DFDG's names are not public), required per the reporter's list
        # (registreringspligter.toml): § 30 stk. 1 nr. 6 and § 63 stk. 1 nr. 6, § 30 stk. 1 nr. 5, § 63 stk. 1
        # nr. 7-8 and § 30 stk. 2, § 25 stk. 1 nr. 5 ("eventuel særlig indsats").
        ("CvGodkendelsesstatus", Kode),
        ("Konklusion", Kommentar),
        ("AftalerPaaBaggrundAfSamtalen", Kommentar),
        ("SaerligIndsats", Kommentar),
    ]


class RegistreretSamtale(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("SamtaleIdentifier", M(Guid)),
        ("SamtaleType", M(Kode)),
        ("Afholdelsestidspunkt", M(DateTime)),
        ("Samtaleform", M(Kode)),
        ("Deltager", Deltager.customize(max_occurs="unbounded")),
        ("IndkaldelseIdentifier", Guid),
        ("AftaleOmDetVidereForloeb", Kommentar),
        ("AkasseDeltagelsesstatus", Kode),
        ("Nulstillende", M(Boolean)),
        ("Slettet", M(Boolean)),
        ("Registreringstidspunkt", M(DateTime)),
        ("CvGodkendelsesstatus", Kode),
        ("Konklusion", Kommentar),
        ("AftalerPaaBaggrundAfSamtalen", Kommentar),
        ("SaerligIndsats", Kommentar),
        ("Indberetter", Indberetter),
    ]


def _registreret(m: model.Samtale) -> RegistreretSamtale:
    return RegistreretSamtale(
        SamtaleIdentifier=m.identifier,
        SamtaleType=m.samtale_type,
        Afholdelsestidspunkt=m.afholdt,
        Samtaleform=m.samtaleform,
        Deltager=[Deltager(Navn=d.navn, Rolle=d.rolle, Deltagelsesform=d.deltagelsesform) for d in m.deltagere],
        IndkaldelseIdentifier=m.indkaldelse_identifier,
        AftaleOmDetVidereForloeb=m.aftale,
        AkasseDeltagelsesstatus=m.akasse_deltagelse,
        Nulstillende=m.nulstillende,
        Slettet=m.slettet,
        Registreringstidspunkt=m.registreret,
        CvGodkendelsesstatus=m.cv_godkendelse,
        Konklusion=m.konklusion,
        AftalerPaaBaggrundAfSamtalen=m.aftaler,
        SaerligIndsats=m.saerlig_indsats,
        Indberetter=indberetter(m.indberetter),
    )


class SamtaleService(BusinessService):
    @rpc(M(Cpr), M(NySamtale), _returns=(Guid, ServiceReceipt), _out_variable_names=("SamtaleIdentifier", "ServiceReceipt"))
    def CreateSamtale(ctx, PersonCivilRegistrationIdentifier, Samtale):
        """Registers a held conversation; a Personkategori given changes the visitation/match group from today."""
        s = Samtale
        ny = domain.NySamtale(
            samtale_type=s.SamtaleType,
            afholdt=mapping.moment(s.Afholdelsestidspunkt),
            samtaleform=s.Samtaleform,
            deltagere=tuple(model.Deltager(navn=d.Navn, rolle=d.Rolle, deltagelsesform=d.Deltagelsesform) for d in (s.Deltager or [])),
            indkaldelse_identifier=mapping.guid(s.IndkaldelseIdentifier),
            aftale=s.AftaleOmDetVidereForloeb,
            akasse_deltagelse=s.AkasseDeltagelsesstatus,
            personkategori=s.Personkategori,
            identifier=mapping.guid(s.SamtaleIdentifier),
            cv_godkendelse=s.CvGodkendelsesstatus,
            konklusion=s.Konklusion,
            aftaler=s.AftalerPaaBaggrundAfSamtalen,
            saerlig_indsats=s.SaerligIndsats,
        )
        identifier, kvittering = domain.create(ctx.udc, PersonCivilRegistrationIdentifier, ny)
        return identifier, mapping.receipt(kvittering)

    @rpc(M(Cpr), M(Guid), _returns=(Guid, ServiceReceipt), _out_variable_names=("SamtaleIdentifier", "ServiceReceipt"))
    def DeleteSamtale(ctx, PersonCivilRegistrationIdentifier, SamtaleIdentifier):
        """Deletes a registered conversation (kept in GetSamtaler, marked Slettet)."""
        return mapping.guid(SamtaleIdentifier), mapping.receipt(
            domain.delete(ctx.udc, PersonCivilRegistrationIdentifier, SamtaleIdentifier)
        )

    @rpc(M(Cpr), _returns=RegistreretSamtale.customize(max_occurs="unbounded"), _out_variable_name="Samtale")
    def GetSamtaler(ctx, PersonCivilRegistrationIdentifier):
        """Every conversation registered for the citizen, oldest first, deleted ones marked."""
        return [_registreret(m) for m in domain.list_for(ctx.udc, PersonCivilRegistrationIdentifier)]
