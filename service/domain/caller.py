"""Who is calling (the two DFDG caller headers, dfdg-wire.md § 2.3-2.4) and what they may do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service.domain.model import Borger
from service.rules.catalogue import regel
from service.rules.organisationer import BORGER_ROLLE, brugertyper, organisationstyper
from service.rules.violation import Afvisning, Violation

BORGER_BRUGERTYPE = 1
# DFDG: x-requestId is at most 46 characters (dfdg-interfaces.md § 3.4).
REQUEST_ID_MAX = 46


@dataclass(frozen=True, kw_only=True)
class Bruger:
    """RequestUserMetadataHeader: RequestUserStructure, RequestOrganisationStructure and RegistrationDateTime."""

    full_name: str
    user_type: int
    identifier: str
    email: str | None
    organisation_type: int
    organisation_code: str
    registered: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class Caller:
    """The acting organisation (ActiveOrganisationHeader) decides access; the user type comes from RequestUserStructure."""

    organisation_type: int
    organisation_code: str
    user_identifier: str
    user_full_name: str
    user_type: int
    request_id: str | None = None
    user_email: str | None = None
    request_organisation: tuple[int, str] | None = None
    registered: datetime | None = None

    @property
    def organisation(self) -> str:
        return f"{organisationstyper()[self.organisation_type].navn} {self.organisation_code}"

    @property
    def rolle(self) -> str:
        """The reporter role in the rule tables: a citizen on Jobnet counts as 'borger'."""
        if self.user_type == BORGER_BRUGERTYPE:
            return BORGER_ROLLE
        return organisationstyper()[self.organisation_type].rolle


def identify(organisation: tuple[int, str] | None, user: Bruger | None, request_id: str | None) -> Caller:
    """The caller from its headers, or a refusal naming the missing or unknown header values."""
    violations: list[Violation] = []
    if organisation is None:
        violations.append(regel("HEADER_ORGANISATION_MANGLER").violation())
    elif organisation[0] not in organisationstyper():
        violations.append(regel("ORGANISATIONSTYPE_UKENDT").violation(type=organisation[0]))
    if user is None:
        violations.append(regel("HEADER_BRUGER_MANGLER").violation())
    else:
        if user.user_type not in brugertyper():
            violations.append(regel("BRUGERTYPE_UKENDT").violation(type=user.user_type))
        if user.organisation_type not in organisationstyper():
            violations.append(
                regel("ORGANISATIONSTYPE_UKENDT").violation(
                    type=user.organisation_type,
                    felt="Header/RequestUserMetadataHeader/RequestOrganisationStructure/OrganisationTypeIdentifier",
                )
            )
    if request_id is not None and not 1 <= len(request_id) <= REQUEST_ID_MAX:
        violations.append(regel("SKEMA").violation(felt="Header/RequestId", problem=f"RequestId skal være 1-{REQUEST_ID_MAX} tegn"))
    if violations:
        raise Afvisning(violations)
    assert organisation is not None and user is not None
    return Caller(
        organisation_type=organisation[0],
        organisation_code=organisation[1],
        user_identifier=user.identifier,
        user_full_name=user.full_name,
        user_type=user.user_type,
        request_id=request_id,
        user_email=user.email,
        request_organisation=(user.organisation_type, user.organisation_code),
        registered=user.registered,
    )


def check_access(caller: Caller, borger: Borger) -> None:
    """Jobcentre and municipality: own citizens; a-kasse: own members; STAR: everyone; a company: no one; a citizen
    (user type 1): only itself, its CPR being the UserIdentifier (dfdg-wire.md § 2.4, W2).

    The refusal names the caller's scope, never the citizen's jobcentre, municipality or a-kasse."""
    if caller.user_type == BORGER_BRUGERTYPE and caller.user_identifier != borger.cpr:
        raise Afvisning(
            [
                regel("ADGANG").violation(
                    organisation=caller.organisation,
                    grund="en borger har kun adgang til sig selv (UserIdentifier skal være borgerens cpr-nummer)",
                )
            ]
        )
    scope = organisationstyper()[caller.organisation_type].adgang
    own = {"alle": None, "ingen": None, "jobcenter": borger.jobcenterkode, "kommune": borger.kommunekode, "akasse": borger.akassekode}[
        scope
    ]
    if scope != "alle" and own != caller.organisation_code:
        raise Afvisning([regel("ADGANG").violation(organisation=caller.organisation, grund=ADGANG_GRUND[scope])])


ADGANG_GRUND = {
    "jobcenter": "et jobcenter har kun adgang til borgere, der er tilknyttet jobcentret",
    "kommune": "en kommune har kun adgang til kommunens egne borgere",
    "akasse": "en a-kasse har kun adgang til egne medlemmer",
    "ingen": "organisationstypen har ikke adgang til borgere i denne service",
}
