"""Certificate profiles of ISO 15118-2 (Annex F) and ISO 15118-20 as data.

One :class:`RoleSpec` per certificate of the PKI (V2G root, CPO Sub-CA 1/2, SECC leaf, MO root, MO
Sub-CA 1/2, contract leaf, OEM root, OEM Sub-CA 1/2, OEM provisioning leaf, CPS Sub-CA 1/2, CPS leaf,
and for -20 the vehicle TLS client leaf). Creation (:mod:`tls.pki`) and validation
(:mod:`tls.validate`) read the same table, so what is created is what is checked.

Sources of the facts (the standards and the public test PKIs that follow them):
* key type: -2 secp256r1 with ecdsa-with-SHA256; -20 secp521r1 with ecdsa-with-SHA512 (the default
  algorithm, [V2G20-2674]) or Ed448 (the alternative algorithm, [V2G20-2319]);
* basicConstraints critical; root cA=TRUE without pathLen, Sub-CA 1 pathLen 1, Sub-CA 2 pathLen 0,
  leaf cA=FALSE; at most two Sub-CAs between leaf and root;
* keyUsage critical; CAs keyCertSign + cRLSign; SECC leaf digitalSignature (+ keyAgreement for the
  -2 ECDH suites); contract leaf digitalSignature + nonRepudiation (+ keyAgreement, the contract key
  is the ECDH static key of CertificateUpdate); OEM provisioning leaf digitalSignature + keyAgreement
  (ECDH static key of CertificateInstallation); CPS leaf digitalSignature;
* subject DomainComponent: SECC leaf "CPO", contract leaf "MO", OEM provisioning leaf "OEM", CPS leaf
  "CPS"; contract CommonName = eMAID; OEM provisioning CommonName = PCID;
* validity (creation defaults): roots 40 years, Sub-CAs 4 years (CPO Sub-CA 2 and CPS Sub-CA 2 one
  and two years), SECC leaf 60 days, contract 2 years, OEM provisioning 4 years, CPS leaf 90 days.
  The maxima in ``max_days`` are the upper bounds the validator enforces;
* -2 certificates travel in ``certificateType`` (xs:base64Binary, maxLength 800), so their DER is at
  most 800 bytes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID


class KeyAlgorithm(enum.Enum):
    SECP256R1 = "secp256r1"
    SECP521R1 = "secp521r1"
    ED448 = "ed448"


class Group(enum.Enum):
    """The four trust domains and the folder each lives in."""

    V2G = "v2g"
    MO = "mo"
    OEM = "oem"
    CPS = "cps"


class Kind(enum.Enum):
    ROOT = "root"
    SUB_CA1 = "sub-ca-1"
    SUB_CA2 = "sub-ca-2"
    LEAF = "leaf"


class KeyUsageBit(enum.Enum):
    DIGITAL_SIGNATURE = "digital_signature"
    NON_REPUDIATION = "content_commitment"
    KEY_ENCIPHERMENT = "key_encipherment"
    KEY_AGREEMENT = "key_agreement"
    KEY_CERT_SIGN = "key_cert_sign"
    CRL_SIGN = "crl_sign"


class Role(enum.Enum):
    V2G_ROOT = "V2G_ROOT_CA"
    CPO_SUB_CA1 = "CPO_SUB_CA1"
    CPO_SUB_CA2 = "CPO_SUB_CA2"
    SECC_LEAF = "SECC_LEAF"
    CPS_SUB_CA1 = "CPS_SUB_CA1"
    CPS_SUB_CA2 = "CPS_SUB_CA2"
    CPS_LEAF = "CPS_LEAF"
    MO_ROOT = "MO_ROOT_CA"
    MO_SUB_CA1 = "MO_SUB_CA1"
    MO_SUB_CA2 = "MO_SUB_CA2"
    CONTRACT_LEAF = "CONTRACT_LEAF"
    OEM_ROOT = "OEM_ROOT_CA"
    OEM_SUB_CA1 = "OEM_SUB_CA1"
    OEM_SUB_CA2 = "OEM_SUB_CA2"
    OEM_PROV_LEAF = "OEM_PROV_LEAF"
    VEHICLE_LEAF = "VEHICLE_LEAF"


_CA_USAGE = frozenset({KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN})
_YEAR = 365


@dataclass(frozen=True, slots=True)
class RoleSpec:
    """What a certificate of one role looks like."""

    role: Role
    group: Group
    kind: Kind
    issuer: Role | None
    common_name: str
    domain_component: str | None
    key_usage: frozenset[KeyUsageBit]
    """Bits set at creation; the validator requires ``required_key_usage``."""
    required_key_usage: frozenset[KeyUsageBit]
    days: int
    """Validity at creation."""
    max_days: int
    """The longest validity the validator accepts for this role."""
    eku: x509.ObjectIdentifier | None = None
    """If an extendedKeyUsage is present it must contain this purpose (None: any EKU is refused on
    CAs, leaves without a TLS role accept any)."""

    @property
    def is_ca(self) -> bool:
        return self.kind is not Kind.LEAF

    @property
    def path_length(self) -> int | None:
        return {Kind.ROOT: None, Kind.SUB_CA1: 1, Kind.SUB_CA2: 0, Kind.LEAF: None}[self.kind]


def _ca(
    role: Role,
    group: Group,
    kind: Kind,
    issuer: Role | None,
    cn: str,
    dc: str | None,
    days: int,
    max_days: int,
) -> RoleSpec:
    return RoleSpec(role, group, kind, issuer, cn, dc, _CA_USAGE, _CA_USAGE, days, max_days)


def _leaf(
    role: Role,
    group: Group,
    issuer: Role,
    cn: str,
    dc: str,
    usage: set[KeyUsageBit],
    required: set[KeyUsageBit],
    days: int,
    max_days: int,
    eku: x509.ObjectIdentifier | None = None,
) -> RoleSpec:
    return RoleSpec(
        role, group, Kind.LEAF, issuer, cn, dc, frozenset(usage), frozenset(required), days, max_days, eku
    )


_DS = KeyUsageBit.DIGITAL_SIGNATURE
_NR = KeyUsageBit.NON_REPUDIATION
_KA = KeyUsageBit.KEY_AGREEMENT


def role_specs(profile: str) -> dict[Role, RoleSpec]:
    """The role table of ``profile`` ("iso2" or "iso20")."""
    if profile not in ("iso2", "iso20"):
        raise ValueError(f"unknown profile {profile!r} (iso2 or iso20)")
    iso2 = profile == "iso2"
    # -2 SECC keys do ECDH in the static suites, -20 (TLS 1.3) only signs.
    secc_usage = {_DS, _KA} if iso2 else {_DS}
    specs = [
        _ca(Role.V2G_ROOT, Group.V2G, Kind.ROOT, None, "V2GRootCA", "V2G", 40 * _YEAR, 40 * _YEAR + 10),
        _ca(
            Role.CPO_SUB_CA1,
            Group.V2G,
            Kind.SUB_CA1,
            Role.V2G_ROOT,
            "CPOSubCA1",
            "V2G",
            4 * _YEAR,
            4 * _YEAR + 1,
        ),
        _ca(
            Role.CPO_SUB_CA2,
            Group.V2G,
            Kind.SUB_CA2,
            Role.CPO_SUB_CA1,
            "CPOSubCA2",
            "V2G",
            _YEAR,
            4 * _YEAR + 1,
        ),
        _leaf(
            Role.SECC_LEAF,
            Group.V2G,
            Role.CPO_SUB_CA2,
            "SECCCert",
            "CPO",
            secc_usage,
            {_DS},
            60,
            4 * _YEAR + 1,
            ExtendedKeyUsageOID.SERVER_AUTH,
        ),
        _ca(
            Role.CPS_SUB_CA1,
            Group.CPS,
            Kind.SUB_CA1,
            Role.V2G_ROOT,
            "CPSSubCA1",
            "V2G",
            4 * _YEAR,
            4 * _YEAR + 1,
        ),
        _ca(
            Role.CPS_SUB_CA2,
            Group.CPS,
            Kind.SUB_CA2,
            Role.CPS_SUB_CA1,
            "CPSSubCA2",
            "V2G",
            2 * _YEAR,
            4 * _YEAR + 1,
        ),
        _leaf(Role.CPS_LEAF, Group.CPS, Role.CPS_SUB_CA2, "CPSLeaf", "CPS", {_DS}, {_DS}, 90, 4 * _YEAR + 1),
        _ca(Role.MO_ROOT, Group.MO, Kind.ROOT, None, "MORootCA", "MO", 40 * _YEAR, 40 * _YEAR + 10),
        _ca(
            Role.MO_SUB_CA1, Group.MO, Kind.SUB_CA1, Role.MO_ROOT, "MOSubCA1", "MO", 4 * _YEAR, 4 * _YEAR + 1
        ),
        _ca(
            Role.MO_SUB_CA2,
            Group.MO,
            Kind.SUB_CA2,
            Role.MO_SUB_CA1,
            "MOSubCA2",
            "MO",
            4 * _YEAR,
            4 * _YEAR + 1,
        ),
        _leaf(
            Role.CONTRACT_LEAF,
            Group.MO,
            Role.MO_SUB_CA2,
            "<eMAID>",
            "MO",
            {_DS, _NR, _KA},
            {_DS},
            2 * _YEAR,
            4 * _YEAR + 1,
        ),
        _ca(Role.OEM_ROOT, Group.OEM, Kind.ROOT, None, "OEMRootCA", "OEM", 40 * _YEAR, 40 * _YEAR + 10),
        _ca(
            Role.OEM_SUB_CA1,
            Group.OEM,
            Kind.SUB_CA1,
            Role.OEM_ROOT,
            "OEMSubCA1",
            "OEM",
            4 * _YEAR,
            40 * _YEAR + 10,
        ),
        _ca(
            Role.OEM_SUB_CA2,
            Group.OEM,
            Kind.SUB_CA2,
            Role.OEM_SUB_CA1,
            "OEMSubCA2",
            "OEM",
            4 * _YEAR,
            40 * _YEAR + 10,
        ),
        _leaf(
            Role.OEM_PROV_LEAF,
            Group.OEM,
            Role.OEM_SUB_CA2,
            "<PCID>",
            "OEM",
            {_DS, _KA},
            {_DS, _KA},
            4 * _YEAR,
            40 * _YEAR + 10,
        ),
    ]
    if not iso2:
        specs.append(
            _leaf(
                Role.VEHICLE_LEAF,
                Group.OEM,
                Role.OEM_SUB_CA2,
                "VehicleCert",
                "OEM",
                {_DS},
                {_DS},
                4 * _YEAR,
                40 * _YEAR + 10,
                ExtendedKeyUsageOID.CLIENT_AUTH,
            )
        )
    return {s.role: s for s in specs}


def algorithms(profile: str) -> tuple[KeyAlgorithm, ...]:
    """The key algorithms ``profile`` allows; the first is the default."""
    if profile == "iso2":
        return (KeyAlgorithm.SECP256R1,)
    if profile == "iso20":
        return (KeyAlgorithm.SECP521R1, KeyAlgorithm.ED448)
    raise ValueError(f"unknown profile {profile!r} (iso2 or iso20)")


MAX_DER_SIZE_ISO2 = 800
"""certificateType of the -2 message schema: base64Binary, maxLength 800."""

MAX_SUB_CAS = 2
"""At most two Sub-CA certificates between a leaf and its root."""
