# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 CommonMessages XSDs.
"""Typed message classes of the ISO 15118-20 CommonMessages schema set."""

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
    'AbsolutePriceScheduleType',
    'AdditionalServiceListType',
    'AdditionalServiceType',
    'AuthorizationReq',
    'AuthorizationReqType',
    'AuthorizationRes',
    'AuthorizationResType',
    'AuthorizationSetupReq',
    'AuthorizationSetupReqType',
    'AuthorizationSetupRes',
    'AuthorizationSetupResType',
    'CLReqControlMode',
    'CLReqControlModeType',
    'CLResControlMode',
    'CLResControlModeType',
    'CanonicalizationMethod',
    'CanonicalizationMethodType',
    'CertificateChainType',
    'CertificateInstallationReq',
    'CertificateInstallationReqType',
    'CertificateInstallationRes',
    'CertificateInstallationResType',
    'ChargeLoopReqType',
    'ChargeLoopResType',
    'ChargeParameterDiscoveryReqType',
    'ChargeParameterDiscoveryResType',
    'ChargingScheduleType',
    'ContractCertificateChainType',
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
    'Dynamic_EVPPTControlModeType',
    'Dynamic_SEReqControlModeType',
    'Dynamic_SEResControlModeType',
    'Dynamic_SMDTControlModeType',
    'EIM_AReqAuthorizationModeType',
    'EIM_ASResAuthorizationModeType',
    'EMAIDListType',
    'EVAbsolutePriceScheduleType',
    'EVEnergyOfferType',
    'EVPowerProfileEntryListType',
    'EVPowerProfileType',
    'EVPowerScheduleEntryListType',
    'EVPowerScheduleEntryType',
    'EVPowerScheduleType',
    'EVPriceRuleStackListType',
    'EVPriceRuleStackType',
    'EVPriceRuleType',
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
    'MeteringConfirmationReq',
    'MeteringConfirmationReqType',
    'MeteringConfirmationRes',
    'MeteringConfirmationResType',
    'MgmtData',
    'Object',
    'ObjectType',
    'OverstayRuleListType',
    'OverstayRuleType',
    'PGPData',
    'PGPDataType',
    'ParameterSetType',
    'ParameterType',
    'PnC_AReqAuthorizationModeType',
    'PnC_ASResAuthorizationModeType',
    'PowerDeliveryReq',
    'PowerDeliveryReqType',
    'PowerDeliveryRes',
    'PowerDeliveryResType',
    'PowerScheduleEntryListType',
    'PowerScheduleEntryType',
    'PowerScheduleType',
    'PriceLevelScheduleEntryListType',
    'PriceLevelScheduleEntryType',
    'PriceLevelScheduleType',
    'PriceRuleStackListType',
    'PriceRuleStackType',
    'PriceRuleType',
    'PriceScheduleType',
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
    'ScheduleExchangeReq',
    'ScheduleExchangeReqType',
    'ScheduleExchangeRes',
    'ScheduleExchangeResType',
    'ScheduleTupleType',
    'Scheduled_CLReqControlModeType',
    'Scheduled_CLResControlModeType',
    'Scheduled_EVPPTControlModeType',
    'Scheduled_SEReqControlModeType',
    'Scheduled_SEResControlModeType',
    'Scheduled_SMDTControlModeType',
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
    'ServiceIDListType',
    'ServiceListType',
    'ServiceParameterListType',
    'ServiceSelectionReq',
    'ServiceSelectionReqType',
    'ServiceSelectionRes',
    'ServiceSelectionResType',
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
    'SignedCertificateChainType',
    'SignedInfo',
    'SignedInfoType',
    'SignedInstallationData',
    'SignedInstallationDataType',
    'SignedMeteringData',
    'SignedMeteringDataType',
    'SubCertificatesType',
    'SupportedProvidersListType',
    'TargetPositionType',
    'TaxRuleListType',
    'TaxRuleType',
    'Transform',
    'TransformType',
    'Transforms',
    'TransformsType',
    'V2GMessageType',
    'V2GRequestType',
    'V2GResponseType',
    'VehicleCheckInReq',
    'VehicleCheckInReqType',
    'VehicleCheckInRes',
    'VehicleCheckInResType',
    'VehicleCheckOutReq',
    'VehicleCheckOutReqType',
    'VehicleCheckOutRes',
    'VehicleCheckOutResType',
    'X509Data',
    'X509DataType',
    'X509IssuerSerialType',
    'authorizationType',
    'channelSelectionType',
    'chargeProgressType',
    'chargingSessionType',
    'ecdhCurveType',
    'evCheckInStatusType',
    'evCheckOutStatusType',
    'evseCheckOutStatusType',
    'evseNotificationType',
    'parkingMethodType',
    'powerToleranceAcceptanceType',
    'processingType',
    'responseCodeType',
]

