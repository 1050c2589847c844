"""Who calls over REST, and the one call path (service/domain/kald.py) every REST operation goes through.

DFDG identifies the citizen by `x-civilRegistrationIdentifier` and the request by `x-requestId` (HTTP headers
are case-insensitive, so the casings DFDG's pages show, `x-civilregistrationIdentifier` included, all work).
How DFDG's REST carries the calling organisation and user is not public (dfdg-interfaces.md § 3.1: token
format and scopes not found), so the emulator takes the SOAP face's two caller headers as plain HTTP headers
(project-defined names below); with HTTPS and --client-ca, the client certificate is judged first, as on SOAP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request

from service.domain.caller import REQUEST_ID_MAX, Bruger, Caller, identify
from service.domain.context import Kontekst
from service.domain.kald import udfoer
from service.domain.sandkasse import OPERATION_KEY, SANDKASSE_KEY, STANDARD
from service.rules.catalogue import regel
from service.rules.violation import Afvisning

T = TypeVar("T")
CPR_PATTERN = r"^[0-9]{10}$"  # any ten digits: an impossible date gets DFDG's 1001 (as on SOAP), not 400 from the schema
PROJEKT = "Projekt-defineret (DFDG's REST-kalder er ikke offentlig): "


@dataclass
class RestKald:
    """One REST request's caller (headers) and its way into the domain."""

    deps: Any
    navn: str
    headers: dict[str, Any]
    klientcertifikat: str | None
    cpr: str = ""
    sandkasse: str = STANDARD

    def udfoer(self, work: Callable[[Kontekst], T], laesning: bool = False) -> T:
        return udfoer(
            self.deps,
            work,
            navn=self.navn,
            laesning=laesning,
            identificer=self.caller,
            klientcertifikat=self.klientcertifikat,
            sandkasse=self.sandkasse,
        )

    def caller(self) -> Caller:
        h = self.headers
        violations = []
        organisation = None
        if h["org_type"] is not None or h["org_code"] is not None:
            if h["org_type"] is None or h["org_code"] is None:
                violations.append(_mangler("x-organisationTypeIdentifier og x-organisationCode skal begge angives"))
            else:
                organisation = (h["org_type"], h["org_code"])
        user = None
        user_fields = (h["user_type"], h["user_id"], h["user_name"])
        if any(v is not None for v in user_fields):
            if any(v is None for v in user_fields):
                violations.append(_mangler("x-requestUserTypeIdentifier, x-userIdentifier og x-userFullName skal alle angives"))
            else:
                # The user's own organisation (RequestOrganisationStructure) defaults to the acting one.
                # Without the acting organisation the call is refused with 8232 alone; (1, "-1") only stands in for it.
                acting = organisation or (1, "-1")
                req_type = h["req_org_type"] if h["req_org_type"] is not None else acting[0]
                req_code = h["req_org_code"] if h["req_org_code"] is not None else acting[1]
                user = Bruger(
                    full_name=h["user_name"],
                    user_type=h["user_type"],
                    identifier=h["user_id"],
                    email=h["user_email"],
                    organisation_type=req_type,
                    organisation_code=req_code,
                )
        if violations:
            raise Afvisning(violations)
        return identify(organisation, user, h["request_id"])


def _mangler(problem: str) -> Any:
    return regel("SKEMA").violation(felt="header", problem=problem)


def _subject(request: Request) -> str | None:
    """The verified client certificate's subject, as the HTTPS server puts it into the WSGI environ (mod_ssl's names)."""
    environ = request.scope.get("wsgi_environ") or {}
    return environ.get("SSL_CLIENT_S_DN") if environ.get("SSL_CLIENT_VERIFY") == "SUCCESS" else None


