"""The V2G application stack: V2GTP, SDP, session machines and their asyncio adapters."""

__version__ = "0.1.0"
