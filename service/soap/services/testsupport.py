"""TestSupportService: test set-up, never part of real DFDG (interface.md § 4)."""

from spyne import Boolean, ComplexModel, Date, DateTime, Integer, ServiceBase, Unicode
from spyne import Mandatory as M

from service.domain import model
from service.domain import testsupport as domain
from service.soap import mapping
from service.soap import namespaces as ns
from service.soap.application import operation
from service.soap.types import Cpr, Fravaer, Kode, Kontaktgruppe, ServiceReceipt, Tekst, YderligereInformation

NS = ns.payload("TestSupportService")
rpc = operation(NS)
Organisationskode = Unicode(pattern="[0-9]{1,8}", type_name="OrganisationskodeType", __namespace__=NS)


class Historikperiode(ComplexModel):
    __namespace__ = NS
    __type_name__ = "Kontaktgruppeperiode"
    _type_info = [("KontaktgruppeType", M(Kode)), ("Startdato", M(Date)), ("Slutdato", Date), ("Personkategori", Kode)]


class Testborger(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("PersonCivilRegistrationIdentifier", M(Cpr)),
        ("Navn", M(Unicode(min_len=1, max_len=140))),
        ("Kommunekode", M(Unicode(pattern="[0-9]{3}"))),
        ("JobcenterKode", M(Organisationskode)),
        ("AkasseKode", Organisationskode),
        ("Tilmeldt", Boolean),
        ("Kontaktgruppehistorik", Historikperiode.customize(max_occurs="unbounded")),
    ]


SandkasseNavn = Unicode(pattern="[a-z0-9-]{1,40}", type_name="SandkasseNavnType", __namespace__=NS)


class Sandkasse(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Navn", M(SandkasseNavn)),
        ("Tidspunkt", M(DateTime)),
        ("Dato", Date),
        ("FastTidspunkt", DateTime),
        ("Loebende", M(Boolean)),
        ("Oprettet", M(DateTime)),
        ("Borgere", M(Integer)),
    ]


class Tilmeldingshaendelse(ComplexModel):
    __namespace__ = NS
    _type_info = [("Tilmeldt", M(Boolean)), ("Fra", M(Date)), ("Aarsag", Tekst), ("Registreringstidspunkt", M(DateTime))]


class Tilstand(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Borger", M(Testborger)),
        ("Dato", M(Date)),
        ("TilmeldtSomJobsoegende", M(Boolean)),
        ("AktuelKontaktgruppe", Kontaktgruppe),
        ("Tilmeldingshaendelse", Tilmeldingshaendelse.customize(max_occurs="unbounded")),
        ("Kontaktgruppe", Kontaktgruppe.customize(max_occurs="unbounded")),
        ("Fravaer", Fravaer.customize(max_occurs="unbounded")),
        ("YderligereInformation", YderligereInformation.customize(max_occurs="unbounded")),
    ]


def _testborger(t: Testborger) -> domain.Testborger:
    borger = model.Borger(
        cpr=t.PersonCivilRegistrationIdentifier,
        navn=t.Navn,
        kommunekode=t.Kommunekode,
        jobcenterkode=t.JobcenterKode,
        akassekode=t.AkasseKode,
    )
    perioder = tuple(
        domain.Historikperiode(
            kontaktgruppe_type=p.KontaktgruppeType, startdato=p.Startdato, slutdato=p.Slutdato, personkategori=p.Personkategori
        )
        for p in (t.Kontaktgruppehistorik or [])
    )
    return domain.Testborger(borger=borger, tilmeldt=bool(t.Tilmeldt), kontaktgrupper=perioder)


