"""The one fault vocabulary: DFDG's FaultDetails plus one Violation per broken rule."""

from __future__ import annotations

from lxml import etree
from spyne import Fault

from service.rules.catalogue import fejlkoder
from service.rules.violation import Violation
from service.soap import namespaces as ns


class DfdgFault(Fault):
    """A refusal. Not declared with _throws: spyne would move a declared fault into each service's
    namespace, while DFDG's FaultDetails lives in its own (dfdg-interfaces.md § 3.4)."""

    def __init__(self, faultcode: str, faultstring: str, detail: etree._Element) -> None:
        super().__init__(faultcode=faultcode, faultstring=faultstring, detail=detail)

    @classmethod
    def from_violations(cls, violations: list[Violation]) -> "DfdgFault":
        faultcode, faultstring, detail = describe(violations)
        return cls(faultcode, faultstring, detail)


def describe(violations: list[Violation]) -> tuple[str, str, etree._Element]:
    """faultcode, faultstring and the FaultDetails element for a refusal."""
    code = violations[0].fejlkode
    fejl = fejlkoder()[code]
    if len(violations) == 1:
        message = violations[0].besked
    else:
        message = f"{len(violations)} regler er brudt: " + " | ".join(v.besked for v in violations)
    faultcode = "Server" if fejl.server else f"Client.{code}"
    return faultcode, message, details_element(code, message, violations)


def details_element(code: int, message: str, violations: list[Violation]) -> etree._Element:
    def sub(parent: etree._Element, name: str, text: object) -> None:
        etree.SubElement(parent, f"{{{ns.FAULT}}}{name}").text = str(text)

    root = etree.Element(f"{{{ns.FAULT}}}FaultDetails", nsmap={"f": ns.FAULT})
    sub(root, "ErrorCode", code)
    sub(root, "Message", message)
    for v in violations:
        el = etree.SubElement(root, f"{{{ns.FAULT}}}Violation")
        for name, value in (("ErrorCode", v.fejlkode), ("RuleIdentifier", v.regel), ("Field", v.felt),
                            ("Message", v.besked), ("Source", v.kilde)):
            sub(el, name, value)
    return root


def fault_envelope(violations: list[Violation]) -> bytes:
    """A complete SOAP 1.1 fault envelope, for refusals made before spyne sees the request."""
    faultcode, faultstring, detail = describe(violations)
    env = etree.Element(f"{{{ns.SOAP_ENV}}}Envelope", nsmap={"soap11env": ns.SOAP_ENV})
    body = etree.SubElement(env, f"{{{ns.SOAP_ENV}}}Body")
    fault = etree.SubElement(body, f"{{{ns.SOAP_ENV}}}Fault")
    etree.SubElement(fault, "faultcode").text = f"soap11env:{faultcode}"
    etree.SubElement(fault, "faultstring").text = faultstring
    etree.SubElement(fault, "detail").append(detail)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")
