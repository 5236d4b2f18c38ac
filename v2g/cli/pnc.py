"""Plug & Charge options of `v2g secc` and `v2g evcc`: the MO roots and receipt store of the
charger, the contract of the car (files read here, the only place that reads them)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from tls.profiles import Role
from tls.store import holds_pki, load_pki
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.certificates import LocalCertificateService
from v2g.cli.common import UsageError
from v2g.evcc import EvccSession
from v2g.evcc.pnc import ContractCredentials, Provisioning
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore, verify

CHAIN_FILE = "contract_chain.pem"
KEY_FILE = "contract_key.pem"
"""A contract folder the car keeps (``v2g evcc --contract DIR``): the chain (leaf first) and key."""


def add_secc_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pnc", action="store_true",
                   help="offer Plug & Charge (Contract payment, TLS only) with a local backend on the PKI "
                   "of --pki DIR: its MO root checks contracts, its MO Sub-CA 2 and CPS keys issue contracts "
                   "(certificate installation and update) and sign tariffs; every valid contract is accepted")
    p.add_argument("--receipts", type=Path, metavar="DB",
                   help="ask Plug & Charge cars for signed metering receipts and keep them in this SQLite "
                   "store with the meter's OCMF records (implies --pnc; see `v2g receipts`)")
    p.add_argument("--receipt-interval", type=int, default=10, metavar="N",
                   help="charging-loop messages between two receipts (default 10)")
    p.add_argument("--payment", choices=sorted(PAYMENTS), action="append",
                   help="the payment options offered (repeatable; default external, with --pnc both); "
                   "contract implies --pnc. `--payment contract` alone: a Plug & Charge-only charger, "
                   "which answers an ExternalPayment selection FAILED_PaymentSelectionInvalid")


PAYMENTS = {"contract": "Contract", "external": "ExternalPayment"}
"""``--payment`` choices -> ISO 15118-2 paymentOptionType."""


def payment_options(args: argparse.Namespace, pnc: bool) -> tuple[str, ...]:
    """``SeccConfig.payment_options`` from ``--payment`` (default: ExternalPayment, with Plug &
    Charge Contract first)."""
    chosen = tuple(dict.fromkeys(PAYMENTS[p] for p in getattr(args, "payment", None) or ()))
    return chosen or (("Contract", "ExternalPayment") if pnc else ("ExternalPayment",))


def plug_and_charge(args: argparse.Namespace, pki: Path | None) -> PlugAndCharge | None:
    if not (args.pnc or args.receipts or "contract" in (getattr(args, "payment", None) or ())):
        return None
    if not args.tls or pki is None:
        raise UsageError("Plug & Charge needs --tls and --pki DIR (its MO root checks the contracts)")
    test_pki = load_pki(pki)  # a test PKI: its MO and CPS keys sign contracts and tariffs here
    store = ReceiptStore(args.receipts) if args.receipts else None
    backend = LocalBackend(certificates=LocalCertificateService(test_pki))
    return PlugAndCharge(
        backend,
        (test_pki.certs[Role.MO_ROOT],),
        store,
        max(1, args.receipt_interval),
        OcmfMeter(),
        tariff_key=test_pki.keys[Role.MO_SUB_CA2],
    )


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




def demo_setup(pki_dir: Path, out: Path, cycles: int) -> tuple[PlugAndCharge, Provisioning]:
    """`v2g demo --pnc`: the charger's Plug & Charge (local backend with a certificate service on the
    demo PKI, receipt store OUT/receipts.db, signed tariffs) and the car's provisioning credentials
    (it has no contract yet)."""
    pki = load_pki(pki_dir)
    backend = LocalBackend(certificates=LocalCertificateService(pki))
    store = ReceiptStore(out / "receipts.db")
    pnc = PlugAndCharge(
        backend,
        (pki.certs[Role.MO_ROOT],),
        store,
        receipt_interval=max(1, cycles // 3),
        meter=OcmfMeter(),
        tariff_key=pki.keys[Role.MO_SUB_CA2],
    )
    return pnc, Provisioning.from_pki(pki)


def save_contract(contract: ContractCredentials, folder: Path) -> None:
    """The car stores its new contract: chain and key, files of mode 0600."""
    folder.mkdir(parents=True, exist_ok=True)
    chain = b"".join(c.public_bytes(Encoding.PEM) for c in (contract.leaf, *contract.sub_cas))
    key = contract.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    for name, data in ((CHAIN_FILE, chain), (KEY_FILE, key)):
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        path.chmod(0o600)


def report(pnc: PlugAndCharge, session: EvccSession | None, out: Path) -> list[str]:
    """What `v2g demo --pnc` prints after the session, step by step."""
    lines = []
    ctx = session.context if session is not None else None
    if ctx is not None and ctx.installed is not None:
        save_contract(ctx.installed, out / "contract")
        serial = format(ctx.installed.leaf.serial_number, "x")
        lines.append(f"1. certificate installation: contract {ctx.installed.emaid} (serial {serial}) "
                     f"installed, stored in {out / 'contract'} (mode 0600)")
    backend = pnc.backend
    if isinstance(backend, LocalBackend) and backend.requests:
        lines.append(f"2. authorization: {backend.requests[-1].emaid} authorized with a signed GenChallenge")
    if ctx is not None:
        lines.append(f"3. charging: {ctx.loop_count} loops; SalesTariff: {ctx.tariff_note or 'none'}; "
                     f"{ctx.receipts_signed} receipts signed by the car")
    if pnc.receipts is not None:
        problems = verify(pnc.receipts)
        count = sum(1 for _ in pnc.receipts)
        state = "verified OK" if not problems else "; ".join(map(str, problems))
        lines.append(f"4. receipts: {count} stored in {pnc.receipts.path}, {state}")
    return lines
