"""The V2G PKI: certificate chains, validation and TLS contexts.

This package imports nothing from ``v2g`` or ``slac``.
"""
