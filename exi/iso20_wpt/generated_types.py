# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 WPT XSDs.
"""Typed message classes of the ISO 15118-20 WPT schema set."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

__all__ = [
    'AlternativeSECCListType',
    'AlternativeSECCType',
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
    'WPT_AlignmentCheckMethodListType',
    'WPT_AlignmentCheckMethodType',
    'WPT_AlignmentCheckReq',
    'WPT_AlignmentCheckReqType',
    'WPT_AlignmentCheckRes',
    'WPT_AlignmentCheckResType',
    'WPT_ChargeLoopReq',
    'WPT_ChargeLoopReqType',
    'WPT_ChargeLoopRes',
    'WPT_ChargeLoopResType',
    'WPT_ChargeParameterDiscoveryReq',
    'WPT_ChargeParameterDiscoveryReqType',
    'WPT_ChargeParameterDiscoveryRes',
    'WPT_ChargeParameterDiscoveryResType',
    'WPT_CoordinateXYZType',
    'WPT_EVPCChargeDiagnosticsType',
    'WPT_EVPCPowerControlParameterType',
    'WPT_EVResultType',
    'WPT_FinePositioningMethodListType',
    'WPT_FinePositioningMethodType',
    'WPT_FinePositioningReq',
    'WPT_FinePositioningReqType',
    'WPT_FinePositioningRes',
    'WPT_FinePositioningResType',
    'WPT_FinePositioningSetupReq',
    'WPT_FinePositioningSetupReqType',
    'WPT_FinePositioningSetupRes',
    'WPT_FinePositioningSetupResType',
    'WPT_LF_DataPackageListType',
    'WPT_LF_DataPackageType',
    'WPT_LF_ReceiverDataType',
    'WPT_LF_RxDataListType',
    'WPT_LF_RxDataType',
    'WPT_LF_RxRSSIListType',
    'WPT_LF_RxRSSIType',
    'WPT_LF_SystemSetupDataType',
    'WPT_LF_TransmitterDataType',
    'WPT_LF_TxDataListType',
    'WPT_LF_TxDataType',
    'WPT_PairingMethodListType',
    'WPT_PairingMethodType',
    'WPT_PairingReq',
    'WPT_PairingReqType',
    'WPT_PairingRes',
    'WPT_PairingResType',
    'WPT_PowerClassType',
    'WPT_SPCChargeDiagnosticsType',
    'WPT_SPCPowerControlParameterType',
    'WPT_TxRxPackageSpecDataType',
    'WPT_TxRxPulseOrderType',
    'WPT_TxRxSpecDataType',
    'X509Data',
    'X509DataType',
    'X509IssuerSerialType',
    'evseNotificationType',
    'processingType',
    'responseCodeType',
]


class WPT_AlignmentCheckMethodType(str, enum.Enum):
    PowerCheck = 'PowerCheck'
    LPE = 'LPE'
    Proprietary = 'Proprietary'


class WPT_EVPCChargeDiagnosticsType(str, enum.Enum):
    EVPCNoIssue = 'EVPCNoIssue'
    EVPCTempOverheatDetected = 'EVPCTempOverheatDetected'
    EVPCPowerTransferAnomalyDetected = 'EVPCPowerTransferAnomalyDetected'
    EVPCAnomalyDetected = 'EVPCAnomalyDetected'


class WPT_EVResultType(str, enum.Enum):
    EVResultUnknown = 'EVResultUnknown'
    EVResultSuccess = 'EVResultSuccess'
    EVResultFailed = 'EVResultFailed'


class WPT_FinePositioningMethodType(str, enum.Enum):
    Manual = 'Manual'
    LF_TxEV = 'LF_TxEV'
    LF_TxPrimaryDevice = 'LF_TxPrimaryDevice'
    LPE = 'LPE'
    Proprietary = 'Proprietary'


class WPT_PairingMethodType(str, enum.Enum):
    External_confirmation = 'External confirmation'
    LPE = 'LPE'
    LF_TxEV = 'LF_TxEV'
    LF_TxPrimaryDevice = 'LF_TxPrimaryDevice'
    Optical = 'Optical'
    Proprietary = 'Proprietary'


class WPT_PowerClassType(str, enum.Enum):
    MF_WPT1 = 'MF-WPT1'
    MF_WPT2 = 'MF-WPT2'
    MF_WPT3 = 'MF-WPT3'
    MF_WPT4 = 'MF-WPT4'


class WPT_SPCChargeDiagnosticsType(str, enum.Enum):
    SPCNoIssue = 'SPCNoIssue'
    SPCFODDetected = 'SPCFODDetected'
    SPCLOPDetected = 'SPCLOPDetected'
    SPCTempOverheatDetected = 'SPCTempOverheatDetected'
    SPCPowerTransferAnomalyDetected = 'SPCPowerTransferAnomalyDetected'
    SPCAnomalyDetected = 'SPCAnomalyDetected'


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
class CLReqControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}CLReqControlModeType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CLResControlModeType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}CLResControlModeType (abstract)."""


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
class V2GMessageType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GMessageType (abstract)."""
    Header: MessageHeaderType


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GRequestType(V2GMessageType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GRequestType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_AlignmentCheckReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_AlignmentCheckReqType."""
    EVProcessing: processingType
    TargetCoilCurrent: RationalNumberType | None = None
    EVResultCode: WPT_EVResultType
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GResponseType(V2GMessageType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GResponseType (abstract)."""
    ResponseCode: responseCodeType


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_AlignmentCheckResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_AlignmentCheckResType."""
    EVSEProcessing: processingType
    PowerTransmitted: RationalNumberType | None = None
    SupplyDeviceCurrent: RationalNumberType | None = None
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeLoopReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeLoopReqType (abstract)."""
    DisplayParameters: DisplayParametersType | None = None
    MeterInfoRequested: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_ChargeLoopReqType(ChargeLoopReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_ChargeLoopReqType."""
    EVPCPowerRequest: RationalNumberType
    EVPCPowerOutput: RationalNumberType
    EVPCChargeDiagnostics: WPT_EVPCChargeDiagnosticsType
    EVPCOperatingFrequency: RationalNumberType | None = None
    EVPCPowerControlParameter: WPT_EVPCPowerControlParameterType | None = None
    ManufacturerSpecificDataContainer: tuple[bytes, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ManufacturerSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeLoopResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeLoopResType (abstract)."""
    EVSEStatus: EVSEStatusType | None = None
    MeterInfo: MeterInfoType | None = None
    Receipt: ReceiptType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_ChargeLoopResType(ChargeLoopResType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_ChargeLoopResType."""
    EVPCPowerRequest: RationalNumberType
    SDPowerInput: RationalNumberType | None = None
    SPCMaxOutputPowerLimit: RationalNumberType
    SPCMinOutputPowerLimit: RationalNumberType
    SPCChargeDiagnostics: WPT_SPCChargeDiagnosticsType
    SPCOperatingFrequency: RationalNumberType | None = None
    SPCPowerControlParameter: WPT_SPCPowerControlParameterType | None = None
    ManufacturerSpecificDataContainer: tuple[bytes, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ManufacturerSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeParameterDiscoveryReqType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_ChargeParameterDiscoveryReqType(ChargeParameterDiscoveryReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_ChargeParameterDiscoveryReqType."""
    EVPCMaxReceivablePower: RationalNumberType
    SDMaxGroundClearence: int
    SDMinGroundClearence: int
    EVPCNaturalFrequency: RationalNumberType
    EVPCDeviceLocalControl: bool
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SDMaxGroundClearence': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'SDMinGroundClearence': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeParameterDiscoveryResType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_ChargeParameterDiscoveryResType(ChargeParameterDiscoveryResType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_ChargeParameterDiscoveryResType."""
    PDInputPowerClass: WPT_PowerClassType
    SDMinOutputPower: RationalNumberType
    SDMaxOutputPower: RationalNumberType
    SDMaxGroundClearanceSupport: int
    SDMinGroundClearanceSupport: int
    PDMinCoilCurrent: RationalNumberType
    PDMaxCoilCurrent: RationalNumberType
    SDManufacturerSpecificDataContainer: tuple[bytes, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SDMaxGroundClearanceSupport': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'SDMinGroundClearanceSupport': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'SDManufacturerSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningReqType."""
    EVProcessing: processingType
    EVResultCode: WPT_EVResultType
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    WPT_LF_DataPackageList: WPT_LF_DataPackageListType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningResType."""
    EVSEProcessing: processingType
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    WPT_LF_DataPackageList: WPT_LF_DataPackageListType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningSetupReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningSetupReqType."""
    EVProcessing: processingType
    EVDeviceFinePositioningMethodList: WPT_FinePositioningMethodListType
    EVDevicePairingMethodList: WPT_PairingMethodListType
    EVDeviceAlignmentCheckMethodList: WPT_AlignmentCheckMethodListType
    NaturalOffset: int
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    LF_SystemSetupData: WPT_LF_SystemSetupDataType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NaturalOffset': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningSetupResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningSetupResType."""
    PrimaryDeviceFinePositioningMethodList: WPT_FinePositioningMethodListType
    PrimaryDevicePairingMethodList: WPT_PairingMethodListType
    PrimaryDeviceAlignmentCheckMethodList: WPT_AlignmentCheckMethodListType
    NaturalOffset: int
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    LF_SystemSetupData: WPT_LF_SystemSetupDataType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NaturalOffset': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_PairingReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_PairingReqType."""
    EVProcessing: processingType
    ObservedIDCode: int | None = None
    EVResultCode: WPT_EVResultType
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ObservedIDCode': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_PairingResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_PairingResType."""
    EVSEProcessing: processingType
    ObservedIDCode: int | None = None
    AlternativeSECCList: AlternativeSECCListType | None = None
    VendorSpecificDataContainer: tuple[bytes, ...] = ()
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ObservedIDCode': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
        'VendorSpecificDataContainer': {'type': 'WPT_DataContainerType', 'maxLength': 256},
    }


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
class AlternativeSECCListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}AlternativeSECCListType."""
    AlternativeSECC: tuple[AlternativeSECCType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlternativeSECCType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}AlternativeSECCType."""
    SSID: str | None = None
    BSSID: str | None = None
    IPAddress: str | None = None
    Port: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SSID': {'type': 'identifierType', 'maxLength': 255},
        'BSSID': {'type': 'bssidType', 'maxLength': 12},
        'IPAddress': {'type': 'ipaddressType', 'maxLength': 39},
        'Port': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
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
class Scheduled_CLReqControlModeType(CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Scheduled_CLReqControlModeType (abstract)."""
    EVTargetEnergyRequest: RationalNumberType | None = None
    EVMaximumEnergyRequest: RationalNumberType | None = None
    EVMinimumEnergyRequest: RationalNumberType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_CLResControlModeType(CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Scheduled_CLResControlModeType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_AlignmentCheckMethodListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_AlignmentCheckMethodListType."""
    WPT_AlignmentCheckMethod: tuple[WPT_AlignmentCheckMethodType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_CoordinateXYZType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_CoordinateXYZType."""
    Coord_X: int
    Coord_Y: int
    Coord_Z: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'Coord_X': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'Coord_Y': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
        'Coord_Z': {'type': 'short', 'minInclusive': -32768, 'maxInclusive': 32767},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_EVPCPowerControlParameterType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_EVPCPowerControlParameterType."""
    EVPCCoilCurrentRequest: RationalNumberType
    EVPCCoilCurrentInformation: RationalNumberType
    EVPCCurrentOutputInformation: RationalNumberType
    EVPCVoltageOutputInformation: RationalNumberType


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningMethodListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningMethodListType."""
    WPT_FinePositioningMethod: tuple[WPT_FinePositioningMethodType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_DataPackageListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_DataPackageListType."""
    NumPackages: int
    WPT_LF_DataPackage: WPT_LF_DataPackageType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NumPackages': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_DataPackageType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_DataPackageType."""
    PackageIndex: int
    LF_TxData: WPT_LF_TxDataListType | None = None
    LF_RxData: WPT_LF_RxDataListType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'PackageIndex': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_ReceiverDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_ReceiverDataType."""
    NumberOfReceivers: int
    RxSpecData: tuple[WPT_TxRxSpecDataType, ...]
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NumberOfReceivers': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_RxDataListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_RxDataListType."""
    WPT_LF_RxDataList: WPT_LF_RxDataType


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_RxDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_RxDataType."""
    RxIdentifier: int
    RSSIData: WPT_LF_RxRSSIListType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'RxIdentifier': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_RxRSSIListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_RxRSSIListType."""
    RSSIDataList: WPT_LF_RxRSSIType


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_RxRSSIType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_RxRSSIType."""
    TxIdentifier: int
    RSSI: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TxIdentifier': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_SystemSetupDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_SystemSetupDataType."""
    LF_TransmitterSetupData: WPT_LF_TransmitterDataType | None = None
    LF_ReceiverSetupData: WPT_LF_ReceiverDataType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_TransmitterDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_TransmitterDataType."""
    NumberOfTransmitters: int
    SignalFrequency: RationalNumberType
    TxSpecData: tuple[WPT_TxRxSpecDataType, ...]
    TxPackageSpecData: WPT_TxRxPackageSpecDataType | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'NumberOfTransmitters': {'type': 'unsignedByte', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_TxDataListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_TxDataListType."""
    WPT_LF_TxDataList: WPT_LF_TxDataType


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_LF_TxDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_LF_TxDataType."""
    TxIdentifier: int
    EIRP: RationalNumberType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TxIdentifier': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_PairingMethodListType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_PairingMethodListType."""
    WPT_PairingMethod: tuple[WPT_PairingMethodType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_SPCPowerControlParameterType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_SPCPowerControlParameterType."""
    SPCPrimaryDeviceCoilCurrentInformation: RationalNumberType


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_TxRxPackageSpecDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_TxRxPackageSpecDataType."""
    PulseSequenceOrder: tuple[WPT_TxRxPulseOrderType, ...]
    PulseSeparationTime: int
    PulseDuration: int
    PackageSeparationTime: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'PulseSeparationTime': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'PulseDuration': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'PackageSeparationTime': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_TxRxPulseOrderType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_TxRxPulseOrderType."""
    IndexNumber: int
    TxRxIdentifier: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'IndexNumber': {'type': 'unsignedShort', 'minInclusive': 0, 'maxInclusive': 65535},
        'TxRxIdentifier': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_TxRxSpecDataType:
    """XSD complex type {urn:iso:std:iso:15118:-20:WPT}WPT_TxRxSpecDataType."""
    TxRxIdentifier: int
    TxRxPosition: WPT_CoordinateXYZType
    TxRxOrientation: WPT_CoordinateXYZType
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'TxRxIdentifier': {'type': 'numericIDType', 'minInclusive': 1, 'maxInclusive': 4294967295},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class X509IssuerSerialType:
    """XSD complex type {http://www.w3.org/2000/09/xmldsig#}X509IssuerSerialType."""
    X509IssuerName: str
    X509SerialNumber: int


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
class WPT_AlignmentCheckReq(WPT_AlignmentCheckReqType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_AlignmentCheckReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_AlignmentCheckRes(WPT_AlignmentCheckResType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_AlignmentCheckRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_ChargeLoopReq(WPT_ChargeLoopReqType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_ChargeLoopReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_ChargeLoopRes(WPT_ChargeLoopResType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_ChargeLoopRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_ChargeParameterDiscoveryReq(WPT_ChargeParameterDiscoveryReqType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_ChargeParameterDiscoveryReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_ChargeParameterDiscoveryRes(WPT_ChargeParameterDiscoveryResType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_ChargeParameterDiscoveryRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningReq(WPT_FinePositioningReqType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningRes(WPT_FinePositioningResType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningSetupReq(WPT_FinePositioningSetupReqType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningSetupReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_FinePositioningSetupRes(WPT_FinePositioningSetupResType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_FinePositioningSetupRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_PairingReq(WPT_PairingReqType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_PairingReq."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WPT_PairingRes(WPT_PairingResType):
    """Global element {urn:iso:std:iso:15118:-20:WPT}WPT_PairingRes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class X509Data(X509DataType):
    """Global element {http://www.w3.org/2000/09/xmldsig#}X509Data."""
