"""Network interface discovery (pyroute2): index, flags and the IPv6 addresses of a named interface."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

from pyroute2 import AsyncIPRoute

from v2g.errors import V2GError

IFF_UP = 0x1
IFF_LOOPBACK = 0x8
IFF_MULTICAST = 0x1000
IFA_F_TENTATIVE = 0x40
IFA_F_DADFAILED = 0x08
RT_SCOPE_LINK = 253
RT_SCOPE_HOST = 254


class InterfaceError(V2GError):
    """The named interface does not exist or has no usable IPv6 address."""


@dataclass(frozen=True, slots=True)
class Interface:
    name: str
    index: int
    flags: int
    link_local: tuple[ipaddress.IPv6Address, ...]
    """Usable (not tentative) link-local addresses; ``::1`` for the loopback interface."""

    @property
    def up(self) -> bool:
        return bool(self.flags & IFF_UP)

    @property
    def loopback(self) -> bool:
        return bool(self.flags & IFF_LOOPBACK)

    @property
    def multicast(self) -> bool:
        return bool(self.flags & IFF_MULTICAST)

    def address(self) -> ipaddress.IPv6Address:
        if not self.link_local:
            raise InterfaceError(f"interface {self.name} has no usable link-local IPv6 address (yet)")
        return self.link_local[0]


def _flags(message: object) -> int:
    get_attr = getattr(message, "get_attr")  # noqa: B009 - pyroute2 messages are untyped
    extended = get_attr("IFA_FLAGS")
    base: int = message["flags"]  # type: ignore[index]
    return int(extended) if extended is not None else base


async def interface(name: str) -> Interface:
    """Look up one interface by name in the current network namespace."""
    try:
        index = socket.if_nametoindex(name)
    except OSError:
        raise InterfaceError(f"no network interface named {name!r}") from None
    async with AsyncIPRoute() as ipr:
        links = await ipr.link("get", index=index)
        flags = int(links[0]["flags"]) if links else 0
        addresses: list[ipaddress.IPv6Address] = []
        async for message in await ipr.addr("dump", family=socket.AF_INET6, index=index):
            if int(message["index"]) != index:
                continue
            scope = int(message["scope"])
            if _flags(message) & (IFA_F_TENTATIVE | IFA_F_DADFAILED):
                continue
            if scope == RT_SCOPE_LINK or (scope == RT_SCOPE_HOST and flags & IFF_LOOPBACK):
                addresses.append(ipaddress.IPv6Address(message.get_attr("IFA_ADDRESS")))
    return Interface(name, index, flags, tuple(addresses))


def interfaces() -> list[str]:
    """Names of every interface in the current network namespace."""
    return [name for _, name in socket.if_nameindex()]


async def wait_for_interface(name: str, timeout: float = 3.0, poll: float = 0.05) -> Interface:
    """The interface once it has a usable address (IPv6 duplicate address detection takes a while)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = await interface(name)
        if found.link_local or loop.time() >= deadline:
            return found
        await asyncio.sleep(poll)
