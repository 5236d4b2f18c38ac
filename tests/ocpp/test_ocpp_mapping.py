"""The pure OCPP 2.0.1 mappings: answers to the session's values, garbage to a typed error,
charging profiles to schedules."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest

pytest.importorskip("ocpp")

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp

from tls.pki import PkiConfig, create_pki
from tls.profiles import Role
from tls.validate import RevocationStatus
from v2g.backend import AuthorizeRequest, certificate_hash_data
from v2g.controller import AuthStatus, EnergyMode, EnergyRequest, Schedule
from v2g.ocpp.limits import ChargingLimits
from v2g.ocpp.mapping import (
    CsmsAnswerError,
    auth_status,
    authorize_result,
    certificate_result,
    charging_needs_payload,
    contract_authorize_payload,
    ocmf_wh,
    ocsp_status,
    profile_schedule,
)


@pytest.mark.parametrize(
    ("answer", "accepted", "code"),
    [
        ({"id_token_info": {"status": "Accepted"}, "certificate_status": "Accepted"}, True, "OK"),
        ({"id_token_info": {"status": "Accepted"}}, True, "OK"),
        ({"id_token_info": {"status": "Blocked"}}, False, "FAILED"),
        ({"id_token_info": {"status": "Expired"}}, False, "FAILED"),
        ({"id_token_info": {"status": "NoCredit"}}, False, "FAILED"),
        (
            {"id_token_info": {"status": "Blocked"}, "certificate_status": "CertificateRevoked"},
            False,
            "FAILED_CertificateRevoked",
        ),
        (
            {"id_token_info": {"status": "Invalid"}, "certificate_status": "CertificateExpired"},
            False,
            "FAILED_CertificateExpired",
        ),
        (
            {"id_token_info": {"status": "Accepted"}, "certificate_status": "ContractCancelled"},
            False,
            "FAILED_ContractCanceled",
        ),
    ],
)
def test_authorize_answer_maps_to_acceptance_and_response_code(
    answer: dict[str, Any], accepted: bool, code: str
) -> None:
    result = authorize_result(answer)
    assert result.accepted is accepted and result.response_code == code
    assert auth_status(result) is (AuthStatus.ACCEPTED if accepted else AuthStatus.REJECTED)


@pytest.mark.parametrize(
    "answer",
    [
        {},
        {"id_token_info": "Accepted"},
        {"id_token_info": {"status": "Maybe"}},
        {"id_token_info": {"status": "Accepted"}, "certificate_status": "Fine"},
    ],
)
def test_garbage_authorize_answer_is_a_typed_error(answer: dict[str, Any]) -> None:
    with pytest.raises(CsmsAnswerError):
        authorize_result(answer)


def test_contract_payload_carries_emaid_and_at_most_four_hash_data() -> None:
    pki = create_pki(PkiConfig("iso2", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)))
    chain = (
        pki.certs[Role.CONTRACT_LEAF],
        pki.certs[Role.MO_SUB_CA2],
        pki.certs[Role.MO_SUB_CA1],
        pki.certs[Role.MO_ROOT],
    )
    data = certificate_hash_data(chain)
    payload = contract_authorize_payload(AuthorizeRequest("DEV2G123456789K", data * 2))
    assert payload["id_token"] == {"id_token": "DEV2G123456789K", "type": "eMAID"}
    assert len(payload["iso15118_certificate_hash_data"]) == 4
    assert payload["iso15118_certificate_hash_data"][0]["serial_number"] == data[0].serial_number


def test_certificate_answers() -> None:
    ok = certificate_result({"status": "Accepted", "exi_response": base64.b64encode(b"\x80\x98").decode()})
    assert ok.status == "Accepted" and ok.exi_response == b"\x80\x98"
    assert certificate_result({"status": "Failed"}).status == "Failed"
    for garbage in ({"status": "Accepted", "exi_response": "%%%"}, {"status": "Accepted"}, {"status": "?"}):
        with pytest.raises(CsmsAnswerError):
            certificate_result(garbage)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ocsp.OCSPCertStatus.GOOD, RevocationStatus.GOOD),
        (ocsp.OCSPCertStatus.REVOKED, RevocationStatus.REVOKED),
    ],
)
def test_ocsp_result_is_read_for_the_asked_certificate(
    status: ocsp.OCSPCertStatus, expected: RevocationStatus
) -> None:
    pki = create_pki(PkiConfig("iso2", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)))
    leaf, issuer = pki.certs[Role.CONTRACT_LEAF], pki.certs[Role.MO_SUB_CA2]
    now = dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)
    builder = (
        ocsp.OCSPResponseBuilder()
        .add_response(
            leaf,
            issuer,
            hashes.SHA256(),
            status,
            now,
            now + dt.timedelta(days=1),
            now if status is ocsp.OCSPCertStatus.REVOKED else None,
            x509.ReasonFlags.key_compromise if status is ocsp.OCSPCertStatus.REVOKED else None,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, issuer)
    )
    der = builder.sign(pki.keys[Role.MO_SUB_CA2], hashes.SHA256()).public_bytes(Encoding.DER)
    answer = {"status": "Accepted", "ocsp_result": base64.b64encode(der).decode()}
    (data, *_) = certificate_hash_data((leaf, issuer))
    assert ocsp_status(answer, data) is expected
    assert ocsp_status({"status": "Failed"}, data) is RevocationStatus.UNKNOWN
    other = (certificate_hash_data((issuer, pki.certs[Role.MO_SUB_CA1])))[0]
    with pytest.raises(CsmsAnswerError):
        ocsp_status(answer, other)
    with pytest.raises(CsmsAnswerError):
        ocsp_status({"status": "Accepted", "ocsp_result": "bm90IGRlcg=="}, data)


def _profile(unit: str, periods: list[dict[str, Any]], purpose: str = "TxDefaultProfile") -> dict[str, Any]:
    return {
        "charging_profile_purpose": purpose,
        "charging_schedule": [{"charging_rate_unit": unit, "charging_schedule_period": periods}],
    }


def test_profile_in_amps_and_watts_becomes_pmax() -> None:
    amps = _profile(
        "A", [{"start_period": 0, "limit": 16}, {"start_period": 3600, "limit": 8, "number_phases": 1}]
    )
    assert profile_schedule(amps, volts=230.0, phases=3).pmax == ((0, 11040.0), (3600, 1840.0))
    assert profile_schedule(_profile("W", [{"start_period": 0, "limit": 7000}]), volts=230.0).pmax == (
        (0, 7000.0),
    )


@pytest.mark.parametrize(
    "periods",
    [
        [],
        [{"start_period": 10, "limit": 1}],
        [{"start_period": 0, "limit": -1}],
        [{"start_period": 0, "limit": 1}, {"start_period": 0, "limit": 2}],
        [{"start_period": 0, "limit": "x"}],
    ],
)
def test_unusable_profile_is_a_typed_error(periods: list[dict[str, Any]]) -> None:
    with pytest.raises(CsmsAnswerError):
        profile_schedule(_profile("W", periods), volts=230.0)


def test_limits_cap_the_chargers_schedule_and_a_tx_profile_wins() -> None:
    limits = ChargingLimits(1)
    request = EnergyRequest(EnergyMode.DC_EXTENDED, 500.0, 200.0, 100_000.0)
    own = (Schedule(1, ((0, 50_000.0),)), Schedule(2, ((0, 25_000.0),)))
    assert limits.schedules(own, request) == own  # no profile: the charger's own
    assert limits.schedules(None, request) == (Schedule(1, ((0, 100_000.0),)),)  # the car's maximum
    limits.set(
        1, _profile("W", [{"start_period": 0, "limit": 80_000}, {"start_period": 600, "limit": 20_000}])
    )
    assert limits.schedules(own, request) == (Schedule(1, ((0, 50_000.0), (600, 20_000.0))),)
    limits.set(0, _profile("W", [{"start_period": 0, "limit": 11_000}], "TxProfile"))
    assert limits.schedules(own, request) == (Schedule(1, ((0, 11_000.0),)),)
    limits.transaction_ended()
    limits.set(1, _profile("W", [{"start_period": 0, "limit": 30_000}], "ChargingStationMaxProfile"))
    assert limits.schedules(own, request) == (Schedule(1, ((0, 30_000.0), (600, 20_000.0))),)
    with pytest.raises(CsmsAnswerError):
        limits.set(2, _profile("W", [{"start_period": 0, "limit": 1}]))


def test_ocmf_reading() -> None:
    assert ocmf_wh('OCMF|{"RD":[{"RV":1.0,"RU":"kWh"},{"RV":2.25,"RU":"kWh"}]}|{}') == 2250.0
    assert ocmf_wh("garbage") == 0.0 and ocmf_wh("OCMF|{}|{}") == 0.0


def test_charging_needs_of_a_dc_and_an_ac_car() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    dc = EnergyRequest(
        EnergyMode.DC_EXTENDED, 450.5, 125.9, 55_000.0, energy_request=30_000.0, soc=40, departure_time=3600
    )
    needs = charging_needs_payload(dc, 2, now)
    assert needs == {
        "evse_id": 2,
        "charging_needs": {
            "requested_energy_transfer": "DC",
            "dc_charging_parameters": {
                "ev_max_current": 125,
                "ev_max_voltage": 450,
                "energy_amount": 30000,
                "ev_max_power": 55000,
                "state_of_charge": 40,
            },
            "departure_time": "2026-01-01T01:00:00+00:00",
        },
    }
    ac = charging_needs_payload(
        EnergyRequest(EnergyMode.AC_SINGLE_PHASE, 230.0, 32.0, min_current=6.0), 1, now
    )
    assert ac["charging_needs"] == {
        "requested_energy_transfer": "AC_single_phase",
        "ac_charging_parameters": {
            "energy_amount": 0,
            "ev_min_current": 6,
            "ev_max_current": 32,
            "ev_max_voltage": 230,
        },
    }
