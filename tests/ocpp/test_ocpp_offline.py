"""For OCPP 2.0.1 and 1.6J, the CSMS away: transaction messages wait in the outbox and arrive after
reconnection in order, each once (also across a restart of the charger process); authorization while
away follows the ``offline`` policy (refuse, or the local cache of earlier acceptances)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ocpp")

from tests.ocpp.conftest import Version
from v2g.backend import SignedMeterValue
from v2g.controller import AuthStatus
from v2g.ocpp import CsmsConfig, OcppBackend, OcppConfig, TestCsms

FAST = (0.02, 0.1)  # back-off


def _reading(n: int) -> SignedMeterValue:
    ocmf = 'OCMF|{"RD":[{"RV":' + f'{n}.5,"RU":"kWh"' + '}]}|{"SD":"00"}'
    return SignedMeterValue("s1", ocmf, "ECDSA-secp256r1-SHA256", "OCMF", "3059")


async def _eim(backend: OcppBackend) -> AuthStatus:
    backend.start_authorization(b"\x00\x01\x02\x03\x04\x05", 0.0)
    while (status := backend.authorization_status(0.0)) is AuthStatus.PENDING:
        await asyncio.sleep(0.01)
    return status


async def _emptied(backend: OcppBackend) -> None:
    """Until the last answer has been read (the CSMS records a message before it answers)."""
    while len(backend.outbox):
        await asyncio.sleep(0.01)


def _events(csms: TestCsms) -> list[dict[str, Any]]:
    return [e for events in csms.transactions.values() for e in events]


def _wh(event: dict[str, Any]) -> float:
    """The (first) energy reading of a TransactionEvent or MeterValues (1.6: a string)."""
    return float(event["meter_value"][0]["sampled_value"][0]["value"])


async def test_messages_queued_while_the_csms_is_away_arrive_after_reconnection_once(
    version: Version,
) -> None:
    async with TestCsms(CsmsConfig(tokens=("000102030405",)), version=version) as csms:
        backend = OcppBackend(OcppConfig(csms.url, "CP1", version=version, backoff=FAST))
        async with backend:
            await backend.connected.wait()
            assert await _eim(backend) is AuthStatus.ACCEPTED  # Started
            backend.meter_values(_reading(1))
            await csms.wait_for(lambda: len(_events(csms)) == 2)
            await _emptied(backend)
            await csms.close()
            while backend.connected.is_set():
                await asyncio.sleep(0.01)
            for n in (2, 3):
                backend.meter_values(_reading(n))
            backend.session_ended(None)
            assert len(backend.outbox) == 3
            await csms.serve()
            await csms.wait_for(lambda: len(_events(csms)) == 5)
            await _emptied(backend)
    events = _events(csms)
    assert [e["seq_no"] for e in events] == [1, 2, 3, 4, 5]
    assert [e["event_type"] for e in events] == ["Started", "Updated", "Updated", "Updated", "Ended"]
    if version == "2.0.1":  # 1.6 has no offline flag
        assert [bool(e.get("offline")) for e in events] == [False, False, True, True, True]
    assert _wh(events[2]) == 2500.0
    assert not csms.duplicates and csms.connections == 2 and not backend.outbox


async def test_queued_messages_survive_a_restart_of_the_charger(tmp_path: Path, version: Version) -> None:
    outbox = tmp_path / "outbox.json"
    async with TestCsms(CsmsConfig(tokens=("000102030405",)), version=version) as csms:
        config = OcppConfig(csms.url, "CP1", version=version, backoff=FAST, outbox=outbox)
        async with OcppBackend(config) as first:
            await first.connected.wait()
            assert await _eim(first) is AuthStatus.ACCEPTED
            await csms.wait_for(lambda: len(_events(csms)) == 1)
            await _emptied(first)
            await csms.close()
            while first.connected.is_set():
                await asyncio.sleep(0.01)
            first.meter_values(_reading(7))
            first.session_ended(None)
        # the charger process ends here with two messages unsent; a new one starts from the file
        async with OcppBackend(config) as second:
            assert len(second.outbox) == 2
            await csms.serve()
            await csms.wait_for(lambda: len(_events(csms)) == 3)
            await _emptied(second)
    assert [e["event_type"] for e in _events(csms)] == ["Started", "Updated", "Ended"]
    assert not csms.duplicates and not second.outbox
    assert outbox.read_text() == "[]"


@pytest.mark.parametrize(("offline", "ok"), [("cache", True), ("refuse", False)])
async def test_authorization_while_the_csms_is_away(offline: str, ok: bool, version: Version) -> None:
    async with TestCsms(CsmsConfig(tokens=("000102030405",)), version=version) as csms:
        backend = OcppBackend(OcppConfig(csms.url, "CP1", version=version, backoff=FAST, offline=offline))  # type: ignore[arg-type]
        async with backend:
            await backend.connected.wait()
            assert await _eim(backend) is AuthStatus.ACCEPTED
            backend.session_ended(None)
            await _emptied(backend)
            await csms.close()
            while backend.connected.is_set():
                await asyncio.sleep(0.01)
            assert (await _eim(backend) is AuthStatus.ACCEPTED) is ok
    assert backend.errors[-1] == "Authorize: not connected to the CSMS"


async def test_after_a_reconnection_one_sender_sends_each_message_once(version: Version) -> None:
    """The outbox's sender ends with its connection: after a reconnection nothing is sent twice."""
    async with TestCsms(CsmsConfig(tokens=("000102030405",)), version=version) as csms:
        backend = OcppBackend(OcppConfig(csms.url, "CP1", version=version, backoff=FAST))
        async with backend:
            await backend.connected.wait()
            assert await _eim(backend) is AuthStatus.ACCEPTED
            await csms.wait_for(lambda: len(_events(csms)) == 1)
            await _emptied(backend)
            await csms.close()  # nothing is queued while away
            while backend.connected.is_set():
                await asyncio.sleep(0.01)
            await csms.serve()
            await backend.connected.wait()
            for n in range(20):
                backend.meter_values(_reading(n))
            await csms.wait_for(lambda: len(_events(csms)) == 21)
            await _emptied(backend)
    assert [e["seq_no"] for e in _events(csms)] == list(range(1, 22))
    assert not csms.duplicates


