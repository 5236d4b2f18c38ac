# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 ACDP XSDs.
"""Typed message classes of the ISO 15118-20 ACDP schema set."""

from __future__ import annotations

import enum
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
    'ACDP_ConnectReq',
    'ACDP_ConnectReqType',
    'ACDP_ConnectRes',
    'ACDP_ConnectResType',
    'ACDP_DisconnectReq',
    'ACDP_DisconnectRes',
    'ACDP_SystemStatusReq',
    'ACDP_SystemStatusReqType',
    'ACDP_SystemStatusRes',
    'ACDP_SystemStatusResType',
    'ACDP_VehiclePositioningReq',
    'ACDP_VehiclePositioningReqType',
    'ACDP_VehiclePositioningRes',
    'ACDP_VehiclePositioningResType',
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
    'Dynamic_CLReqControlModeType',
    'Dynamic_CLResControlModeType',
    'EVSEStatusType',
    'EVTechnicalStatusType',
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
    'cpStatusType',
    'electricalChargingDeviceStatusType',
    'errorCodeType',
    'evseNotificationType',
    'isolationStatusType',
    'mechanicalChargingDeviceStatusType',
    'processingType',
    'responseCodeType',
]


class cpStatusType(str, enum.Enum):
    StateA = 'StateA'
    StateB = 'StateB'
    StateC = 'StateC'
    StateD = 'StateD'
    StateE = 'StateE'


class electricalChargingDeviceStatusType(str, enum.Enum):
    State_A = 'State_A'
    State_B = 'State_B'
    State_C = 'State_C'
    State_D = 'State_D'


class errorCodeType(str, enum.Enum):
    OK_NoEVError = 'OK_NoEVError'
    FAILED = 'FAILED'
    FAILED_EmergencyEvent = 'FAILED_EmergencyEvent'
    FAILED_Breaker = 'FAILED_Breaker'
    FAILED_RESSTemperatureInhibit = 'FAILED_RESSTemperatureInhibit'
    FAILED_RESS = 'FAILED_RESS'
    FAILED_ChargingCurrentDifferential = 'FAILED_ChargingCurrentDifferential'
    FAILED_ChargingVoltageOutOfRange = 'FAILED_ChargingVoltageOutOfRange'
    FAILED_Reserved1 = 'FAILED_Reserved1'
    FAILED_Reserved2 = 'FAILED_Reserved2'


class isolationStatusType(str, enum.Enum):
    Invalid = 'Invalid'
    Safe = 'Safe'
    Warning = 'Warning'
    Fault = 'Fault'


class mechanicalChargingDeviceStatusType(str, enum.Enum):
    Home = 'Home'
    Moving = 'Moving'
    EndPosition = 'EndPosition'


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_ConnectReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:ACDP}ACDP_ConnectReqType."""
    EVElectricalChargingDeviceStatus: electricalChargingDeviceStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_ConnectResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:ACDP}ACDP_ConnectResType."""
    EVSEProcessing: processingType
    EVSEElectricalChargingDeviceStatus: electricalChargingDeviceStatusType
    EVSEMechanicalChargingDeviceStatus: mechanicalChargingDeviceStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_SystemStatusReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:ACDP}ACDP_SystemStatusReqType."""
    EVTechnicalStatus: EVTechnicalStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_SystemStatusResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:ACDP}ACDP_SystemStatusResType."""
    EVSEMechanicalChargingDeviceStatus: mechanicalChargingDeviceStatusType
    EVSEReadyToCharge: bool
    EVSEIsolationStatus: isolationStatusType
    EVSEDisabled: bool
    EVSEUtilityInterruptEvent: bool
    EVSEEmergencyShutdown: bool
    EVSEMalfunction: bool
    EVInChargePosition: bool
    EVAssociationStatus: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_VehiclePositioningReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:ACDP}ACDP_VehiclePositioningReqType."""
    EVMobilityStatus: bool
    EVPositioningSupport: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_VehiclePositioningResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:ACDP}ACDP_VehiclePositioningResType."""
    EVSEProcessing: processingType
    EVSEPositioningSupport: bool
    EVRelativeXDeviation: int
    EVRelativeYDeviation: int
    ContactWindowXc: int
    ContactWindowYc: int
    EVInChargePosition: bool
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVRelativeXDeviation': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'EVRelativeYDeviation': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'ContactWindowXc': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'ContactWindowYc': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVTechnicalStatusType:
    """XSD complex type {urn:iso:std:iso:15118:-20:ACDP}EVTechnicalStatusType."""
    EVReadyToCharge: bool
    EVImmobilizationRequest: bool
    EVImmobilized: bool | None = None
    EVWLANStrength: RationalNumberType | None = None
    EVCPStatus: cpStatusType | None = None
    EVSOC: int | None = None
    EVErrorCode: errorCodeType | None = None
    EVTimeout: bool | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_ConnectReq(ACDP_ConnectReqType):
    """Global element {urn:iso:std:iso:15118:-20:ACDP}ACDP_ConnectReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_ConnectRes(ACDP_ConnectResType):
    """Global element {urn:iso:std:iso:15118:-20:ACDP}ACDP_ConnectRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_DisconnectReq(ACDP_ConnectReqType):
    """Global element {urn:iso:std:iso:15118:-20:ACDP}ACDP_DisconnectReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_DisconnectRes(ACDP_ConnectResType):
    """Global element {urn:iso:std:iso:15118:-20:ACDP}ACDP_DisconnectRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_SystemStatusReq(ACDP_SystemStatusReqType):
    """Global element {urn:iso:std:iso:15118:-20:ACDP}ACDP_SystemStatusReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_SystemStatusRes(ACDP_SystemStatusResType):
    """Global element {urn:iso:std:iso:15118:-20:ACDP}ACDP_SystemStatusRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_VehiclePositioningReq(ACDP_VehiclePositioningReqType):
    """Global element {urn:iso:std:iso:15118:-20:ACDP}ACDP_VehiclePositioningReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ACDP_VehiclePositioningRes(ACDP_VehiclePositioningResType):
    """Global element {urn:iso:std:iso:15118:-20:ACDP}ACDP_VehiclePositioningRes."""
