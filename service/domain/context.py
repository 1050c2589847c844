"""The context of one call: its transaction, the business clock, id generation and the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from service.domain.caller import Caller
from service.domain.clock import Clock, business_moment
from service.domain.ids import IdGenerator
from service.domain.model import Kvittering
from service.rules.catalogue import regel
from service.rules.violation import Afvisning

if TYPE_CHECKING:
    from service.store.sql import Repository

DATO_NOEGLE = "forretningsdato"
# DFDG keeps request ids for 7 days (dfdg-interfaces.md § 3.4).
REQUEST_ID_DAGE = 7


@dataclass
class Kontekst:
    repo: Repository
    clock: Clock
    ids: IdGenerator
    fixed_today: date | None = None
    caller: Caller | None = None
    _today: date | None = field(default=None, repr=False)

    def today(self) -> date:
        """d.d.: set with SetDato (stored, so every server process agrees), else --today, else the real date."""
        if self._today is None:
            stored = self.repo.get_indstilling(DATO_NOEGLE)
            if stored:
                self._today = date.fromisoformat(stored)
            else:
                self._today = self.fixed_today or self.clock.now().date()
        return self._today

    def now(self) -> datetime:
        return business_moment(self.today(), self.clock)

    def kvittering(self) -> Kvittering:
        return Kvittering(event_date=self.now(), message_identifier=self.ids.new())

    def new_identifier(self, supplied: str | None, felt: str) -> str:
        """The client's own id if it is free (DFDG 4977), else a new one; claimed atomically either way."""
        identifier = self.ids.new() if supplied is None else supplied.lower()
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
