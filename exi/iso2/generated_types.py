# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-2:2013 XSDs.
"""Typed message classes of the ISO 15118-2:2013 schema set."""

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
    'AuthorizationReq',
    'AuthorizationReqType',
    'AuthorizationRes',
    'AuthorizationResType',
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
    'ChargeServiceType',
    'ChargingProfileType',
    'ChargingStatusReq',
    'ChargingStatusReqType',
    'ChargingStatusRes',
    'ChargingStatusResType',
    'ConsumptionCostType',
    'ContractSignatureEncryptedPrivateKeyType',
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
    'DiffieHellmanPublickeyType',
    'DigestMethod',
    'DigestMethodType',
    'DigestValue',
    'EMAIDType',
    'EVChargeParameter',
    'EVChargeParameterType',
    'EVPowerDeliveryParameter',
    'EVPowerDeliveryParameterType',
    'EVSEChargeParameter',
    'EVSEChargeParameterType',
    'EVSENotificationType',
    'EVSEProcessingType',
    'EVSEStatus',
    'EVSEStatusType',
    'EVStatus',
    'EVStatusType',
    'EnergyTransferModeType',
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
    'PaymentOptionListType',
    'PaymentServiceSelectionReq',
    'PaymentServiceSelectionReqType',
    'PaymentServiceSelectionRes',
    'PaymentServiceSelectionResType',
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
    'ServiceDetailReq',
    'ServiceDetailReqType',
    'ServiceDetailRes',
    'ServiceDetailResType',
    'ServiceDiscoveryReq',
    'ServiceDiscoveryReqType',
    'ServiceDiscoveryRes',
    'ServiceDiscoveryResType',
    'ServiceListType',
    'ServiceParameterListType',
    'ServiceType',
    'SessionSetupReq',
    'SessionSetupReqType',
    'SessionSetupRes',
    'SessionSetupResType',
    'SessionStopReq',
    'SessionStopReqType',
    'SessionStopRes',
    'SessionStopResType',
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
    'SupportedEnergyTransferModeType',
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
    'chargeProgressType',
    'chargingSessionType',
    'costKindType',
    'faultCodeType',
    'isolationLevelType',
    'paymentOptionType',
    'responseCodeType',
    'serviceCategoryType',
    'unitSymbolType',
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


class EVSENotificationType(str, enum.Enum):
    None_ = 'None'
    StopCharging = 'StopCharging'
    ReNegotiation = 'ReNegotiation'


class EVSEProcessingType(str, enum.Enum):
    Finished = 'Finished'
    Ongoing = 'Ongoing'
    Ongoing_WaitingForCustomerInteraction = 'Ongoing_WaitingForCustomerInteraction'


class EnergyTransferModeType(str, enum.Enum):
    AC_single_phase_core = 'AC_single_phase_core'
    AC_three_phase_core = 'AC_three_phase_core'
    DC_core = 'DC_core'
    DC_extended = 'DC_extended'
    DC_combo_core = 'DC_combo_core'
    DC_unique = 'DC_unique'


class chargeProgressType(str, enum.Enum):
    Start = 'Start'
    Stop = 'Stop'
    Renegotiate = 'Renegotiate'


class chargingSessionType(str, enum.Enum):
    Terminate = 'Terminate'
    Pause = 'Pause'


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
    No_IMD = 'No_IMD'


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
    FAILED_MeteringSignatureNotValid = 'FAILED_MeteringSignatureNotValid'
    FAILED_NoChargeServiceSelected = 'FAILED_NoChargeServiceSelected'
    FAILED_WrongEnergyTransferMode = 'FAILED_WrongEnergyTransferMode'
    FAILED_ContactorError = 'FAILED_ContactorError'
    FAILED_CertificateNotAllowedAtThisEVSE = 'FAILED_CertificateNotAllowedAtThisEVSE'
    FAILED_CertificateRevoked = 'FAILED_CertificateRevoked'


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
    V = 'V'
    W = 'W'
    Wh = 'Wh'


