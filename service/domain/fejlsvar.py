"""What a refusal says, whatever face carries it: the error code, DFDG's message and the rules' Danish text.

SOAP writes it as FaultDetails (service/soap/faults.py), REST as an RFC 9457 problem (service/rest/problems.py);
both list every violation beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.rules.catalogue import fejlkoder
from service.rules.violation import Violation

SOURCE = "dfdg-emulator"


@dataclass(frozen=True)
class Fejlsvar:
    fejlkode: int
    server: bool
    # DFDG's published English text for its common codes, else the rules' Danish message.
    message: str
    # The rules' Danish message, where `message` is DFDG's text.
    inner: str | None


def fejlsvar(violations: list[Violation]) -> Fejlsvar:
    code = violations[0].fejlkode
    fejl = fejlkoder()[code]
    if len(violations) == 1:
        rules = violations[0].besked
    else:
        rules = f"{len(violations)} regler er brudt: " + " | ".join(v.besked for v in violations)
    message, inner = (fejl.dfdg_tekst, rules) if fejl.dfdg_tekst else (rules, None)
    return Fejlsvar(code, bool(fejl.server), message, inner)
