# GENERATED - do not edit. Produced by `python -m exi.codegen` from the DIN 70121 XSDs.
"""Typed message classes of the DIN 70121 schema set."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

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
    'AC_EVChargeParameter',
    'AC_EVChargeParameterType',
    'AC_EVSEChargeParameter',
    'AC_EVSEChargeParameterType',
    'AC_EVSEStatus',
    'AC_EVSEStatusType',
    'BodyBaseType',
    'BodyElement',
    'BodyType',
    'CableCheckReq',
    'CableCheckReqType',
    'CableCheckRes',
    'CableCheckResType',
    'CanonicalizationMethod',
    'CanonicalizationMethodType',
    'CertificateChainType',
    'CertificateInstallationReq',
    'CertificateInstallationReqType',
    'CertificateInstallationRes',
    'CertificateInstallationResType',
    'CertificateUpdateReq',
    'CertificateUpdateReqType',
    'CertificateUpdateRes',
    'CertificateUpdateResType',
    'ChargeParameterDiscoveryReq',
    'ChargeParameterDiscoveryReqType',
    'ChargeParameterDiscoveryRes',
    'ChargeParameterDiscoveryResType',
    'ChargingProfileType',
    'ChargingStatusReq',
    'ChargingStatusReqType',
    'ChargingStatusRes',
    'ChargingStatusResType',
    'ConsumptionCostType',
    'ContractAuthenticationReq',
    'ContractAuthenticationReqType',
    'ContractAuthenticationRes',
    'ContractAuthenticationResType',
    'CostType',
    'CurrentDemandReq',
    'CurrentDemandReqType',
    'CurrentDemandRes',
    'CurrentDemandResType',
    'DC_EVChargeParameter',
    'DC_EVChargeParameterType',
    'DC_EVErrorCodeType',
    'DC_EVPowerDeliveryParameter',
    'DC_EVPowerDeliveryParameterType',
    'DC_EVSEChargeParameter',
    'DC_EVSEChargeParameterType',
    'DC_EVSEStatus',
    'DC_EVSEStatusCodeType',
    'DC_EVSEStatusType',
    'DC_EVStatus',
    'DC_EVStatusType',
    'DSAKeyValue',
    'DSAKeyValueType',
    'DigestMethod',
    'DigestMethodType',
    'DigestValue',
    'EVChargeParameter',
    'EVChargeParameterType',
    'EVPowerDeliveryParameter',
    'EVPowerDeliveryParameterType',
    'EVRequestedEnergyTransferType',
    'EVSEChargeParameter',
    'EVSEChargeParameterType',
    'EVSENotificationType',
    'EVSEProcessingType',
    'EVSEStatus',
    'EVSEStatusType',
    'EVSESupportedEnergyTransferType',
    'EVStatus',
    'EVStatusType',
    'Entry',
    'EntryType',
    'IntervalType',
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
    'MeteringReceiptReq',
    'MeteringReceiptReqType',
    'MeteringReceiptRes',
    'MeteringReceiptResType',
    'MgmtData',
    'NotificationType',
    'Object',
    'ObjectType',
    'PGPData',
    'PGPDataType',
    'PMaxScheduleEntry',
    'PMaxScheduleEntryType',
    'PMaxScheduleType',
    'ParameterSetType',
    'ParameterType',
    'PaymentDetailsReq',
    'PaymentDetailsReqType',
    'PaymentDetailsRes',
    'PaymentDetailsResType',
    'PaymentOptionsType',
    'PhysicalValueType',
    'PowerDeliveryReq',
    'PowerDeliveryReqType',
    'PowerDeliveryRes',
    'PowerDeliveryResType',
    'PreChargeReq',
    'PreChargeReqType',
    'PreChargeRes',
    'PreChargeResType',
    'ProfileEntryType',
    'RSAKeyValue',
    'RSAKeyValueType',
    'Reference',
    'ReferenceType',
    'RelativeTimeInterval',
    'RelativeTimeIntervalType',
    'RetrievalMethod',
    'RetrievalMethodType',
    'SAScheduleList',
    'SAScheduleListType',
    'SAScheduleTupleType',
    'SASchedules',
    'SASchedulesType',
    'SPKIData',
    'SPKIDataType',
    'SalesTariffEntry',
    'SalesTariffEntryType',
    'SalesTariffType',
    'SelectedServiceListType',
    'SelectedServiceType',
    'ServiceCharge',
    'ServiceChargeType',
    'ServiceDetailReq',
    'ServiceDetailReqType',
    'ServiceDetailRes',
    'ServiceDetailResType',
    'ServiceDiscoveryReq',
    'ServiceDiscoveryReqType',
    'ServiceDiscoveryRes',
    'ServiceDiscoveryResType',
    'ServiceParameterListType',
    'ServicePaymentSelectionReq',
    'ServicePaymentSelectionReqType',
    'ServicePaymentSelectionRes',
    'ServicePaymentSelectionResType',
    'ServiceTagListType',
    'ServiceTagType',
    'ServiceType',
    'SessionSetupReq',
    'SessionSetupReqType',
    'SessionSetupRes',
    'SessionSetupResType',
    'SessionStopReq',
    'SessionStopRes',
    'SessionStopResType',
    'SessionStopType',
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
    'SubCertificatesType',
    'TimeInterval',
    'Transform',
    'TransformType',
    'Transforms',
    'TransformsType',
    'V2G_Message',
    'WeldingDetectionReq',
    'WeldingDetectionReqType',
    'WeldingDetectionRes',
    'WeldingDetectionResType',
    'X509Data',
    'X509DataType',
    'X509IssuerSerialType',
    'costKindType',
    'faultCodeType',
    'isolationLevelType',
    'paymentOptionType',
    'responseCodeType',
    'serviceCategoryType',
    'unitSymbolType',
    'valueType',
]


class DC_EVErrorCodeType(str, enum.Enum):
    NO_ERROR = 'NO_ERROR'
    FAILED_RESSTemperatureInhibit = 'FAILED_RESSTemperatureInhibit'
    FAILED_EVShiftPosition = 'FAILED_EVShiftPosition'
    FAILED_ChargerConnectorLockFault = 'FAILED_ChargerConnectorLockFault'
    FAILED_EVRESSMalfunction = 'FAILED_EVRESSMalfunction'
    FAILED_ChargingCurrentdifferential = 'FAILED_ChargingCurrentdifferential'
    FAILED_ChargingVoltageOutOfRange = 'FAILED_ChargingVoltageOutOfRange'
    Reserved_A = 'Reserved_A'
    Reserved_B = 'Reserved_B'
    Reserved_C = 'Reserved_C'
    FAILED_ChargingSystemIncompatibility = 'FAILED_ChargingSystemIncompatibility'
    NoData = 'NoData'


class DC_EVSEStatusCodeType(str, enum.Enum):
    EVSE_NotReady = 'EVSE_NotReady'
    EVSE_Ready = 'EVSE_Ready'
    EVSE_Shutdown = 'EVSE_Shutdown'
    EVSE_UtilityInterruptEvent = 'EVSE_UtilityInterruptEvent'
    EVSE_IsolationMonitoringActive = 'EVSE_IsolationMonitoringActive'
    EVSE_EmergencyShutdown = 'EVSE_EmergencyShutdown'
    EVSE_Malfunction = 'EVSE_Malfunction'
    Reserved_8 = 'Reserved_8'
    Reserved_9 = 'Reserved_9'
    Reserved_A = 'Reserved_A'
    Reserved_B = 'Reserved_B'
    Reserved_C = 'Reserved_C'


class EVRequestedEnergyTransferType(str, enum.Enum):
    AC_single_phase_core = 'AC_single_phase_core'
    AC_three_phase_core = 'AC_three_phase_core'
    DC_core = 'DC_core'
    DC_extended = 'DC_extended'
    DC_combo_core = 'DC_combo_core'
    DC_unique = 'DC_unique'


class EVSENotificationType(str, enum.Enum):
    None_ = 'None'
    StopCharging = 'StopCharging'
    ReNegotiation = 'ReNegotiation'


class EVSEProcessingType(str, enum.Enum):
    Finished = 'Finished'
    Ongoing = 'Ongoing'


class EVSESupportedEnergyTransferType(str, enum.Enum):
    AC_single_phase_core = 'AC_single_phase_core'
    AC_three_phase_core = 'AC_three_phase_core'
    DC_core = 'DC_core'
    DC_extended = 'DC_extended'
    DC_combo_core = 'DC_combo_core'
    DC_dual = 'DC_dual'
    AC_core1p_DC_extended = 'AC_core1p_DC_extended'
    AC_single_DC_core = 'AC_single_DC_core'
    AC_single_phase_three_phase_core_DC_extended = 'AC_single_phase_three_phase_core_DC_extended'
    AC_core3p_DC_extended = 'AC_core3p_DC_extended'


class costKindType(str, enum.Enum):
    relativePricePercentage = 'relativePricePercentage'
    RenewableGenerationPercentage = 'RenewableGenerationPercentage'
    CarbonDioxideEmission = 'CarbonDioxideEmission'


class faultCodeType(str, enum.Enum):
    ParsingError = 'ParsingError'
    NoTLSRootCertificatAvailable = 'NoTLSRootCertificatAvailable'
    UnknownError = 'UnknownError'


class isolationLevelType(str, enum.Enum):
    Invalid = 'Invalid'
    Valid = 'Valid'
    Warning = 'Warning'
    Fault = 'Fault'


class paymentOptionType(str, enum.Enum):
    Contract = 'Contract'
    ExternalPayment = 'ExternalPayment'


class responseCodeType(str, enum.Enum):
    OK = 'OK'
    OK_NewSessionEstablished = 'OK_NewSessionEstablished'
    OK_OldSessionJoined = 'OK_OldSessionJoined'
    OK_CertificateExpiresSoon = 'OK_CertificateExpiresSoon'
    FAILED = 'FAILED'
    FAILED_SequenceError = 'FAILED_SequenceError'
    FAILED_ServiceIDInvalid = 'FAILED_ServiceIDInvalid'
    FAILED_UnknownSession = 'FAILED_UnknownSession'
    FAILED_ServiceSelectionInvalid = 'FAILED_ServiceSelectionInvalid'
    FAILED_PaymentSelectionInvalid = 'FAILED_PaymentSelectionInvalid'
    FAILED_CertificateExpired = 'FAILED_CertificateExpired'
    FAILED_SignatureError = 'FAILED_SignatureError'
    FAILED_NoCertificateAvailable = 'FAILED_NoCertificateAvailable'
    FAILED_CertChainError = 'FAILED_CertChainError'
    FAILED_ChallengeInvalid = 'FAILED_ChallengeInvalid'
    FAILED_ContractCanceled = 'FAILED_ContractCanceled'
    FAILED_WrongChargeParameter = 'FAILED_WrongChargeParameter'
    FAILED_PowerDeliveryNotApplied = 'FAILED_PowerDeliveryNotApplied'
    FAILED_TariffSelectionInvalid = 'FAILED_TariffSelectionInvalid'
    FAILED_ChargingProfileInvalid = 'FAILED_ChargingProfileInvalid'
    FAILED_EVSEPresentVoltageToLow = 'FAILED_EVSEPresentVoltageToLow'
    FAILED_MeteringSignatureNotValid = 'FAILED_MeteringSignatureNotValid'
    FAILED_WrongEnergyTransferType = 'FAILED_WrongEnergyTransferType'


class serviceCategoryType(str, enum.Enum):
    EVCharging = 'EVCharging'
    Internet = 'Internet'
    ContractCertificate = 'ContractCertificate'
    OtherCustom = 'OtherCustom'


class unitSymbolType(str, enum.Enum):
    h = 'h'
    m = 'm'
    s = 's'
    A = 'A'
    Ah = 'Ah'
    V = 'V'
    VA = 'VA'
    W = 'W'
    W_s = 'W/s'
    Wh = 'Wh'


class valueType(str, enum.Enum):
    bool = 'bool'
    byte = 'byte'
    short = 'short'
    int = 'int'
    physicalValue = 'physicalValue'
    string = 'string'


@dataclass(frozen=True, slots=True, kw_only=True)
class EVChargeParameterType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}EVChargeParameterType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVChargeParameterType(EVChargeParameterType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}AC_EVChargeParameterType."""
    DepartureTime: int
    EAmount: PhysicalValueType
    EVMaxVoltage: PhysicalValueType
    EVMaxCurrent: PhysicalValueType
    EVMinCurrent: PhysicalValueType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEChargeParameterType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}EVSEChargeParameterType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVSEChargeParameterType(EVSEChargeParameterType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}AC_EVSEChargeParameterType."""
    AC_EVSEStatus: AC_EVSEStatusType
    EVSEMaxVoltage: PhysicalValueType
    EVSEMaxCurrent: PhysicalValueType
    EVSEMinCurrent: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEStatusType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}EVSEStatusType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVSEStatusType(EVSEStatusType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}AC_EVSEStatusType."""
    PowerSwitchClosed: bool
    RCD: bool
    NotificationMaxDelay: int
    EVSENotification: EVSENotificationType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NotificationMaxDelay': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyBaseType:
    """XSD complex type {urn:din:70121:2012:MsgDef}BodyBaseType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CableCheckReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}CableCheckReqType."""
    DC_EVStatus: DC_EVStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class CableCheckResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}CableCheckResType."""
    ResponseCode: responseCodeType
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEProcessing: EVSEProcessingType


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}CertificateInstallationReqType."""
    Id: str | None = None
    OEMProvisioningCert: bytes
    ListOfRootCertificateIDs: ListOfRootCertificateIDsType
    DHParams: bytes
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'OEMProvisioningCert': {'type': 'certificateType', 'maxLength': 1200},
        'DHParams': {'type': 'dHParamsType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}CertificateInstallationResType."""
    Id: str
    ResponseCode: responseCodeType
    ContractSignatureCertChain: CertificateChainType
    ContractSignatureEncryptedPrivateKey: bytes
    DHParams: bytes
    ContractID: str
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ContractSignatureEncryptedPrivateKey': {'type': 'privateKeyType', 'maxLength': 128},
        'DHParams': {'type': 'dHParamsType', 'maxLength': 256},
        'ContractID': {'type': 'contractIDType', 'maxLength': 24},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateUpdateReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}CertificateUpdateReqType."""
    Id: str | None = None
    ContractSignatureCertChain: CertificateChainType
    ContractID: str
    ListOfRootCertificateIDs: ListOfRootCertificateIDsType
    DHParams: bytes
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ContractID': {'type': 'contractIDType', 'maxLength': 24},
        'DHParams': {'type': 'dHParamsType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateUpdateResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}CertificateUpdateResType."""
    Id: str
    ResponseCode: responseCodeType
    ContractSignatureCertChain: CertificateChainType
    ContractSignatureEncryptedPrivateKey: bytes
    DHParams: bytes
    ContractID: str
    RetryCounter: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ContractSignatureEncryptedPrivateKey': {'type': 'privateKeyType', 'maxLength': 128},
        'DHParams': {'type': 'dHParamsType', 'maxLength': 256},
        'ContractID': {'type': 'contractIDType', 'maxLength': 24},
        'RetryCounter': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ChargeParameterDiscoveryReqType."""
    EVRequestedEnergyTransferType: EVRequestedEnergyTransferType
    EVChargeParameter: AC_EVChargeParameter | DC_EVChargeParameter | EVChargeParameter


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ChargeParameterDiscoveryResType."""
    ResponseCode: responseCodeType
    EVSEProcessing: EVSEProcessingType
    SASchedules: SAScheduleList | SASchedules
    EVSEChargeParameter: AC_EVSEChargeParameter | DC_EVSEChargeParameter | EVSEChargeParameter


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingStatusReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ChargingStatusReqType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingStatusResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ChargingStatusResType."""
    ResponseCode: responseCodeType
    EVSEID: bytes
    SAScheduleTupleID: int
    EVSEMaxCurrent: PhysicalValueType | None = None
    MeterInfo: MeterInfoType | None = None
    ReceiptRequired: bool
    AC_EVSEStatus: AC_EVSEStatusType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVSEID': {'type': 'evseIDType', 'maxLength': 32},
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractAuthenticationReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ContractAuthenticationReqType."""
    Id: str | None = None
    GenChallenge: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractAuthenticationResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ContractAuthenticationResType."""
    ResponseCode: responseCodeType
    EVSEProcessing: EVSEProcessingType


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentDemandReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}CurrentDemandReqType."""
    DC_EVStatus: DC_EVStatusType
    EVTargetCurrent: PhysicalValueType
    EVMaximumVoltageLimit: PhysicalValueType | None = None
    EVMaximumCurrentLimit: PhysicalValueType | None = None
    EVMaximumPowerLimit: PhysicalValueType | None = None
    BulkChargingComplete: bool | None = None
    ChargingComplete: bool
    RemainingTimeToFullSoC: PhysicalValueType | None = None
    RemainingTimeToBulkSoC: PhysicalValueType | None = None
    EVTargetVoltage: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentDemandResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}CurrentDemandResType."""
    ResponseCode: responseCodeType
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEPresentVoltage: PhysicalValueType
    EVSEPresentCurrent: PhysicalValueType
    EVSECurrentLimitAchieved: bool
    EVSEVoltageLimitAchieved: bool
    EVSEPowerLimitAchieved: bool
    EVSEMaximumVoltageLimit: PhysicalValueType | None = None
    EVSEMaximumCurrentLimit: PhysicalValueType | None = None
    EVSEMaximumPowerLimit: PhysicalValueType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVChargeParameterType(EVChargeParameterType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}DC_EVChargeParameterType."""
    DC_EVStatus: DC_EVStatusType
    EVMaximumCurrentLimit: PhysicalValueType
    EVMaximumPowerLimit: PhysicalValueType | None = None
    EVMaximumVoltageLimit: PhysicalValueType
    EVEnergyCapacity: PhysicalValueType | None = None
    EVEnergyRequest: PhysicalValueType | None = None
    FullSOC: int | None = None
    BulkSOC: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'FullSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'BulkSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerDeliveryParameterType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}EVPowerDeliveryParameterType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVPowerDeliveryParameterType(EVPowerDeliveryParameterType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}DC_EVPowerDeliveryParameterType."""
    DC_EVStatus: DC_EVStatusType
    BulkChargingComplete: bool | None = None
    ChargingComplete: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVSEChargeParameterType(EVSEChargeParameterType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}DC_EVSEChargeParameterType."""
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEMaximumCurrentLimit: PhysicalValueType
    EVSEMaximumPowerLimit: PhysicalValueType | None = None
    EVSEMaximumVoltageLimit: PhysicalValueType
    EVSEMinimumCurrentLimit: PhysicalValueType
    EVSEMinimumVoltageLimit: PhysicalValueType
    EVSECurrentRegulationTolerance: PhysicalValueType | None = None
    EVSEPeakCurrentRipple: PhysicalValueType
    EVSEEnergyToBeDelivered: PhysicalValueType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVSEStatusType(EVSEStatusType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}DC_EVSEStatusType."""
    EVSEIsolationStatus: isolationLevelType | None = None
    EVSEStatusCode: DC_EVSEStatusCodeType
    NotificationMaxDelay: int
    EVSENotification: EVSENotificationType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NotificationMaxDelay': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVStatusType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}EVStatusType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVStatusType(EVStatusType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}DC_EVStatusType."""
    EVReady: bool
    EVCabinConditioning: bool | None = None
    EVRESSConditioning: bool | None = None
    EVErrorCode: DC_EVErrorCodeType
    EVRESSSOC: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVRESSSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}EntryType (abstract)."""
    TimeInterval: RelativeTimeInterval | TimeInterval


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringReceiptReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}MeteringReceiptReqType."""
    Id: str | None = None
    SessionID: bytes
    SAScheduleTupleID: int | None = None
    MeterInfo: MeterInfoType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SessionID': {'type': 'sessionIDType', 'maxLength': 8},
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringReceiptResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}MeteringReceiptResType."""
    ResponseCode: responseCodeType
    AC_EVSEStatus: AC_EVSEStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class PMaxScheduleEntryType(EntryType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}PMaxScheduleEntryType."""
    PMax: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'PMax': {'type': 'PMaxType', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetailsReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}PaymentDetailsReqType."""
    ContractID: str
    ContractSignatureCertChain: CertificateChainType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ContractID': {'type': 'contractIDType', 'maxLength': 24},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetailsResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}PaymentDetailsResType."""
    ResponseCode: responseCodeType
    GenChallenge: str
    DateTimeNow: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DateTimeNow': {'type': 'long', 'minInclusive': -9223372036854775808, 'maxInclusive': 9223372036854775807},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}PowerDeliveryReqType."""
    ReadyToChargeState: bool
    ChargingProfile: ChargingProfileType | None = None
    EVPowerDeliveryParameter: DC_EVPowerDeliveryParameter | EVPowerDeliveryParameter | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}PowerDeliveryResType."""
    ResponseCode: responseCodeType
    EVSEStatus: AC_EVSEStatus | DC_EVSEStatus | EVSEStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class PreChargeReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}PreChargeReqType."""
    DC_EVStatus: DC_EVStatusType
    EVTargetVoltage: PhysicalValueType
    EVTargetCurrent: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class PreChargeResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}PreChargeResType."""
    ResponseCode: responseCodeType
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEPresentVoltage: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class IntervalType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}IntervalType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RelativeTimeIntervalType(IntervalType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}RelativeTimeIntervalType."""
    start: int
    duration: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'start': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'duration': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SASchedulesType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}SASchedulesType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SAScheduleListType(SASchedulesType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}SAScheduleListType."""
    SAScheduleTuple: tuple[SAScheduleTupleType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesTariffEntryType(EntryType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}SalesTariffEntryType."""
    EPriceLevel: int
    ConsumptionCost: tuple[ConsumptionCostType, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EPriceLevel': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ServiceType."""
    ServiceTag: ServiceTagType
    FreeService: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceChargeType(ServiceType):
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ServiceChargeType."""
    EnergyTransferType: EVSESupportedEnergyTransferType


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ServiceDetailReqType."""
    ServiceID: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ServiceDetailResType."""
    ResponseCode: responseCodeType
    ServiceID: int
    ServiceParameterList: ServiceParameterListType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ServiceDiscoveryReqType."""
    ServiceScope: str | None = None
    ServiceCategory: serviceCategoryType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceScope': {'type': 'serviceScopeType', 'maxLength': 32},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ServiceDiscoveryResType."""
    ResponseCode: responseCodeType
    PaymentOptions: PaymentOptionsType
    ChargeService: ServiceChargeType
    ServiceList: ServiceTagListType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServicePaymentSelectionReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ServicePaymentSelectionReqType."""
    SelectedPaymentOption: paymentOptionType
    SelectedServiceList: SelectedServiceListType


@dataclass(frozen=True, slots=True, kw_only=True)
class ServicePaymentSelectionResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}ServicePaymentSelectionResType."""
    ResponseCode: responseCodeType


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}SessionSetupReqType."""
    EVCCID: bytes
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVCCID': {'type': 'evccIDType', 'maxLength': 8},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}SessionSetupResType."""
    ResponseCode: responseCodeType
    EVSEID: bytes
    DateTimeNow: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVSEID': {'type': 'evseIDType', 'maxLength': 32},
        'DateTimeNow': {'type': 'long', 'minInclusive': -9223372036854775808, 'maxInclusive': 9223372036854775807},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}SessionStopType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}SessionStopResType."""
    ResponseCode: responseCodeType


@dataclass(frozen=True, slots=True, kw_only=True)
class V2G_Message:
    """XSD complex type anonymous."""
    Header: MessageHeaderType
    Body: BodyType


@dataclass(frozen=True, slots=True, kw_only=True)
class WeldingDetectionReqType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}WeldingDetectionReqType."""
    DC_EVStatus: DC_EVStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class WeldingDetectionResType(BodyBaseType):
    """XSD complex type {urn:din:70121:2012:MsgBody}WeldingDetectionResType."""
    ResponseCode: responseCodeType
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEPresentVoltage: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyType:
    """XSD complex type {urn:din:70121:2012:MsgDef}BodyType."""
    BodyElement: BodyElement | CableCheckReq | CableCheckRes | CertificateInstallationReq | CertificateInstallationRes | CertificateUpdateReq | CertificateUpdateRes | ChargeParameterDiscoveryReq | ChargeParameterDiscoveryRes | ChargingStatusReq | ChargingStatusRes | ContractAuthenticationReq | ContractAuthenticationRes | CurrentDemandReq | CurrentDemandRes | MeteringReceiptReq | MeteringReceiptRes | PaymentDetailsReq | PaymentDetailsRes | PowerDeliveryReq | PowerDeliveryRes | PreChargeReq | PreChargeRes | ServiceDetailReq | ServiceDetailRes | ServiceDiscoveryReq | ServiceDiscoveryRes | ServicePaymentSelectionReq | ServicePaymentSelectionRes | SessionSetupReq | SessionSetupRes | SessionStopReq | SessionStopRes | WeldingDetectionReq | WeldingDetectionRes | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateChainType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}CertificateChainType."""
    Certificate: bytes
    SubCertificates: SubCertificatesType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Certificate': {'type': 'certificateType', 'maxLength': 1200},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingProfileType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ChargingProfileType."""
    SAScheduleTupleID: int
    ProfileEntry: tuple[ProfileEntryType, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsumptionCostType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ConsumptionCostType."""
    startValue: int
    Cost: tuple[CostType, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'startValue': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CostType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}CostType."""
    costKind: costKindType
    amount: int
    amountMultiplier: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'amount': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'amountMultiplier': {'type': 'unitMultiplierType', 'minInclusive': -3, 'maxInclusive': 3},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOfRootCertificateIDsType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ListOfRootCertificateIDsType."""
    RootCertificateID: tuple[str, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'RootCertificateID': {'type': 'rootCertificateIDType', 'maxLength': 40},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageHeaderType:
    """XSD complex type {urn:din:70121:2012:MsgHeader}MessageHeaderType."""
    SessionID: bytes
    Notification: NotificationType | None = None
    Signature: Signature | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SessionID': {'type': 'sessionIDType', 'maxLength': 8},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterInfoType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}MeterInfoType."""
    MeterID: str
    MeterReading: PhysicalValueType | None = None
    SigMeterReading: bytes | None = None
    MeterStatus: int | None = None
    TMeter: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'MeterID': {'type': 'meterIDType', 'maxLength': 32},
        'SigMeterReading': {'type': 'sigMeterReadingType', 'maxLength': 32},
        'MeterStatus': {'type': 'meterStatusType', 'minInclusive': -32768, 'maxInclusive': 32767},
        'TMeter': {'type': 'long', 'minInclusive': -9223372036854775808, 'maxInclusive': 9223372036854775807},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class NotificationType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}NotificationType."""
    FaultCode: faultCodeType
    FaultMsg: str | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'FaultMsg': {'type': 'faultMsgType', 'maxLength': 64},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PMaxScheduleType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}PMaxScheduleType."""
    PMaxScheduleID: int
    PMaxScheduleEntry: tuple[PMaxScheduleEntry, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'PMaxScheduleID': {'type': 'SAIDType', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterSetType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ParameterSetType."""
    ParameterSetID: int
    Parameter: tuple[ParameterType, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ParameterSetID': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ParameterType."""
    Name: str
    ValueType: valueType
    boolValue: bool | None = None
    byteValue: int | None = None
    shortValue: int | None = None
    intValue: int | None = None
    physicalValue: PhysicalValueType | None = None
    stringValue: str | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'byteValue': {'type': 'byte', 'minInclusive': -128, 'maxInclusive': 127},
        'shortValue': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'intValue': {'type': 'int', 'minInclusive': -2147483648, 'maxInclusive': 2147483647},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentOptionsType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}PaymentOptionsType."""
    PaymentOption: tuple[paymentOptionType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PhysicalValueType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}PhysicalValueType."""
    Multiplier: int
    Unit: unitSymbolType | None = None
    Value: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Multiplier': {'type': 'unitMultiplierType', 'minInclusive': -3, 'maxInclusive': 3},
        'Value': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileEntryType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ProfileEntryType."""
    ChargingProfileEntryStart: int
    ChargingProfileEntryMaxPower: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ChargingProfileEntryStart': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'ChargingProfileEntryMaxPower': {'type': 'PMaxType', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SAScheduleTupleType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}SAScheduleTupleType."""
    SAScheduleTupleID: int
    PMaxSchedule: PMaxScheduleType
    SalesTariff: SalesTariffType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesTariffType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}SalesTariffType."""
    Id: str
    SalesTariffID: int
    SalesTariffDescription: str | None = None
    NumEPriceLevels: int
    SalesTariffEntry: tuple[SalesTariffEntry, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SalesTariffID': {'type': 'SAIDType', 'minInclusive': -32768, 'maxInclusive': 32767},
        'SalesTariffDescription': {'type': 'tariffDescriptionType', 'maxLength': 32},
        'NumEPriceLevels': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectedServiceListType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}SelectedServiceListType."""
    SelectedService: tuple[SelectedServiceType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectedServiceType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}SelectedServiceType."""
    ServiceID: int
    ParameterSetID: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
        'ParameterSetID': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceParameterListType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ServiceParameterListType."""
    ParameterSet: tuple[ParameterSetType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceTagListType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ServiceTagListType."""
    Service: tuple[ServiceType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceTagType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}ServiceTagType."""
    ServiceID: int
    ServiceName: str | None = None
    ServiceCategory: serviceCategoryType
    ServiceScope: str | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
        'ServiceName': {'type': 'serviceNameType', 'maxLength': 32},
        'ServiceScope': {'type': 'serviceScopeType', 'maxLength': 32},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SubCertificatesType:
    """XSD complex type {urn:din:70121:2012:MsgDataTypes}SubCertificatesType."""
    Certificate: tuple[bytes, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Certificate': {'type': 'certificateType', 'maxLength': 1200},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVChargeParameter(AC_EVChargeParameterType):
    """Global element {urn:din:70121:2012:MsgDataTypes}AC_EVChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVSEChargeParameter(AC_EVSEChargeParameterType):
    """Global element {urn:din:70121:2012:MsgDataTypes}AC_EVSEChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVSEStatus(AC_EVSEStatusType):
    """Global element {urn:din:70121:2012:MsgDataTypes}AC_EVSEStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyElement(BodyBaseType):
    """Global element {urn:din:70121:2012:MsgDef}BodyElement."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CableCheckReq(CableCheckReqType):
    """Global element {urn:din:70121:2012:MsgBody}CableCheckReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CableCheckRes(CableCheckResType):
    """Global element {urn:din:70121:2012:MsgBody}CableCheckRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationReq(CertificateInstallationReqType):
    """Global element {urn:din:70121:2012:MsgBody}CertificateInstallationReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationRes(CertificateInstallationResType):
    """Global element {urn:din:70121:2012:MsgBody}CertificateInstallationRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateUpdateReq(CertificateUpdateReqType):
    """Global element {urn:din:70121:2012:MsgBody}CertificateUpdateReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateUpdateRes(CertificateUpdateResType):
    """Global element {urn:din:70121:2012:MsgBody}CertificateUpdateRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryReq(ChargeParameterDiscoveryReqType):
    """Global element {urn:din:70121:2012:MsgBody}ChargeParameterDiscoveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryRes(ChargeParameterDiscoveryResType):
    """Global element {urn:din:70121:2012:MsgBody}ChargeParameterDiscoveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingStatusReq(ChargingStatusReqType):
    """Global element {urn:din:70121:2012:MsgBody}ChargingStatusReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingStatusRes(ChargingStatusResType):
    """Global element {urn:din:70121:2012:MsgBody}ChargingStatusRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractAuthenticationReq(ContractAuthenticationReqType):
    """Global element {urn:din:70121:2012:MsgBody}ContractAuthenticationReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractAuthenticationRes(ContractAuthenticationResType):
    """Global element {urn:din:70121:2012:MsgBody}ContractAuthenticationRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentDemandReq(CurrentDemandReqType):
    """Global element {urn:din:70121:2012:MsgBody}CurrentDemandReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentDemandRes(CurrentDemandResType):
    """Global element {urn:din:70121:2012:MsgBody}CurrentDemandRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVChargeParameter(DC_EVChargeParameterType):
    """Global element {urn:din:70121:2012:MsgDataTypes}DC_EVChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVPowerDeliveryParameter(DC_EVPowerDeliveryParameterType):
    """Global element {urn:din:70121:2012:MsgDataTypes}DC_EVPowerDeliveryParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVSEChargeParameter(DC_EVSEChargeParameterType):
    """Global element {urn:din:70121:2012:MsgDataTypes}DC_EVSEChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVSEStatus(DC_EVSEStatusType):
    """Global element {urn:din:70121:2012:MsgDataTypes}DC_EVSEStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVStatus(DC_EVStatusType):
    """Global element {urn:din:70121:2012:MsgDataTypes}DC_EVStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVChargeParameter(EVChargeParameterType):
    """Global element {urn:din:70121:2012:MsgDataTypes}EVChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerDeliveryParameter(EVPowerDeliveryParameterType):
    """Global element {urn:din:70121:2012:MsgDataTypes}EVPowerDeliveryParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEChargeParameter(EVSEChargeParameterType):
    """Global element {urn:din:70121:2012:MsgDataTypes}EVSEChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEStatus(EVSEStatusType):
    """Global element {urn:din:70121:2012:MsgDataTypes}EVSEStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVStatus(EVStatusType):
    """Global element {urn:din:70121:2012:MsgDataTypes}EVStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry(EntryType):
    """Global element {urn:din:70121:2012:MsgDataTypes}Entry."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringReceiptReq(MeteringReceiptReqType):
    """Global element {urn:din:70121:2012:MsgBody}MeteringReceiptReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringReceiptRes(MeteringReceiptResType):
    """Global element {urn:din:70121:2012:MsgBody}MeteringReceiptRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PMaxScheduleEntry(PMaxScheduleEntryType):
    """Global element {urn:din:70121:2012:MsgDataTypes}PMaxScheduleEntry."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetailsReq(PaymentDetailsReqType):
    """Global element {urn:din:70121:2012:MsgBody}PaymentDetailsReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetailsRes(PaymentDetailsResType):
    """Global element {urn:din:70121:2012:MsgBody}PaymentDetailsRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryReq(PowerDeliveryReqType):
    """Global element {urn:din:70121:2012:MsgBody}PowerDeliveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryRes(PowerDeliveryResType):
    """Global element {urn:din:70121:2012:MsgBody}PowerDeliveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PreChargeReq(PreChargeReqType):
    """Global element {urn:din:70121:2012:MsgBody}PreChargeReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PreChargeRes(PreChargeResType):
    """Global element {urn:din:70121:2012:MsgBody}PreChargeRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RelativeTimeInterval(RelativeTimeIntervalType):
    """Global element {urn:din:70121:2012:MsgDataTypes}RelativeTimeInterval."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SAScheduleList(SAScheduleListType):
    """Global element {urn:din:70121:2012:MsgDataTypes}SAScheduleList."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SASchedules(SASchedulesType):
    """Global element {urn:din:70121:2012:MsgDataTypes}SASchedules."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesTariffEntry(SalesTariffEntryType):
    """Global element {urn:din:70121:2012:MsgDataTypes}SalesTariffEntry."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceCharge(ServiceChargeType):
    """Global element {urn:din:70121:2012:MsgDataTypes}ServiceCharge."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailReq(ServiceDetailReqType):
    """Global element {urn:din:70121:2012:MsgBody}ServiceDetailReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailRes(ServiceDetailResType):
    """Global element {urn:din:70121:2012:MsgBody}ServiceDetailRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryReq(ServiceDiscoveryReqType):
    """Global element {urn:din:70121:2012:MsgBody}ServiceDiscoveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryRes(ServiceDiscoveryResType):
    """Global element {urn:din:70121:2012:MsgBody}ServiceDiscoveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServicePaymentSelectionReq(ServicePaymentSelectionReqType):
    """Global element {urn:din:70121:2012:MsgBody}ServicePaymentSelectionReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServicePaymentSelectionRes(ServicePaymentSelectionResType):
    """Global element {urn:din:70121:2012:MsgBody}ServicePaymentSelectionRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupReq(SessionSetupReqType):
    """Global element {urn:din:70121:2012:MsgBody}SessionSetupReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupRes(SessionSetupResType):
    """Global element {urn:din:70121:2012:MsgBody}SessionSetupRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopReq(SessionStopType):
    """Global element {urn:din:70121:2012:MsgBody}SessionStopReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopRes(SessionStopResType):
    """Global element {urn:din:70121:2012:MsgBody}SessionStopRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeInterval(IntervalType):
    """Global element {urn:din:70121:2012:MsgDataTypes}TimeInterval."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WeldingDetectionReq(WeldingDetectionReqType):
    """Global element {urn:din:70121:2012:MsgBody}WeldingDetectionReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WeldingDetectionRes(WeldingDetectionResType):
    """Global element {urn:din:70121:2012:MsgBody}WeldingDetectionRes."""
