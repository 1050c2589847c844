"""Small conversions between the JSON models and the domain."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from service.domain import model
from service.domain.clock import COPENHAGEN
from service.rest import models as m


def guid(value: UUID | str | None) -> str | None:
    return str(value).lower() if value else None


def kvittering(k: model.Kvittering) -> m.Servicekvittering:
    return m.Servicekvittering(registreringstidspunkt=k.event_date, registreringsId=k.message_identifier)


def moment(value: datetime) -> datetime:
    """A date-time in Copenhagen time; one without a zone is read as Copenhagen local time (as on SOAP)."""
    return value.replace(tzinfo=COPENHAGEN) if value.tzinfo is None else value.astimezone(COPENHAGEN)
