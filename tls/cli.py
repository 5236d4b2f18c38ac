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

from tls.errors import InvalidEmaid, PkiStoreError
from tls.pki import PkiConfig, create_pki
from tls.profiles import KeyAlgorithm
from tls.store import write_pki


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``pki`` sub-commands (today: ``create``) to ``parser``."""
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


def run(args: argparse.Namespace) -> int:
    """Execute the parsed ``pki`` command; returns the process exit code."""
    if args.pki_command != "create":
        print(f"unknown pki command {args.pki_command!r}", file=sys.stderr)
        return 2
    password: bytes | None = None
    if args.password_file is not None:
        try:
            password = args.password_file.read_bytes().splitlines()[0]
        except (OSError, IndexError) as exc:
            print(f"cannot read password file: {exc}", file=sys.stderr)
            return 2
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
