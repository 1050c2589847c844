"""Sandboxes (README, "Sandboxes"): named, separate emulators in one, each with its own data, clock, id
sequence, RequestId memory and journal. Served at /sandkasse/<navn>/<Service>; the plain paths are `default`."""

from __future__ import annotations

import random
import re
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime

from service.domain.clock import Ur

STANDARD = "default"
# WSGI environ key under which the router (service/app.py) names the call's sandbox for either face.
SANDKASSE_KEY = "dfdg.sandkasse"
# WSGI environ key under which the REST face names the operation a request reached (for the access log).
OPERATION_KEY = "dfdg.operation"
NAVN = re.compile(r"[a-z0-9-]{1,40}")


def gyldigt_navn(navn: str) -> bool:
    return NAVN.fullmatch(navn) is not None


@dataclass(frozen=True)
class Sandkasse:
    navn: str
    oprettet: datetime
    ur: Ur
    # A seeded id sequence (Nulstil with IdFroe), else None: random GUIDs.
    id_froe: int | None = None
    borgere: int = 0


class _Sekvenser(threading.local):
    """Per thread, the generator of the sequence last used, so the n-th id of a seed costs one step, not n."""

    def __init__(self) -> None:
        self.froe: int | None = None
        self.naeste = 0
        self.random = random.Random()


_sekvenser = _Sekvenser()


def id_nummer(froe: int, n: int) -> str:
    """The n-th id (from 0) of the seeded sequence: the same GUIDs as `IdGenerator(froe)` gives in order."""
    s = _sekvenser
    if s.froe != froe or s.naeste > n:
        s.froe, s.naeste, s.random = froe, 0, random.Random(froe)
    while s.naeste < n:
        s.random.getrandbits(128)
        s.naeste += 1
    s.naeste += 1
    return str(uuid.UUID(int=s.random.getrandbits(128), version=4))
