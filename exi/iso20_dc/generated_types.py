# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 DC XSDs.
"""Typed message classes of the ISO 15118-20 DC schema set."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

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


class evseNotificationType(str, enum.Enum):
    Pause = 'Pause'
    ExitStandby = 'ExitStandby'
    Terminate = 'Terminate'
    ScheduleRenegotiation = 'ScheduleRenegotiation'
    ServiceRenegotiation = 'ServiceRenegotiation'
    MeteringConfirmation = 'MeteringConfirmation'


class processingType(str, enum.Enum):
    Finished = 'Finished'
    Ongoing = 'Ongoing'
    Ongoing_WaitingForCustomerInteraction = 'Ongoing_WaitingForCustomerInteraction'


class responseCodeType(str, enum.Enum):
    OK = 'OK'
    OK_CertificateExpiresSoon = 'OK_CertificateExpiresSoon'
    OK_NewSessionEstablished = 'OK_NewSessionEstablished'
    OK_OldSessionJoined = 'OK_OldSessionJoined'
    OK_PowerToleranceConfirmed = 'OK_PowerToleranceConfirmed'
    WARNING_AuthorizationSelectionInvalid = 'WARNING_AuthorizationSelectionInvalid'
    WARNING_CertificateExpired = 'WARNING_CertificateExpired'
    WARNING_CertificateNotYetValid = 'WARNING_CertificateNotYetValid'
    WARNING_CertificateRevoked = 'WARNING_CertificateRevoked'
    WARNING_CertificateValidationError = 'WARNING_CertificateValidationError'
    WARNING_ChallengeInvalid = 'WARNING_ChallengeInvalid'
    WARNING_EIMAuthorizationFailure = 'WARNING_EIMAuthorizationFailure'
    WARNING_eMSPUnknown = 'WARNING_eMSPUnknown'
    WARNING_EVPowerProfileViolation = 'WARNING_EVPowerProfileViolation'
    WARNING_GeneralPnCAuthorizationError = 'WARNING_GeneralPnCAuthorizationError'
    WARNING_NoCertificateAvailable = 'WARNING_NoCertificateAvailable'
    WARNING_NoContractMatchingPCIDFound = 'WARNING_NoContractMatchingPCIDFound'
    WARNING_PowerToleranceNotConfirmed = 'WARNING_PowerToleranceNotConfirmed'
    WARNING_ScheduleRenegotiationFailed = 'WARNING_ScheduleRenegotiationFailed'
    WARNING_StandbyNotAllowed = 'WARNING_StandbyNotAllowed'
    WARNING_WPT = 'WARNING_WPT'
    FAILED = 'FAILED'
    FAILED_AssociationError = 'FAILED_AssociationError'
    FAILED_ContactorError = 'FAILED_ContactorError'
    FAILED_EVPowerProfileInvalid = 'FAILED_EVPowerProfileInvalid'
    FAILED_EVPowerProfileViolation = 'FAILED_EVPowerProfileViolation'
    FAILED_MeteringSignatureNotValid = 'FAILED_MeteringSignatureNotValid'
    FAILED_NoEnergyTransferServiceSelected = 'FAILED_NoEnergyTransferServiceSelected'
    FAILED_NoServiceRenegotiationSupported = 'FAILED_NoServiceRenegotiationSupported'
    FAILED_PauseNotAllowed = 'FAILED_PauseNotAllowed'
    FAILED_PowerDeliveryNotApplied = 'FAILED_PowerDeliveryNotApplied'
    FAILED_PowerToleranceNotConfirmed = 'FAILED_PowerToleranceNotConfirmed'
    FAILED_ScheduleRenegotiation = 'FAILED_ScheduleRenegotiation'
    FAILED_ScheduleSelectionInvalid = 'FAILED_ScheduleSelectionInvalid'
    FAILED_SequenceError = 'FAILED_SequenceError'
    FAILED_ServiceIDInvalid = 'FAILED_ServiceIDInvalid'
    FAILED_ServiceSelectionInvalid = 'FAILED_ServiceSelectionInvalid'
    FAILED_SignatureError = 'FAILED_SignatureError'
    FAILED_UnknownSession = 'FAILED_UnknownSession'
    FAILED_WrongChargeParameter = 'FAILED_WrongChargeParameter'


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
class CLReqControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}CLReqControlModeType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_CLReqControlModeType(CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Dynamic_CLReqControlModeType (abstract)."""
    DepartureTime: int | None = None
    EVTargetEnergyRequest: RationalNumberType
    EVMaximumEnergyRequest: RationalNumberType
    EVMinimumEnergyRequest: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


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
class CLResControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}CLResControlModeType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_CLResControlModeType(CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Dynamic_CLResControlModeType (abstract)."""
    DepartureTime: int | None = None
    MinimumSOC: int | None = None
    TargetSOC: int | None = None
    AckMaxDelay: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'MinimumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'AckMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
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
class Scheduled_CLReqControlModeType(CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Scheduled_CLReqControlModeType (abstract)."""
    EVTargetEnergyRequest: RationalNumberType | None = None
    EVMaximumEnergyRequest: RationalNumberType | None = None
    EVMinimumEnergyRequest: RationalNumberType | None = None


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
class Scheduled_CLResControlModeType(CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Scheduled_CLResControlModeType (abstract)."""


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
class CanonicalizationMethodType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}CanonicalizationMethodType."""
    Algorithm: str
    any_: tuple[object, ...] = ()
    order_: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GMessageType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GMessageType (abstract)."""
    Header: MessageHeaderType


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GRequestType(V2GMessageType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GRequestType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CableCheckReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_CableCheckReqType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GResponseType(V2GMessageType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GResponseType (abstract)."""
    ResponseCode: responseCodeType


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_CableCheckResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_CableCheckResType."""
    EVSEProcessing: processingType


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeLoopReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeLoopReqType (abstract)."""
    DisplayParameters: DisplayParametersType | None = None
    MeterInfoRequested: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeLoopReqType(ChargeLoopReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_ChargeLoopReqType."""
    EVPresentVoltage: RationalNumberType
    CLReqControlMode: BPT_Dynamic_DC_CLReqControlMode | BPT_Scheduled_DC_CLReqControlMode | CLReqControlMode | Dynamic_DC_CLReqControlMode | Scheduled_DC_CLReqControlMode


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeLoopResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeLoopResType (abstract)."""
    EVSEStatus: EVSEStatusType | None = None
    MeterInfo: MeterInfoType | None = None
    Receipt: ReceiptType | None = None


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
class ChargeParameterDiscoveryReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeParameterDiscoveryReqType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_ChargeParameterDiscoveryReqType(ChargeParameterDiscoveryReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:DC}DC_ChargeParameterDiscoveryReqType."""
    DC_CPDReqEnergyTransferMode: BPT_DC_CPDReqEnergyTransferMode | DC_CPDReqEnergyTransferMode


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeParameterDiscoveryResType (abstract)."""


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
class DetailedCostType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}DetailedCostType."""
    Amount: RationalNumberType
    CostPerUnit: RationalNumberType


@dataclass(frozen=True, slots=True, kw_only=True)
class DetailedTaxType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}DetailedTaxType."""
    TaxRuleID: int
    Amount: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TaxRuleID': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class DisplayParametersType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}DisplayParametersType."""
    PresentSOC: int | None = None
    MinimumSOC: int | None = None
    TargetSOC: int | None = None
    MaximumSOC: int | None = None
    RemainingTimeToMinimumSOC: int | None = None
    RemainingTimeToTargetSOC: int | None = None
    RemainingTimeToMaximumSOC: int | None = None
    ChargingComplete: bool | None = None
    BatteryEnergyCapacity: RationalNumberType | None = None
    InletHot: bool | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'PresentSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'MinimumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'MaximumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'RemainingTimeToMinimumSOC': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'RemainingTimeToTargetSOC': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'RemainingTimeToMaximumSOC': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEStatusType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}EVSEStatusType."""
    NotificationMaxDelay: int
    EVSENotification: evseNotificationType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NotificationMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOfRootCertificateIDsType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ListOfRootCertificateIDsType."""
    RootCertificateID: tuple[X509IssuerSerialType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageHeaderType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}MessageHeaderType."""
    SessionID: bytes
    TimeStamp: int
    Signature: Signature | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SessionID': {'type': 'sessionIDType', 'minLength': 8, 'maxLength': 8},
        'TimeStamp': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterInfoType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}MeterInfoType."""
    MeterID: str
    ChargedEnergyReadingWh: int
    BPT_DischargedEnergyReadingWh: int | None = None
    CapacitiveEnergyReadingVARh: int | None = None
    BPT_InductiveEnergyReadingVARh: int | None = None
    MeterSignature: bytes | None = None
    MeterStatus: int | None = None
    MeterTimestamp: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'MeterID': {'type': 'meterIDType', 'maxLength': 32},
        'ChargedEnergyReadingWh': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'BPT_DischargedEnergyReadingWh': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'CapacitiveEnergyReadingVARh': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'BPT_InductiveEnergyReadingVARh': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'MeterSignature': {'type': 'meterSignatureType', 'maxLength': 64},
        'MeterStatus': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'MeterTimestamp': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class RationalNumberType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}RationalNumberType."""
    Exponent: int
    Value: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Exponent': {'type': 'byte', 'minInclusive': -128, 'maxInclusive': 127},
        'Value': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ReceiptType."""
    TimeAnchor: int
    EnergyCosts: DetailedCostType | None = None
    OccupancyCosts: DetailedCostType | None = None
    AdditionalServicesCosts: DetailedCostType | None = None
    OverstayCosts: DetailedCostType | None = None
    TaxCosts: tuple[DetailedTaxType, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TimeAnchor': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class X509IssuerSerialType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}X509IssuerSerialType."""
    X509IssuerName: str
    X509SerialNumber: int


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
class CLReqControlMode(CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:CommonTypes}CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CLResControlMode(CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:CommonTypes}CLResControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CanonicalizationMethod(CanonicalizationMethodType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}CanonicalizationMethod."""


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
class Dynamic_DC_CLReqControlMode(Dynamic_DC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}Dynamic_DC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_DC_CLResControlMode(Dynamic_DC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}Dynamic_DC_CLResControlMode."""


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
class Scheduled_DC_CLReqControlMode(Scheduled_DC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}Scheduled_DC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_DC_CLResControlMode(Scheduled_DC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:DC}Scheduled_DC_CLResControlMode."""


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
