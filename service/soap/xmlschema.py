"""lxml XML Schemas, one per thread: a schema's error log is per-object state, so threads must not share one
(issue 8 item 5). libxml2 does not compile schemas safely in parallel ("Document is not valid XML Schema"
under 20 threads), nor while other threads validate (a fresh `serve --workers` process, whose threads all
compile at the first burst, answered one call with a plain-text 500): compiling and validating take turns
(`schema_turn`). Even so, a thread's first compile, while other threads parse requests, now and then fails to
resolve an imported schema (`XMLSchemaParseError`: "The QName value ... does not resolve to a(n) type
definition"; 3 times in about 70 runs of tests/test_races.py, each starting two fresh servers); the same
documents compile the next time, so a failed compile is tried again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from lxml import etree

log = logging.getLogger(__name__)
schema_turn = threading.Lock()
ATTEMPTS = 5


def thread_schema(local: threading.local, build: Callable[[], etree.XMLSchema]) -> etree.XMLSchema:
    """The calling thread's schema in `local`, built once per thread by `build`."""
    schema = getattr(local, "schema", None)
    if schema is None:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with schema_turn:
                    schema = local.schema = build()
                break
            except etree.XMLSchemaParseError as error:
                if attempt == ATTEMPTS:
                    raise
                log.warning("compiling a schema failed (attempt %d of %d), trying again: %s", attempt, ATTEMPTS, error)
    return schema
