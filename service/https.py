"""`serve` over HTTPS: cheroot (waitress has no TLS), optionally asking for client certificates as DFDG does.

With --client-ca the TLS handshake asks for a client certificate but does not require one
(CERT_OPTIONAL): a certificate the CA did not issue ends the handshake, while a call without one
reaches the emulator and is answered with DFDG's 1101, as a SOAP fault a client can read. cheroot
puts the verified certificate's subject into the WSGI environ under mod_ssl's names
(SSL_CLIENT_VERIFY, SSL_CLIENT_S_DN), which service/soap/application.py hands to the domain.
"""

from __future__ import annotations

import ssl
from typing import Any

from service.config import Settings


def https_server(app: Any, settings: Settings) -> Any:
    """A cheroot server for `app`, not yet started."""
    from cheroot import wsgi
    from cheroot.ssl.builtin import BuiltinSSLAdapter

    server = wsgi.Server((settings.host, settings.port), app, numthreads=settings.threads, server_name="dfdg-emulator")
    adapter = BuiltinSSLAdapter(settings.tls_cert, settings.tls_key)
    adapter.context.minimum_version = ssl.TLSVersion.TLSv1_2
    if settings.client_ca:
        adapter.context.load_verify_locations(cafile=settings.client_ca)
        adapter.context.verify_mode = ssl.CERT_OPTIONAL
    server.ssl_adapter = adapter
    return server


def serve_https(app: Any, settings: Settings) -> None:
    server = https_server(app, settings)
    try:
        server.safe_start()
    finally:
        server.stop()
