"""The CSMS away: transaction messages wait in the outbox and arrive after reconnection in order,
each once (also across a restart of the charger process); authorization while away follows the
``offline`` policy (refuse, or the local cache of earlier acceptances)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ocpp")

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


async def test_messages_queued_while_the_csms_is_away_arrive_after_reconnection_once() -> None:
    async with TestCsms(CsmsConfig(tokens=("000102030405",))) as csms:
        backend = OcppBackend(OcppConfig(csms.url, "CP1", backoff=FAST))
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
    assert [bool(e.get("offline")) for e in events] == [False, False, True, True, True]
    assert events[2]["meter_value"][0]["sampled_value"][0]["value"] == 2500.0
    assert not csms.duplicates and csms.connections == 2 and not backend.outbox


async def test_queued_messages_survive_a_restart_of_the_charger(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox.json"
    async with TestCsms(CsmsConfig(tokens=("000102030405",))) as csms:
        config = OcppConfig(csms.url, "CP1", backoff=FAST, outbox=outbox)
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
async def test_authorization_while_the_csms_is_away(offline: str, ok: bool) -> None:
    async with TestCsms(CsmsConfig(tokens=("000102030405",))) as csms:
        backend = OcppBackend(OcppConfig(csms.url, "CP1", backoff=FAST, offline=offline))  # type: ignore[arg-type]
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


async def test_after_a_reconnection_one_sender_sends_each_message_once() -> None:
    """The outbox's sender ends with its connection: after a reconnection nothing is sent twice."""
    async with TestCsms(CsmsConfig(tokens=("000102030405",))) as csms:
        backend = OcppBackend(OcppConfig(csms.url, "CP1", backoff=FAST))
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
