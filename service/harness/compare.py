"""Readable comparison of two SOAP envelopes: namespaces resolved, volatile values masked, a unified diff."""

from __future__ import annotations

import difflib

from lxml import etree

MASK = "*"


def render(xml: bytes, volatile: frozenset[str] = frozenset()) -> list[str]:
    """One line per element: indentation, local name (namespace where it changes), text."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True))
    lines: list[str] = []

    def walk(el: etree._Element, depth: int, parent_ns: str | None) -> None:
        qname = etree.QName(el)
        name = qname.localname + (f" {{{qname.namespace}}}" if qname.namespace != parent_ns and qname.namespace else "")
        text = (el.text or "").strip()
        if qname.localname in volatile and text:
            text = MASK
        elif qname.localname == "faultcode" and ":" in text:
            text = text.split(":", 1)[1]  # the prefix is the serializer's choice
        lines.append("  " * depth + name + (f" = {text}" if text else ""))
        for child in el:
            if isinstance(child.tag, str):
                walk(child, depth + 1, qname.namespace)

    walk(root, 0, None)
    return lines


def diff(expected: bytes, actual: bytes, volatile: frozenset[str] = frozenset()) -> list[str]:
    """Empty when the envelopes are the same, else a unified diff of their renderings."""
    a, b = render(expected, volatile), render(actual, volatile)
    if a == b:
        return []
    return list(difflib.unified_diff(a, b, "expected", "actual", lineterm=""))
