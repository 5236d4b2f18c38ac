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
from tls.ocsp import GOOD, REVOKED, UNKNOWN, Signer, issue_signer, respond
from tls.pki import PkiConfig, create_pki
from tls.profiles import KeyAlgorithm, Role, role_specs
from tls.store import holds_pki, load_ocsp_signer, load_pki, write_ocsp_signer, write_pki
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
    create.add_argument("--organization", default=None,
                        help="O= of every certificate (default: V2G Test PKI); PKIs made with different "
                        "ones have roots of different names, e.g. for an EVCC holding two vehicle chains")
    create.add_argument(
        "--password-file",
        type=Path,
        default=None,
        help="encrypt the private keys with the first line of this file",
    )
    create.add_argument("--force", action="store_true", help="replace a PKI already in DIR")
    ocsp = sub.add_parser("ocsp", help="make an OCSP response for one certificate of DIR (the SECC leaf by "
                          "default), signed by the PKI's OCSP signer")
    ocsp.add_argument("dir", type=Path, metavar="DIR")
    ocsp.add_argument("--role", default=Role.SECC_LEAF.value, choices=[r.value for r in Role])
    ocsp.add_argument("--status", choices=(GOOD, REVOKED, UNKNOWN), default=GOOD)
    ocsp.add_argument("--days", type=int, default=7, help="validity of the response (nextUpdate)")
    ocsp.add_argument("--out", type=Path, required=True, help="where to write the DER response")
    ocsp.add_argument("--password-file", type=Path, default=None, help="password of the private keys")
    check = sub.add_parser("check", help="load DIR and validate every chain in it now")
    check.add_argument("dir", type=Path, metavar="DIR")
    check.add_argument("--password-file", type=Path, default=None, help="password of the private keys")


def _password(path: Path | None) -> bytes | None:
    if path is None:
        return None
    return path.read_bytes().splitlines()[0]


def run(args: argparse.Namespace) -> int:
    """Execute the parsed ``pki`` command; returns the process exit code."""
    if args.pki_command not in ("create", "check", "ocsp"):
        print(f"unknown pki command {args.pki_command!r}", file=sys.stderr)
        return 2
    try:
        password = _password(args.password_file)
    except (OSError, IndexError) as exc:
        print(f"cannot read password file: {exc}", file=sys.stderr)
        return 2
    if args.pki_command == "check":
        return _check(args.dir, password)
    if args.pki_command == "ocsp":
        return _ocsp(args, password)
    if holds_pki(args.dir) and not args.force:
        print(f"pki create: {args.dir} already holds a PKI (pki.json); --force replaces it", file=sys.stderr)
        return 1
    extra: dict[str, str] = {}
    if args.emaid is not None:
        extra["emaid"] = args.emaid
    if args.pcid is not None:
        extra["pcid"] = args.pcid
    if args.organization is not None:
        extra["organization"] = args.organization
    try:
        config = PkiConfig(
            profile=args.profile,
            now=dt.datetime.now(dt.timezone.utc),
            algorithm=KeyAlgorithm(args.algorithm) if args.algorithm else None,
            **extra,  # type: ignore[arg-type]
        )
        pki = create_pki(config)
        write_pki(pki, args.dir, password)
        signer = issue_signer(pki.certs[Role.CPO_SUB_CA2], pki.keys[Role.CPO_SUB_CA2], now=config.now)
        write_ocsp_signer(args.dir, pki.profile, signer.cert, signer.key, password)
    except (InvalidEmaid, ValueError, PkiStoreError, OSError) as exc:
        print(f"pki create: {exc}", file=sys.stderr)
        return 1
    alt = "".join(f"; {r.value} with an X448 alternate key (subjectAltPublicKeyInfo)" for r in pki.alt_keys)
    what = f"{pki.algorithm.value}, {len(pki.certs)} certificates{alt}"
    print(f"created {args.profile} PKI ({what}) in {args.dir}")
    return 0


def _ocsp(args: argparse.Namespace, password: bytes | None) -> int:
    """``v2g pki ocsp``: a response for one certificate, by the signer of its issuer (made now if the
    folder has none, issued by the CPO Sub-CA 2; other issuers sign their responses themselves)."""
    now = dt.datetime.now(dt.timezone.utc)
    try:
        pki = load_pki(args.dir, password)
        role = Role(args.role)
        cert = pki.certs[role]
        issuer_role = role_specs(pki.profile)[role].issuer
        if issuer_role is None:
            print("pki ocsp: a root has no OCSP status", file=sys.stderr)
            return 1
        issuer, issuer_key = pki.certs[issuer_role], pki.keys[issuer_role]
        signer = Signer(issuer, issuer_key, issuer)
        if issuer_role is Role.CPO_SUB_CA2:
            found = load_ocsp_signer(args.dir, pki.profile, password)
            if found is None:
                made = issue_signer(issuer, issuer_key, now=now)
                write_ocsp_signer(args.dir, pki.profile, made.cert, made.key, password)
                found = (made.cert, made.key)
            signer = Signer(found[0], found[1], issuer)
        response = respond(signer, cert, now=now, status=args.status, valid_for=dt.timedelta(days=args.days))
        args.out.write_bytes(response)
    except (PkiStoreError, KeyError, OSError, ValueError) as exc:
        print(f"pki ocsp: {exc}", file=sys.stderr)
        return 1
    print(f"OCSP response for {role.value} ({args.status}, {args.days} days) written to {args.out}")
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
