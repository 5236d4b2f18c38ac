# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 DC XSDs.
"""Typed message classes of the ISO 15118-20 DC schema set."""

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
    processingType,
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
    'BPT_DC_CPDReqEnergyTransferMode',
    'BPT_DC_CPDReqEnergyTransferModeType',
    'BPT_DC_CPDResEnergyTransferMode',
    'BPT_DC_CPDResEnergyTransferModeType',
    'BPT_Dynamic_DC_CLReqControlMode',
    'BPT_Dynamic_DC_CLReqControlModeType',
    'BPT_Dynamic_DC_CLResControlMode',
    'BPT_Dynamic_DC_CLResControlModeType',
    'BPT_Scheduled_DC_CLReqControlMode',
    'BPT_Scheduled_DC_CLReqControlModeType',
    'BPT_Scheduled_DC_CLResControlMode',
    'BPT_Scheduled_DC_CLResControlModeType',
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
    'DC_CPDReqEnergyTransferMode',
    'DC_CPDReqEnergyTransferModeType',
    'DC_CPDResEnergyTransferMode',
    'DC_CPDResEnergyTransferModeType',
    'DC_CableCheckReq',
    'DC_CableCheckReqType',
    'DC_CableCheckRes',
    'DC_CableCheckResType',
    'DC_ChargeLoopReq',
    'DC_ChargeLoopReqType',
    'DC_ChargeLoopRes',
    'DC_ChargeLoopResType',
    'DC_ChargeParameterDiscoveryReq',
    'DC_ChargeParameterDiscoveryReqType',
    'DC_ChargeParameterDiscoveryRes',
    'DC_ChargeParameterDiscoveryResType',
    'DC_PreChargeReq',
    'DC_PreChargeReqType',
    'DC_PreChargeRes',
    'DC_PreChargeResType',
    'DC_WeldingDetectionReq',
    'DC_WeldingDetectionReqType',
    'DC_WeldingDetectionRes',
    'DC_WeldingDetectionResType',
    'DSAKeyValue',
    'DSAKeyValueType',
    'DetailedCostType',
    'DetailedTaxType',
    'DigestMethod',
    'DigestMethodType',
    'DigestValue',
    'DisplayParametersType',
    'Dynamic_CLReqControlModeType',
    'Dynamic_CLResControlModeType',
    'Dynamic_DC_CLReqControlMode',
    'Dynamic_DC_CLReqControlModeType',
    'Dynamic_DC_CLResControlMode',
    'Dynamic_DC_CLResControlModeType',
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
    'Scheduled_CLReqControlModeType',
    'Scheduled_CLResControlModeType',
    'Scheduled_DC_CLReqControlMode',
    'Scheduled_DC_CLReqControlModeType',
    'Scheduled_DC_CLResControlMode',
    'Scheduled_DC_CLResControlModeType',
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
    'processingType',
    'responseCodeType',
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CPDReqEnergyTransferModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_CPDReqEnergyTransferModeType."""
    EVMaximumChargePower: RationalNumberType
    EVMinimumChargePower: RationalNumberType
    EVMaximumChargeCurrent: RationalNumberType
    EVMinimumChargeCurrent: RationalNumberType
    EVMaximumVoltage: RationalNumberType
    EVMinimumVoltage: RationalNumberType
    TargetSOC: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_DC_CPDReqEnergyTransferModeType(DC_CPDReqEnergyTransferModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}BPT_DC_CPDReqEnergyTransferModeType."""
    EVMaximumDischargePower: RationalNumberType
    EVMinimumDischargePower: RationalNumberType
    EVMaximumDischargeCurrent: RationalNumberType
    EVMinimumDischargeCurrent: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CPDResEnergyTransferModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_CPDResEnergyTransferModeType."""
    EVSEMaximumChargePower: RationalNumberType
    EVSEMinimumChargePower: RationalNumberType
    EVSEMaximumChargeCurrent: RationalNumberType
    EVSEMinimumChargeCurrent: RationalNumberType
    EVSEMaximumVoltage: RationalNumberType
    EVSEMinimumVoltage: RationalNumberType
    EVSEPowerRampLimitation: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_DC_CPDResEnergyTransferModeType(DC_CPDResEnergyTransferModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}BPT_DC_CPDResEnergyTransferModeType."""
    EVSEMaximumDischargePower: RationalNumberType
    EVSEMinimumDischargePower: RationalNumberType
    EVSEMaximumDischargeCurrent: RationalNumberType
    EVSEMinimumDischargeCurrent: RationalNumberType


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_DC_CLReqControlModeType(Dynamic_CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}Dynamic_DC_CLReqControlModeType."""
    EVMaximumChargePower: RationalNumberType
    EVMinimumChargePower: RationalNumberType
    EVMaximumChargeCurrent: RationalNumberType
    EVMaximumVoltage: RationalNumberType
    EVMinimumVoltage: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Dynamic_DC_CLReqControlModeType(Dynamic_DC_CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}BPT_Dynamic_DC_CLReqControlModeType."""
    EVMaximumDischargePower: RationalNumberType
    EVMinimumDischargePower: RationalNumberType
    EVMaximumDischargeCurrent: RationalNumberType
    EVMaximumV2XEnergyRequest: RationalNumberType | None = None
    EVMinimumV2XEnergyRequest: RationalNumberType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_DC_CLResControlModeType(Dynamic_CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}Dynamic_DC_CLResControlModeType."""
    EVSEMaximumChargePower: RationalNumberType
    EVSEMinimumChargePower: RationalNumberType
    EVSEMaximumChargeCurrent: RationalNumberType
    EVSEMaximumVoltage: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'MinimumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'AckMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Dynamic_DC_CLResControlModeType(Dynamic_DC_CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}BPT_Dynamic_DC_CLResControlModeType."""
    EVSEMaximumDischargePower: RationalNumberType
    EVSEMinimumDischargePower: RationalNumberType
    EVSEMaximumDischargeCurrent: RationalNumberType
    EVSEMinimumVoltage: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'MinimumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'AckMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_DC_CLReqControlModeType(Scheduled_CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}Scheduled_DC_CLReqControlModeType."""
    EVTargetCurrent: RationalNumberType
    EVTargetVoltage: RationalNumberType
    EVMaximumChargePower: RationalNumberType | None = None
    EVMinimumChargePower: RationalNumberType | None = None
    EVMaximumChargeCurrent: RationalNumberType | None = None
    EVMaximumVoltage: RationalNumberType | None = None
    EVMinimumVoltage: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Scheduled_DC_CLReqControlModeType(Scheduled_DC_CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}BPT_Scheduled_DC_CLReqControlModeType."""
    EVMaximumDischargePower: RationalNumberType | None = None
    EVMinimumDischargePower: RationalNumberType | None = None
    EVMaximumDischargeCurrent: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_DC_CLResControlModeType(Scheduled_CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}Scheduled_DC_CLResControlModeType."""
    EVSEMaximumChargePower: RationalNumberType | None = None
    EVSEMinimumChargePower: RationalNumberType | None = None
    EVSEMaximumChargeCurrent: RationalNumberType | None = None
    EVSEMaximumVoltage: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Scheduled_DC_CLResControlModeType(Scheduled_DC_CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}BPT_Scheduled_DC_CLResControlModeType."""
    EVSEMaximumDischargePower: RationalNumberType | None = None
    EVSEMinimumDischargePower: RationalNumberType | None = None
    EVSEMaximumDischargeCurrent: RationalNumberType | None = None
    EVSEMinimumVoltage: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CableCheckReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_CableCheckReqType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CableCheckResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_CableCheckResType."""
    EVSEProcessing: processingType


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeLoopReqType(ChargeLoopReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_ChargeLoopReqType."""
    EVPresentVoltage: RationalNumberType
    CLReqControlMode: BPT_Dynamic_DC_CLReqControlMode | BPT_Scheduled_DC_CLReqControlMode | CLReqControlMode | Dynamic_DC_CLReqControlMode | Scheduled_DC_CLReqControlMode


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeLoopResType(ChargeLoopResType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_ChargeLoopResType."""
    EVSEPresentCurrent: RationalNumberType
    EVSEPresentVoltage: RationalNumberType
    EVSEPowerLimitAchieved: bool
    EVSECurrentLimitAchieved: bool
    EVSEVoltageLimitAchieved: bool
    CLResControlMode: BPT_Dynamic_DC_CLResControlMode | BPT_Scheduled_DC_CLResControlMode | CLResControlMode | Dynamic_DC_CLResControlMode | Scheduled_DC_CLResControlMode


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeParameterDiscoveryReqType(ChargeParameterDiscoveryReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_ChargeParameterDiscoveryReqType."""
    DC_CPDReqEnergyTransferMode: BPT_DC_CPDReqEnergyTransferMode | DC_CPDReqEnergyTransferMode


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeParameterDiscoveryResType(ChargeParameterDiscoveryResType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_ChargeParameterDiscoveryResType."""
    DC_CPDResEnergyTransferMode: BPT_DC_CPDResEnergyTransferMode | DC_CPDResEnergyTransferMode


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_PreChargeReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_PreChargeReqType."""
    EVProcessing: processingType
    EVPresentVoltage: RationalNumberType
    EVTargetVoltage: RationalNumberType


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_PreChargeResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_PreChargeResType."""
    EVSEPresentVoltage: RationalNumberType


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_WeldingDetectionReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_WeldingDetectionReqType."""
    EVProcessing: processingType


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_WeldingDetectionResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_WeldingDetectionResType."""
    EVSEPresentVoltage: RationalNumberType


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_DC_CPDReqEnergyTransferMode(BPT_DC_CPDReqEnergyTransferModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}BPT_DC_CPDReqEnergyTransferMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_DC_CPDResEnergyTransferMode(BPT_DC_CPDResEnergyTransferModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}BPT_DC_CPDResEnergyTransferMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Dynamic_DC_CLReqControlMode(BPT_Dynamic_DC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}BPT_Dynamic_DC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Dynamic_DC_CLResControlMode(BPT_Dynamic_DC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}BPT_Dynamic_DC_CLResControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Scheduled_DC_CLReqControlMode(BPT_Scheduled_DC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}BPT_Scheduled_DC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BPT_Scheduled_DC_CLResControlMode(BPT_Scheduled_DC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}BPT_Scheduled_DC_CLResControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CPDReqEnergyTransferMode(DC_CPDReqEnergyTransferModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_CPDReqEnergyTransferMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CPDResEnergyTransferMode(DC_CPDResEnergyTransferModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_CPDResEnergyTransferMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CableCheckReq(DC_CableCheckReqType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_CableCheckReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CableCheckRes(DC_CableCheckResType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_CableCheckRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeLoopReq(DC_ChargeLoopReqType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_ChargeLoopReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeLoopRes(DC_ChargeLoopResType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_ChargeLoopRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeParameterDiscoveryReq(DC_ChargeParameterDiscoveryReqType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_ChargeParameterDiscoveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeParameterDiscoveryRes(DC_ChargeParameterDiscoveryResType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_ChargeParameterDiscoveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_PreChargeReq(DC_PreChargeReqType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_PreChargeReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_PreChargeRes(DC_PreChargeResType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_PreChargeRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_WeldingDetectionReq(DC_WeldingDetectionReqType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_WeldingDetectionReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_WeldingDetectionRes(DC_WeldingDetectionResType):
    """Global element {urn:iso:std:iso:15118:-20:DC}DC_WeldingDetectionRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_DC_CLReqControlMode(Dynamic_DC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}Dynamic_DC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_DC_CLResControlMode(Dynamic_DC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}Dynamic_DC_CLResControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_DC_CLReqControlMode(Scheduled_DC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}Scheduled_DC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_DC_CLResControlMode(Scheduled_DC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}Scheduled_DC_CLResControlMode."""
