"""ISO 15118-3 SLAC: HomePlug Green PHY management messages and association machines.

This package imports nothing from ``v2g``.
"""