def _kald(
    request: Request,
    request_id: str | None,
    org_type: int | None,
    org_code: str | None,
    user_type: int | None,
    user_id: str | None,
    user_name: str | None,
    user_email: str | None,
    req_org_type: int | None,
    req_org_code: str | None,
) -> RestKald:
    route = request.scope.get("route")
    headers = {
        "request_id": request_id,
        "org_type": org_type,
        "org_code": org_code,
        "user_type": user_type,
        "user_id": user_id,
        "user_name": user_name,
        "user_email": user_email,
        "req_org_type": req_org_type,
        "req_org_code": req_org_code,
    }
    environ = request.scope.get("wsgi_environ") or {}
    sandkasse = environ.get(SANDKASSE_KEY, STANDARD)
    environ[OPERATION_KEY] = getattr(route, "operation_id", None)  # the access log's operation (service/journal.py)
    return RestKald(
        request.app.state.deps, f"REST {getattr(route, 'name', request.url.path)}", headers, _subject(request), sandkasse=sandkasse
    )


OrgType = Annotated[
    int,
    Header(
        alias="x-organisationTypeIdentifier",
        ge=1,
        le=100,
        description=PROJEKT + "ActiveOrganisationHeader/OrganisationTypeIdentifier; missing: 8232",
    ),
]
OrgCode = Annotated[
    str, Header(alias="x-organisationCode", min_length=1, max_length=20, description=PROJEKT + "ActiveOrganisationHeader/OrganisationCode")
]
UserType = Annotated[
    int,
    Header(
        alias="x-requestUserTypeIdentifier",
        ge=0,
        le=100000000,
        description=PROJEKT + "RequestUserStructure/RequestUserTypeIdentifier (1 Borger, 3 System); missing user headers: 8233",
    ),
]
UserId = Annotated[
    str,
    Header(
        alias="x-userIdentifier",
        min_length=1,
        max_length=255,
        description=PROJEKT + "RequestUserStructure/UserIdentifier (a citizen's: its CPR)",
    ),
]
UserName = Annotated[
    str, Header(alias="x-userFullName", min_length=1, max_length=140, description=PROJEKT + "RequestUserStructure/UserFullName")
]
UserEmail = Annotated[
    str, Header(alias="x-userEmail", pattern=r"^[^@\s]+@[^@\s]+$", description=PROJEKT + "RequestUserStructure/UserEmail")
]
ReqOrgType = Annotated[
    int,
    Header(
        alias="x-requestOrganisationTypeIdentifier",
        ge=1,
        le=100,
        description=PROJEKT + "RequestOrganisationStructure; default: the acting organisation",
    ),
]
ReqOrgCode = Annotated[
    str,
    Header(
        alias="x-requestOrganisationCode",
        pattern=r"^([-]1|[0-9]{1,8})$",
        description=PROJEKT + "RequestOrganisationStructure; default: the acting organisation",
    ),
]
Cpr = Annotated[str, Header(alias="x-civilRegistrationIdentifier", pattern=CPR_PATTERN, description="DFDG: the citizen's CPR number")]
RequestId = Annotated[
    str,
    Header(
        alias="x-requestId",
        min_length=1,
        max_length=REQUEST_ID_MAX,
        description="DFDG: required, at most 46 characters, typically a guid; "
        "the same value again within 7 days is refused with HTTP 412 (7001) and nothing is written",
    ),
]


async def laes(
    request: Request,
    org_type: OrgType = None,
    org_code: OrgCode = None,
    user_type: UserType = None,
    user_id: UserId = None,
    user_name: UserName = None,
    user_email: UserEmail = None,
    req_org_type: ReqOrgType = None,
    req_org_code: ReqOrgCode = None,
) -> RestKald:
    """A read: the caller's headers, no x-requestId (nothing to repeat safely against)."""
    return _kald(request, None, org_type, org_code, user_type, user_id, user_name, user_email, req_org_type, req_org_code)


Laes = Annotated[RestKald, Depends(laes)]


async def skriv(request_id: RequestId, kald: Laes) -> RestKald:
    """A write: the caller's headers as a read's, and the x-requestId DFDG requires."""
    kald.headers["request_id"] = request_id
    return kald


Skriv = Annotated[RestKald, Depends(skriv)]
