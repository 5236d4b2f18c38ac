# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 AC XSDs.
"""Typed message classes of the ISO 15118-20 AC schema set."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

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


class evseNotificationType(str, enum.Enum):
    Pause = 'Pause'
    ExitStandby = 'ExitStandby'
    Terminate = 'Terminate'
    ScheduleRenegotiation = 'ScheduleRenegotiation'
    ServiceRenegotiation = 'ServiceRenegotiation'
    MeteringConfirmation = 'MeteringConfirmation'


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
class V2GMessageType:
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GMessageType (abstract)."""
    Header: MessageHeaderType


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GRequestType(V2GMessageType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GRequestType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeLoopReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeLoopReqType (abstract)."""
    DisplayParameters: DisplayParametersType | None = None
    MeterInfoRequested: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeLoopReqType(ChargeLoopReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_ChargeLoopReqType."""
    CLReqControlMode: BPT_Dynamic_AC_CLReqControlMode | BPT_Scheduled_AC_CLReqControlMode | CLReqControlMode | Dynamic_AC_CLReqControlMode | Scheduled_AC_CLReqControlMode


@dataclass(frozen=True, slots=True, kw_only=True)
class V2GResponseType(V2GMessageType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}V2GResponseType (abstract)."""
    ResponseCode: responseCodeType


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeLoopResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeLoopResType (abstract)."""
    EVSEStatus: EVSEStatusType | None = None
    MeterInfo: MeterInfoType | None = None
    Receipt: ReceiptType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeLoopResType(ChargeLoopResType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_ChargeLoopResType."""
    EVSETargetFrequency: RationalNumberType | None = None
    CLResControlMode: BPT_Dynamic_AC_CLResControlMode | BPT_Scheduled_AC_CLResControlMode | CLResControlMode | Dynamic_AC_CLResControlMode | Scheduled_AC_CLResControlMode


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryReqType(V2GRequestType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeParameterDiscoveryReqType (abstract)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AC_ChargeParameterDiscoveryReqType(ChargeParameterDiscoveryReqType):
    """XSD complex type {urn:iso:std:iso:15118:-20:AC}AC_ChargeParameterDiscoveryReqType."""
    AC_CPDReqEnergyTransferMode: AC_CPDReqEnergyTransferMode | BPT_AC_CPDReqEnergyTransferMode


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeParameterDiscoveryResType(V2GResponseType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}ChargeParameterDiscoveryResType (abstract)."""


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
class Scheduled_CLReqControlModeType(CLReqControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Scheduled_CLReqControlModeType (abstract)."""
    EVTargetEnergyRequest: RationalNumberType | None = None
    EVMaximumEnergyRequest: RationalNumberType | None = None
    EVMinimumEnergyRequest: RationalNumberType | None = None


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
class Scheduled_CLResControlModeType(CLResControlModeType):
    """XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}Scheduled_CLResControlModeType (abstract)."""


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
class Dynamic_AC_CLReqControlMode(Dynamic_AC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}Dynamic_AC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic_AC_CLResControlMode(Dynamic_AC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}Dynamic_AC_CLResControlMode."""


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
class Scheduled_AC_CLReqControlMode(Scheduled_AC_CLReqControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}Scheduled_AC_CLReqControlMode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheduled_AC_CLResControlMode(Scheduled_AC_CLResControlModeType):
    """Global element {urn:iso:std:iso:15118:-20:AC}Scheduled_AC_CLResControlMode."""


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
