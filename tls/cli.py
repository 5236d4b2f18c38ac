"""``v2g pki ...``: the command-line face of the PKI. The only module of ``tls`` that reads the clock
or files given on the command line; the integrator wires it into ``v2g/cli.py``::

    pki = subparsers.add_parser("pki", help="create the V2G test PKI")
    tls.cli.add_arguments(pki)
    ...
    return tls.cli.run(args)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from tls.errors import CertificateRejected, InvalidEmaid, PkiStoreError
from tls.pki import PkiConfig, create_pki
from tls.profiles import KeyAlgorithm
from tls.store import holds_pki, load_pki, write_pki
from tls.validate import validate_pki


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``pki`` sub-commands ``create`` and ``check`` to ``parser``."""
    sub = parser.add_subparsers(dest="pki_command", required=True)
    create = sub.add_parser("create", help="create every chain of a profile in DIR (see docs/pki.md)")
    create.add_argument("dir", type=Path, metavar="DIR")
    create.add_argument("--profile", choices=("iso2", "iso20"), required=True)
    create.add_argument(
        "--algorithm",
        choices=[a.value for a in KeyAlgorithm],
        default=None,
        help="key algorithm (default: secp256r1 for iso2, secp521r1 for iso20; ed448 for the -20 variant)",
    )
    create.add_argument("--emaid", default=None, help="CommonName of the contract certificate")
    create.add_argument("--pcid", default=None, help="CommonName of the OEM provisioning certificate")
    create.add_argument(
        "--password-file",
        type=Path,
        default=None,
        help="encrypt the private keys with the first line of this file",
    )
    create.add_argument("--force", action="store_true", help="replace a PKI already in DIR")
    check = sub.add_parser("check", help="load DIR and validate every chain in it now")
    check.add_argument("dir", type=Path, metavar="DIR")
    check.add_argument("--password-file", type=Path, default=None, help="password of the private keys")


def _password(path: Path | None) -> bytes | None:
    if path is None:
        return None
    return path.read_bytes().splitlines()[0]


def run(args: argparse.Namespace) -> int:
    """Execute the parsed ``pki`` command; returns the process exit code."""
    if args.pki_command not in ("create", "check"):
        print(f"unknown pki command {args.pki_command!r}", file=sys.stderr)
        return 2
    try:
        password = _password(args.password_file)
    except (OSError, IndexError) as exc:
        print(f"cannot read password file: {exc}", file=sys.stderr)
        return 2
    if args.pki_command == "check":
        return _check(args.dir, password)
    if holds_pki(args.dir) and not args.force:
        print(f"pki create: {args.dir} already holds a PKI (pki.json); --force replaces it", file=sys.stderr)
        return 1
    extra: dict[str, str] = {}
    if args.emaid is not None:
        extra["emaid"] = args.emaid
    if args.pcid is not None:
        extra["pcid"] = args.pcid
    try:
        config = PkiConfig(
            profile=args.profile,
            now=dt.datetime.now(dt.timezone.utc),
            algorithm=KeyAlgorithm(args.algorithm) if args.algorithm else None,
            **extra,  # type: ignore[arg-type]
        )
        pki = create_pki(config)
        write_pki(pki, args.dir, password)
    except (InvalidEmaid, ValueError, PkiStoreError, OSError) as exc:
        print(f"pki create: {exc}", file=sys.stderr)
        return 1
    print(f"created {args.profile} PKI ({pki.algorithm.value}, {len(pki.certs)} certificates) in {args.dir}")
    return 0


def _check(directory: Path, password: bytes | None) -> int:
    try:
        pki = load_pki(directory, password)
        chains = validate_pki(pki, now=dt.datetime.now(dt.timezone.utc))
    except PkiStoreError as exc:
        print(f"pki check: {exc}", file=sys.stderr)
        return 1
    except CertificateRejected as exc:
        print(f"pki check: rejected: {exc}", file=sys.stderr)
        return 1
    for role, chain in chains.items():
        print(f"{role.value}: OK ({len(chain.path)} certificates)")
    return 0
