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

from tls.ed448 import Ed448ScalarKey, scalar_key_from_pem, scalar_key_to_pem
from tls.keys import PrivateKey, SigningKey
from tls.profiles import Role
from tls.store import holds_pki, load_pki
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.certificates20 import LocalCertificateService20
from v2g.cli.common import UsageError
from v2g.evcc import EvccSession
from v2g.evcc.pnc import ContractCredentials, Provisioning
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore, verify
from v2g.secc.iso20.prices import flat_price_schedule

CHAIN_FILE = "contract_chain.pem"
KEY_FILE = "contract_key.pem"
"""A contract folder the car keeps (``v2g evcc --contract DIR``): the chain (leaf first) and key."""
SCALAR_KEY_FILE = "contract_key.ed448-scalar.pem"
"""Instead of ``KEY_FILE``: an Ed448 contract key installed through the -20 key transport, known by
its secret scalar only (``tls.ed448.scalar_key_to_pem``)."""


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


def local_pnc(pki_dir: Path, store: ReceiptStore | None, interval: int) -> PlugAndCharge:
    """Plug & Charge on a test PKI (either profile): a local backend whose certificate service
    issues contracts under its MO Sub-CA 2 (-2 and -20 CertificateInstallation, the -20 key
    transport for both families), its MO root checking contracts, its MO Sub-CA 2 key signing the
    -2 SalesTariffs and the -20 price schedules (one flat AbsolutePriceSchedule per ScheduleTuple),
    the meter's OCMF records beside the car's receipts or MeteringConfirmations."""
    pki = load_pki(pki_dir)
    return PlugAndCharge(
        LocalBackend(certificates=LocalCertificateService20(pki)),
        (pki.certs[Role.MO_ROOT],),
        store,
        max(1, interval),
        OcmfMeter(),
        tariff_key=pki.keys[Role.MO_SUB_CA2],
        price_schedules=flat_price_schedule,
    )


def plug_and_charge(args: argparse.Namespace, pki: Path | None) -> PlugAndCharge | None:
    """``--pnc`` / ``--receipts`` / ``--payment contract`` on the PKI of ``--pki`` (an iso2 one for
    -2, an iso20 one for -20)."""
    if not (args.pnc or args.receipts or "contract" in (getattr(args, "payment", None) or ())):
        return None
    if not args.tls or pki is None:
        raise UsageError("Plug & Charge needs --tls and --pki DIR (its MO root checks the contracts)")
    return local_pnc(pki, ReceiptStore(args.receipts) if args.receipts else None, args.receipt_interval)


def load_contract(folder: Path) -> ContractCredentials:
    """A contract folder (``contract_chain.pem`` + ``contract_key.pem`` or
    ``contract_key.ed448-scalar.pem``) or a whole test PKI."""
    if (folder / CHAIN_FILE).exists():
        try:
            chain = x509.load_pem_x509_certificates((folder / CHAIN_FILE).read_bytes())
            key = _load_key(folder)
        except (OSError, ValueError, TypeError) as exc:  # Ed448Error is a ValueError
            raise UsageError(f"{folder}: cannot load the contract ({exc})") from exc
        if not chain:
            raise UsageError(f"{folder / CHAIN_FILE} holds no certificate")
        public = chain[0].public_key()
        if not (key.matches(public) if isinstance(key, Ed448ScalarKey) else key.public_key() == public):
            raise UsageError(f"{folder}: the contract key does not belong to the contract certificate")
        return ContractCredentials(chain[0], tuple(chain[1:]), key)
    if holds_pki(folder):
        return ContractCredentials.from_pki(load_pki(folder))
    raise UsageError(f"{folder}: neither {CHAIN_FILE} + {KEY_FILE} nor a PKI folder")




def _load_key(folder: Path) -> SigningKey:
    if (folder / SCALAR_KEY_FILE).exists() and not (folder / KEY_FILE).exists():
        return scalar_key_from_pem((folder / SCALAR_KEY_FILE).read_bytes())
    key = load_pem_private_key((folder / KEY_FILE).read_bytes(), None)
    if not isinstance(key, PrivateKey):
        raise ValueError(f"{KEY_FILE} holds a {type(key).__name__}, not an EC or Ed448 key")
    return key


def demo_setup(pki_dir: Path, out: Path, cycles: int) -> tuple[PlugAndCharge, Provisioning]:
    """`v2g demo --pnc`: the charger's Plug & Charge (local backend with a certificate service on the
    demo PKI, receipt store OUT/receipts.db, signed tariffs or price schedules) and the car's
    provisioning credentials (it has no contract yet)."""
    pnc = local_pnc(pki_dir, ReceiptStore(out / "receipts.db"), cycles // 3)
    return pnc, Provisioning.from_pki(load_pki(pki_dir))


def save_contract(contract: ContractCredentials, folder: Path) -> None:
    """The car stores its new contract: chain and key (PKCS#8, or the Ed448 scalar of an installed
    Ed448 contract), files of mode 0600."""
    folder.mkdir(parents=True, exist_ok=True)
    chain = b"".join(c.public_bytes(Encoding.PEM) for c in (contract.leaf, *contract.sub_cas))
    if isinstance(contract.key, Ed448ScalarKey):
        key_file, stale, key = SCALAR_KEY_FILE, KEY_FILE, scalar_key_to_pem(contract.key)
    else:
        key_file, stale = KEY_FILE, SCALAR_KEY_FILE
        key = contract.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    (folder / stale).unlink(missing_ok=True)
    for name, data in ((CHAIN_FILE, chain), (key_file, key)):
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        path.chmod(0o600)


def report(pnc: PlugAndCharge, session: EvccSession | None, out: Path, *, iso20: bool = False) -> list[str]:
    """What `v2g demo --pnc` prints after the session, step by step (-2: signed receipts; -20:
    MeteringConfirmations and the signed price schedule)."""
    lines = []
    ctx = session.context if session is not None else None
    if ctx is not None and ctx.installed is not None:
        save_contract(ctx.installed, out / "contract")
        serial = format(ctx.installed.leaf.serial_number, "x")
        lines.append(f"1. certificate installation: contract {ctx.installed.emaid} (serial {serial}) "
                     f"installed, stored in {out / 'contract'} (mode 0600)")
    backend = pnc.backend
    if isinstance(backend, LocalBackend) and backend.requests:
        note = f" ({ctx.contract_note})" if ctx is not None and ctx.contract_note else ""
        emaid = backend.requests[-1].emaid
        lines.append(f"2. authorization: {emaid} authorized with a signed GenChallenge{note}")
    signed = "MeteringConfirmations" if iso20 else "receipts"
    if ctx is not None:
        label = "price schedule" if iso20 else "SalesTariff"
        tariff = ctx.tariff_note if iso20 and ctx.tariff_note else f"{label}: {ctx.tariff_note or 'none'}"
        lines.append(f"3. charging: {ctx.loop_count} loops; {tariff}; "
                     f"{ctx.receipts_signed} {signed} signed by the car")
    if pnc.receipts is not None:
        problems = verify(pnc.receipts)
        records = [s.receipt for s in pnc.receipts]
        state = "verified OK" if not problems else "; ".join(map(str, problems))
        if not iso20:
            lines.append(f"4. receipts: {len(records)} stored in {pnc.receipts.path}, {state}")
            return lines
        good = sum(1 for r in records if r.verified)
        lines.append(f"4. MeteringConfirmation: {len(records)} stored in {pnc.receipts.path}, {good} with "
                     "the car's signature verified")
        lines.append(f"5. receipt store: {state} (hash chain, signatures; `v2g receipts verify`)")
    return lines
