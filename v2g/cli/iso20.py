"""What `v2g secc`, `v2g evcc` and `v2g demo` share for ISO 15118-20: ``--service``, ``--control``,
``--tls-group``, the TLS 1.3 mutual contexts from a ``--profile iso20`` PKI, and the words for the
transport in the session start lines.

The services come from the specs the machines export (:mod:`v2g.iso20_catalog`): a service whose
machines are not there is refused with a usage error naming those that are.
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tls.context
from tls.context import OcspSource, TlsContext
from v2g import iso20_catalog
from v2g.cli.common import UsageError, pki_dir
from v2g.iso20_catalog import CONTROLS, SERVICES, Service, UnknownService
from v2g.security import TransportSecurity

PKI_HINT = "make one with `v2g pki create DIR --profile iso20`"

OPENSSL_GROUPS = {"secp256r1": "prime256v1", "x448": "X448", "x25519": "X25519"}
"""The standards' group names that OpenSSL (``set_ecdh_curve``) knows by another name."""


def _openssl_group(args: argparse.Namespace) -> str | None:
    group: str | None = args.tls_group
    return OPENSSL_GROUPS.get(group.lower(), group) if group else None


def add_arguments(p: argparse.ArgumentParser, *, secc: bool) -> None:
    p.add_argument("--service", metavar="|".join(SERVICES),
                   help="ISO 15118-20 energy service (with --protocol iso20; default dc)")
    what = "offered (default: both)" if secc else "selected (default scheduled)"
    p.add_argument("--control", choices=CONTROLS, help=f"ISO 15118-20 control mode {what}")
    p.add_argument("--tls-group", metavar="GROUP",
                   help="TLS key exchange group (default: the profile's, secp521r1 and x448 for ISO "
                   "15118-20, secp256r1 for -2); one group only, e.g. a peer's secp256r1 for interop "
                   "testing, or x448")
    if not secc:
        p.add_argument("--pki-more", action="append", default=[], metavar="DIR",
                       help="with --protocol iso20: a further iso20 PKI whose vehicle certificate chain and "
                       "V2G root the EVCC also holds (repeatable); the SECC's CertificateRequest picks the "
                       "chain, the --pki one otherwise")
        p.add_argument("--discharge-from", type=int, metavar="N",
                       help="--service dc_bpt/ac_bpt, Scheduled: discharge from the N-th charging loop on")
    if secc:
        p.add_argument("--pki-iso2", metavar="DIR",
                       help="with --protocol iso20: an iso2 PKI, to serve ISO 15118-2 over TLS 1.2 on "
                       "the same TLS port as -20 over TLS 1.3 mutual (the ClientHello picks)")


@dataclass(frozen=True)
class Choice:
    """The -20 service and control mode of a command line, with the spec that runs it on this side."""

    service: Service
    control: str | None
    secc_spec: Any
    evcc_spec: Any


def choice(args: argparse.Namespace, protocols: list[str], *, secc: bool) -> Choice | None:
    """The -20 choice of ``args`` (None without ``--protocol iso20``); a usage error for what cannot
    run: an unknown service or control mode, -20 without TLS."""
    if "iso20" not in protocols:
        if args.service is not None or args.control is not None:
            raise UsageError("--service and --control go with --protocol iso20")
        if getattr(args, "pki_more", None):
            raise UsageError("--pki-more (further vehicle certificates) goes with --protocol iso20")
        return None
    if not args.tls:
        raise UsageError("ISO 15118-20 runs over TLS 1.3 with mutual authentication only: add --tls "
                         f"--pki DIR ({PKI_HINT})")
    name = args.service or "dc"
    control = args.control if secc else (args.control or "scheduled")
    try:
        service = iso20_catalog.service(name)
        secc_spec = iso20_catalog.secc_spec(name, control) if secc else None
        evcc_spec = None if secc else iso20_catalog.evcc_spec(name, control or "scheduled")
    except UnknownService as exc:
        raise UsageError(f"--service {name}" + (f" --control {control}" if control else "") + f": {exc}") \
            from None
    return Choice(service, control, secc_spec, evcc_spec)


def server_context(
    args: argparse.Namespace, iso20: bool, *, keylog: Path | None = None, ocsp: OcspSource | None = None
) -> TlsContext:
    """The SECC's TLS context: for -20 the TLS 1.3 mutual one from ``--pki`` (an iso20 PKI), served
    with -2 over TLS 1.2 on the same port (:func:`tls.context.serve_both`, the ClientHello picks)
    when ``--pki-iso2`` gives the -2 PKI; else the -2 one (TLS 1.2) from ``--pki``."""
    if not iso20:
        config = tls.context.server_config_from_dir(pki_dir(args), "iso2", keylog=keylog, ocsp=ocsp)
        return tls.context.iso2_server_context(dataclasses.replace(config, group=_openssl_group(args)))
    config = tls.context.server_config_from_dir(pki_dir(args), "iso20", keylog=keylog)
    ctx20 = tls.context.iso20_server_context(dataclasses.replace(config, group=_openssl_group(args)))
    if not getattr(args, "pki_iso2", None):
        return ctx20
    config2 = tls.context.server_config_from_dir(Path(args.pki_iso2), "iso2", keylog=keylog, ocsp=ocsp)
    return tls.context.serve_both(tls.context.iso2_server_context(config2), ctx20)


def client_context(
    args: argparse.Namespace, iso20: bool, *, keylog: Path | None = None, require_ocsp: bool = False
) -> TlsContext:
    profile = "iso20" if iso20 else "iso2"
    more = [Path(d) for d in getattr(args, "pki_more", None) or []]
    if more and not iso20:
        raise UsageError("--pki-more (further vehicle certificates) goes with --protocol iso20")
    config = tls.context.client_config_from_dirs([pki_dir(args), *more], profile, keylog=keylog)
    config = dataclasses.replace(config, group=_openssl_group(args), require_ocsp=require_ocsp)
    return (tls.context.iso20_client_context if iso20 else tls.context.iso2_client_context)(config)


DEFAULT_GROUPS = "secp521r1/x448"
"""What the -20 contexts offer and accept without ``--tls-group``: both groups of the standard."""


def group_name(args: argparse.Namespace, iso20: bool) -> str:
    if args.tls_group:
        return str(args.tls_group)
    return DEFAULT_GROUPS if iso20 else "secp256r1"


def transport(security: TransportSecurity | None, group: str) -> str:
    """``TLS 1.3, peer authenticated, group x448`` for a start line (the negotiated group when the
    TLS layer says it, else the configured ones; plain TCP: nothing)."""
    if security is None or not security.tls:
        return ""
    return f"{security}, group {security.group or group}"
