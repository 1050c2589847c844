"""KontaktforloebService: the contact course a citizen is owed, and the measurement across citizens (001, 004, 000)."""

from spyne import Boolean, ComplexModel, Date, DateTime, Decimal, Integer, Unicode
from spyne import Mandatory as M

from service.domain import kontaktforloeb as domain
from service.rules.kontaktforloeb import statusbeskrivelser
from service.soap import namespaces as ns
from service.soap.application import BusinessService, operation
from service.soap.types import Cpr, Guid, Kode, Tekst

NS = ns.payload("KontaktforloebService")
rpc = operation(NS)


class Samtale(ComplexModel):
    __namespace__ = NS
    _type_info = [("SamtaleIdentifier", M(Guid)), ("SamtaleType", M(Kode)), ("Afholdelsestidspunkt", M(DateTime))]


class FritagendeFravaer(ComplexModel):
    """An absence that moved the deadline, with its own exempt days inside the counted window."""

    __namespace__ = NS
    _type_info = [("FravaerIdentifier", M(Guid)), ("FravaerType", M(Kode)), ("Dage", M(Integer))]


class Krav(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("KravIdentifier", Tekst),
        ("Beskrivelse", Tekst),
        # The status words and their meanings are the table's [[status]] rows.
        ("Status", M(Unicode(values=list(statusbeskrivelser()), type_name="KravStatusType", __namespace__=NS))),
        ("Frist", Date),
        ("OprindeligFrist", Date),
        ("FritagneDage", M(Integer)),
        ("Antal", M(Integer)),
        ("Samtale", Samtale.customize(max_occurs="unbounded")),
        ("Kilde", Tekst),
        # Added: where the deadline counts from, what is still owed, why it moved, and the status in words.
        ("Anker", Unicode),
        ("Ankerdato", Date),
        ("ManglendeSamtaler", Integer),
        ("FritagetTil", Date),
        ("FritagendeFravaer", FritagendeFravaer.customize(max_occurs="unbounded")),
        ("Statusforklaring", Unicode),
    ]


class UdestaaendeKrav(ComplexModel):
    """A requirement still owed (kommende or fritaget), with or without a deadline."""

    __namespace__ = NS
    _type_info = [("KravIdentifier", Tekst), ("ManglendeSamtaler", M(Integer)), ("Frist", Date), ("Status", Tekst)]


class ErstattetForloeb(ComplexModel):
    """The course the current one replaced (a change of benefit)."""

    __namespace__ = NS
    _type_info = [
        ("Ydelse", Tekst),
        ("Ydelsesnavn", Unicode),
        ("KontaktgruppeType", M(Kode)),
        ("Startdato", M(Date)),
        ("Slutdato", M(Date)),
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
        # Added: the requirement behind NaesteFrist, what is owed, why the answer is empty, what was replaced.
        ("NaesteFristKravIdentifier", Unicode),
        ("NaesteFristManglendeSamtaler", Integer),
        ("Udestaaende", UdestaaendeKrav.customize(max_occurs="unbounded")),
        ("FritagetTil", Date),
        (
            "IntetForloebAarsag",
            Unicode(
                values=["ingen_kontaktgruppe", "kontaktgruppe_uden_kontaktforloeb"], type_name="IntetForloebAarsagType", __namespace__=NS
            ),
        ),
        ("Forklaring", Unicode),
        ("ErstatterForloeb", ErstattetForloeb),
    ]


class MaaltBorger(ComplexModel):
    """A citizen in the measurement: counted (opfyldt, ikke_opfyldt) or left out (udeladt), and why."""

    __namespace__ = NS
    _type_info = [
        ("PersonCivilRegistrationIdentifier", M(Cpr)),
        ("Startdato", M(Date)),
        ("PeriodeSlutdato", M(Date)),
        ("SamtalerIPerioden", M(Integer)),
        ("SamtalerIForloebet", M(Integer)),
        ("FritagneDage", M(Integer)),
        ("Status", M(Unicode(values=["opfyldt", "ikke_opfyldt", "udeladt"], type_name="MaalingStatusType", __namespace__=NS))),
        ("Aarsag", Unicode),
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
        # Added: the subgroup (kontanthjælp is measured per subgroup), the target, window and period, and the citizens.
        ("Personkategori", Unicode),
        ("Maal", Unicode),
        ("MaalAntalSamtaler", Integer),
        ("Periode", Unicode),
        ("Vindue", Unicode),
        ("ForloebsstartFra", Date),
        ("ForloebsstartTil", Date),
        ("Kilde", Unicode),
        ("Borger", MaaltBorger.customize(max_occurs="unbounded")),
    ]


def _samtale(m) -> Samtale:
    return Samtale(SamtaleIdentifier=m.identifier, SamtaleType=m.samtale_type, Afholdelsestidspunkt=m.afholdt)


