# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 WPT XSDs.
"""Typed message classes of the ISO 15118-20 WPT schema set."""

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
