# GENERATED - do not edit. Produced by `python -m exi.codegen` from the W3C xmldsig-core XSDs.
"""Typed message classes of the W3C xmldsig-core schema set."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    'CanonicalizationMethod',
    'CanonicalizationMethodType',
    'DSAKeyValue',
    'DSAKeyValueType',
    'DigestMethod',
    'DigestMethodType',
    'DigestValue',
    'KeyInfo',
    'KeyInfoType',
    'KeyName',
    'KeyValue',
    'KeyValueType',
    'Manifest',
    'ManifestType',
    'MgmtData',
    'Object',
    'ObjectType',
    'PGPData',
    'PGPDataType',
    'RSAKeyValue',
    'RSAKeyValueType',
    'Reference',
    'ReferenceType',
    'RetrievalMethod',
    'RetrievalMethodType',
    'SPKIData',
    'SPKIDataType',
    'Signature',
    'SignatureMethod',
    'SignatureMethodType',
    'SignatureProperties',
    'SignaturePropertiesType',
    'SignatureProperty',
    'SignaturePropertyType',
    'SignatureType',
    'SignatureValue',
    'SignatureValueType',
    'SignedInfo',
    'SignedInfoType',
    'Transform',
    'TransformType',
    'Transforms',
    'TransformsType',
    'X509Data',
    'X509DataType',
    'X509IssuerSerialType',
]

# the classes other schema sets use too (their generated_types re-export them):
# encoded on its own, an element of one of them needs its schema named
SHARED = frozenset({
    'CanonicalizationMethod',
    'CanonicalizationMethodType',
    'DSAKeyValue',
    'DSAKeyValueType',
    'DigestMethod',
    'DigestMethodType',
    'DigestValue',
    'KeyInfo',
    'KeyInfoType',
    'KeyName',
    'KeyValue',
    'KeyValueType',
    'Manifest',
    'ManifestType',
    'MgmtData',
    'Object',
    'ObjectType',
    'PGPData',
    'PGPDataType',
    'RSAKeyValue',
    'RSAKeyValueType',
    'Reference',
    'ReferenceType',
    'RetrievalMethod',
    'RetrievalMethodType',
    'SPKIData',
    'SPKIDataType',
    'Signature',
    'SignatureMethod',
    'SignatureMethodType',
    'SignatureProperties',
    'SignaturePropertiesType',
    'SignatureProperty',
    'SignaturePropertyType',
    'SignatureType',
    'SignatureValue',
    'SignatureValueType',
    'SignedInfo',
    'SignedInfoType',
    'Transform',
    'TransformType',
    'Transforms',
    'TransformsType',
    'X509Data',
    'X509DataType',
    'X509IssuerSerialType',
})


@dataclass(frozen=True, slots=True, kw_only=True)
class CanonicalizationMethodType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}CanonicalizationMethodType."""
    Algorithm: str
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DSAKeyValueType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}DSAKeyValueType."""
    P: bytes | None = None
    Q: bytes | None = None
    G: bytes | None = None
    Y: bytes
    J: bytes | None = None
    Seed: bytes | None = None
    PgenCounter: bytes | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestMethodType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}DigestMethodType."""
    Algorithm: str
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyInfoType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}KeyInfoType."""
    Id: str | None = None
    KeyName: tuple[str, ...] = ()
    KeyValue: tuple[KeyValue, ...] = ()
    RetrievalMethod: tuple[RetrievalMethod, ...] = ()
    X509Data: tuple[X509Data, ...] = ()
    PGPData: tuple[PGPData, ...] = ()
    SPKIData: tuple[SPKIData, ...] = ()
    MgmtData: tuple[str, ...] = ()
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyValueType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}KeyValueType."""
    DSAKeyValue: DSAKeyValue | None = None
    RSAKeyValue: RSAKeyValue | None = None
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ManifestType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}ManifestType."""
    Id: str | None = None
    Reference: tuple[Reference, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}ObjectType."""
    Encoding: str | None = None
    Id: str | None = None
    MimeType: str | None = None
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PGPDataType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}PGPDataType."""
    PGPKeyID: bytes | None = None
    PGPKeyPacket: tuple[bytes, ...] = ()
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RSAKeyValueType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}RSAKeyValueType."""
    Modulus: bytes
    Exponent: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferenceType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}ReferenceType."""
    Id: str | None = None
    Type: str | None = None
    URI: str | None = None
    Transforms: Transforms | None = None
    DigestMethod: DigestMethod
    DigestValue: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class RetrievalMethodType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}RetrievalMethodType."""
    Type: str | None = None
    URI: str | None = None
    Transforms: Transforms | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SPKIDataType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}SPKIDataType."""
    SPKISexp: tuple[bytes, ...]
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}SignatureType."""
    Id: str | None = None
    SignedInfo: SignedInfo
    SignatureValue: SignatureValue
    KeyInfo: KeyInfo | None = None
    Object: tuple[Object, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureMethodType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}SignatureMethodType."""
    Algorithm: str
    HMACOutputLength: int | None = None
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SignaturePropertiesType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}SignaturePropertiesType."""
    Id: str | None = None
    SignatureProperty: tuple[SignatureProperty, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SignaturePropertyType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}SignaturePropertyType."""
    Id: str | None = None
    Target: str
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureValueType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}SignatureValueType."""
    Id: str | None = None
    value: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedInfoType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}SignedInfoType."""
    Id: str | None = None
    CanonicalizationMethod: CanonicalizationMethod
    SignatureMethod: SignatureMethod
    Reference: tuple[Reference, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TransformType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}TransformType."""
    Algorithm: str
    any_: tuple[object, ...] = ()
    XPath: tuple[str, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TransformsType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}TransformsType."""
    Transform: tuple[Transform, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class X509DataType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}X509DataType."""
    X509IssuerSerial: tuple[X509IssuerSerialType, ...] = ()
    X509SKI: tuple[bytes, ...] = ()
    X509SubjectName: tuple[str, ...] = ()
    X509Certificate: tuple[bytes, ...] = ()
    X509CRL: tuple[bytes, ...] = ()
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class X509IssuerSerialType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}X509IssuerSerialType."""
    X509IssuerName: str
    X509SerialNumber: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CanonicalizationMethod(CanonicalizationMethodType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}CanonicalizationMethod."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DSAKeyValue(DSAKeyValueType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}DSAKeyValue."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestMethod(DigestMethodType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}DigestMethod."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestValue:
    """Global element {http://www.w3.org/2000/09/xmldsig#}DigestValue (simple content)."""
    value: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyInfo(KeyInfoType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}KeyInfo."""


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyName:
    """Global element {http://www.w3.org/2000/09/xmldsig#}KeyName (simple content)."""
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyValue(KeyValueType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}KeyValue."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest(ManifestType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}Manifest."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MgmtData:
    """Global element {http://www.w3.org/2000/09/xmldsig#}MgmtData (simple content)."""
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Object(ObjectType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}Object."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PGPData(PGPDataType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}PGPData."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RSAKeyValue(RSAKeyValueType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}RSAKeyValue."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference(ReferenceType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}Reference."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetrievalMethod(RetrievalMethodType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}RetrievalMethod."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SPKIData(SPKIDataType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}SPKIData."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature(SignatureType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}Signature."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureMethod(SignatureMethodType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}SignatureMethod."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureProperties(SignaturePropertiesType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}SignatureProperties."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureProperty(SignaturePropertyType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}SignatureProperty."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureValue(SignatureValueType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}SignatureValue."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedInfo(SignedInfoType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}SignedInfo."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Transform(TransformType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}Transform."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Transforms(TransformsType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}Transforms."""


@dataclass(frozen=True, slots=True, kw_only=True)
class X509Data(X509DataType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}X509Data."""
