# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 AC XSDs.
"""Typed message classes of the ISO 15118-20 AC schema set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..iso20.generated_types import (  # classes shared with that set
    CLReqControlMode,
    CLReqControlModeType,
    CLResControlMode,
    CLResControlModeType,
    ChargeLoopReqType,
    ChargeLoopResType,
    ChargeParameterDiscoveryReqType,
    ChargeParameterDiscoveryResType,
    DetailedCostType,
    DetailedTaxType,
    DisplayParametersType,
    Dynamic_CLReqControlModeType,
    Dynamic_CLResControlModeType,
    EVSEStatusType,
    ListOfRootCertificateIDsType,
    MessageHeaderType,
    MeterInfoType,
    RationalNumberType,
    ReceiptType,
    Scheduled_CLReqControlModeType,
    Scheduled_CLResControlModeType,
    V2GMessageType,
    V2GRequestType,
    V2GResponseType,
    evseNotificationType,
    responseCodeType,
)

from ..xmldsig.generated_types import (  # classes shared with that set
    CanonicalizationMethod,
    CanonicalizationMethodType,
    DSAKeyValue,
    DSAKeyValueType,
    DigestMethod,
    DigestMethodType,
    DigestValue,
    KeyInfo,
    KeyInfoType,
    KeyName,
    KeyValue,
    KeyValueType,
    Manifest,
    ManifestType,
    MgmtData,
    Object,
    ObjectType,
    PGPData,
    PGPDataType,
    RSAKeyValue,
    RSAKeyValueType,
    Reference,
    ReferenceType,
    RetrievalMethod,
    RetrievalMethodType,
    SPKIData,
    SPKIDataType,
    Signature,
    SignatureMethod,
    SignatureMethodType,
    SignatureProperties,
    SignaturePropertiesType,
    SignatureProperty,
    SignaturePropertyType,
    SignatureType,
    SignatureValue,
    SignatureValueType,
    SignedInfo,
    SignedInfoType,
    Transform,
    TransformType,
    Transforms,
    TransformsType,
    X509Data,
    X509DataType,
    X509IssuerSerialType,
)

__all__ = [
    'AC_CPDReqEnergyTransferMode',
    'AC_CPDReqEnergyTransferModeType',
    'AC_CPDResEnergyTransferMode',
    'AC_CPDResEnergyTransferModeType',
    'AC_ChargeLoopReq',
    'AC_ChargeLoopReqType',
    'AC_ChargeLoopRes',
    'AC_ChargeLoopResType',
    'AC_ChargeParameterDiscoveryReq',
    'AC_ChargeParameterDiscoveryReqType',
    'AC_ChargeParameterDiscoveryRes',
    'AC_ChargeParameterDiscoveryResType',
    'BPT_AC_CPDReqEnergyTransferMode',
    'BPT_AC_CPDReqEnergyTransferModeType',
    'BPT_AC_CPDResEnergyTransferMode',
    'BPT_AC_CPDResEnergyTransferModeType',
    'BPT_Dynamic_AC_CLReqControlMode',
    'BPT_Dynamic_AC_CLReqControlModeType',
    'BPT_Dynamic_AC_CLResControlMode',
    'BPT_Dynamic_AC_CLResControlModeType',
    'BPT_Scheduled_AC_CLReqControlMode',
    'BPT_Scheduled_AC_CLReqControlModeType',
    'BPT_Scheduled_AC_CLResControlMode',
    'BPT_Scheduled_AC_CLResControlModeType',
    'CLReqControlMode',
    'CLReqControlModeType',
    'CLResControlMode',
    'CLResControlModeType',
    'CanonicalizationMethod',
    'CanonicalizationMethodType',
    'ChargeLoopReqType',
    'ChargeLoopResType',
    'ChargeParameterDiscoveryReqType',
    'ChargeParameterDiscoveryResType',
    'DSAKeyValue',
    'DSAKeyValueType',
    'DetailedCostType',
    'DetailedTaxType',
    'DigestMethod',
    'DigestMethodType',
    'DigestValue',
    'DisplayParametersType',
    'Dynamic_AC_CLReqControlMode',
    'Dynamic_AC_CLReqControlModeType',
    'Dynamic_AC_CLResControlMode',
    'Dynamic_AC_CLResControlModeType',
    'Dynamic_CLReqControlModeType',
    'Dynamic_CLResControlModeType',
    'EVSEStatusType',
    'KeyInfo',
    'KeyInfoType',
    'KeyName',
    'KeyValue',
    'KeyValueType',
    'ListOfRootCertificateIDsType',
    'Manifest',
    'ManifestType',
    'MessageHeaderType',
    'MeterInfoType',
    'MgmtData',
    'Object',
    'ObjectType',
    'PGPData',
    'PGPDataType',
    'RSAKeyValue',
    'RSAKeyValueType',
    'RationalNumberType',
    'ReceiptType',
    'Reference',
    'ReferenceType',
    'RetrievalMethod',
    'RetrievalMethodType',
    'SPKIData',
    'SPKIDataType',
    'Scheduled_AC_CLReqControlMode',
    'Scheduled_AC_CLReqControlModeType',
    'Scheduled_AC_CLResControlMode',
    'Scheduled_AC_CLResControlModeType',
    'Scheduled_CLReqControlModeType',
    'Scheduled_CLResControlModeType',
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
    'V2GMessageType',
    'V2GRequestType',
    'V2GResponseType',
    'X509Data',
    'X509DataType',
    'X509IssuerSerialType',
    'evseNotificationType',
    'responseCodeType',
]


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_CPDReqEnergyTransferModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_CPDReqEnergyTransferModeType."""
    EVMaximumChargePower: RationalNumberType
    EVMaximumChargePower_L2: RationalNumberType | None = None
    EVMaximumChargePower_L3: RationalNumberType | None = None
    EVMinimumChargePower: RationalNumberType
    EVMinimumChargePower_L2: RationalNumberType | None = None
    EVMinimumChargePower_L3: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_CPDResEnergyTransferModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_CPDResEnergyTransferModeType."""
    EVSEMaximumChargePower: RationalNumberType
    EVSEMaximumChargePower_L2: RationalNumberType | None = None
    EVSEMaximumChargePower_L3: RationalNumberType | None = None
    EVSEMinimumChargePower: RationalNumberType
    EVSEMinimumChargePower_L2: RationalNumberType | None = None
    EVSEMinimumChargePower_L3: RationalNumberType | None = None
    EVSENominalFrequency: RationalNumberType
    MaximumPowerAsymmetry: RationalNumberType | None = None
    EVSEPowerRampLimitation: RationalNumberType | None = None
    EVSEPresentActivePower: RationalNumberType | None = None
    EVSEPresentActivePower_L2: RationalNumberType | None = None
    EVSEPresentActivePower_L3: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeLoopReqType(ChargeLoopReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_ChargeLoopReqType."""
    CLReqControlMode: BPT_Dynamic_AC_CLReqControlMode | BPT_Scheduled_AC_CLReqControlMode | CLReqControlMode | Dynamic_AC_CLReqControlMode | Scheduled_AC_CLReqControlMode


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeLoopResType(ChargeLoopResType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_ChargeLoopResType."""
    EVSETargetFrequency: RationalNumberType | None = None
    CLResControlMode: BPT_Dynamic_AC_CLResControlMode | BPT_Scheduled_AC_CLResControlMode | CLResControlMode | Dynamic_AC_CLResControlMode | Scheduled_AC_CLResControlMode


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeParameterDiscoveryReqType(ChargeParameterDiscoveryReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_ChargeParameterDiscoveryReqType."""
    AC_CPDReqEnergyTransferMode: AC_CPDReqEnergyTransferMode | BPT_AC_CPDReqEnergyTransferMode


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeParameterDiscoveryResType(ChargeParameterDiscoveryResType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_ChargeParameterDiscoveryResType."""
    AC_CPDResEnergyTransferMode: AC_CPDResEnergyTransferMode | BPT_AC_CPDResEnergyTransferMode


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_AC_CPDReqEnergyTransferModeType(AC_CPDReqEnergyTransferModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}BPT_AC_CPDReqEnergyTransferModeType."""
    EVMaximumDischargePower: RationalNumberType
    EVMaximumDischargePower_L2: RationalNumberType | None = None
    EVMaximumDischargePower_L3: RationalNumberType | None = None
    EVMinimumDischargePower: RationalNumberType
    EVMinimumDischargePower_L2: RationalNumberType | None = None
    EVMinimumDischargePower_L3: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_AC_CPDResEnergyTransferModeType(AC_CPDResEnergyTransferModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}BPT_AC_CPDResEnergyTransferModeType."""
    EVSEMaximumDischargePower: RationalNumberType
    EVSEMaximumDischargePower_L2: RationalNumberType | None = None
    EVSEMaximumDischargePower_L3: RationalNumberType | None = None
    EVSEMinimumDischargePower: RationalNumberType
    EVSEMinimumDischargePower_L2: RationalNumberType | None = None
    EVSEMinimumDischargePower_L3: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_AC_CLReqControlModeType(Dynamic_CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}Dynamic_AC_CLReqControlModeType."""
    EVMaximumChargePower: RationalNumberType
    EVMaximumChargePower_L2: RationalNumberType | None = None
    EVMaximumChargePower_L3: RationalNumberType | None = None
    EVMinimumChargePower: RationalNumberType
    EVMinimumChargePower_L2: RationalNumberType | None = None
    EVMinimumChargePower_L3: RationalNumberType | None = None
    EVPresentActivePower: RationalNumberType
    EVPresentActivePower_L2: RationalNumberType | None = None
    EVPresentActivePower_L3: RationalNumberType | None = None
    EVPresentReactivePower: RationalNumberType
    EVPresentReactivePower_L2: RationalNumberType | None = None
    EVPresentReactivePower_L3: RationalNumberType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Dynamic_AC_CLReqControlModeType(Dynamic_AC_CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}BPT_Dynamic_AC_CLReqControlModeType."""
    EVMaximumDischargePower: RationalNumberType
    EVMaximumDischargePower_L2: RationalNumberType | None = None
    EVMaximumDischargePower_L3: RationalNumberType | None = None
    EVMinimumDischargePower: RationalNumberType
    EVMinimumDischargePower_L2: RationalNumberType | None = None
    EVMinimumDischargePower_L3: RationalNumberType | None = None
    EVMaximumV2XEnergyRequest: RationalNumberType | None = None
    EVMinimumV2XEnergyRequest: RationalNumberType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_AC_CLResControlModeType(Dynamic_CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}Dynamic_AC_CLResControlModeType."""
    EVSETargetActivePower: RationalNumberType
    EVSETargetActivePower_L2: RationalNumberType | None = None
    EVSETargetActivePower_L3: RationalNumberType | None = None
    EVSETargetReactivePower: RationalNumberType | None = None
    EVSETargetReactivePower_L2: RationalNumberType | None = None
    EVSETargetReactivePower_L3: RationalNumberType | None = None
    EVSEPresentActivePower: RationalNumberType | None = None
    EVSEPresentActivePower_L2: RationalNumberType | None = None
    EVSEPresentActivePower_L3: RationalNumberType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'MinimumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'AckMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Dynamic_AC_CLResControlModeType(Dynamic_AC_CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}BPT_Dynamic_AC_CLResControlModeType."""
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'MinimumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'AckMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_AC_CLReqControlModeType(Scheduled_CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}Scheduled_AC_CLReqControlModeType."""
    EVMaximumChargePower: RationalNumberType | None = None
    EVMaximumChargePower_L2: RationalNumberType | None = None
    EVMaximumChargePower_L3: RationalNumberType | None = None
    EVMinimumChargePower: RationalNumberType | None = None
    EVMinimumChargePower_L2: RationalNumberType | None = None
    EVMinimumChargePower_L3: RationalNumberType | None = None
    EVPresentActivePower: RationalNumberType
    EVPresentActivePower_L2: RationalNumberType | None = None
    EVPresentActivePower_L3: RationalNumberType | None = None
    EVPresentReactivePower: RationalNumberType | None = None
    EVPresentReactivePower_L2: RationalNumberType | None = None
    EVPresentReactivePower_L3: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Scheduled_AC_CLReqControlModeType(Scheduled_AC_CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}BPT_Scheduled_AC_CLReqControlModeType."""
    EVMaximumDischargePower: RationalNumberType | None = None
    EVMaximumDischargePower_L2: RationalNumberType | None = None
    EVMaximumDischargePower_L3: RationalNumberType | None = None
    EVMinimumDischargePower: RationalNumberType | None = None
    EVMinimumDischargePower_L2: RationalNumberType | None = None
    EVMinimumDischargePower_L3: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_AC_CLResControlModeType(Scheduled_CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}Scheduled_AC_CLResControlModeType."""
    EVSETargetActivePower: RationalNumberType | None = None
    EVSETargetActivePower_L2: RationalNumberType | None = None
    EVSETargetActivePower_L3: RationalNumberType | None = None
    EVSETargetReactivePower: RationalNumberType | None = None
    EVSETargetReactivePower_L2: RationalNumberType | None = None
    EVSETargetReactivePower_L3: RationalNumberType | None = None
    EVSEPresentActivePower: RationalNumberType | None = None
    EVSEPresentActivePower_L2: RationalNumberType | None = None
    EVSEPresentActivePower_L3: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Scheduled_AC_CLResControlModeType(Scheduled_AC_CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}BPT_Scheduled_AC_CLResControlModeType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_CPDReqEnergyTransferMode(AC_CPDReqEnergyTransferModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}AC_CPDReqEnergyTransferMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_CPDResEnergyTransferMode(AC_CPDResEnergyTransferModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}AC_CPDResEnergyTransferMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeLoopReq(AC_ChargeLoopReqType):
    """Global element {urn:iso:std:iso:15118:-20:AC}AC_ChargeLoopReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeLoopRes(AC_ChargeLoopResType):
    """Global element {urn:iso:std:iso:15118:-20:AC}AC_ChargeLoopRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeParameterDiscoveryReq(AC_ChargeParameterDiscoveryReqType):
    """Global element {urn:iso:std:iso:15118:-20:AC}AC_ChargeParameterDiscoveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeParameterDiscoveryRes(AC_ChargeParameterDiscoveryResType):
    """Global element {urn:iso:std:iso:15118:-20:AC}AC_ChargeParameterDiscoveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_AC_CPDReqEnergyTransferMode(BPT_AC_CPDReqEnergyTransferModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}BPT_AC_CPDReqEnergyTransferMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_AC_CPDResEnergyTransferMode(BPT_AC_CPDResEnergyTransferModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}BPT_AC_CPDResEnergyTransferMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Dynamic_AC_CLReqControlMode(BPT_Dynamic_AC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}BPT_Dynamic_AC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Dynamic_AC_CLResControlMode(BPT_Dynamic_AC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}BPT_Dynamic_AC_CLResControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Scheduled_AC_CLReqControlMode(BPT_Scheduled_AC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}BPT_Scheduled_AC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Scheduled_AC_CLResControlMode(BPT_Scheduled_AC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}BPT_Scheduled_AC_CLResControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_AC_CLReqControlMode(Dynamic_AC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}Dynamic_AC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_AC_CLResControlMode(Dynamic_AC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}Dynamic_AC_CLResControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_AC_CLReqControlMode(Scheduled_AC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}Scheduled_AC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_AC_CLResControlMode(Scheduled_AC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}Scheduled_AC_CLResControlMode."""
