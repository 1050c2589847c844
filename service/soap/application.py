"""One spyne Application per published service, with the unit of work and fault mapping around each call."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from spyne import Application, Fault, ServiceBase, rpc

from service.domain.caller import Caller, identify
from service.domain.certifikat import UDEN_CERTIFIKATER, Certifikatkort
from service.domain.clock import STANDARD_KLOKKESLAET, Clock
from service.domain.context import Kontekst
from service.domain.ids import IdGenerator
from service.domain.kald import udfoer
from service.domain.sandkasse import SANDKASSE_KEY, STANDARD
from service.rules.violation import Afvisning
from service.soap import headers as soap_headers
from service.soap import namespaces as ns
from service.soap import objects
from service.soap.faults import DfdgFault
from service.soap.protocol import DfdgSoap11
from service.store.sql import Store

log = logging.getLogger(__name__)
# Expected client faults are answers, not errors: spyne would log each with a traceback.
# Our own call_wrapper logs internal errors once, with the traceback; spyne would log them again.
for name in ("spyne.application", "spyne.application.client", "spyne.application.server"):
    logging.getLogger(name).setLevel(logging.CRITICAL)
logging.getLogger("spyne.server.wsgi").setLevel(logging.CRITICAL)
objects.install()


@dataclass(frozen=True, kw_only=True)
class Deps:
    """What every call needs, built once per process and injected (no module globals)."""

    store: Store
    clock: Clock
    ids: IdGenerator
    fixed_today: date | None = None
    # Which organisation each client certificate acts for; none asked for unless HTTPS with --client-ca.
    certifikater: Certifikatkort = UDEN_CERTIFIKATER
    # The time of day of a fixed business date (serve --time); None: the wall clock's.
    klokkeslaet: time | None = STANDARD_KLOKKESLAET
    # Sandboxes at most (serve --max-sandboxes); a call that would create one more is refused.
    maks_sandkasser: int = 100


class BusinessService(ServiceBase):
    """A DFDG business service: every call carries the caller headers (interface.md § 2), read by headers.py."""

    requires_caller = True


def operation(payload_ns: str) -> Callable[..., Any]:
    """spyne's @rpc with DFDG's body convention (dfdg-wire.md § 2.5): the request is `<Operation>Request`, the
    response `<Operation>Response`, both in the service's dated payload namespace. The children of the request are
    the operation's parameters, so a generated client sees one request object per operation (not "wrapped": the
    element is not named after the operation) and zeep still takes the parameters as keywords."""

    def decorator(*params: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        def wrap(function: Callable[..., Any]) -> Any:
            name = function.__name__
            return rpc(
                *params, _in_message_name=f"{{{payload_ns}}}{name}Request", _out_message_name=f"{{{payload_ns}}}{name}Response", **kwargs
            )(function)

        return wrap

    return decorator


class DfdgApplication(Application):
    def __init__(self, service: type[ServiceBase], deps: Deps) -> None:
        name = service.__name__
        super().__init__([service], tns=ns.service(name), name=name, in_protocol=DfdgSoap11(), out_protocol=DfdgSoap11())
        self.deps = deps
        # spyne dispatches on {WSDL namespace}<element>; DFDG's request elements are in the payload namespace.
        methods = self.interface.service_method_map
        for key in list(methods):
            methods[f"{{{ns.payload(name)}}}{key.split('}', 1)[1]}"] = methods[key]

    def call_wrapper(self, ctx: Any) -> Any:
        def work(k: Kontekst) -> Any:
            ctx.udc = k
            return super(DfdgApplication, self).call_wrapper(ctx)

        try:
            return udfoer(
                self.deps,
                work,
                navn=ctx.method_request_string,
                laesning=ctx.descriptor.name.startswith("Get"),
                identificer=(lambda: _caller(ctx)) if _requires_caller(ctx) else None,
                klientcertifikat=_client_subject(ctx.transport),
                igennem=(Fault,),
                sandkasse=(getattr(ctx.transport, "req_env", None) or {}).get(SANDKASSE_KEY, STANDARD),
            )
        except Afvisning as afvisning:
            raise DfdgFault.from_violations(afvisning.violations) from None


def _caller(ctx: Any) -> Caller:
    """The caller from DFDG's headers, as read before spyne (soap/headers.py), or a refusal."""
    found = ctx.transport.req_env.get(soap_headers.ENVIRON_KEY) or soap_headers.Headers()
    if found.problems:
        raise Afvisning(list(found.problems))
    return identify(found.organisation, found.user, found.request_id)


def _requires_caller(ctx: Any) -> bool:
    return bool(getattr(ctx.descriptor.service_class, "requires_caller", False))


def _client_subject(transport: Any) -> str | None:
    """The verified client certificate's subject, as the HTTPS server puts it into the WSGI environ (mod_ssl's names)."""
    environ = getattr(transport, "req_env", None) or {}
    return environ.get("SSL_CLIENT_S_DN") if environ.get("SSL_CLIENT_VERIFY") == "SUCCESS" else None