def _krav(k) -> Krav:
    return Krav(
        KravIdentifier=k.krav.id,
        Beskrivelse=k.krav.beskrivelse,
        Status=k.status,
        Frist=k.frist,
        OprindeligFrist=k.oprindelig_frist,
        FritagneDage=k.fritagne_dage,
        Antal=k.krav.antal,
        Samtale=[_samtale(m) for m in k.samtaler],
        Kilde=k.krav.kilde,
        Anker=k.anker,
        Ankerdato=k.ankerdato,
        ManglendeSamtaler=k.mangler,
        FritagetTil=k.fritaget_til,
        FritagendeFravaer=[
            FritagendeFravaer(FravaerIdentifier=f.fravaer.identifier, FravaerType=f.fravaer.fravaer_type, Dage=f.dage) for f in k.fritagende
        ],
        Statusforklaring=k.forklaring,
    )


def _maalgruppe(g) -> Maalgruppe:
    return Maalgruppe(
        Ydelse=g.ydelse.noegle,
        Ydelsesnavn=g.ydelse.navn,
        AntalBorgere=g.borgere,
        AntalOpfyldt=g.opfyldt,
        Andel=round(g.andel, 4),
        GennemsnitSamtaler=round(g.gennemsnit, 2),
        AntalUdeladt=g.udeladt,
        Personkategori=g.personkategori,
        Maal=g.maal,
        MaalAntalSamtaler=g.maal_antal,
        Periode=g.periode,
        Vindue=g.vindue,
        ForloebsstartFra=g.start_fra,
        ForloebsstartTil=g.start_til,
        Kilde=g.kilde,
        Borger=[
            MaaltBorger(
                PersonCivilRegistrationIdentifier=b.cpr,
                Startdato=b.start,
                PeriodeSlutdato=b.periode_slut,
                SamtalerIPerioden=b.samtaler_i_perioden,
                SamtalerIForloebet=b.samtaler_i_forloebet,
                FritagneDage=b.fritagne_dage,
                Status=b.status,
                Aarsag=b.aarsag,
            )
            for b in g.borger
        ],
    )


class KontaktforloebService(BusinessService):
    @rpc(M(Cpr), M(Date), _returns=Kontaktforloeb, _out_variable_name="Kontaktforloeb")
    def GetKontaktforloeb(ctx, PersonCivilRegistrationIdentifier, Dato):
        """The current benefit course on Dato, every requirement with deadline and status, and the next deadline;
        each requirement's anchor, what is still owed, the absences that moved it, and, if empty, why."""
        f = domain.kontaktforloeb(ctx.udc, PersonCivilRegistrationIdentifier, Dato)
        forloeb, naeste, erstatter = f.forloeb, f.naeste, f.erstatter
        return Kontaktforloeb(
            Dato=f.dato,
            Ydelse=forloeb.ydelse.noegle if forloeb else None,
            Ydelsesnavn=forloeb.ydelse.navn if forloeb else None,
            KontaktgruppeType=forloeb.kontaktgruppe if forloeb else None,
            Startdato=forloeb.start if forloeb else None,
            SamtalerEfterBehov=f.efter_behov,
            FritagetForKontaktforloeb=f.fritaget,
            Krav=[_krav(k) for k in f.krav],
            NaesteFrist=f.naeste_frist,
            NaesteFristKravIdentifier=naeste.krav.id if naeste else None,
            NaesteFristManglendeSamtaler=naeste.mangler if naeste else None,
            Udestaaende=[
                UdestaaendeKrav(KravIdentifier=k.krav.id, ManglendeSamtaler=k.mangler, Frist=k.frist, Status=k.status)
                for k in f.udestaaende
            ],
            FritagetTil=f.fritaget_til,
            IntetForloebAarsag=f.intet_forloeb,
            Forklaring=f.forklaring,
            ErstatterForloeb=ErstattetForloeb(
                Ydelse=erstatter.ydelse.noegle,
                Ydelsesnavn=erstatter.ydelse.navn,
                KontaktgruppeType=erstatter.kontaktgruppe,
                Startdato=erstatter.start,
                Slutdato=erstatter.slut,
            )
            if erstatter
            else None,
        )

    @rpc(
        Unicode(pattern="[0-9]{3}", type_name="KommunekodeType", __namespace__=NS),
        Unicode(pattern="[0-9]{1,8}", type_name="JobcenterKodeType", __namespace__=NS),
        M(Date),
        _returns=Maalgruppe.customize(max_occurs="unbounded"),
        _out_variable_name="Maalgruppe",
    )
    def GetOpfoelgningsstatus(ctx, Kommunekode, JobcenterKode, Dato):
        """004's measurement for the simplified rules, for one municipality or jobcentre: every measured benefit
        (kontanthjælp per subgroup), its target, window and period, and the citizens counted and left out."""
        return [_maalgruppe(g) for g in domain.opfoelgningsstatus(ctx.udc, Kommunekode, JobcenterKode, Dato)]