@dataclass(frozen=True, slots=True, kw_only=True)
class EVChargeParameterType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}EVChargeParameterType (abstract)."""
    DepartureTime: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVChargeParameterType(EVChargeParameterType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}AC_EVChargeParameterType."""
    EAmount: PhysicalValueType
    EVMaxVoltage: PhysicalValueType
    EVMaxCurrent: PhysicalValueType
    EVMinCurrent: PhysicalValueType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEChargeParameterType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}EVSEChargeParameterType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVSEChargeParameterType(EVSEChargeParameterType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}AC_EVSEChargeParameterType."""
    AC_EVSEStatus: AC_EVSEStatusType
    EVSENominalVoltage: PhysicalValueType
    EVSEMaxCurrent: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEStatusType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}EVSEStatusType (abstract)."""
    NotificationMaxDelay: int
    EVSENotification: EVSENotificationType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NotificationMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVSEStatusType(EVSEStatusType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}AC_EVSEStatusType."""
    RCD: bool
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NotificationMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyBaseType:
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}BodyBaseType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}AuthorizationReqType."""
    Id: str | None = None
    GenChallenge: bytes | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'GenChallenge': {'type': 'genChallengeType', 'minLength': 16, 'maxLength': 16},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}AuthorizationResType."""
    ResponseCode: responseCodeType
    EVSEProcessing: EVSEProcessingType


@dataclass(frozen=True, slots=True, kw_only=True)
class CableCheckReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}CableCheckReqType."""
    DC_EVStatus: DC_EVStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class CableCheckResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}CableCheckResType."""
    ResponseCode: responseCodeType
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEProcessing: EVSEProcessingType


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}CertificateInstallationReqType."""
    Id: str
    OEMProvisioningCert: bytes
    ListOfRootCertificateIDs: ListOfRootCertificateIDsType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'OEMProvisioningCert': {'type': 'certificateType', 'maxLength': 800},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}CertificateInstallationResType."""
    ResponseCode: responseCodeType
    SAProvisioningCertificateChain: CertificateChainType
    ContractSignatureCertChain: CertificateChainType
    ContractSignatureEncryptedPrivateKey: ContractSignatureEncryptedPrivateKeyType
    DHpublickey: DiffieHellmanPublickeyType
    eMAID: EMAIDType


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateUpdateReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}CertificateUpdateReqType."""
    Id: str
    ContractSignatureCertChain: CertificateChainType
    eMAID: str
    ListOfRootCertificateIDs: ListOfRootCertificateIDsType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'eMAID': {'type': 'eMAIDType', 'minLength': 14, 'maxLength': 15},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateUpdateResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}CertificateUpdateResType."""
    ResponseCode: responseCodeType
    SAProvisioningCertificateChain: CertificateChainType
    ContractSignatureCertChain: CertificateChainType
    ContractSignatureEncryptedPrivateKey: ContractSignatureEncryptedPrivateKeyType
    DHpublickey: DiffieHellmanPublickeyType
    eMAID: EMAIDType
    RetryCounter: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'RetryCounter': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}ChargeParameterDiscoveryReqType."""
    MaxEntriesSAScheduleTuple: int | None = None
    RequestedEnergyTransferMode: EnergyTransferModeType
    EVChargeParameter: AC_EVChargeParameter | DC_EVChargeParameter | EVChargeParameter
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'MaxEntriesSAScheduleTuple': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}ChargeParameterDiscoveryResType."""
    ResponseCode: responseCodeType
    EVSEProcessing: EVSEProcessingType
    SASchedules: SAScheduleList | SASchedules | None = None
    EVSEChargeParameter: AC_EVSEChargeParameter | DC_EVSEChargeParameter | EVSEChargeParameter


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingStatusReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}ChargingStatusReqType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingStatusResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}ChargingStatusResType."""
    ResponseCode: responseCodeType
    EVSEID: str
    SAScheduleTupleID: int
    EVSEMaxCurrent: PhysicalValueType | None = None
    MeterInfo: MeterInfoType | None = None
    ReceiptRequired: bool | None = None
    AC_EVSEStatus: AC_EVSEStatusType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVSEID': {'type': 'evseIDType', 'minLength': 7, 'maxLength': 37},
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': 1, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentDemandReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}CurrentDemandReqType."""
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
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}CurrentDemandResType."""
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
    EVSEID: str
    SAScheduleTupleID: int
    MeterInfo: MeterInfoType | None = None
    ReceiptRequired: bool | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVSEID': {'type': 'evseIDType', 'minLength': 7, 'maxLength': 37},
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': 1, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVChargeParameterType(EVChargeParameterType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}DC_EVChargeParameterType."""
    DC_EVStatus: DC_EVStatusType
    EVMaximumCurrentLimit: PhysicalValueType
    EVMaximumPowerLimit: PhysicalValueType | None = None
    EVMaximumVoltageLimit: PhysicalValueType
    EVEnergyCapacity: PhysicalValueType | None = None
    EVEnergyRequest: PhysicalValueType | None = None
    FullSOC: int | None = None
    BulkSOC: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'FullSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'BulkSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerDeliveryParameterType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}EVPowerDeliveryParameterType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVPowerDeliveryParameterType(EVPowerDeliveryParameterType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}DC_EVPowerDeliveryParameterType."""
    DC_EVStatus: DC_EVStatusType
    BulkChargingComplete: bool | None = None
    ChargingComplete: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVSEChargeParameterType(EVSEChargeParameterType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}DC_EVSEChargeParameterType."""
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEMaximumCurrentLimit: PhysicalValueType
    EVSEMaximumPowerLimit: PhysicalValueType
    EVSEMaximumVoltageLimit: PhysicalValueType
    EVSEMinimumCurrentLimit: PhysicalValueType
    EVSEMinimumVoltageLimit: PhysicalValueType
    EVSECurrentRegulationTolerance: PhysicalValueType | None = None
    EVSEPeakCurrentRipple: PhysicalValueType
    EVSEEnergyToBeDelivered: PhysicalValueType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVSEStatusType(EVSEStatusType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}DC_EVSEStatusType."""
    EVSEIsolationStatus: isolationLevelType | None = None
    EVSEStatusCode: DC_EVSEStatusCodeType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NotificationMaxDelay': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVStatusType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}EVStatusType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVStatusType(EVStatusType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}DC_EVStatusType."""
    EVReady: bool
    EVErrorCode: DC_EVErrorCodeType
    EVRESSSOC: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVRESSSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}EntryType (abstract)."""
    TimeInterval: RelativeTimeInterval | TimeInterval


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringReceiptReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}MeteringReceiptReqType."""
    Id: str | None = None
    SessionID: bytes
    SAScheduleTupleID: int | None = None
    MeterInfo: MeterInfoType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SessionID': {'type': 'sessionIDType', 'maxLength': 8},
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': 1, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringReceiptResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}MeteringReceiptResType."""
    ResponseCode: responseCodeType
    EVSEStatus: AC_EVSEStatus | DC_EVSEStatus | EVSEStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class PMaxScheduleEntryType(EntryType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}PMaxScheduleEntryType."""
    PMax: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetailsReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}PaymentDetailsReqType."""
    eMAID: str
    ContractSignatureCertChain: CertificateChainType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'eMAID': {'type': 'eMAIDType', 'minLength': 14, 'maxLength': 15},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetailsResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}PaymentDetailsResType."""
    ResponseCode: responseCodeType
    GenChallenge: bytes
    EVSETimeStamp: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'GenChallenge': {'type': 'genChallengeType', 'minLength': 16, 'maxLength': 16},
        'EVSETimeStamp': {'type': 'long', 'minInclusive': -9223372036854775808, 'maxInclusive': 9223372036854775807},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentServiceSelectionReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}PaymentServiceSelectionReqType."""
    SelectedPaymentOption: paymentOptionType
    SelectedServiceList: SelectedServiceListType


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentServiceSelectionResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}PaymentServiceSelectionResType."""
    ResponseCode: responseCodeType


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}PowerDeliveryReqType."""
    ChargeProgress: chargeProgressType
    SAScheduleTupleID: int
    ChargingProfile: ChargingProfileType | None = None
    EVPowerDeliveryParameter: DC_EVPowerDeliveryParameter | EVPowerDeliveryParameter | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': 1, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}PowerDeliveryResType."""
    ResponseCode: responseCodeType
    EVSEStatus: AC_EVSEStatus | DC_EVSEStatus | EVSEStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class PreChargeReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}PreChargeReqType."""
    DC_EVStatus: DC_EVStatusType
    EVTargetVoltage: PhysicalValueType
    EVTargetCurrent: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class PreChargeResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}PreChargeResType."""
    ResponseCode: responseCodeType
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEPresentVoltage: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class IntervalType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}IntervalType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RelativeTimeIntervalType(IntervalType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}RelativeTimeIntervalType."""
    start: int
    duration: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'start': {'type': '', 'minInclusive': 0, 'maxInclusive': 16777214},
        'duration': {'type': '', 'minInclusive': 0, 'maxInclusive': 86400},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SASchedulesType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SASchedulesType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SAScheduleListType(SASchedulesType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SAScheduleListType."""
    SAScheduleTuple: tuple[SAScheduleTupleType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesTariffEntryType(EntryType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SalesTariffEntryType."""
    EPriceLevel: int | None = None
    ConsumptionCost: tuple[ConsumptionCostType, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EPriceLevel': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}ServiceDetailReqType."""
    ServiceID: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}ServiceDetailResType."""
    ResponseCode: responseCodeType
    ServiceID: int
    ServiceParameterList: ServiceParameterListType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}ServiceDiscoveryReqType."""
    ServiceScope: str | None = None
    ServiceCategory: serviceCategoryType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceScope': {'type': 'serviceScopeType', 'maxLength': 64},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}ServiceDiscoveryResType."""
    ResponseCode: responseCodeType
    PaymentOptionList: PaymentOptionListType
    ChargeService: ChargeServiceType
    ServiceList: ServiceListType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}SessionSetupReqType."""
    EVCCID: bytes
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVCCID': {'type': 'evccIDType', 'maxLength': 6},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}SessionSetupResType."""
    ResponseCode: responseCodeType
    EVSEID: str
    EVSETimeStamp: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVSEID': {'type': 'evseIDType', 'minLength': 7, 'maxLength': 37},
        'EVSETimeStamp': {'type': 'long', 'minInclusive': -9223372036854775808, 'maxInclusive': 9223372036854775807},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}SessionStopReqType."""
    ChargingSession: chargingSessionType


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}SessionStopResType."""
    ResponseCode: responseCodeType


