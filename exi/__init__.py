"""Schema-informed EXI for the V2G schemas (AppProtocol, DIN 70121, ISO 15118-2 and -20).

This package imports nothing from ``v2g``, ``slac`` or ``tls``.
"""
