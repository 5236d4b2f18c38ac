"""Plug & Charge options of `v2g secc` and `v2g evcc`: the MO roots and receipt store of the
charger, the contract of the car (files read here, the only place that reads them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from tls.profiles import Role
from tls.store import holds_pki, load_pki, root_path
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.cli.common import UsageError
from v2g.evcc.pnc import ContractCredentials
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore

CHAIN_FILE = "contract_chain.pem"
KEY_FILE = "contract_key.pem"
"""A contract folder the car keeps (``v2g evcc --contract DIR``): the chain (leaf first) and key."""


def add_secc_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pnc", action="store_true",
                   help="offer Plug & Charge (Contract payment, TLS only; MO root from --pki DIR; a local "
                   "backend that accepts every valid contract)")
    p.add_argument("--receipts", type=Path, metavar="DB",
                   help="ask Plug & Charge cars for signed metering receipts and keep them in this SQLite "
                   "store with the meter's OCMF records (implies --pnc; see `v2g receipts`)")
    p.add_argument("--receipt-interval", type=int, default=10, metavar="N",
                   help="charging-loop messages between two receipts (default 10)")


def plug_and_charge(args: argparse.Namespace, pki: Path | None) -> PlugAndCharge | None:
    if not (args.pnc or args.receipts):
        return None
    if not args.tls or pki is None:
        raise UsageError("Plug & Charge needs --tls and --pki DIR (its MO root checks the contracts)")
    mo_root = x509.load_pem_x509_certificate(root_path(pki, Role.MO_ROOT).read_bytes())
    store = ReceiptStore(args.receipts) if args.receipts else None
    return PlugAndCharge(LocalBackend(), (mo_root,), store, max(1, args.receipt_interval), OcmfMeter())


def load_contract(folder: Path) -> ContractCredentials:
    """A contract folder (``contract_chain.pem`` + ``contract_key.pem``) or a whole test PKI."""
    if (folder / CHAIN_FILE).exists():
        chain = x509.load_pem_x509_certificates((folder / CHAIN_FILE).read_bytes())
        key = load_pem_private_key((folder / KEY_FILE).read_bytes(), None)
        if not chain:
            raise UsageError(f"{folder / CHAIN_FILE} holds no certificate")
        return ContractCredentials(chain[0], tuple(chain[1:]), key)  # type: ignore[arg-type]
    if holds_pki(folder):
        return ContractCredentials.from_pki(load_pki(folder))
    raise UsageError(f"{folder}: neither {CHAIN_FILE} + {KEY_FILE} nor a PKI folder")


