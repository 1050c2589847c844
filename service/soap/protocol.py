"""spyne's SOAP 1.1 protocol and WSGI server, made to read values as XML Schema defines them and to
answer every refusal in DFDG's fault shape.

- Whitespace: every XSD built-in type except xs:string and its derivations has whiteSpace="collapse",
  so `<Tilmeldt> true </Tilmeldt>` is schema-valid and means true (XSD 1.1 part 2 § 4.3.6); spyne
  compares the raw text and read it as false (issue 8 item 6).
- 24:00:00: XSD 1.0 2nd ed. § 3.2.7 (and 1.1 § 3.3.8): "24:00:00" is the first instant of the
  following day, so `2026-02-27T24:00:00+01:00` is 2026-02-28T00:00:00+01:00. Python's datetime has no
  hour 24; spyne raised ValueError, which escaped as a plain-text 500.
- Range: a dateTime the emulator cannot hold (year 10000, or 9999-12-31T23:59:59-14:00, which is
  past year 9999 in Copenhagen time) is schema-valid but refused with 1014 naming the field.
- Any fault spyne raises itself (ValidationError, ResourceNotFound, ...) becomes 1014 (or 1011 for
  a server fault) with FaultDetails, never spyne's bare Client.ValidationError.
"""

from __future__ import annotations

import logging
import math
import re
from datetime import date, datetime, timedelta
from typing import Any

import spyne.const
from lxml import etree
from lxml.builder import E
from spyne import Fault
from spyne.const.xml import DEFAULT_NS
from spyne.model import PushBase, SimpleModel
from spyne.model.primitive import AnyHtml, AnyXml, DateTime, Unicode
from spyne.protocol._outbase import OutProtocolBase
from spyne.protocol.soap import Soap11
from spyne.protocol.xml import XmlDocument
from spyne.server.wsgi import WsgiApplication

from service.domain.clock import COPENHAGEN
from service.rules.catalogue import regel
from service.soap import namespaces as ns
from service.soap.faults import DfdgFault
from service.soap.gate import ENVELOPE_KEY

log = logging.getLogger(__name__)

# spyne runs a full gc.collect() on the request thread when a call's context closes, at most once a
# second (spyne/context.py MethodContext.close, const.MIN_GC_INTERVAL), "to have file descriptors
# returned in a timely manner" for uploaded files, which no DFDG call has. Over a live heap that
# stalled one call a second by 26-84 ms (issue 8 item 10). Python's own generational collector still
# runs; `serve` also freezes the start-up heap (gc.freeze) so that collections do not walk it.
spyne.const.MIN_GC_INTERVAL = math.inf
# spyne's server logs every client fault met while reading a request with its traceback; they are answers.
logging.getLogger("spyne.server._base").setLevel(logging.CRITICAL)

_XML_WHITESPACE = " \t\r\n"
_BODY = f"{{{ns.SOAP_ENV}}}Body"
# XSD's end-of-day form: hour 24 with zero minutes and seconds (the schema already checked the rest).
_HOUR_24 = re.compile(r"^(-?\d{4,}-\d{2}-\d{2}T)24:00:00(?:\.0+)?(Z|[+-]\d{2}:\d{2})?$")


def _collapsed(cls: Any) -> bool:
    """True for the simple types whose XSD whiteSpace facet is collapse (all but string-derived ones)."""
    return isinstance(cls, type) and issubclass(cls, SimpleModel) and not issubclass(cls, (Unicode, AnyXml, AnyHtml))


