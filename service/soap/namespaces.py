"""XML namespaces. DFDG's own where public (dfdg-interfaces.md § 3.5); project-defined ones are urn:dfdg-emulator."""

SERVICE = "http://service.bm.dk/pjaktass/1/{}"
ORGANISATION = "http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/"
USER_METADATA = "http://service.bm.dk/RequestUserMetadata/2015/01/21/"
FAULT = "http://service.bm.dk/xml/schemas/2011/01/12/"
# Shapes DFDG does not publish (receipts are DFDG's ServiceReceipt; the namespace is ours).
FAELLES = "urn:dfdg-emulator:Faelles:1"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


def service(name: str) -> str:
    return SERVICE.format(name)
