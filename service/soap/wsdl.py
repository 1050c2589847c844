"""The WSDL of a service, as served at ?wsdl and exported to wsdl/."""

from __future__ import annotations

import threading

from lxml import etree
from spyne.interface.wsdl import Wsdl11

from service.soap.application import DfdgApplication

SOAP_HTTP = "http://schemas.xmlsoap.org/soap/http"
_WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
_lock = threading.Lock()


def wsdl_document(app: DfdgApplication, address: str) -> bytes:
    """The WSDL with `address` as soap:address."""
    with _lock:  # spyne's document builders keep state on the interface
        app.transport = SOAP_HTTP
        builder = Wsdl11(app.interface)
        builder.build_interface_document(address)
        tree = etree.fromstring(builder.get_interface_document())
    # spyne 2.14 names a multi-header message with the header's namespace prefix, but defines the
    # message in the service's own namespace; zeep and svcutil then cannot resolve it.
    for header in tree.iter(f"{{{_WSDL_SOAP}}}header"):
        prefix, name = header.get("message").split(":")
        if name.endswith("InHeaderMsg"):
            header.set("message", f"tns:{name}")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