# the classes other schema sets use too (their generated_types re-export them):
# encoded on its own, an element of one of them needs its schema named
SHARED = frozenset({
    'CLReqControlMode',
    'CLReqControlModeType',
    'CLResControlMode',
    'CLResControlModeType',
    'ChargeLoopReqType',
    'ChargeLoopResType',
    'ChargeParameterDiscoveryReqType',
    'ChargeParameterDiscoveryResType',
    'DetailedCostType',
    'DetailedTaxType',
    'DisplayParametersType',
    'Dynamic_CLReqControlModeType',
    'Dynamic_CLResControlModeType',
    'EVSEStatusType',
    'ListOfRootCertificateIDsType',
    'MessageHeaderType',
    'MeterInfoType',
    'RationalNumberType',
    'ReceiptType',
    'Scheduled_CLReqControlModeType',
    'Scheduled_CLResControlModeType',
    'V2GMessageType',
    'V2GRequestType',
    'V2GResponseType',
    'evseNotificationType',
    'processingType',
    'responseCodeType',
})


class authorizationType(str, enum.Enum):
    EIM = 'EIM'
    PnC = 'PnC'


class channelSelectionType(str, enum.Enum):
    Charge = 'Charge'
    Discharge = 'Discharge'


class chargeProgressType(str, enum.Enum):
    Start = 'Start'
    Stop = 'Stop'
    Standby = 'Standby'
    ScheduleRenegotiation = 'ScheduleRenegotiation'


class chargingSessionType(str, enum.Enum):
    Pause = 'Pause'
    Terminate = 'Terminate'
    ServiceRenegotiation = 'ServiceRenegotiation'


class ecdhCurveType(str, enum.Enum):
    SECP521 = 'SECP521'
    X448 = 'X448'


class evCheckInStatusType(str, enum.Enum):
    CheckIn = 'CheckIn'
    Processing = 'Processing'
    Completed = 'Completed'


class evCheckOutStatusType(str, enum.Enum):
    CheckOut = 'CheckOut'
    Processing = 'Processing'
    Completed = 'Completed'


class evseCheckOutStatusType(str, enum.Enum):
    Scheduled = 'Scheduled'
    Completed = 'Completed'


class evseNotificationType(str, enum.Enum):
    Pause = 'Pause'
    ExitStandby = 'ExitStandby'
    Terminate = 'Terminate'
    ScheduleRenegotiation = 'ScheduleRenegotiation'
    ServiceRenegotiation = 'ServiceRenegotiation'
    MeteringConfirmation = 'MeteringConfirmation'


class parkingMethodType(str, enum.Enum):
    AutoParking = 'AutoParking'
    MVGuideManual = 'MVGuideManual'
    Manual = 'Manual'


