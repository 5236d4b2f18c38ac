"""XML signatures over EXI (ISO 15118-2 7.9.2.4, ISO 15118-20 8.3.x).

A V2G message is signed by an xmldsig ``Signature`` in its header. Each ``Reference`` points at an
element of the message body by its ``Id`` (URI ``#<Id>``); its digest is taken over the EXI
*fragment* encoding of that element alone, in the message schema's fragment grammar. ``SignedInfo``
is encoded as an EXI fragment of the xmldsig-only grammar (the convention of the C stacks, see
../shared/reference/EXI.md section 7) after the parts [V2G2-771] excludes are left out, and the
signature is computed over those bytes.

Profiles:

- ``iso2``: ECDSA secp256r1 over SHA-256, raw ``r || s`` (64 bytes); Reference digests SHA-256.
- ``iso20``: ECDSA secp521r1 over SHA-512 (132 bytes), Reference digests SHA-512; or, with an Ed448
  key, Ed448 (114 bytes, RFC 8032 pure, over the SignedInfo bytes) with SHAKE256 Reference digests
  (64 bytes of output). URIs of the Ed448 variant are those of RFC 9231 (2.1.5 and 2.3.12).

API::

    sign(message, element_ids, key, profile="iso2") -> message with Header.Signature
    verify(message, certificate_or_public_key, profile="iso2") -> None, or raises SignatureError
    reference_bytes(message, element_id) -> the EXI fragment a Reference digests
    signed_info_bytes(signed_info) -> the EXI fragment the SignatureValue signs

No I/O, no clock; the keys come from the caller (``tls`` creates and loads them).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448

import exi
from tls import signatures as tls_signatures
from tls.ed448 import Ed448ScalarKey
from tls.errors import SignatureFormatError
from tls.keys import PublicKey, SigningKey, algorithm_of
from tls.profiles import KeyAlgorithm
from v2g.errors import SessionError

__all__ = [
    "C14N_EXI",
    "DIGEST_SHA256",
    "DIGEST_SHA512",
    "DIGEST_SHAKE256",
    "PROFILES",
    "SIGNATURE_ECDSA_SHA256",
    "SIGNATURE_ECDSA_SHA512",
    "SIGNATURE_ED448",
    "Algorithm",
    "SignatureError",
    "canonical_signed_info",
    "reference_bytes",
    "sign",
    "signed_info_bytes",
    "verify",
]

#: Transform and CanonicalizationMethod Algorithm ([V2G2-767], [V2G2-768]; -20 likewise)
C14N_EXI = "http://www.w3.org/TR/canonical-exi/"
#: RFC 4051 / RFC 6931 2.3.6 (ECDSA) and RFC 4051 / XML Encryption 5.7 (SHA-2 digests)
SIGNATURE_ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
SIGNATURE_ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
DIGEST_SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"
#: RFC 9231 2.3.12 (pure Ed448) and 2.1.5 (SHAKE256, 512 bits of output)
SIGNATURE_ED448 = "http://www.w3.org/2021/04/xmldsig-more#eddsa-ed448"
DIGEST_SHAKE256 = "http://www.w3.org/2021/04/xmldsig-more#shake256"

RESPONSE_CODE = "FAILED_SignatureError"


class SignatureError(SessionError):
    """A signature that does not verify or a Signature that breaks the profile.

    ``part`` names what failed: ``"Reference"`` (then ``uri`` is the Reference's URI),
    ``"SignatureValue"``, ``"SignedInfo"`` (a method or structure the profile does not allow) or
    ``"Signature"`` (missing). The SECC answers with ``response_code`` (FAILED_SignatureError, in
    the -2 and -20 responseCodeType) and ends the session: as a :class:`SessionError` it goes
    through the same boundary as every other refused request."""

    def __init__(self, message: str, *, part: str, uri: str | None = None) -> None:
        super().__init__(RESPONSE_CODE, message, close=True)
        self.part = part
        self.uri = uri


@dataclass(frozen=True, slots=True)
class Algorithm:
    """One signature suite: the URIs it writes and the functions it uses."""

    name: str
    signature_method: str
    digest_method: str
    digest: Callable[[bytes], bytes]


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _sha512(data: bytes) -> bytes:
    return hashlib.sha512(data).digest()


def _shake256(data: bytes) -> bytes:
    return hashlib.shake_256(data).digest(64)


ECDSA_P256 = Algorithm("ecdsa-p256-sha256", SIGNATURE_ECDSA_SHA256, DIGEST_SHA256, _sha256)
ECDSA_P521 = Algorithm("ecdsa-p521-sha512", SIGNATURE_ECDSA_SHA512, DIGEST_SHA512, _sha512)
ED448 = Algorithm("ed448-shake256", SIGNATURE_ED448, DIGEST_SHAKE256, _shake256)

#: profile -> the suites it allows
PROFILES: dict[str, tuple[Algorithm, ...]] = {
    "iso2": (ECDSA_P256,),
    "iso20": (ECDSA_P521, ED448),
}


_SUITE_OF_KEY = {KeyAlgorithm.SECP256R1: ECDSA_P256, KeyAlgorithm.SECP521R1: ECDSA_P521,
                 KeyAlgorithm.ED448: ED448}


def _algorithm_for_key(key: SigningKey | PublicKey, profile: str) -> Algorithm:
    allowed = _profile(profile)
    if not isinstance(key, SigningKey | PublicKey):
        raise SignatureError(f"{type(key).__name__} is not a key ISO 15118 signs with", part="SignatureValue")
    kind = algorithm_of(key)
    if kind is None:
        assert isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey)
        raise SignatureError(f"curve {key.curve.name} is not used by ISO 15118", part="SignatureValue")
    found = _SUITE_OF_KEY[kind]
    if found not in allowed:
        raise SignatureError(f"profile {profile} does not sign with {found.name}", part="SignatureValue")
    return found


def _profile(profile: str) -> tuple[Algorithm, ...]:
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(f"unknown signature profile {profile!r}; one of {', '.join(PROFILES)}") from None


# ---------------------------------------------------------------------------------- the message


def _schema_of(obj: object) -> str:
    parts = type(obj).__module__.split(".")
    for key, package in exi.SCHEMAS.items():
        if len(parts) == 3 and parts[0] == "exi" and parts[1] == package:
            return key
    raise ValueError(f"{type(obj).__name__} is not a generated EXI message class")


def _types_of(obj: object) -> ModuleType:
    return importlib.import_module(type(obj).__module__)


def _header(message: object) -> Any:
    header = getattr(message, "Header", None)
    if header is None or not hasattr(header, "Signature"):
        raise ValueError(f"{type(message).__name__} has no message header with a Signature")
    return header


def _fields_of(g: Any, obj: object) -> dict[str, tuple[str, str]]:
    """field name -> (namespace, element name) of the child elements of ``obj``'s type."""
    for cls in type(obj).__mro__:
        tid = g.class_type.get(cls)
        if tid is not None:
            return {f.name: (f.namespace, f.xml_name) for f in g.types[tid].fields if f.kind == "elem"}
    return {}


def _elements(g: Any, obj: object, skip: object) -> Iterator[tuple[str, str, object]]:
    """Every element below ``obj`` (depth first): (namespace, name, content object)."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return
    names = _fields_of(g, obj)
    for f in dataclasses.fields(obj):
        if f.name not in names:
            continue
        value = getattr(obj, f.name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if item is None or item is skip:
                continue
            ns, name = names[f.name]
            eid = g.class_element.get(type(item))
            if eid is not None:  # a global element class (substitution members included)
                ns, name = g.elements[eid].uri, g.elements[eid].local
            yield ns, name, item
            yield from _elements(g, item, skip)


def _find(message: object, element_id: str) -> object:
    """The fragment element (what ``exi.encode_fragment`` codes) whose ``Id`` is ``element_id``."""
    schema = _schema_of(message)
    g = exi.grammar(schema)
    header = _header(message)
    found: list[object] = []
    for ns, name, item in _elements(g, message, header.Signature):
        if getattr(item, "Id", None) == element_id:
            if type(item) in g.class_element:
                found.append(item)
            else:
                found.append(exi.FragmentElement(ns, name, item))
    if not found:
        raise SignatureError(f"no element with Id {element_id!r} in the message", part="Reference",
                             uri="#" + element_id)
    if len(found) > 1:  # xs:ID values are unique in a document
        raise SignatureError(f"Id {element_id!r} is used {len(found)} times", part="Reference",
                             uri="#" + element_id)
    return found[0]


def reference_bytes(message: object, element_id: str, *, check_facets: bool = True) -> bytes:
    """The EXI fragment of the element with ``Id`` ``element_id``: what its Reference digests."""
    element = _find(message, element_id)
    return exi.encode_fragment(element, _schema_of(message), check_facets=check_facets)


# ---------------------------------------------------------------------------------- SignedInfo


def _bare(obj: Any, **drop: Any) -> Any:
    """``obj`` without wildcard content (and with whatever else ``drop`` resets)."""
    changes: dict[str, Any] = dict(drop)
    names = {f.name for f in dataclasses.fields(obj)}
    if "any_" in names:
        changes["any_"] = ()
    if "order_" in names:
        changes["order_"] = ()
    return dataclasses.replace(obj, **changes)


def canonical_signed_info(signed_info: Any) -> Any:
    """SignedInfo with what [V2G2-771] excludes left out: the Id of SignedInfo, HMACOutputLength,
    the wildcard content of CanonicalizationMethod, SignatureMethod, Transform and DigestMethod,
    the Type of each Reference and the XPath of each Transform (the same parts EVerest libiso15118
    clears before hashing)."""
    refs = []
    for ref in signed_info.Reference:
        transforms = ref.Transforms
        if transforms is not None:
            transforms = dataclasses.replace(
                transforms, Transform=tuple(_bare(t, XPath=()) for t in transforms.Transform))
        refs.append(dataclasses.replace(ref, Type=None, Transforms=transforms,
                                        DigestMethod=_bare(ref.DigestMethod)))
    return dataclasses.replace(
        signed_info, Id=None,
        CanonicalizationMethod=_bare(signed_info.CanonicalizationMethod),
        SignatureMethod=_bare(signed_info.SignatureMethod, HMACOutputLength=None),
        Reference=tuple(refs))


def signed_info_bytes(signed_info: object, *, check_facets: bool = True) -> bytes:
    """The EXI fragment (xmldsig-only grammar) of SignedInfo after [V2G2-771]: what is signed."""
    return exi.encode_fragment(canonical_signed_info(signed_info), "xmldsig", check_facets=check_facets)


# ---------------------------------------------------------------------------------- sign / verify


def sign(
    message: Any,
    element_ids: Sequence[str],
    key: SigningKey,
    profile: str = "iso2",
    *,
    check_facets: bool = True,
) -> Any:
    """``message`` with a header Signature over the elements ``element_ids`` (one Reference each,
    in that order), signed with ``key`` (secp256r1 for iso2; secp521r1 or Ed448 for iso20, the
    latter also as an :class:`~tls.ed448.Ed448ScalarKey`, an installed -20 contract key).
    ``check_facets=False`` encodes the referenced elements without the XSD facet checks (a -20
    SignedInstallationData with a 56-byte X448 DHPublicKey, [V2G20-2495])."""
    if isinstance(element_ids, str):
        raise TypeError("element_ids is a sequence of Id values, not one string")
    if not element_ids:
        raise ValueError("a Signature needs at least one Reference")
    algorithm = _algorithm_for_key(key, profile)
    header = _header(message)
    T = _types_of(header)
    schema = _schema_of(message)
    references = []
    for element_id in element_ids:
        data = exi.encode_fragment(_find(message, element_id), schema, check_facets=check_facets)
        references.append(T.Reference(
            URI="#" + element_id,
            Transforms=T.Transforms(Transform=(T.Transform(Algorithm=C14N_EXI),)),  # [V2G2-767]
            DigestMethod=T.DigestMethod(Algorithm=algorithm.digest_method),
            DigestValue=algorithm.digest(data)))
    signed_info = T.SignedInfo(
        CanonicalizationMethod=T.CanonicalizationMethod(Algorithm=C14N_EXI),
        SignatureMethod=T.SignatureMethod(Algorithm=algorithm.signature_method),
        Reference=tuple(references))
    value = _signature_value(key, signed_info_bytes(signed_info))
    signature = T.Signature(SignedInfo=signed_info, SignatureValue=T.SignatureValue(value=value))
    return dataclasses.replace(message, Header=dataclasses.replace(header, Signature=signature))


def _signature_value(key: SigningKey, data: bytes) -> bytes:
    if isinstance(key, ed448.Ed448PrivateKey | Ed448ScalarKey):
        return tls_signatures.sign_ed448(key, data)
    return tls_signatures.sign_digest(key, tls_signatures.digest_for(key, data))


def _public_key(certificate_or_public_key: x509.Certificate | PublicKey) -> PublicKey:
    if isinstance(certificate_or_public_key, x509.Certificate):
        public = certificate_or_public_key.public_key()
    else:
        public = certificate_or_public_key
    if not isinstance(public, PublicKey):
        raise SignatureError(f"{type(public).__name__} is not a key ISO 15118 signs with",
                             part="SignatureValue")
    return public


def verify(
    message: Any, certificate_or_public_key: x509.Certificate | PublicKey, profile: str = "iso2"
) -> None:
    """Check the header Signature of ``message``: every Reference digest over the re-encoded
    element it names, then the SignatureValue over SignedInfo with the given key (or the key of
    the given certificate; validating the certificate's chain is ``tls.validate``'s job).

    Raises :class:`SignatureError` naming the Reference or the SignatureValue that failed."""
    public = _public_key(certificate_or_public_key)
    algorithm = _algorithm_for_key(public, profile)
    header = _header(message)
    signature = header.Signature
    if signature is None:
        raise SignatureError("the message carries no Signature", part="Signature")
    si = signature.SignedInfo
    if si.CanonicalizationMethod.Algorithm != C14N_EXI:
        raise SignatureError(f"CanonicalizationMethod {si.CanonicalizationMethod.Algorithm!r} is not "
                             f"{C14N_EXI}", part="SignedInfo")
    if si.SignatureMethod.Algorithm != algorithm.signature_method:
        raise SignatureError(f"SignatureMethod {si.SignatureMethod.Algorithm!r} does not fit the "
                             f"{algorithm.name} key ({algorithm.signature_method})", part="SignedInfo")
    if not si.Reference:
        raise SignatureError("SignedInfo has no Reference", part="SignedInfo")
    schema = _schema_of(message)
    for ref in si.Reference:
        uri = ref.URI
        if not uri or not uri.startswith("#") or len(uri) < 2:
            raise SignatureError(f"Reference URI {uri!r} is not a same-document #Id reference",
                                 part="Reference", uri=uri)
        transforms: tuple[Any, ...] = ref.Transforms.Transform if ref.Transforms is not None else ()
        if len(transforms) != 1 or transforms[0].Algorithm != C14N_EXI:  # [V2G2-767]
            raise SignatureError(f"Reference {uri}: the one Transform must be {C14N_EXI}",
                                 part="Reference", uri=uri)
        if ref.DigestMethod.Algorithm != algorithm.digest_method:
            raise SignatureError(f"Reference {uri}: DigestMethod {ref.DigestMethod.Algorithm!r} is not "
                                 f"{algorithm.digest_method}", part="Reference", uri=uri)
        element = _find(message, uri[1:])
        try:  # re-encode what the peer sent, facets or not, to get the signer's bytes
            data = exi.encode_fragment(element, schema, check_facets=False)
        except exi.ExiError as exc:
            raise SignatureError(f"Reference {uri}: the element cannot be encoded: {exc}",
                                 part="Reference", uri=uri) from exc
        if algorithm.digest(data) != ref.DigestValue:
            raise SignatureError(f"Reference {uri}: digest does not match the element", part="Reference",
                                 uri=uri)
    try:
        data = signed_info_bytes(si, check_facets=False)
    except exi.ExiError as exc:
        raise SignatureError(f"SignedInfo cannot be encoded: {exc}", part="SignedInfo") from exc
    value = signature.SignatureValue.value
    try:
        if isinstance(public, ed448.Ed448PublicKey):
            tls_signatures.verify_ed448(public, data, value)
        else:
            tls_signatures.verify_digest(public, tls_signatures.digest_for(public, data), value)
    except (tls_signatures.SignatureInvalid, SignatureFormatError) as exc:
        raise SignatureError(f"SignatureValue does not verify over SignedInfo: {exc}",
                             part="SignatureValue") from exc
