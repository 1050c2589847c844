"""XML namespaces. DFDG's own where public (dfdg-wire.md § 2.2); project-defined ones are marked."""

# The WSDL's targetNamespace (service, portType, binding, messages), DFDG's form (dfdg-wire.md § 2.2).
SERVICE = "http://service.bm.dk/pjaktass/1/{}"
# Payload elements and types: dated and separate from the WSDL's namespace, as DFDG's
# (`http://service.bm.dk/<Service>/<yyyy>/<mm>/<dd>/`). The date is the project's choice: the
# version of the emulator's interface that follows DFDG's wire conventions.
PAYLOAD = "http://service.bm.dk/{}/2026/01/01/"
ORGANISATION = "http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/"
USER_METADATA = "http://service.bm.dk/RequestUserMetadata/2015/01/21/"
USER_STRUCTURE = "http://service.bm.dk/pjaktass/2015/01/21/RequestUserStructure/"
ORGANISATION_STRUCTURE = "http://service.bm.dk/pjaktass/2015/01/21/RequestOrganisationStructure/"
USER_TYPE_CODES = "http://service.bm.dk/pjaktass/2015/01/21/RequestUserTypeIdentifierCodeList/"
ORGANISATION_TYPE_CODES = "http://service.bm.dk/pjaktass/2015/01/21/OrganisationTypeIdentifierCodeList/"
CODE_LIST_BASE = "http://service.bm.dk/pjaktass/2013/06/07/CodeListBase/"
FAULT = "http://service.bm.dk/xml/schemas/2011/01/12/"
# Shared payload types (ServiceReceipt, employer, contact group, absence, CPR and GUID types) and the
# emulator's RequestId header: one dated namespace in DFDG's style for shared structures
# (`http://service.bm.dk/pjaktass/<date>/<Structure>/`), imported by every service schema,
# elementFormDefault qualified. Project-defined: DFDG does not publish the namespace of ServiceReceiptType.
FAELLES = "http://service.bm.dk/pjaktass/2026/01/01/Faelles/"
# The emulator's per-rule violations, next to FaultDetails in a fault's detail (project-defined).
VIOLATIONS = "urn:dfdg-emulator:Violations:1"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def service(name: str) -> str:
    return SERVICE.format(name)


def payload(name: str) -> str:
    return PAYLOAD.format(name)
