"""XML namespaces. DFDG's own where public (dfdg-wire.md § 2.2); project-defined ones are marked."""

SERVICE = "http://service.bm.dk/pjaktass/1/{}"
ORGANISATION = "http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/"
USER_METADATA = "http://service.bm.dk/RequestUserMetadata/2015/01/21/"
USER_STRUCTURE = "http://service.bm.dk/pjaktass/2015/01/21/RequestUserStructure/"
ORGANISATION_STRUCTURE = "http://service.bm.dk/pjaktass/2015/01/21/RequestOrganisationStructure/"
USER_TYPE_CODES = "http://service.bm.dk/pjaktass/2015/01/21/RequestUserTypeIdentifierCodeList/"
ORGANISATION_TYPE_CODES = "http://service.bm.dk/pjaktass/2015/01/21/OrganisationTypeIdentifierCodeList/"
CODE_LIST_BASE = "http://service.bm.dk/pjaktass/2013/06/07/CodeListBase/"
FAULT = "http://service.bm.dk/xml/schemas/2011/01/12/"
# Shapes DFDG does not publish (receipts are DFDG's ServiceReceipt; the namespace is ours).
FAELLES = "urn:dfdg-emulator:Faelles:1"
# The emulator's per-rule violations, next to FaultDetails in a fault's detail (project-defined).
VIOLATIONS = "urn:dfdg-emulator:Violations:1"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def service(name: str) -> str:
    return SERVICE.format(name)
