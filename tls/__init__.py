"""The V2G PKI: certificate chains, validation and TLS contexts.

Modules: ``profiles`` (the certificate profile table), ``pki`` (creation), ``store`` (folder layout,
loader), ``validate`` (chain validation, typed per-rule rejections, revocation hook), ``emaid``,
``context`` (TLS contexts for -2 and -20 on pyOpenSSL, key log), ``conn`` (one sans-IO TLS
connection on memory BIOs, ``TlsInfo``, ``open_connection``), ``sysconn`` and ``_sysssl`` (the -20
EVCC's second path on the system libssl through ctypes: certificate_authorities), ``_side`` (what
both paths share), ``hello`` (the ClientHello parser), ``ocsp`` (responses, signer,
stapling cache), ``_ossl`` (the OpenSSL calls pyOpenSSL lacks), ``keytransport`` (contract private key
encryption), ``signatures`` (raw ECDSA / Ed448 primitives), ``ed448`` (pure-Python Ed448 from the
secret scalar: an installed -20 Ed448 contract key), ``errors``, ``cli`` (``v2g pki``).
See docs/pki.md.

This package imports nothing from ``v2g`` or ``slac``.
"""