@dataclass(frozen=True, slots=True, kw_only=True)
class V2G_Message:
    """XSD complex type anonymous."""
    Header: MessageHeaderType
    Body: BodyType


@dataclass(frozen=True, slots=True, kw_only=True)
class WeldingDetectionReqType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}WeldingDetectionReqType."""
    DC_EVStatus: DC_EVStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class WeldingDetectionResType(BodyBaseType):
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}WeldingDetectionResType."""
    ResponseCode: responseCodeType
    DC_EVSEStatus: DC_EVSEStatusType
    EVSEPresentVoltage: PhysicalValueType


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyType:
    """XSD complex type {urn:iso:15118:2:2013:MsgBody}BodyType."""
    BodyElement: AuthorizationReq | AuthorizationRes | BodyElement | CableCheckReq | CableCheckRes | CertificateInstallationReq | CertificateInstallationRes | CertificateUpdateReq | CertificateUpdateRes | ChargeParameterDiscoveryReq | ChargeParameterDiscoveryRes | ChargingStatusReq | ChargingStatusRes | CurrentDemandReq | CurrentDemandRes | MeteringReceiptReq | MeteringReceiptRes | PaymentDetailsReq | PaymentDetailsRes | PaymentServiceSelectionReq | PaymentServiceSelectionRes | PowerDeliveryReq | PowerDeliveryRes | PreChargeReq | PreChargeRes | ServiceDetailReq | ServiceDetailRes | ServiceDiscoveryReq | ServiceDiscoveryRes | SessionSetupReq | SessionSetupRes | SessionStopReq | SessionStopRes | WeldingDetectionReq | WeldingDetectionRes | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateChainType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}CertificateChainType."""
    Id: str | None = None
    Certificate: bytes
    SubCertificates: SubCertificatesType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Certificate': {'type': 'certificateType', 'maxLength': 800},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ServiceType."""
    ServiceID: int
    ServiceName: str | None = None
    ServiceCategory: serviceCategoryType
    ServiceScope: str | None = None
    FreeService: bool
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
        'ServiceName': {'type': 'serviceNameType', 'maxLength': 32},
        'ServiceScope': {'type': 'serviceScopeType', 'maxLength': 64},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeServiceType(ServiceType):
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ChargeServiceType."""
    SupportedEnergyTransferMode: SupportedEnergyTransferModeType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
        'ServiceName': {'type': 'serviceNameType', 'maxLength': 32},
        'ServiceScope': {'type': 'serviceScopeType', 'maxLength': 64},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingProfileType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ChargingProfileType."""
    ProfileEntry: tuple[ProfileEntryType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsumptionCostType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ConsumptionCostType."""
    startValue: PhysicalValueType
    Cost: tuple[CostType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractSignatureEncryptedPrivateKeyType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ContractSignatureEncryptedPrivateKeyType."""
    Id: str
    value: bytes
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'value': {'type': 'privateKeyType', 'maxLength': 48},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CostType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}CostType."""
    costKind: costKindType
    amount: int
    amountMultiplier: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'amount': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'amountMultiplier': {'type': 'unitMultiplierType', 'minInclusive': -3, 'maxInclusive': 3},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffieHellmanPublickeyType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}DiffieHellmanPublickeyType."""
    Id: str
    value: bytes
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'value': {'type': 'dHpublickeyType', 'maxLength': 65},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EMAIDType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}EMAIDType."""
    Id: str
    value: str
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'value': {'type': 'eMAIDType', 'minLength': 14, 'maxLength': 15},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOfRootCertificateIDsType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ListOfRootCertificateIDsType."""
    RootCertificateID: tuple[X509IssuerSerialType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageHeaderType:
    """XSD complex type {urn:iso:15118:2:2013:MsgHeader}MessageHeaderType."""
    SessionID: bytes
    Notification: NotificationType | None = None
    Signature: Signature | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SessionID': {'type': 'sessionIDType', 'maxLength': 8},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterInfoType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}MeterInfoType."""
    MeterID: str
    MeterReading: int | None = None
    SigMeterReading: bytes | None = None
    MeterStatus: int | None = None
    TMeter: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'MeterID': {'type': 'meterIDType', 'maxLength': 32},
        'MeterReading': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'SigMeterReading': {'type': 'sigMeterReadingType', 'maxLength': 64},
        'MeterStatus': {'type': 'meterStatusType', 'minInclusive': -32768, 'maxInclusive': 32767},
        'TMeter': {'type': 'long', 'minInclusive': -9223372036854775808, 'maxInclusive': 9223372036854775807},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class NotificationType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}NotificationType."""
    FaultCode: faultCodeType
    FaultMsg: str | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'FaultMsg': {'type': 'faultMsgType', 'maxLength': 64},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PMaxScheduleType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}PMaxScheduleType."""
    PMaxScheduleEntry: tuple[PMaxScheduleEntry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterSetType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ParameterSetType."""
    ParameterSetID: int
    Parameter: tuple[ParameterType, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ParameterSetID': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ParameterType."""
    Name: str
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
class PaymentOptionListType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}PaymentOptionListType."""
    PaymentOption: tuple[paymentOptionType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PhysicalValueType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}PhysicalValueType."""
    Multiplier: int
    Unit: unitSymbolType
    Value: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Multiplier': {'type': 'unitMultiplierType', 'minInclusive': -3, 'maxInclusive': 3},
        'Value': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileEntryType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ProfileEntryType."""
    ChargingProfileEntryStart: int
    ChargingProfileEntryMaxPower: PhysicalValueType
    ChargingProfileEntryMaxNumberOfPhasesInUse: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ChargingProfileEntryStart': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'ChargingProfileEntryMaxNumberOfPhasesInUse': {'type': 'maxNumPhasesType', 'minInclusive': 1, 'maxInclusive': 3},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SAScheduleTupleType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SAScheduleTupleType."""
    SAScheduleTupleID: int
    PMaxSchedule: PMaxScheduleType
    SalesTariff: SalesTariffType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SAScheduleTupleID': {'type': 'SAIDType', 'minInclusive': 1, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesTariffType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SalesTariffType."""
    Id: str | None = None
    SalesTariffID: int
    SalesTariffDescription: str | None = None
    NumEPriceLevels: int | None = None
    SalesTariffEntry: tuple[SalesTariffEntry, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SalesTariffID': {'type': 'SAIDType', 'minInclusive': 1, 'maxInclusive': 255},
        'SalesTariffDescription': {'type': 'tariffDescriptionType', 'maxLength': 32},
        'NumEPriceLevels': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectedServiceListType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SelectedServiceListType."""
    SelectedService: tuple[SelectedServiceType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectedServiceType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SelectedServiceType."""
    ServiceID: int
    ParameterSetID: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
        'ParameterSetID': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceListType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ServiceListType."""
    Service: tuple[ServiceType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceParameterListType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}ServiceParameterListType."""
    ParameterSet: tuple[ParameterSetType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SubCertificatesType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SubCertificatesType."""
    Certificate: tuple[bytes, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Certificate': {'type': 'certificateType', 'maxLength': 800},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportedEnergyTransferModeType:
    """XSD complex type {urn:iso:15118:2:2013:MsgDataTypes}SupportedEnergyTransferModeType."""
    EnergyTransferMode: tuple[EnergyTransferModeType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVChargeParameter(AC_EVChargeParameterType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}AC_EVChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVSEChargeParameter(AC_EVSEChargeParameterType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}AC_EVSEChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_EVSEStatus(AC_EVSEStatusType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}AC_EVSEStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationReq(AuthorizationReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}AuthorizationReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationRes(AuthorizationResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}AuthorizationRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyElement(BodyBaseType):
    """Global element {urn:iso:15118:2:2013:MsgBody}BodyElement."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CableCheckReq(CableCheckReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}CableCheckReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CableCheckRes(CableCheckResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}CableCheckRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationReq(CertificateInstallationReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}CertificateInstallationReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationRes(CertificateInstallationResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}CertificateInstallationRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateUpdateReq(CertificateUpdateReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}CertificateUpdateReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateUpdateRes(CertificateUpdateResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}CertificateUpdateRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryReq(ChargeParameterDiscoveryReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}ChargeParameterDiscoveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryRes(ChargeParameterDiscoveryResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}ChargeParameterDiscoveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingStatusReq(ChargingStatusReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}ChargingStatusReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingStatusRes(ChargingStatusResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}ChargingStatusRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentDemandReq(CurrentDemandReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}CurrentDemandReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentDemandRes(CurrentDemandResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}CurrentDemandRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVChargeParameter(DC_EVChargeParameterType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}DC_EVChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVPowerDeliveryParameter(DC_EVPowerDeliveryParameterType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}DC_EVPowerDeliveryParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVSEChargeParameter(DC_EVSEChargeParameterType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}DC_EVSEChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVSEStatus(DC_EVSEStatusType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}DC_EVSEStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DC_EVStatus(DC_EVStatusType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}DC_EVStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVChargeParameter(EVChargeParameterType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}EVChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerDeliveryParameter(EVPowerDeliveryParameterType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}EVPowerDeliveryParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEChargeParameter(EVSEChargeParameterType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}EVSEChargeParameter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVSEStatus(EVSEStatusType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}EVSEStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EVStatus(EVStatusType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}EVStatus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry(EntryType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}Entry."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringReceiptReq(MeteringReceiptReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}MeteringReceiptReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringReceiptRes(MeteringReceiptResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}MeteringReceiptRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PMaxScheduleEntry(PMaxScheduleEntryType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}PMaxScheduleEntry."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetailsReq(PaymentDetailsReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}PaymentDetailsReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetailsRes(PaymentDetailsResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}PaymentDetailsRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentServiceSelectionReq(PaymentServiceSelectionReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}PaymentServiceSelectionReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentServiceSelectionRes(PaymentServiceSelectionResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}PaymentServiceSelectionRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryReq(PowerDeliveryReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}PowerDeliveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryRes(PowerDeliveryResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}PowerDeliveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PreChargeReq(PreChargeReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}PreChargeReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PreChargeRes(PreChargeResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}PreChargeRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RelativeTimeInterval(RelativeTimeIntervalType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}RelativeTimeInterval."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SAScheduleList(SAScheduleListType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}SAScheduleList."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SASchedules(SASchedulesType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}SASchedules."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesTariffEntry(SalesTariffEntryType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}SalesTariffEntry."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailReq(ServiceDetailReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}ServiceDetailReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailRes(ServiceDetailResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}ServiceDetailRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryReq(ServiceDiscoveryReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}ServiceDiscoveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryRes(ServiceDiscoveryResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}ServiceDiscoveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupReq(SessionSetupReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}SessionSetupReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupRes(SessionSetupResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}SessionSetupRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopReq(SessionStopReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}SessionStopReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopRes(SessionStopResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}SessionStopRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeInterval(IntervalType):
    """Global element {urn:iso:15118:2:2013:MsgDataTypes}TimeInterval."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WeldingDetectionReq(WeldingDetectionReqType):
    """Global element {urn:iso:15118:2:2013:MsgBody}WeldingDetectionReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WeldingDetectionRes(WeldingDetectionResType):
    """Global element {urn:iso:15118:2:2013:MsgBody}WeldingDetectionRes."""
