"""Who a client certificate is: DFDG identifies a system by its OCES function certificate over mutual TLS.

DFDG's production endpoint uses transport security with a client certificate whose subject holds the
RID, `CVR:<cvr>-FID:<fid>` (OCES2) or `CVR:<cvr>-UUID:<uuid>` (OCES3), and answers 1101 when no
certificate is presented, 1012 when the logon fails and 1013 for insufficient permissions
(dfdg-wire.md § 2.1, § 2.7). Which organisation a certificate belongs to is not public: the
emulator reads it from a map (`serve --certificate-map`), and a certificate may only act for its own
organisation in ActiveOrganisationHeader.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from service.domain.caller import Caller
from service.rules.catalogue import regel
from service.rules.organisationer import organisationstyper
from service.rules.violation import Afvisning

# The RID, wherever OCES puts it in the subject (serialNumber, or the common name).
RID = re.compile(r"CVR:\d{8}-(?:FID|UUID):[0-9A-Za-z-]+")
# In the map, a code of "*" lets the certificate act for every organisation of its type (STAR, KSD).
ALLE_KODER = "*"


@dataclass(frozen=True, kw_only=True)
class Certifikatorganisation:
    organisation_type: int
    organisation_code: str
    navn: str

    def daekker(self, caller: Caller) -> bool:
        return self.organisation_type == caller.organisation_type and self.organisation_code in (ALLE_KODER, caller.organisation_code)

    def __str__(self) -> str:
        kendt = organisationstyper().get(self.organisation_type)
        navn = kendt.navn if kendt else f"type {self.organisation_type}"
        return f"{navn} {self.organisation_code}"


@dataclass(frozen=True)
class Logon:
    """A certificate that logged on (or no check at all): decides whether the caller's organisation is its own."""

    certifikat: str | None = None
    organisation: Certifikatorganisation | None = None

    def godkend(self, caller: Caller) -> Caller:
        if self.organisation is not None and not self.organisation.daekker(caller):
            raise Afvisning(
                [
                    regel("CERTIFIKAT_ORGANISATION").violation(
                        certifikat=self.certifikat, certifikat_organisation=self.organisation, organisation=caller.organisation
                    )
                ]
            )
        return caller


class Certifikatkort:
    """RID or subject of each known client certificate, and the organisation it acts for."""

    def __init__(self, organisationer: dict[str, Certifikatorganisation] | None) -> None:
        # None: the server does not ask for client certificates (HTTP, or HTTPS without --client-ca).
        self.organisationer = organisationer

    @classmethod
    def load(cls, path: str | Path) -> Certifikatkort:
        with open(path, "rb") as f:
            rows = tomllib.load(f).get("certifikat", [])
        organisationer = {}
        for row in rows:
            key = row.get("rid") or row.get("subject")
            if not key or not isinstance(row.get("organisationstype"), int) or not row.get("organisationskode"):
                raise ValueError(f"{path}: every [[certifikat]] needs rid (or subject), organisationstype and organisationskode: {row}")
            organisationer[key] = Certifikatorganisation(
                organisation_type=row["organisationstype"], organisation_code=str(row["organisationskode"]), navn=row.get("navn", "")
            )
        return cls(organisationer)

    def logon(self, subject: str | None) -> Logon:
        """`subject`: the verified client certificate's subject, None when the client presented none."""
        if self.organisationer is None:
            return Logon()
        if subject is None:
            raise Afvisning([regel("CERTIFIKAT_MANGLER").violation()])
        rid = rid_of(subject)
        organisation = self.organisationer.get(rid) if rid else None
        organisation = organisation or self.organisationer.get(subject)
        if organisation is None:
            raise Afvisning([regel("CERTIFIKAT_UKENDT").violation(certifikat=rid or subject)])
        return Logon(rid or subject, organisation)


UDEN_CERTIFIKATER = Certifikatkort(None)


def rid_of(subject: str) -> str | None:
    found = RID.search(subject)
    return found.group(0) if found else None
