# GENERATED - do not edit. Produced by `python -m exi.codegen` from the SupportedAppProtocol XSDs.
"""EXI grammar tables of the SupportedAppProtocol schema set (layout: exi/_engine.py)."""

from . import generated_types as T

KEY = 'app'

# (kind, lo, hi, bits, enum class, binary kind, min length, max length, type name)
DATATYPES = (
    ('enum', None, None, 2, T.responseCodeType, '', None, None, 'responseCodeType'),
    ('nbit', 0, 255, 8, None, '', None, None, 'idType'),
    ('string', None, None, 0, None, '', None, 100, 'protocolNamespaceType'),
    ('unsigned', 0, 4294967295, 0, None, '', None, None, 'unsignedInt'),
    ('nbit', 1, 20, 5, None, '', None, None, 'priorityType'),
)

# (namespace, local name, simple?, datatype or type index, element class or None,
#  abstract element or abstract type?)
ELEMENTS = (
    ('urn:iso:15118:2:2010:AppProtocol', 'supportedAppProtocolReq', False, 0, T.supportedAppProtocolReq, False),
    ('urn:iso:15118:2:2010:AppProtocol', 'supportedAppProtocolRes', False, 1, T.supportedAppProtocolRes, False),
    ('', 'AppProtocol', False, 2, None, False),
    ('', 'ResponseCode', True, 0, None, False),
    ('', 'SchemaID', True, 1, None, False),
    ('', 'ProtocolNamespace', True, 2, None, False),
    ('', 'VersionNumberMajor', True, 3, None, False),
    ('', 'VersionNumberMinor', True, 3, None, False),
    ('', 'SchemaID', True, 1, None, False),
    ('', 'Priority', True, 4, None, False),
)

GLOBALS = (0, 1)

# fragment grammar (8.5.2): (namespace, local name, element index or -1 when the qname has
# declarations of different types, then those declarations: relaxed grammar, 8.5.3)
FRAGMENT = (
    ('', 'AppProtocol', 2, ()),
    ('', 'Priority', 9, ()),
    ('', 'ProtocolNamespace', 5, ()),
    ('', 'ResponseCode', 3, ()),
    ('', 'SchemaID', 4, ()),
    ('', 'VersionNumberMajor', 6, ()),
    ('', 'VersionNumberMinor', 7, ()),
    ('urn:iso:15118:2:2010:AppProtocol', 'supportedAppProtocolReq', 0, ()),
    ('urn:iso:15118:2:2010:AppProtocol', 'supportedAppProtocolRes', 1, ()),
)

# initial string table (7.3.1): URI partition and, per URI, its local-name partition
URIS = (
    ('', (
        'AppProtocol',
        'Priority',
        'ProtocolNamespace',
        'ResponseCode',
        'SchemaID',
        'VersionNumberMajor',
        'VersionNumberMinor',
    )),
    ('http://www.w3.org/XML/1998/namespace', (
        'base',
        'id',
        'lang',
        'space',
    )),
    ('http://www.w3.org/2001/XMLSchema-instance', (
        'nil',
        'type',
    )),
    ('http://www.w3.org/2001/XMLSchema', (
        'ENTITIES',
        'ENTITY',
        'ID',
        'IDREF',
        'IDREFS',
        'NCName',
        'NMTOKEN',
        'NMTOKENS',
        'NOTATION',
        'Name',
        'QName',
        'anySimpleType',
        'anyType',
        'anyURI',
        'base64Binary',
        'boolean',
        'byte',
        'date',
        'dateTime',
        'decimal',
        'double',
        'duration',
        'float',
        'gDay',
        'gMonth',
        'gMonthDay',
        'gYear',
        'gYearMonth',
        'hexBinary',
        'int',
        'integer',
        'language',
        'long',
        'negativeInteger',
        'nonNegativeInteger',
        'nonPositiveInteger',
        'normalizedString',
        'positiveInteger',
        'short',
        'string',
        'time',
        'token',
        'unsignedByte',
        'unsignedInt',
        'unsignedLong',
        'unsignedShort',
    )),
    ('urn:iso:15118:2:2010:AppProtocol', (
        'AppProtocolType',
        'idType',
        'priorityType',
        'protocolNameType',
        'protocolNamespaceType',
        'responseCodeType',
        'supportedAppProtocolReq',
        'supportedAppProtocolRes',
    )),
)

# every attribute qname of the schema (namespace, local name, datatype or -1 if untyped)
FRAGMENT_ATTRIBUTES = (
)

# (class, content, fields, states, positions)
#   field: (name, xml name, kind, repeated, optional, datatype, substitution, namespace)
#   state: ((event kind, field, argument, target), ...);
#          kinds 0 AT 1 SE 2 ANY 3 EE 4 CH 5 CH-mixed
#   position: (min, max, state while count < min,
#              state while min <= count < max, state at max)
TYPES = (
    (  # 0
        T.supportedAppProtocolReq,
        'element',
        (
            ('AppProtocol', 'AppProtocol', 'elem', True, False, -1, False, ''),
        ),
        (
            ((1, 0, 2, 0),),
            ((1, 0, 2, 0), (3, -1, None, -1)),
            ((3, -1, None, -1),),
        ),
        (
            (1, 20, -1, 1, 2),
        ),
    ),
    (  # 1
        T.supportedAppProtocolRes,
        'element',
        (
            ('ResponseCode', 'ResponseCode', 'elem', False, False, 0, False, ''),
            ('SchemaID', 'SchemaID', 'elem', False, True, 1, False, ''),
        ),
        (
            ((1, 0, 3, 0),),
            ((1, 1, 4, 1), (3, -1, None, -1)),
            ((3, -1, None, -1),),
        ),
        (
            (1, 1, -1, -1, 1),
            (1, 1, -1, -1, 2),
        ),
    ),
    (  # 2
        T.AppProtocolType,
        'element',
        (
            ('ProtocolNamespace', 'ProtocolNamespace', 'elem', False, False, 2, False, ''),
            ('VersionNumberMajor', 'VersionNumberMajor', 'elem', False, False, 3, False, ''),
            ('VersionNumberMinor', 'VersionNumberMinor', 'elem', False, False, 3, False, ''),
            ('SchemaID', 'SchemaID', 'elem', False, False, 1, False, ''),
            ('Priority', 'Priority', 'elem', False, False, 4, False, ''),
        ),
        (
            ((1, 0, 5, 0),),
            ((1, 1, 6, 1),),
            ((1, 2, 7, 2),),
            ((1, 3, 8, 3),),
            ((1, 4, 9, 4),),
            ((3, -1, None, -1),),
        ),
        (
            (1, 1, -1, -1, 1),
            (1, 1, -1, -1, 2),
            (1, 1, -1, -1, 3),
            (1, 1, -1, -1, 4),
            (1, 1, -1, -1, 5),
        ),
    ),
)