async def test_16_a_transaction_started_while_away_is_named_by_the_csms_after_a_restart(
    tmp_path: Path,
) -> None:
    """1.6J: the transactionId is the CSMS's answer to StartTransaction, so MeterValues and
    StopTransaction queued behind it carry a local reference, replaced by the CSMS's id once it
    answers: also when the answer comes to the next charger process, from the outbox file."""
    outbox = tmp_path / "outbox.json"
    async with TestCsms(CsmsConfig(tokens=("000102030405",)), version="1.6") as csms:
        config = OcppConfig(csms.url, "CP1", version="1.6", backoff=FAST, outbox=outbox, offline="cache")
        async with OcppBackend(config) as first:
            await first.connected.wait()
            assert await _eim(first) is AuthStatus.ACCEPTED  # transaction 1, and the cache
            first.session_ended(None)
            await _emptied(first)
            await csms.close()
            while first.connected.is_set():
                await asyncio.sleep(0.01)
            assert await _eim(first) is AuthStatus.ACCEPTED  # from the cache: transaction 2 starts
            first.meter_values(_reading(4))
            first.session_ended(None)
            queued = list(first.outbox)
        assert [a for a, _ in queued] == ["StartTransaction", "MeterValues", "StopTransaction"]
        assert all(str(p["transaction_id"]).startswith("local:") for _, p in queued[1:])
        async with OcppBackend(config) as second:
            await csms.serve()
            await csms.wait_for(lambda: len(csms.transactions.get("2", [])) == 3)
            await _emptied(second)
    events = csms.transactions["2"]
    assert [e["event_type"] for e in events] == ["Started", "Updated", "Ended"]
    assert [e["transaction_id"] for e in events[1:]] == [2, 2]
    assert "transaction_ref" not in events[0] and not csms.duplicates
    assert outbox.read_text() == "[]"
