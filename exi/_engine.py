"""The pure-Python EXI engine: schema-informed, bit-packed, non-strict EXI 1.0 driven by the tables
that ``exi.codegen`` generates (``exi/<set>/generated_grammar.py``).

Layout of the tables (one module per schema set):
- ``DATATYPES``: value representations (EXI 7.1): string, enum, binary, boolean, nbit, unsigned,
  integer, with the facets an encoder checks.
- ``ELEMENTS``: every element declaration: (namespace, local name, simple?, datatype or type index,
  class of the global element or None, abstract element or type?).
- ``GLOBALS``: the global elements sorted by local name then namespace (document grammar, 8.5.1).
- ``TYPES``: per complex type: its class, content kind, fields, grammar states and positions.
  A state lists its first-level productions in event-code order; every element state of a
  non-strict grammar also has a second level, so its first part takes ceil(log2(n + 1)) bits.
  A production's target is a *position* (an attribute use, a typed CH, an element particle); the
  state after it depends on how often the position has been seen (low / mid / top count class).

Second-level events (xsi:type, xsi:nil, undeclared SE(*)/AT(*)/CH) are recognised and refused with
``ExiUnsupportedError``: the V2G peers never produce them and the C references reject them too. The one
exception is EE at the second level of a state whose typed CH comes next (8.5.4.4.1): EXIficient (Josev,
RISE V2G) ends an element with empty simple content that way instead of writing CH with a zero-length
value, so it decodes as that empty value ("" or b"") where the datatype allows length 0
(``Datatype.empty``), and is an ``ExiDecodeError`` naming the element and the reason where it does not.

The runtime structures are in ``exi/_grammar.py``, the decoder in ``exi/_decode.py``, the encoder in
``exi/_encode.py``; this module puts them together as ``Grammar`` and is the import point for the rest.
"""

from __future__ import annotations

from ._decode import GrammarDecoder
from ._encode import GrammarEncoder
from ._grammar import (
    _SIMPLE_END,
    _SIMPLE_FIRST,
    ANY,
    AT,
    CH,
    CHX,
    EE,
    MAX_DEPTH,
    MAX_UNSIGNED_GROUPS,
    SE,
    Datatype,
    Element,
    Field,
    FragmentElement,
    State,
    TypeGrammar,
    second_level,
)
from .errors import ExiError


class Grammar(GrammarDecoder, GrammarEncoder):
    """Runtime form of one schema set's generated tables."""


__all__ = [
    "ANY",
    "AT",
    "CH",
    "CHX",
    "EE",
    "MAX_DEPTH",
    "MAX_UNSIGNED_GROUPS",
    "SE",
    "_SIMPLE_END",
    "_SIMPLE_FIRST",
    "Datatype",
    "Element",
    "ExiError",
    "Field",
    "FragmentElement",
    "Grammar",
    "State",
    "TypeGrammar",
    "second_level",
]
