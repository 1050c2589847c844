"""lxml XML Schemas, one per thread: a schema's error log is per-object state, so threads must not share one
(issue 8 item 5). libxml2 does not compile schemas safely in parallel ("Document is not valid XML Schema"
under 20 threads), nor while other threads validate (a fresh `serve --workers` process, whose threads all
compile at the first burst, answered one call with a plain-text 500): compiling and validating take turns
(`schema_turn`)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from lxml import etree

schema_turn = threading.Lock()


def thread_schema(local: threading.local, build: Callable[[], etree.XMLSchema]) -> etree.XMLSchema:
    """The calling thread's schema in `local`, built once per thread by `build`."""
    schema = getattr(local, "schema", None)
    if schema is None:
        with schema_turn:
            schema = local.schema = build()
    return schema
