"""The context of one call: its transaction, its sandbox's business clock and ids, and the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from service.domain.caller import Caller
from service.domain.clock import STANDARD_KLOKKESLAET, Clock, Ur, forretningstid
from service.domain.ids import IdGenerator
from service.domain.model import Kvittering
from service.domain.repositories import Repositorier
from service.domain.sandkasse import STANDARD, Sandkasse, id_nummer
from service.rules.catalogue import regel
from service.rules.violation import Afvisning

# DFDG keeps request ids for 7 days (dfdg-interfaces.md § 3.4).
REQUEST_ID_DAGE = 7


@dataclass
class Kontekst:
    repo: Repositorier
    clock: Clock
    ids: IdGenerator
    fixed_today: date | None = None
    caller: Caller | None = None
    # The time of day of a fixed business date; None: the wall clock's (serve --time running).
    klokkeslaet: time | None = STANDARD_KLOKKESLAET
    # The call's sandbox as registered (its clock and id seed); read by the application before the call.
    sandkasse: Sandkasse | None = None
    _now: datetime | None = field(default=None, repr=False)

    @property
    def ur(self) -> Ur:
        return self.sandkasse.ur if self.sandkasse else Ur()

    def now(self) -> datetime:
        """The business moment, read once per call so that one call sees one "now" (README, "The clock")."""
        if self._now is None:
            self._now = forretningstid(self.ur, self.clock, self.fixed_today, self.klokkeslaet)
        return self._now

    def today(self) -> date:
        """d.d.: the date of the business moment, in Copenhagen."""
        return self.now().date()

    def set_ur(self, ur: Ur) -> None:
        """Store a new clock for the sandbox; this call reads it from now on."""
        self.repo.set_ur(ur)
        self.sandkasse = Sandkasse(
            self.sandkasse.navn if self.sandkasse else STANDARD,
            self.sandkasse.oprettet if self.sandkasse else self.clock.now(),
            ur,
            self.sandkasse.id_froe if self.sandkasse else None,
        )
        self._now = None

    def new_id(self) -> str:
        """A new GUID: from the sandbox's seeded sequence when Nulstil gave it one, else the process's generator."""
        froe = self.sandkasse.id_froe if self.sandkasse else None
        return self.ids.new() if froe is None else id_nummer(froe, self.repo.naeste_id_nummer())

    def kvittering(self) -> Kvittering:
        return Kvittering(event_date=self.now(), message_identifier=self.new_id())

    def new_identifier(self, supplied: str | None, felt: str) -> str:
        """The client's own id if it is free (DFDG 4977), else a new one; claimed atomically either way."""
        identifier = self.new_id() if supplied is None else supplied.lower()
        if not self.repo.claim_identifier(identifier):
            raise Afvisning([regel("ID_FINDES").violation(felt=felt, identifier=identifier)])
        return identifier

    def begin(self, caller: Caller) -> None:
        """Start a business call: claim its RequestId, refused if taken in the last 7 days.

        The claim is part of this call's transaction: a refused call does not use it up, and of two
        concurrent calls with the same RequestId exactly one gets it."""
        self.caller = caller
        if caller.request_id is None:
            return
        seen = self.repo.claim_request_id(caller.request_id, self.now(), timedelta(days=REQUEST_ID_DAGE))
        if seen is not None:
            raise Afvisning([regel("REQUESTID_GENBRUGT").violation(request_id=caller.request_id, tidspunkt=seen.isoformat())])
