"""Control of the local Qualcomm QCA7000/7005/7420 modem over its host interface (asyncio)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TypeVar

from slac import messages as m
from slac.aio.packet import FrameSocket
from slac.config import SetKeySuccess
from slac.errors import FrameError, ModemError
from slac.keys import nid_from_nmk

_R = TypeVar("_R", bound=m.Mme)


@dataclass(frozen=True, slots=True)
class ModemInfo:
    mac: bytes
    version: str
    device_class: int


class QcaModem:
    """Request/answer helpers for the local modem. Use them while no SLAC machine reads the socket
    (frames that are not the awaited answer are dropped)."""

    def __init__(self, sock: FrameSocket, modem_mac: bytes = m.LOCALCAST) -> None:
        self.sock = sock
        self.modem_mac = modem_mac

    async def request(self, message: m.Mme, answer: type[_R], timeout: float = 0.5) -> _R:
        self.sock.send(m.encode(message))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            left = deadline - loop.time()
            if left <= 0:
                raise ModemError(f"no {answer.__name__} from the modem within {timeout} s")
            try:
                async with asyncio.timeout(left):
                    frame = await self.sock.recv()
            except TimeoutError:
                continue
            try:
                reply = m.decode(frame)
            except FrameError:
                continue
            if isinstance(reply, answer) and reply.dst in (self.sock.mac, m.BROADCAST):
                return reply

    async def find_local_modem(self, timeout: float = 0.5) -> ModemInfo:
        """VS_SW_VER.REQ to the local-modem address: its answer names the modem and its firmware."""
        cnf = await self.request(m.VsSwVerReq(dst=self.modem_mac, src=self.sock.mac), m.VsSwVerCnf, timeout)
        return ModemInfo(cnf.src, cnf.version_text, cnf.device_class)

    async def sw_version(self, timeout: float = 0.5) -> str:
        return (await self.find_local_modem(timeout)).version

    async def set_key(self, nmk: bytes, nid: bytes | None = None, timeout: float = 1.0,
                      success: SetKeySuccess = SetKeySuccess.QCA) -> None:
        req = m.CmSetKeyReq(dst=self.modem_mac, src=self.sock.mac, nid=nid or nid_from_nmk(nmk), new_key=nmk)
        cnf = await self.request(req, m.CmSetKeyCnf, timeout)
        if not success.accepts(cnf.result):
            raise ModemError(f"the modem refused CM_SET_KEY (result {cnf.result:#04x})")

    async def link_status(self, timeout: float = 0.5) -> bool:
        cnf = await self.request(m.VsPlLnkStatusReq(dst=self.modem_mac, src=self.sock.mac),
                                 m.VsPlLnkStatusCnf, timeout)
        return cnf.mstatus == 0 and cnf.link_status == m.LINK_UP

    async def wait_for_link(self, timeout: float = 12.0, interval: float = 0.2) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            try:
                if await self.link_status(min(0.5, max(0.05, deadline - loop.time()))):
                    return True
            except ModemError:
                pass  # restarting after CM_SET_KEY
            await asyncio.sleep(interval)
        return False

    async def watch_link(self, interval: float = 0.2, loss_timeout: float = 0.6) -> None:
        """Return when the link is lost: "no link" answers or silence for ``loss_timeout``."""
        loop = asyncio.get_running_loop()
        last_up = loop.time()
        while True:
            try:
                if await self.link_status(interval):
                    last_up = loop.time()
                else:
                    return
            except ModemError:
                if loop.time() - last_up >= loss_timeout:
                    return
            await asyncio.sleep(interval)

    async def network_info(self, timeout: float = 0.5) -> tuple[m.NwNetwork, ...]:
        """VS_NW_INFO: the networks the modem belongs to, with the other stations in each."""
        cnf = await self.request(m.VsNwInfoReq(dst=self.modem_mac, src=self.sock.mac), m.VsNwInfoCnf, timeout)
        return cnf.networks

    async def reset(self, timeout: float = 0.5) -> None:
        await self.request(m.VsRsDevReq(dst=self.modem_mac, src=self.sock.mac), m.VsRsDevCnf, timeout)
