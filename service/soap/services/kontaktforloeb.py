"""KontaktforloebService: the contact course a citizen is owed, and the measurement across citizens (001, 004, 000)."""

from spyne import Boolean, ComplexModel, Date, DateTime, Decimal, Integer, Unicode
from spyne import Mandatory as M

from service.domain import kontaktforloeb as domain
from service.soap import namespaces as ns
from service.soap.application import BusinessService, operation
from service.soap.types import Cpr, Guid, Kode, Tekst

NS = ns.payload("KontaktforloebService")
rpc = operation(NS)


class Samtale(ComplexModel):
    __namespace__ = NS
    _type_info = [("SamtaleIdentifier", M(Guid)), ("SamtaleType", M(Kode)), ("Afholdelsestidspunkt", M(DateTime))]


class Krav(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("KravIdentifier", Tekst),
        ("Beskrivelse", Tekst),
        ("Status", M(Unicode(values=["opfyldt", "kommende", "overskredet", "fritaget"], type_name="KravStatusType", __namespace__=NS))),
        ("Frist", Date),
        ("OprindeligFrist", Date),
        ("FritagneDage", M(Integer)),
        ("Antal", M(Integer)),
        ("Samtale", Samtale.customize(max_occurs="unbounded")),
        ("Kilde", Tekst),
    ]


class Kontaktforloeb(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Dato", M(Date)),
        ("Ydelse", Unicode),
        ("Ydelsesnavn", Unicode),
        ("KontaktgruppeType", Kode),
        ("Startdato", Date),
        ("SamtalerEfterBehov", M(Boolean)),
        ("FritagetForKontaktforloeb", M(Boolean)),
        ("Krav", Krav.customize(max_occurs="unbounded")),
        ("NaesteFrist", Date),
    ]


class Maalgruppe(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Ydelse", Tekst),
        ("Ydelsesnavn", Tekst),
        ("AntalBorgere", M(Integer)),
        ("AntalOpfyldt", M(Integer)),
        ("Andel", M(Decimal(fraction_digits=4))),
        ("GennemsnitSamtaler", M(Decimal(fraction_digits=2))),
        ("AntalUdeladt", M(Integer)),
    ]


def _samtale(m) -> Samtale:  # type: ignore[no-untyped-def]
    return Samtale(SamtaleIdentifier=m.identifier, SamtaleType=m.samtale_type, Afholdelsestidspunkt=m.afholdt)


class KontaktforloebService(BusinessService):
    @rpc(M(Cpr), M(Date), _returns=Kontaktforloeb, _out_variable_name="Kontaktforloeb")
    def GetKontaktforloeb(ctx, PersonCivilRegistrationIdentifier, Dato):
        """The current benefit course on Dato, every requirement with deadline and status, and the next deadline."""
        f = domain.kontaktforloeb(ctx.udc, PersonCivilRegistrationIdentifier, Dato)
        forloeb = f.forloeb
        return Kontaktforloeb(
            Dato=f.dato, Ydelse=forloeb.ydelse.noegle if forloeb else None, Ydelsesnavn=forloeb.ydelse.navn if forloeb else None,
            KontaktgruppeType=forloeb.kontaktgruppe if forloeb else None, Startdato=forloeb.start if forloeb else None,
            SamtalerEfterBehov=f.efter_behov, FritagetForKontaktforloeb=f.fritaget,
            Krav=[Krav(KravIdentifier=k.krav.id, Beskrivelse=k.krav.beskrivelse, Status=k.status, Frist=k.frist,
                       OprindeligFrist=k.oprindelig_frist, FritagneDage=k.fritagne_dage, Antal=k.krav.antal,
                       Samtale=[_samtale(m) for m in k.samtaler], Kilde=k.krav.kilde) for k in f.krav],
            NaesteFrist=f.naeste_frist,
        )

    @rpc(Unicode(pattern="[0-9]{3}", type_name="KommunekodeType", __namespace__=NS),
         Unicode(pattern="[0-9]{1,8}", type_name="JobcenterKodeType", __namespace__=NS), M(Date),
         _returns=Maalgruppe.customize(max_occurs="unbounded"), _out_variable_name="Maalgruppe")
    def GetOpfoelgningsstatus(ctx, Kommunekode, JobcenterKode, Dato):
        """004's measurement for the simplified rules, per benefit, for one municipality or jobcentre."""
        return [Maalgruppe(Ydelse=g.ydelse.noegle, Ydelsesnavn=g.ydelse.navn, AntalBorgere=g.borgere, AntalOpfyldt=g.opfyldt,
                           Andel=round(g.andel, 4), GennemsnitSamtaler=round(g.gennemsnit, 2), AntalUdeladt=g.udeladt)
                for g in domain.opfoelgningsstatus(ctx.udc, Kommunekode, JobcenterKode, Dato)]