class DfdgSoap11(Soap11):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._member_plans: dict[Any, list[tuple[Any, ...]]] = {}

    def create_in_document(self, ctx: Any, charset: Any = None) -> None:
        """The envelope the gate parsed and checked (gate.py), not parsed again. spyne's own parse would also
        collect elements by `id` to resolve SOAP encoding's `href`s; in document/literal the schema-checked body
        has neither, and spyne reads no header of ours, so the id map is empty."""
        doc = (getattr(ctx.transport, "req_env", None) or {}).get(ENVELOPE_KEY)
        if doc is None:
            super().create_in_document(ctx, charset)
            return
        ctx.in_document = (doc, {})

    def decompose_incoming_envelope(self, ctx: Any, message: Any = Soap11.REQUEST) -> None:
        """spyne's split into header and body, by the envelope's children: the gate has checked its shape (an
        optional Header, then one Body with one element), so the two XPath queries spyne compiles per call are
        not needed. Anything else (no gate) goes spyne's way."""
        doc, xmlids = ctx.in_document
        children = list(doc) if isinstance(ctx.in_document, tuple) and not xmlids else []
        if not children or children[-1].tag != _BODY or len(children[-1]) != 1:
            super().decompose_incoming_envelope(ctx, message)
            return
        ctx.in_document = doc
        ctx.in_header_doc = list(children[0]) if len(children) == 2 else None
        ctx.in_body_doc = children[-1][0]
        ctx.method_request_string = ctx.in_body_doc.tag
        self.validate_body(ctx, message)

    def _fault_to_parent_impl(self, ctx: Any, cls: Any, inst: Any, parent: Any, ns_: Any, subelts: list, **kwargs: Any) -> Any:
        """Every entry of a DfdgFault's detail list is written (FaultDetails, then the violations)."""
        if isinstance(inst.detail, list):
            subelts.append(E("detail", *inst.detail))
            return self.gen_members_parent(ctx, cls, inst, parent, f"{{{self.ns_soap_env}}}Fault", subelts, add_type=False)
        return super()._fault_to_parent_impl(ctx, cls, inst, parent, ns_, subelts, **kwargs)

    def complex_to_parent(
        self, ctx: Any, cls: Any, inst: Any, parent: Any, ns: Any, name: Any = None, add_type: bool = False, **kw: Any
    ) -> Any:
        """spyne's serialisation of an object, without its coroutines: spyne drives every object's members through a
        generator made for push-style output, which no DFDG answer uses, and looks each member's settings up anew.
        The members, their names and namespaces are worked out once per class (`_members`), a plain value is
        written as spyne's `modelbase_to_parent` writes it, anything else goes through spyne's `to_parent`; the
        answers are the same bytes (tests/test_fixtures.py compares every fixture's answer with spyne's own). Off
        this path (a type attribute, a streamed parent) spyne's own."""
        if add_type or not isinstance(parent, etree._Element):
            return super().complex_to_parent(ctx, cls, inst, parent, ns, name, add_type=add_type, **kw)
        cls_attrs = self.get_cls_attrs(cls)
        if cls_attrs.sub_name is not None:
            name = cls_attrs.sub_name
        if name is None:
            name = cls.get_type_name()
        if cls_attrs.sub_ns not in (None, DEFAULT_NS):
            ns = cls_attrs.sub_ns
        element = etree.SubElement(parent, f"{{{ns}}}{name}" if ns is not None else name)
        inst = cls.get_serialization_instance(inst)
        for key, member, sub_ns, sub_name, tag, many, required, text in self._members(cls):
            value = getattr(inst, key, None)
            if value is None:
                if required:
                    self.to_parent(ctx, member, value, element, sub_ns, sub_name)
            elif many:
                if isinstance(value, PushBase):
                    raise TypeError(f"{key}: push-style values are not written by this protocol")
                for item in value:
                    self._member(ctx, member, item, element, sub_ns, sub_name, tag, text)
            else:
                self._member(ctx, member, value, element, sub_ns, sub_name, tag, text)
        return None

    def _member(self, ctx: Any, cls: Any, value: Any, parent: Any, ns: Any, name: str, tag: str, text: Any) -> None:
        if text is not None and value is not None:
            etree.SubElement(parent, tag).text = text(cls, value)
        else:
            self.to_parent(ctx, cls, value, parent, ns, name)

    def _members(self, cls: Any) -> list[tuple[Any, ...]]:
        """(key, type, namespace, name, tag, several, written when None, its text function if a plain value) of each
        member, the extended class's first, as spyne's `_get_members_etree` walks them."""
        found = self._member_plans.get(cls)
        if found is None:
            parent = getattr(cls, "__extends__", None)
            found = list(self._members(parent)) if parent is not None else []
            for key, member in cls._type_info.items():
                if self.get_cls_attrs(member).exc:
                    continue
                a = member.Attributes
                sub_ns = a.sub_ns if a.sub_ns is not None else cls.get_namespace()
                sub_name = a.sub_name if a.sub_name is not None else key
                tag = f"{{{sub_ns}}}{sub_name}" if sub_ns is not None else sub_name
                text = self._text(member) if self._plain(member) else None
                found.append((key, member, sub_ns, sub_name, tag, a.max_occurs > 1, a.min_occurs > 0, text))
            self._member_plans[cls] = found
        return found

    def _text(self, cls: Any) -> Any:
        """The function giving a plain value's text: spyne's handler, or for a string, an integer or a date without a
        format of its own the text that handler gives (the value itself, str(), isoformat()) without the two lookups
        of the type's settings it makes for every value; a value of another Python type goes to the handler."""
        handler = self._to_unicode_handlers[cls]
        attrs = self.get_cls_attrs(cls)
        function = getattr(handler, "__func__", None)
        if attrs.str_format is not None or attrs.format is not None:
            return handler
        if function is OutProtocolBase.unicode_to_unicode:
            return lambda c, v: v if type(v) is str else handler(c, v)
        if function is OutProtocolBase.integer_to_unicode:
            return lambda c, v: str(v) if type(v) is int else handler(c, v)
        if function is OutProtocolBase.date_to_unicode and attrs.serialize_as is None and attrs.date_format is None:
            return lambda c, v: v.isoformat() if type(v) is date else handler(c, v)
        return handler

    def _plain(self, cls: Any) -> bool:
        """A type spyne writes as an element with its text (modelbase_to_parent), with nothing else to decide."""
        attrs = self.get_cls_attrs(cls)
        handler = self.serialization_handlers[cls]
        return not self.polymorphic and attrs.prot is None and getattr(handler, "__func__", None) is XmlDocument.modelbase_to_parent

    def from_unicode(self, class_: Any, string: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(string, str) and _collapsed(class_):
            string = string.strip(_XML_WHITESPACE)
            if issubclass(class_, DateTime):
                return self._datetime(class_, string)
        return super().from_unicode(class_, string, *args, **kwargs)

    def date_from_unicode_iso(self, cls: Any, string: str) -> Any:
        """A plain YYYY-MM-DD by date.fromisoformat (in C); spyne's time.strptime took a twentieth of a write's
        time. Anything else (a date with a time zone) goes spyne's way."""
        if len(string) == 10 and string[4] == string[7] == "-":
            try:
                return date.fromisoformat(string)
            except ValueError:
                pass
        return super().date_from_unicode_iso(cls, string)

    def _datetime(self, class_: Any, string: str) -> Any:
        end_of_day = _HOUR_24.match(string)
        if end_of_day:
            midnight = super().from_unicode(class_, f"{end_of_day.group(1)}00:00:00{end_of_day.group(2) or ''}")
            value = midnight + timedelta(days=1)
        else:
            value = super().from_unicode(class_, string)
        if isinstance(value, datetime) and value.tzinfo is not None:
            value.astimezone(COPENHAGEN)  # OverflowError when it lies outside year 1-9999 in Copenhagen time
        return value

    def from_element(self, ctx: Any, cls: Any, element: Any) -> Any:
        try:
            return super().from_element(ctx, cls, element)
        except DfdgFault:
            raise
        except (Fault, ValueError, OverflowError) as error:
            felt = element_field(element)
            raise DfdgFault.from_violations(
                [regel("SKEMA").violation(felt=felt, problem=f"{felt}: {_unreadable(element, cls, error)}")]
            ) from None


def _unreadable(element: Any, cls: Any, error: Exception) -> str:
    text = (element.text or "").strip(_XML_WHITESPACE)
    kind = cls.get_type_name() if hasattr(cls, "get_type_name") else "værdien"
    if isinstance(error, OverflowError) or (kind == "dateTime" and re.match(r"^-?\d{5,}-", text)):
        return f"'{text}' ligger uden for de tidspunkter, emulatoren kan regne med (år 1-9999, også omregnet til dansk tid)"
    return f"'{text}' kan ikke læses som {kind}"


def element_field(element: Any) -> str:
    """The field name the rule tables use: the path below the operation element, or Header/<header>/..."""
    names = []
    node = element
    while node is not None and etree.QName(node).namespace != ns.SOAP_ENV:
        names.append(etree.QName(node).localname)
        node = node.getparent()
    names.reverse()
    if node is not None and etree.QName(node).localname == "Header":
        return "/".join(["Header", *names])
    return "/".join(names[1:]) or "/".join(names)


class DfdgWsgiApplication(WsgiApplication):
    """spyne's WSGI server, with spyne's own faults put into DFDG's shape before they are written."""

    def handle_error(self, p_ctx: Any, others: Any, error: Any, start_response: Any) -> Any:
        if not isinstance(error, DfdgFault):
            error = dfdg_fault(error)
            p_ctx.out_error = error
        return super().handle_error(p_ctx, others, error, start_response)


def dfdg_fault(error: Any) -> DfdgFault:
    faultcode = str(getattr(error, "faultcode", "Server"))
    if faultcode == "Client" or faultcode.startswith("Client."):
        problem = f"{faultcode.removeprefix('Client.') or 'Client'}: {getattr(error, 'faultstring', '') or error}"
        if faultcode == "Client.ResourceNotFound":
            problem = f"operationen findes ikke i denne service ({getattr(error, 'faultstring', '')})"
        return DfdgFault.from_violations([regel("SKEMA").violation(problem=problem)])
    log.error("spyne server fault: %s", error)
    return DfdgFault.from_violations([regel("INTERN_FEJL").violation()])
