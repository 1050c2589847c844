"""One business call, whatever face it came through (SOAP or REST): who calls, one transaction, the RequestId.

Both faces call `udfoer` with the operation's domain work; it identifies the caller (the client certificate
first, as DFDG's transport security judges it before any header), claims the RequestId with `Kontekst.begin`
in the call's own transaction, registers the caller's sandbox on its first use, and turns the time limit and
unexpected errors into refusals. Each face only maps an `Afvisning` to its own wire form (a SOAP fault, an RFC
9457 problem).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from service.domain.caller import Caller
from service.domain.context import Kontekst
from service.domain.repositories import Lager, SandkasseMangler, Tidsgraense
from service.domain.sandkasse import STANDARD
from service.rules.catalogue import regel
from service.rules.violation import Afvisning

log = logging.getLogger(__name__)
T = TypeVar("T")


def udfoer(
    deps: Any,
    work: Callable[[Kontekst], T],
    *,
    navn: str,
    laesning: bool,
    identificer: Callable[[], Caller] | None,
    klientcertifikat: str | None = None,
    igennem: tuple[type[BaseException], ...] = (),
    sandkasse: str = STANDARD,
) -> T:
    """Run `work` as one call; every refusal leaves as `Afvisning`, exceptions of the types `igennem` pass as they are.

    `identificer`: reads the caller from the face's headers (None for services without caller, TestSupport and
    Kodeliste). `laesning`: a read (DFDG's Get* operations) needs no write lock, unless a RequestId is claimed.
    `sandkasse`: the caller's sandbox (issue 11), created on first use within the configured maximum."""
    try:
        caller = None
        if identificer is not None:
            logon = deps.certifikater.logon(klientcertifikat)  # 1101, 1012: before the headers
            caller = logon.godkend(identificer())
        write = not laesning or (caller is not None and caller.request_id is not None)
        for _ in range(3):
            try:
                return _i_sandkasse(deps, work, caller, write, sandkasse)
            except SandkasseMangler:
                # First use of the sandbox (or deleted meanwhile): register it in a transaction of its own.
                if not deps.store.opret_sandkasse(sandkasse, deps.maks_sandkasser, deps.clock.now()):
                    raise Afvisning([regel("SANDKASSE_GRAENSE").violation(navn=sandkasse, maks=deps.maks_sandkasser)]) from None
        raise SandkasseMangler(sandkasse)
    except Afvisning:
        raise
    except Tidsgraense:
        log.warning("%s cancelled at the time limit of %s s", navn, deps.store.timeout)
        raise Afvisning([regel("TIDSGRAENSE").violation(sekunder=deps.store.timeout)]) from None
    except igennem:
        raise
    except Exception:
        # Conflict too: every invariant is claimed or locked before it is written, so a constraint
        # that still fires is a bug, not a race a caller could lose.
        log.exception("internal error in %s", navn)
        raise Afvisning([regel("INTERN_FEJL").violation()]) from None


def _i_sandkasse(deps: Any, work: Callable[[Kontekst], T], caller: Caller | None, write: bool, navn: str) -> T:
    store: Lager = deps.store
    with store.transaction(write, navn) as repo:
        sandkasse = repo.sandkasse_data()
        if sandkasse is None:
            raise SandkasseMangler(navn)
        k = Kontekst(repo, deps.clock, deps.ids, deps.fixed_today, klokkeslaet=deps.klokkeslaet, sandkasse=sandkasse)
        if caller is not None:
            k.begin(caller)
        return work(k)
