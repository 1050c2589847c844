"""The one fault vocabulary: DFDG's FaultDetails, and beside it one Violation per broken rule (interface.md § 3).

`detail` holds DFDG's `FaultDetails` first (ns http://service.bm.dk/xml/schemas/2011/01/12/, declared on
every operation, dfdg-wire.md § 2.7), so a client generated from DFDG's schema reads it as its typed
fault (JAX-WS and WCF take the first detail entry), then the emulator's `Violations` in its own
namespace: every broken rule with its id, field, Danish message and source.

DFDG's common codes carry DFDG's published English text (W1) as faultstring and Message; the
rule-level Danish text is in InnerException and the violations. Other codes carry the rule's
Danish message. faultcode: W1's FaultCode column holds the bare error number; a bare number is
not a valid QName (.NET and SAAJ refuse to read one), so the emulator sends SOAP 1.1's class
with the number as its dotted suffix: `soap11env:Client.<code>`, `soap11env:Server.1011`.
"""

from __future__ import annotations

from lxml import etree
from spyne import Fault

from service.domain.fejlsvar import SOURCE, fejlsvar
from service.rules.violation import Violation
from service.soap import namespaces as ns


class DfdgFault(Fault):
    """A refusal; `detail` is the list of detail entries (DfdgSoap11 writes them all into <detail>)."""

    def __init__(self, faultcode: str, faultstring: str, detail: list[etree._Element]) -> None:
        super().__init__(faultcode=faultcode, faultstring=faultstring, detail=detail)

    @classmethod
    def from_violations(cls, violations: list[Violation]) -> DfdgFault:
        faultcode, faultstring, detail = describe(violations)
        return cls(faultcode, faultstring, detail)


def describe(violations: list[Violation]) -> tuple[str, str, list[etree._Element]]:
    """faultcode, faultstring and the detail entries (FaultDetails, Violations) for a refusal."""
    svar = fejlsvar(violations)
    code, message, inner = svar.fejlkode, svar.message, svar.inner
    faultcode = f"{'Server' if svar.server else 'Client'}.{code}"
    return faultcode, message, [fault_details(code, message, inner), violations_element(violations)]


def fault_details(code: int, message: str, inner: str | None) -> etree._Element:
    root = etree.Element(f"{{{ns.FAULT}}}FaultDetails", nsmap={"f": ns.FAULT})
    for name, value in (("ErrorCode", code), ("Message", message), ("InnerException", inner), ("Source", SOURCE)):
        if value is not None:
            etree.SubElement(root, f"{{{ns.FAULT}}}{name}").text = str(value)
    return root


def violations_element(violations: list[Violation]) -> etree._Element:
    root = etree.Element(f"{{{ns.VIOLATIONS}}}Violations", nsmap={"v": ns.VIOLATIONS})
    for v in violations:
        el = etree.SubElement(root, f"{{{ns.VIOLATIONS}}}Violation")
        for name, value in (
            ("ErrorCode", v.fejlkode),
            ("RuleIdentifier", v.regel),
            ("Field", v.felt),
            ("Message", v.besked),
            ("Source", v.kilde),
        ):
            etree.SubElement(el, f"{{{ns.VIOLATIONS}}}{name}").text = str(value)
    return root


def fault_envelope(violations: list[Violation]) -> bytes:
    """A complete SOAP 1.1 fault envelope, for refusals made before spyne sees the request."""
    faultcode, faultstring, detail = describe(violations)
    env = etree.Element(f"{{{ns.SOAP_ENV}}}Envelope", nsmap={"soap11env": ns.SOAP_ENV})
    body = etree.SubElement(env, f"{{{ns.SOAP_ENV}}}Body")
    fault = etree.SubElement(body, f"{{{ns.SOAP_ENV}}}Fault")
    etree.SubElement(fault, "faultcode").text = f"soap11env:{faultcode}"
    etree.SubElement(fault, "faultstring").text = faultstring
    etree.SubElement(fault, "detail").extend(detail)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")