class powerToleranceAcceptanceType(str, enum.Enum):
    PowerToleranceNotConfirmed = 'PowerToleranceNotConfirmed'
    PowerToleranceConfirmed = 'PowerToleranceConfirmed'


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
class V2GMessageType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GMessageType (abstract)."""
    Header: MessageHeaderType


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GRequestType(V2GMessageType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GRequestType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}AuthorizationReqType."""
    SelectedAuthorizationService: authorizationType
    EIM_AReqAuthorizationMode: EIM_AReqAuthorizationModeType | None = None
    PnC_AReqAuthorizationMode: PnC_AReqAuthorizationModeType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GResponseType(V2GMessageType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GResponseType (abstract)."""
    ResponseCode: responseCodeType


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}AuthorizationResType."""
    EVSEProcessing: processingType


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationSetupReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}AuthorizationSetupReqType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationSetupResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}AuthorizationSetupResType."""
    AuthorizationServices: tuple[authorizationType, ...]
    CertificateInstallationService: bool
    EIM_ASResAuthorizationMode: EIM_ASResAuthorizationModeType | None = None
    PnC_ASResAuthorizationMode: PnC_ASResAuthorizationModeType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CLReqControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}CLReqControlModeType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CLResControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}CLResControlModeType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}CertificateInstallationReqType."""
    OEMProvisioningCertificateChain: SignedCertificateChainType
    ListOfRootCertificateIDs: ListOfRootCertificateIDsType
    MaximumContractCertificateChains: int
    PrioritizedEMAIDs: EMAIDListType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'MaximumContractCertificateChains': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}CertificateInstallationResType."""
    EVSEProcessing: processingType
    CPSCertificateChain: CertificateChainType
    SignedInstallationData: SignedInstallationDataType
    RemainingContractCertificateChains: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'RemainingContractCertificateChains': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringConfirmationReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}MeteringConfirmationReqType."""
    SignedMeteringData: SignedMeteringDataType


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringConfirmationResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}MeteringConfirmationResType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PowerDeliveryReqType."""
    EVProcessing: processingType
    ChargeProgress: chargeProgressType
    EVPowerProfile: EVPowerProfileType | None = None
    BPT_ChannelSelection: channelSelectionType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PowerDeliveryResType."""
    EVSEStatus: EVSEStatusType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleExchangeReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ScheduleExchangeReqType."""
    MaximumSupportingPoints: int
    Dynamic_SEReqControlMode: Dynamic_SEReqControlModeType | None = None
    Scheduled_SEReqControlMode: Scheduled_SEReqControlModeType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'MaximumSupportingPoints': {'type': 'maxSupportingPointsScheduleTupleType', 'minInclusive': 12, 'maxInclusive': 1024},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleExchangeResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ScheduleExchangeResType."""
    EVSEProcessing: processingType
    GoToPause: bool | None = None
    Dynamic_SEResControlMode: Dynamic_SEResControlModeType | None = None
    Scheduled_SEResControlMode: Scheduled_SEResControlModeType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceDetailReqType."""
    ServiceID: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceDetailResType."""
    ServiceID: int
    ServiceParameterList: ServiceParameterListType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceDiscoveryReqType."""
    SupportedServiceIDs: ServiceIDListType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceDiscoveryResType."""
    ServiceRenegotiationSupported: bool
    EnergyTransferServiceList: ServiceListType
    VASList: ServiceListType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceSelectionReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceSelectionReqType."""
    SelectedEnergyTransferService: SelectedServiceType
    SelectedVASList: SelectedServiceListType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceSelectionResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceSelectionResType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SessionSetupReqType."""
    EVCCID: str
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVCCID': {'type': 'identifierType', 'maxLength': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SessionSetupResType."""
    EVSEID: str
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVSEID': {'type': 'identifierType', 'maxLength': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SessionStopReqType."""
    ChargingSession: chargingSessionType
    EVTerminationCode: str | None = None
    EVTerminationExplanation: str | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EVTerminationCode': {'type': 'nameType', 'maxLength': 80},
        'EVTerminationExplanation': {'type': 'descriptionType', 'maxLength': 160},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SessionStopResType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedInstallationDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SignedInstallationDataType."""
    Id: str
    ContractCertificateChain: ContractCertificateChainType
    ECDHCurve: ecdhCurveType
    DHPublicKey: bytes
    SECP521_EncryptedPrivateKey: bytes | None = None
    X448_EncryptedPrivateKey: bytes | None = None
    TPM_EncryptedPrivateKey: bytes | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DHPublicKey': {'type': 'dhPublicKeyType', 'minLength': 133, 'maxLength': 133},
        'SECP521_EncryptedPrivateKey': {'type': 'secp521_EncryptedPrivateKeyType', 'minLength': 94, 'maxLength': 94},
        'X448_EncryptedPrivateKey': {'type': 'x448_EncryptedPrivateKeyType', 'minLength': 84, 'maxLength': 84},
        'TPM_EncryptedPrivateKey': {'type': 'tpm_EncryptedPrivateKeyType', 'minLength': 206, 'maxLength': 206},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedMeteringDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SignedMeteringDataType."""
    Id: str
    SessionID: bytes
    MeterInfo: MeterInfoType
    Receipt: ReceiptType | None = None
    Dynamic_SMDTControlMode: Dynamic_SMDTControlModeType | None = None
    Scheduled_SMDTControlMode: Scheduled_SMDTControlModeType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SessionID': {'type': 'sessionIDType', 'minLength': 8, 'maxLength': 8},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleCheckInReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}VehicleCheckInReqType."""
    EVCheckInStatus: evCheckInStatusType
    ParkingMethod: parkingMethodType
    VehicleFrame: int | None = None
    DeviceOffset: int | None = None
    VehicleTravel: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'VehicleFrame': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'DeviceOffset': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'VehicleTravel': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleCheckInResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}VehicleCheckInResType."""
    ParkingSpace: int | None = None
    DeviceLocation: int | None = None
    TargetDistance: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ParkingSpace': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'DeviceLocation': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'TargetDistance': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleCheckOutReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}VehicleCheckOutReqType."""
    EVCheckOutStatus: evCheckOutStatusType
    CheckOutTime: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'CheckOutTime': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleCheckOutResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}VehicleCheckOutResType."""
    EVSECheckOutStatus: evseCheckOutStatusType


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceScheduleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PriceScheduleType (abstract)."""
    TimeAnchor: int
    PriceScheduleID: int
    PriceScheduleDescription: str | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TimeAnchor': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'PriceScheduleID': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
        'PriceScheduleDescription': {'type': 'descriptionType', 'maxLength': 160},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AbsolutePriceScheduleType(PriceScheduleType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}AbsolutePriceScheduleType."""
    Id: str | None = None
    Currency: str
    Language: str
    PriceAlgorithm: str
    MinimumCost: RationalNumberType | None = None
    MaximumCost: RationalNumberType | None = None
    TaxRules: TaxRuleListType | None = None
    PriceRuleStacks: PriceRuleStackListType
    OverstayRules: OverstayRuleListType | None = None
    AdditionalSelectedServices: AdditionalServiceListType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TimeAnchor': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'PriceScheduleID': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
        'PriceScheduleDescription': {'type': 'descriptionType', 'maxLength': 160},
        'Currency': {'type': 'currencyType', 'maxLength': 3},
        'Language': {'type': 'languageType', 'maxLength': 3},
        'PriceAlgorithm': {'type': 'identifierType', 'maxLength': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AdditionalServiceListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}AdditionalServiceListType."""
    AdditionalService: tuple[AdditionalServiceType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AdditionalServiceType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}AdditionalServiceType."""
    ServiceName: str
    ServiceFee: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceName': {'type': 'nameType', 'maxLength': 80},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateChainType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}CertificateChainType."""
    Certificate: bytes
    SubCertificates: SubCertificatesType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Certificate': {'type': 'certificateType', 'maxLength': 1600},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeLoopReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeLoopReqType (abstract)."""
    DisplayParameters: DisplayParametersType | None = None
    MeterInfoRequested: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeLoopResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeLoopResType (abstract)."""
    EVSEStatus: EVSEStatusType | None = None
    MeterInfo: MeterInfoType | None = None
    Receipt: ReceiptType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeParameterDiscoveryReqType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeParameterDiscoveryResType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingScheduleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ChargingScheduleType."""
    PowerSchedule: PowerScheduleType
    AbsolutePriceSchedule: AbsolutePriceScheduleType | None = None
    PriceLevelSchedule: PriceLevelScheduleType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractCertificateChainType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ContractCertificateChainType."""
    Certificate: bytes
    SubCertificates: SubCertificatesType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Certificate': {'type': 'certificateType', 'maxLength': 1600},
    }


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
class Dynamic_EVPPTControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}Dynamic_EVPPTControlModeType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_SEReqControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}Dynamic_SEReqControlModeType."""
    DepartureTime: int
    MinimumSOC: int | None = None
    TargetSOC: int | None = None
    EVTargetEnergyRequest: RationalNumberType
    EVMaximumEnergyRequest: RationalNumberType
    EVMinimumEnergyRequest: RationalNumberType
    EVMaximumV2XEnergyRequest: RationalNumberType | None = None
    EVMinimumV2XEnergyRequest: RationalNumberType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'MinimumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_SEResControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}Dynamic_SEResControlModeType."""
    DepartureTime: int | None = None
    MinimumSOC: int | None = None
    TargetSOC: int | None = None
    AbsolutePriceSchedule: AbsolutePriceScheduleType | None = None
    PriceLevelSchedule: PriceLevelScheduleType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'MinimumSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
        'TargetSOC': {'type': 'percentValueType', 'minInclusive': 0, 'maxInclusive': 100},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_SMDTControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}Dynamic_SMDTControlModeType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EIM_AReqAuthorizationModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EIM_AReqAuthorizationModeType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EIM_ASResAuthorizationModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EIM_ASResAuthorizationModeType."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EMAIDListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EMAIDListType."""
    EMAID: tuple[str, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'EMAID': {'type': 'identifierType', 'maxLength': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVAbsolutePriceScheduleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVAbsolutePriceScheduleType."""
    TimeAnchor: int
    Currency: str
    PriceAlgorithm: str
    EVPriceRuleStacks: EVPriceRuleStackListType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TimeAnchor': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'Currency': {'type': 'currencyType', 'maxLength': 3},
        'PriceAlgorithm': {'type': 'identifierType', 'maxLength': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVEnergyOfferType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVEnergyOfferType."""
    EVPowerSchedule: EVPowerScheduleType
    EVAbsolutePriceSchedule: EVAbsolutePriceScheduleType


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerProfileEntryListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVPowerProfileEntryListType."""
    EVPowerProfileEntry: tuple[PowerScheduleEntryType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerProfileType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVPowerProfileType."""
    TimeAnchor: int
    Dynamic_EVPPTControlMode: Dynamic_EVPPTControlModeType | None = None
    Scheduled_EVPPTControlMode: Scheduled_EVPPTControlModeType | None = None
    EVPowerProfileEntries: EVPowerProfileEntryListType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TimeAnchor': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerScheduleEntryListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVPowerScheduleEntryListType."""
    EVPowerScheduleEntry: tuple[EVPowerScheduleEntryType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerScheduleEntryType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVPowerScheduleEntryType."""
    Duration: int
    Power: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Duration': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPowerScheduleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVPowerScheduleType."""
    TimeAnchor: int
    EVPowerScheduleEntries: EVPowerScheduleEntryListType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TimeAnchor': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPriceRuleStackListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVPriceRuleStackListType."""
    EVPriceRuleStack: tuple[EVPriceRuleStackType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPriceRuleStackType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVPriceRuleStackType."""
    Duration: int
    EVPriceRule: tuple[EVPriceRuleType, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Duration': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class EVPriceRuleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}EVPriceRuleType."""
    EnergyFee: RationalNumberType
    PowerRangeStart: RationalNumberType


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
class OverstayRuleListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}OverstayRuleListType."""
    OverstayTimeThreshold: int | None = None
    OverstayPowerThreshold: RationalNumberType | None = None
    OverstayRule: tuple[OverstayRuleType, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'OverstayTimeThreshold': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class OverstayRuleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}OverstayRuleType."""
    OverstayRuleDescription: str | None = None
    StartTime: int
    OverstayFee: RationalNumberType
    OverstayFeePeriod: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'OverstayRuleDescription': {'type': 'descriptionType', 'maxLength': 160},
        'StartTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'OverstayFeePeriod': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterSetType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ParameterSetType."""
    ParameterSetID: int
    Parameter: tuple[ParameterType, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ParameterSetID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ParameterType."""
    Name: str
    boolValue: bool | None = None
    byteValue: int | None = None
    shortValue: int | None = None
    intValue: int | None = None
    rationalNumber: RationalNumberType | None = None
    finiteString: str | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Name': {'type': 'nameType', 'maxLength': 80},
        'byteValue': {'type': 'byte', 'minInclusive': -128, 'maxInclusive': 127},
        'shortValue': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'intValue': {'type': 'int', 'minInclusive': -2147483648, 'maxInclusive': 2147483647},
        'finiteString': {'type': 'nameType', 'maxLength': 80},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PnC_AReqAuthorizationModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PnC_AReqAuthorizationModeType."""
    Id: str
    GenChallenge: bytes
    ContractCertificateChain: ContractCertificateChainType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'GenChallenge': {'type': 'genChallengeType', 'minLength': 16, 'maxLength': 16},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PnC_ASResAuthorizationModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PnC_ASResAuthorizationModeType."""
    GenChallenge: bytes
    SupportedProviders: SupportedProvidersListType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'GenChallenge': {'type': 'genChallengeType', 'minLength': 16, 'maxLength': 16},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerScheduleEntryListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PowerScheduleEntryListType."""
    PowerScheduleEntry: tuple[PowerScheduleEntryType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerScheduleEntryType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PowerScheduleEntryType."""
    Duration: int
    Power: RationalNumberType
    Power_L2: RationalNumberType | None = None
    Power_L3: RationalNumberType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Duration': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerScheduleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PowerScheduleType."""
    TimeAnchor: int
    AvailableEnergy: RationalNumberType | None = None
    PowerTolerance: RationalNumberType | None = None
    PowerScheduleEntries: PowerScheduleEntryListType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TimeAnchor': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceLevelScheduleEntryListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PriceLevelScheduleEntryListType."""
    PriceLevelScheduleEntry: tuple[PriceLevelScheduleEntryType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceLevelScheduleEntryType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PriceLevelScheduleEntryType."""
    Duration: int
    PriceLevel: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Duration': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'PriceLevel': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceLevelScheduleType(PriceScheduleType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PriceLevelScheduleType."""
    Id: str | None = None
    NumberOfPriceLevels: int
    PriceLevelScheduleEntries: PriceLevelScheduleEntryListType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TimeAnchor': {'type': 'unsignedLong', 'minInclusive': 0, 'maxInclusive': 18446744073709551615},
        'PriceScheduleID': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
        'PriceScheduleDescription': {'type': 'descriptionType', 'maxLength': 160},
        'NumberOfPriceLevels': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceRuleStackListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PriceRuleStackListType."""
    PriceRuleStack: tuple[PriceRuleStackType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceRuleStackType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PriceRuleStackType."""
    Duration: int
    PriceRule: tuple[PriceRuleType, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Duration': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceRuleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}PriceRuleType."""
    EnergyFee: RationalNumberType
    ParkingFee: RationalNumberType | None = None
    ParkingFeePeriod: int | None = None
    CarbonDioxideEmission: int | None = None
    RenewableGenerationPercentage: int | None = None
    PowerRangeStart: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ParkingFeePeriod': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'CarbonDioxideEmission': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'RenewableGenerationPercentage': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
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
class ScheduleTupleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ScheduleTupleType."""
    ScheduleTupleID: int
    ChargingSchedule: ChargingScheduleType
    DischargingSchedule: ChargingScheduleType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ScheduleTupleID': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_CLReqControlModeType(CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Scheduled_CLReqControlModeType (abstract)."""
    EVTargetEnergyRequest: RationalNumberType | None = None
    EVMaximumEnergyRequest: RationalNumberType | None = None
    EVMinimumEnergyRequest: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_CLResControlModeType(CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Scheduled_CLResControlModeType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_EVPPTControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}Scheduled_EVPPTControlModeType."""
    SelectedScheduleTupleID: int
    PowerToleranceAcceptance: powerToleranceAcceptanceType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SelectedScheduleTupleID': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_SEReqControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}Scheduled_SEReqControlModeType."""
    DepartureTime: int | None = None
    EVTargetEnergyRequest: RationalNumberType | None = None
    EVMaximumEnergyRequest: RationalNumberType | None = None
    EVMinimumEnergyRequest: RationalNumberType | None = None
    EVEnergyOffer: EVEnergyOfferType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'DepartureTime': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_SEResControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}Scheduled_SEResControlModeType."""
    ScheduleTuple: tuple[ScheduleTupleType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_SMDTControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}Scheduled_SMDTControlModeType."""
    SelectedScheduleTupleID: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SelectedScheduleTupleID': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectedServiceListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SelectedServiceListType."""
    SelectedService: tuple[SelectedServiceType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectedServiceType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SelectedServiceType."""
    ServiceID: int
    ParameterSetID: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
        'ParameterSetID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceIDListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceIDListType."""
    ServiceID: tuple[int, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceListType."""
    Service: tuple[ServiceType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceParameterListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceParameterListType."""
    ParameterSet: tuple[ParameterSetType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}ServiceType."""
    ServiceID: int
    FreeService: bool
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ServiceID': {'type': 'serviceIDType', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedCertificateChainType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SignedCertificateChainType."""
    Id: str
    Certificate: bytes
    SubCertificates: SubCertificatesType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Certificate': {'type': 'certificateType', 'maxLength': 1600},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SubCertificatesType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SubCertificatesType."""
    Certificate: tuple[bytes, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Certificate': {'type': 'certificateType', 'maxLength': 1600},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportedProvidersListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}SupportedProvidersListType."""
    ProviderID: tuple[str, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ProviderID': {'type': 'nameType', 'maxLength': 80},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetPositionType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}TargetPositionType."""
    TargetOffsetX: int
    TargetOffsetY: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TargetOffsetX': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'TargetOffsetY': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxRuleListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}TaxRuleListType."""
    TaxRule: tuple[TaxRuleType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxRuleType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonMessages}TaxRuleType."""
    TaxRuleID: int
    TaxRuleName: str | None = None
    TaxRate: RationalNumberType
    TaxIncludedInPrice: bool | None = None
    AppliesToEnergyFee: bool
    AppliesToParkingFee: bool
    AppliesToOverstayFee: bool
    AppliesMinimumMaximumCost: bool
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TaxRuleID': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
        'TaxRuleName': {'type': 'nameType', 'maxLength': 80},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationReq(AuthorizationReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}AuthorizationReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationRes(AuthorizationResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}AuthorizationRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationSetupReq(AuthorizationSetupReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}AuthorizationSetupReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationSetupRes(AuthorizationSetupResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}AuthorizationSetupRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CLReqControlMode(CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:CommonTypes}CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CLResControlMode(CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:CommonTypes}CLResControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationReq(CertificateInstallationReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}CertificateInstallationReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInstallationRes(CertificateInstallationResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}CertificateInstallationRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringConfirmationReq(MeteringConfirmationReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}MeteringConfirmationReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeteringConfirmationRes(MeteringConfirmationResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}MeteringConfirmationRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryReq(PowerDeliveryReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}PowerDeliveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerDeliveryRes(PowerDeliveryResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}PowerDeliveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleExchangeReq(ScheduleExchangeReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}ScheduleExchangeReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleExchangeRes(ScheduleExchangeResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}ScheduleExchangeRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailReq(ServiceDetailReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}ServiceDetailReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDetailRes(ServiceDetailResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}ServiceDetailRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryReq(ServiceDiscoveryReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}ServiceDiscoveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDiscoveryRes(ServiceDiscoveryResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}ServiceDiscoveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceSelectionReq(ServiceSelectionReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}ServiceSelectionReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceSelectionRes(ServiceSelectionResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}ServiceSelectionRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupReq(SessionSetupReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}SessionSetupReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSetupRes(SessionSetupResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}SessionSetupRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopReq(SessionStopReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}SessionStopReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopRes(SessionStopResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}SessionStopRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedInstallationData(SignedInstallationDataType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}SignedInstallationData."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedMeteringData(SignedMeteringDataType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}SignedMeteringData."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleCheckInReq(VehicleCheckInReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}VehicleCheckInReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleCheckInRes(VehicleCheckInResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}VehicleCheckInRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleCheckOutReq(VehicleCheckOutReqType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}VehicleCheckOutReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleCheckOutRes(VehicleCheckOutResType):
    """Global element {urn:iso:std:iso:15118:-20:CommonMessages}VehicleCheckOutRes."""
