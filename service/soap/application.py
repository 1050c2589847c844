"""One spyne Application per published service, with the unit of work and fault mapping around each call."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from spyne import Application, Fault, ServiceBase
from spyne.protocol.soap import Soap11

from service.domain.caller import identify
from service.domain.certifikat import UDEN_CERTIFIKATER, Certifikatkort
from service.domain.clock import Clock
from service.domain.context import Kontekst
from service.domain.ids import IdGenerator
from service.rules.catalogue import regel
from service.rules.violation import Afvisning
from service.soap import namespaces as ns
from service.soap.faults import DfdgFault
from service.store.sql import Conflict, Store

log = logging.getLogger(__name__)
# Expected client faults are answers, not errors: spyne would log each with a traceback.
# Our own call_wrapper logs internal errors once, with the traceback; spyne would log them again.
for name in ("spyne.application", "spyne.application.client", "spyne.application.server"):
    logging.getLogger(name).setLevel(logging.CRITICAL)
logging.getLogger("spyne.server.wsgi").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Deps:
    """What every call needs, built once per process and injected (no module globals)."""

    store: Store
    clock: Clock
    ids: IdGenerator
    fixed_today: date | None = None
    # Which organisation each client certificate acts for; none asked for unless HTTPS with --client-ca.
    certifikater: Certifikatkort = UDEN_CERTIFIKATER


class BusinessService(ServiceBase):
    """A DFDG business service: every call carries the caller headers (interface.md § 2)."""

    requires_caller = True


class DfdgApplication(Application):
    def __init__(self, service: type[ServiceBase], deps: Deps) -> None:
        name = service.__name__
        super().__init__([service], tns=ns.service(name), name=name, in_protocol=Soap11(), out_protocol=Soap11())
        self.deps = deps

    def call_wrapper(self, ctx: Any) -> Any:
        deps = self.deps
        try:
            with deps.store.transaction() as repo:
                ctx.udc = Kontekst(repo, deps.clock, deps.ids, deps.fixed_today)
                if getattr(ctx.descriptor.service_class, "requires_caller", False):
                    logon = deps.certifikater.logon(_client_subject(ctx.transport))  # 1101, 1012: before the headers
                    ctx.udc.begin(logon.godkend(identify(*_caller_headers(ctx.in_header))))
                return super().call_wrapper(ctx)
        except Afvisning as afvisning:
            raise DfdgFault.from_violations(afvisning.violations) from None
        except Conflict:
            # Two calls raced for the same key; the loser is told as if it came second.
            request_id = ctx.udc.caller.request_id if ctx.udc and ctx.udc.caller else None
            if request_id:
                raise DfdgFault.from_violations([regel("REQUESTID_GENBRUGT").violation(request_id=request_id, tidspunkt="netop")]) from None
            log.exception("conflicting write")
            raise _internal() from None
        except Fault:
            raise
        except Exception:
            log.exception("internal error in %s", ctx.method_request_string)
            raise _internal() from None


def _internal() -> DfdgFault:
    return DfdgFault.from_violations([regel("INTERN_FEJL").violation()])


def _client_subject(transport: Any) -> str | None:
    """The verified client certificate's subject, as the HTTPS server puts it into the WSGI environ (mod_ssl's names)."""
    environ = getattr(transport, "req_env", None) or {}
    return environ.get("SSL_CLIENT_S_DN") if environ.get("SSL_CLIENT_VERIFY") == "SUCCESS" else None


def _caller_headers(headers: Any) -> tuple[tuple[int, str] | None, tuple[str, str, int] | None, str | None]:
    org, user, request_id = (list(headers or ()) + [None, None, None])[:3]
    return (
        (org.OrganisationTypeIdentifier, org.OrganisationCode) if org is not None else None,
        (user.UserIdentifier, user.UserFullName, user.RequestUserTypeIdentifier) if user is not None else None,
        request_id.value if request_id is not None else None,
    )
