"""asyncio adapters of the SLAC package: raw AF_PACKET sockets, QCA modem control, a driver that runs
the sans-IO machines on a socket, and the veth/AF_PACKET modem emulator. Only this sub-package does
I/O; everything above it is sans-IO."""
