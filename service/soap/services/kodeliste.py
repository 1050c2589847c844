"""KodelisteService: every code list the emulator knows, with names, validity and sources."""

from functools import cache

from spyne import ComplexModel, Date, Integer, ServiceBase, Unicode
from spyne import Mandatory as M

from service.domain.kodelister import udvalgte
from service.soap import namespaces as ns
from service.soap.application import operation
from service.soap.types import Tekst

NS = ns.payload("KodelisteService")
rpc = operation(NS)


class Kode(ComplexModel):
    __namespace__ = NS
    _type_info = [("Vaerdi", M(Integer)), ("Navn", Tekst), ("GyldigTil", Date), ("Kilde", Tekst)]


class Kodeliste(ComplexModel):
    __namespace__ = NS
    _type_info = [("Navn", Tekst), ("Kode", Kode.customize(max_occurs="unbounded"))]


class KodelisteService(ServiceBase):
    @rpc(
        Unicode(max_len=100, type_name="KodelisteNavnType", __namespace__=NS),
        _returns=Kodeliste.customize(max_occurs="unbounded"),
        _out_variable_name="Kodeliste",
    )
    def GetKodeliste(ctx, Navn):
        """One code list by name (an unknown name is DFDG's 2001), or all of them when Navn is left out."""
        return _wire(Navn)


@cache
def _wire(navn: str | None) -> list[Kodeliste]:
    """The lists as wire objects, built once for each name asked for: they come from the rule tables, which do not
    change while the process runs (building 55 codes' objects was a fifth of a call). Only names that exist are
    kept (an unknown one raises), so at most one entry per list and one for all of them. Never changed after."""
    return [
        Kodeliste(Navn=navn, Kode=[Kode(Vaerdi=k.vaerdi, Navn=k.navn, GyldigTil=k.gyldig_til, Kilde=k.kilde) for k in koder])
        for navn, koder in udvalgte(navn).items()
    ]
