"""IndkaldelseService: invitations to conversations with the fields of 003 §§ 20-21; history is kept."""

from spyne import Boolean, ComplexModel, Date, DateTime, Integer, Unicode
from spyne import Mandatory as M

from service.domain import indkaldelse as domain
from service.domain import model
from service.soap import mapping
from service.soap import namespaces as ns
from service.soap.application import BusinessService, operation
from service.soap.types import Cpr, Guid, Indberetter, Kode, Kommentar, ServiceReceipt, indberetter

NS = ns.payload("IndkaldelseService")
rpc = operation(NS)
Tekst200 = Unicode(max_len=200, type_name="Tekst200Type", __namespace__=NS)


class Adresse(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Vejnavn", M(Tekst200)),
        ("Husnummer", M(Unicode(max_len=20))),
        ("Postnummer", M(Unicode(pattern="[0-9]{4}"))),
        ("By", M(Tekst200)),
    ]


class Tidsrum(ComplexModel):
    __namespace__ = NS
    _type_info = [("Starttidspunkt", M(DateTime)), ("Sluttidspunkt", M(DateTime))]


class Indkaldelse(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("IndkaldelseIdentifier", Guid),
        ("SamtaleType", M(Kode)),
        ("Starttidspunkt", M(DateTime)),
        # Sluttidspunkt, Samtaleform and Titel: required by the jobcentre's list (003 § 20 nr. 2, 3, 9, rules
        # INDKALDELSE_*), not by the a-kasse's (§ 60), so optional in the schema.
        ("Sluttidspunkt", DateTime),
        ("Samtaleform", Kode),
        ("Titel", Tekst200),
        ("Beskrivelse", Kommentar),
        ("Sted", Tekst200),
        ("Adresse", Adresse),
        ("Telefonnummer", Unicode(pattern=r"(\+)?[0-9]{3,20}")),
        ("Kontaktmuligheder", Kommentar),
        ("SelvbookingMulig", Boolean),
        ("AlternativtTidspunkt", Tidsrum.customize(max_occurs="unbounded")),
        ("Ombookingsfrist", Date),
        ("Selvbookingsfrist", Date),
        ("Medarbejder", Tekst200),
        ("AkasseDeltagelsesstatus", Kode),
        # Project-defined (003 § 20 nr. 8): true when the citizen is to call the jobcentre at a phone meeting;
        # only then is Telefonnummer required.
        ("BorgerRingerOp", Boolean),
    ]


class Version(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Version", M(Integer)),
        ("Aendring", M(Unicode(values=["Oprettet", "Flyttet", "Ændret", "Aflyst"], type_name="AendringType", __namespace__=NS))),
        ("Starttidspunkt", M(DateTime)),
        ("Sluttidspunkt", DateTime),
        ("Begrundelse", Kommentar),
        ("Registreringstidspunkt", M(DateTime)),
        ("Indberetter", Indberetter),
    ]


class RegistreretIndkaldelse(ComplexModel):
    __namespace__ = NS
    _type_info = [
        ("Status", M(Unicode(values=["Aktiv", "Aflyst"], type_name="IndkaldelseStatusType", __namespace__=NS))),
        ("Indkaldelse", M(Indkaldelse)),
        ("Historik", Version.customize(max_occurs="unbounded")),
        ("Indberetter", Indberetter),
    ]


def _data(i: Indkaldelse) -> model.Indkaldelsesdata:
    a = i.Adresse
    return model.Indkaldelsesdata(
        samtale_type=i.SamtaleType,
        start=mapping.moment(i.Starttidspunkt),
        slut=mapping.moment(i.Sluttidspunkt) if i.Sluttidspunkt is not None else None,
        samtaleform=i.Samtaleform,
        titel=i.Titel,
        sted=i.Sted,
        telefonnummer=i.Telefonnummer,
        beskrivelse=i.Beskrivelse,
        adresse=model.Adresse(vejnavn=a.Vejnavn, husnummer=a.Husnummer, postnummer=a.Postnummer, by=a.By) if a else None,
        kontaktmuligheder=i.Kontaktmuligheder,
        selvbooking_mulig=bool(i.SelvbookingMulig),
        alternative_tidspunkter=tuple(
            model.Tidsrum(start=mapping.moment(t.Starttidspunkt), slut=mapping.moment(t.Sluttidspunkt))
            for t in (i.AlternativtTidspunkt or [])
        ),
        ombookingsfrist=i.Ombookingsfrist,
        selvbookingsfrist=i.Selvbookingsfrist,
        medarbejder=i.Medarbejder,
        akasse_deltagelse=i.AkasseDeltagelsesstatus,
        borger_ringer_op=i.BorgerRingerOp,
    )


