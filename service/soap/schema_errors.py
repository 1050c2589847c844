"""libxml2's schema and parser errors, told in Danish with the path of the element they concern.

libxml2 reports in English and names elements as {namespace}Name; a vendor's developer should see
which field is wrong ("Samtale/Afholdelsestidspunkt") and what is wrong with it, in the language of
the emulator's other fault texts. Messages not recognised keep libxml2's English text in a Danish frame.
"""

from __future__ import annotations

import re
from typing import Any

_NS = re.compile(r"\{[A-Za-z][A-Za-z0-9+.-]*:[^}]*\}")  # {namespace-uri}, not a pattern's {10}
_PREFIX = re.compile(r"(^|/)[A-Za-z_][\w.-]*:")
_ELEMENT = re.compile(r"^Element '[^']*'(?:, attribute '[^']*')?: ")

# (pattern on libxml2's message with namespaces removed and the "Element 'x': " lead cut, Danish text)
_DANISH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.S), t)
    for p, t in (
        (r"^'(?P<v>.*)' is not a valid value of the atomic type '(?P<t>[^']*)'\.$", "'{v}' er ikke en gyldig værdi af typen {t}"),
        (r"^'(?P<v>.*)' is not a valid value of the (local )?(atomic|union|list) type\.$", "'{v}' er ikke en gyldig værdi"),
        (
            r"^\[facet 'pattern'\] The value '(?P<v>.*)' is not accepted by the pattern '(?P<p>.*)'\.$",
            "'{v}' passer ikke til mønsteret {p}",
        ),
        (
            r"^\[facet 'minLength'\] The value (?:'(?P<v>.*)' )?has a length of '(?P<n>\d+)'; "
            r"this underruns the allowed minimum length of '(?P<m>\d+)'\.$",
            "værdien har {n} tegn; mindst {m} tegn",
        ),
        (
            r"^\[facet 'maxLength'\] The value (?:'(?P<v>.*)' )?has a length of '(?P<n>\d+)'; "
            r"this exceeds the allowed maximum length of '(?P<m>\d+)'\.$",
            "værdien har {n} tegn; højst {m} tegn",
        ),
        (
            r"^\[facet 'minInclusive'\] The value '(?P<v>.*)' is less than the minimum value allowed \('(?P<m>.*)'\)\.$",
            "{v} er mindre end den mindste tilladte værdi {m}",
        ),
        (
            r"^\[facet 'maxInclusive'\] The value '(?P<v>.*)' is greater than the maximum value allowed \('(?P<m>.*)'\)\.$",
            "{v} er større end den største tilladte værdi {m}",
        ),
        (
            r"^\[facet 'enumeration'\] The value '(?P<v>.*)' is not an element of the set \{(?P<s>.*)\}\.$",
            "'{v}' er ikke en af de tilladte værdier {s}",
        ),
        (
            r"^\[facet 'fractionDigits'\] The value '(?P<v>.*)' has more fractional digits than are allowed \('(?P<m>\d+)'\)\.$",
            "'{v}' har flere decimaler end {m}",
        ),
        (
            r"^\[facet 'totalDigits'\] The value '(?P<v>.*)' has more digits than are allowed \('(?P<m>\d+)'\)\.$",
            "'{v}' har flere cifre end {m}",
        ),
        (r"^This element is not expected\. Expected is (one of )?\( (?P<e>.*) \)\.$", "elementet er ikke ventet her; ventet: {e}"),
        (r"^This element is not expected\.$", "elementet er ikke ventet her (for mange, gentaget eller ukendt)"),
        (r"^Missing child element\(s\)\. Expected is (one of )?\( (?P<e>.*) \)\.$", "påkrævet underelement mangler: {e}"),
        (r"^No matching global declaration available for the validation root\.$", "{el} er ikke et element, denne service kender"),
        (r"^The attribute '(?P<a>.*)' is not allowed\.$", "attributten {a} er ikke tilladt"),
        (
            r"^Character content other than whitespace is not allowed because the content type is 'element-only'\.$",
            "tekst er ikke tilladt direkte i elementet; kun underelementer",
        ),
        (
            r"^Element content is not allowed, because the (content type is a simple type definition|type definition is simple)\.$",
            "underelementer er ikke tilladt; værdien skal være tekst",
        ),
        (r"^The element is not 'nillable'\.$", "elementet må ikke være xsi:nil"),
        (r"^The attribute 'xsi:type' .*$", "xsi:type er ikke tilladt her"),
        (
            r"^The QName value '(?P<q>.*)' of the xsi:type attribute does not resolve to a type definition\.$",
            "xsi:type '{q}' er ikke en type i skemaet",
        ),
    )
]


def danish(error: Any) -> tuple[str, str]:
    """(field, problem) for one lxml log entry of a schema validation; the field is the element's path
    below the operation (or header) element, e.g. `Samtale/Afholdelsestidspunkt`."""
    path = element_path(getattr(error, "path", None) or "")
    message = _NS.sub("", error.message).strip()
    element = _ELEMENT.match(message)
    name = element.group(0)[len("Element '") :].split("'")[0] if element else path.rsplit("/", 1)[-1]
    message = message[element.end() :] if element else message
    for pattern, text in _DANISH:
        match = pattern.match(message)
        if match:
            return path, text.format(el=name, **match.groupdict())
    return path, f"skemafejl: {message}"


def element_path(xpath: str) -> str:
    """`/t:CreateSamtale/t:Samtale/t:Startdato` -> `CreateSamtale/Samtale/Startdato` (positions kept)."""
    return _PREFIX.sub(r"\1", xpath).strip("/")