def _tilstand(t: domain.Tilstand, dato) -> Tilstand:
    b = t.borger
    return Tilstand(
        Borger=Testborger(
            PersonCivilRegistrationIdentifier=b.cpr,
            Navn=b.navn,
            Kommunekode=b.kommunekode,
            JobcenterKode=b.jobcenterkode,
            AkasseKode=b.akassekode,
        ),
        Dato=dato,
        TilmeldtSomJobsoegende=t.tilmeldt,
        AktuelKontaktgruppe=mapping.kontaktgruppe(t.kontaktgruppe) if t.kontaktgruppe else None,
        Tilmeldingshaendelse=[
            Tilmeldingshaendelse(Tilmeldt=h.tilmeldt, Fra=h.fra, Aarsag=h.aarsag, Registreringstidspunkt=h.registreret)
            for h in t.tilmeldinger
        ],
        Kontaktgruppe=[mapping.kontaktgruppe(kg) for kg in t.kontaktgrupper],
        Fravaer=[mapping.fravaer(f, dato) for f in t.fravaer],
        YderligereInformation=[mapping.yderligere(y) for y in t.yderligere_information],
    )


class TestSupportService(ServiceBase):
    @rpc(M(Date), _returns=Date, _out_variable_name="Dato")
    def SetDato(ctx, Dato):
        """Sets the business date ("d.d.") of the caller's sandbox until Nulstil, at the fixed time of day (default 12:00)."""
        return domain.set_dato(ctx.udc, Dato)

    @rpc(M(DateTime), Boolean, _returns=DateTime, _out_variable_name="Tidspunkt")
    def SetTidspunkt(ctx, Tidspunkt, Loebende):
        """Sets the business moment (date and time; without a zone, Copenhagen time) of the caller's sandbox: fixed,
        or with Loebende=true running on from it."""
        return domain.set_tidspunkt(ctx.udc, mapping.moment(Tidspunkt), bool(Loebende))

    @rpc(_returns=DateTime, _out_variable_name="Tidspunkt")
    def GetTidspunkt(ctx):
        """The business moment ("nu") every rule, receipt and EventDate uses."""
        return ctx.udc.now()

    @rpc(_returns=Date, _out_variable_name="Dato")
    def GetDato(ctx):
        """The business date every rule is computed from."""
        return ctx.udc.today()

    @rpc(Integer(ge=0, le=2**31 - 1), _returns=ServiceReceipt, _out_variable_name="ServiceReceipt")
    def Nulstil(ctx, IdFroe):
        """Deletes everything stored in the caller's sandbox, its clock included; with IdFroe, its new ids come from a
        seeded sequence (the same ids run after run)."""
        domain.nulstil(ctx.udc, IdFroe)
        return mapping.receipt(ctx.udc.kvittering())

    @rpc(SandkasseNavn, _returns=Sandkasse.customize(max_occurs="unbounded"), _out_variable_name="Sandkasse")
    def GetSandkasser(ctx, Navn):
        """Every sandbox of the emulator (or the one named), with its clock and number of citizens."""
        return [
            Sandkasse(
                Navn=s.navn,
                Tidspunkt=nu,
                Dato=s.ur.dato,
                FastTidspunkt=s.ur.tidspunkt,
                Loebende=s.ur.loebende,
                Oprettet=s.oprettet,
                Borgere=s.borgere,
            )
            for s, nu in domain.sandkasser(ctx.udc)
            if Navn in (None, s.navn)
        ]

    @rpc(M(SandkasseNavn), _returns=ServiceReceipt, _out_variable_name="ServiceReceipt")
    def SletSandkasse(ctx, Navn):
        """Deletes a sandbox and everything in it; used again, it is created anew."""
        domain.slet_sandkasse(ctx.udc, Navn)
        return mapping.receipt(ctx.udc.kvittering())

    @rpc(M(Testborger), _returns=(Cpr, ServiceReceipt), _out_variable_names=("PersonCivilRegistrationIdentifier", "ServiceReceipt"))
    def OpretTestborger(ctx, Testborger):
        """Creates a citizen with attachment, a-kasse membership and a contact-group history (may start in the past)."""
        return Testborger.PersonCivilRegistrationIdentifier, mapping.receipt(domain.opret_testborger(ctx.udc, _testborger(Testborger)))

    @rpc(M(Cpr), _returns=Tilstand, _out_variable_name="Tilstand")
    def GetTilstand(ctx, PersonCivilRegistrationIdentifier):
        """Everything stored about the citizen, deleted and ended registrations included."""
        return _tilstand(domain.get_tilstand(ctx.udc, PersonCivilRegistrationIdentifier), ctx.udc.today())