def _registreret(i: model.Indkaldelse) -> RegistreretIndkaldelse:
    d, a = i.data, i.data.adresse
    return RegistreretIndkaldelse(
        Status="Aflyst" if i.aflyst else "Aktiv",
        Indkaldelse=Indkaldelse(
            IndkaldelseIdentifier=i.identifier,
            SamtaleType=d.samtale_type,
            Starttidspunkt=d.start,
            Sluttidspunkt=d.slut,
            Samtaleform=d.samtaleform,
            Titel=d.titel,
            Beskrivelse=d.beskrivelse,
            Sted=d.sted,
            Adresse=Adresse(Vejnavn=a.vejnavn, Husnummer=a.husnummer, Postnummer=a.postnummer, By=a.by) if a else None,
            Telefonnummer=d.telefonnummer,
            Kontaktmuligheder=d.kontaktmuligheder,
            SelvbookingMulig=d.selvbooking_mulig,
            AlternativtTidspunkt=[Tidsrum(Starttidspunkt=t.start, Sluttidspunkt=t.slut) for t in d.alternative_tidspunkter],
            Ombookingsfrist=d.ombookingsfrist,
            Selvbookingsfrist=d.selvbookingsfrist,
            Medarbejder=d.medarbejder,
            AkasseDeltagelsesstatus=d.akasse_deltagelse,
            BorgerRingerOp=d.borger_ringer_op,
        ),
        Historik=[
            Version(
                Version=v.version,
                Aendring=v.aendring,
                Starttidspunkt=v.data.start,
                Sluttidspunkt=v.data.slut,
                Begrundelse=v.begrundelse,
                Registreringstidspunkt=v.registreret,
                Indberetter=indberetter(v.data.indberetter),
            )
            for v in i.historik
        ],
        Indberetter=indberetter(i.historik[0].data.indberetter),
    )


class IndkaldelseService(BusinessService):
    @rpc(M(Cpr), M(Indkaldelse), _returns=(Guid, ServiceReceipt), _out_variable_names=("IndkaldelseIdentifier", "ServiceReceipt"))
    def CreateIndkaldelse(ctx, PersonCivilRegistrationIdentifier, Indkaldelse):
        """Registers an invitation (003 §§ 20-21); the conversation type must be legal for the citizen's group."""
        identifier, kvittering = domain.create(
            ctx.udc, PersonCivilRegistrationIdentifier, _data(Indkaldelse), mapping.guid(Indkaldelse.IndkaldelseIdentifier)
        )
        return identifier, mapping.receipt(kvittering)

    @rpc(
        M(Cpr),
        M(Guid),
        M(Indkaldelse),
        Kommentar,
        _returns=(Guid, ServiceReceipt),
        _out_variable_names=("IndkaldelseIdentifier", "ServiceReceipt"),
    )
    def UpdateIndkaldelse(ctx, PersonCivilRegistrationIdentifier, IndkaldelseIdentifier, Indkaldelse, Begrundelse):
        """Moves or changes the invitation; the previous versions stay in its history."""
        return mapping.guid(IndkaldelseIdentifier), mapping.receipt(
            domain.update(ctx.udc, PersonCivilRegistrationIdentifier, IndkaldelseIdentifier, _data(Indkaldelse), Begrundelse)
        )

    @rpc(M(Cpr), M(Guid), Kommentar, _returns=(Guid, ServiceReceipt), _out_variable_names=("IndkaldelseIdentifier", "ServiceReceipt"))
    def AflysIndkaldelse(ctx, PersonCivilRegistrationIdentifier, IndkaldelseIdentifier, Begrundelse):
        """Cancels the invitation; it stays readable with status Aflyst and its history."""
        return mapping.guid(IndkaldelseIdentifier), mapping.receipt(
            domain.aflys(ctx.udc, PersonCivilRegistrationIdentifier, IndkaldelseIdentifier, Begrundelse)
        )

    @rpc(M(Cpr), _returns=RegistreretIndkaldelse.customize(max_occurs="unbounded"), _out_variable_name="Indkaldelse")
    def GetIndkaldelser(ctx, PersonCivilRegistrationIdentifier):
        """Every invitation of the citizen with status and history, earliest meeting first."""
        return [_registreret(i) for i in domain.list_for(ctx.udc, PersonCivilRegistrationIdentifier)]
