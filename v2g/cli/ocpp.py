"""`v2g secc --ocpp URL`: the charger's backend over OCPP 2.0.1 or 1.6J; `v2g csms`: the test CSMS.

Both need the ``[ocpp]`` extra; it is imported when one of them runs, so the ``v2g`` command works
without it (a usage error names it)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from v2g.backend import PlugAndCharge
from v2g.cli import common
from v2g.cli.common import UsageError
from v2g.controller import EvseController, EvseServices

if TYPE_CHECKING:
    from v2g.aio.demo import DemoConfig
    from v2g.evcc import EvccResult
    from v2g.ocpp import OcppBackend

__all__ = ["add_parser", "add_secc_options", "renew_secc", "secc_backend", "wait_connected"]


def _ocpp() -> Any:
    try:
        import v2g.ocpp
    except ImportError as exc:
        raise UsageError(f"OCPP needs the [ocpp] extra: pip install 'v2g[ocpp]' ({exc})") from None
    return v2g.ocpp


def add_secc_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ocpp", metavar="URL",
                   help="the CSMS's WebSocket URL (ws://HOST:PORT/PATH; the charge point id is appended): "
                   "authorization (EIM and Plug & Charge), contracts, charging profiles and transactions "
                   "go through it (needs the [ocpp] extra)")
    p.add_argument("--ocpp-version", choices=("2.0.1", "1.6"), default="2.0.1",
                   help="OCPP version (default 2.0.1; 1.6: 1.6J, Plug & Charge in DataTransfer)")
    p.add_argument("--charge-point-id", default="CP1", metavar="ID", help="this charger's id at the CSMS")
    p.add_argument("--ocpp-token", metavar="TOKEN",
                   help="EIM: the RFID card's idToken to authorize (default: the car's MAC, type MacAddress)")
    p.add_argument("--ocpp-offline", choices=("refuse", "cache"), default="refuse",
                   help="without the CSMS: refuse every authorization, or accept those it accepted before")
    p.add_argument("--ocpp-outbox", type=Path, metavar="FILE",
                   help="keep unsent transaction messages in this file across restarts")
    p.add_argument("--ocpp-renew-secc", action="store_true",
                   help="with --tls (-2): at start, SignCertificate for a new SECC key; the CSMS's chain "
                   "replaces the SECC chain and key in --pki and the TLS port serves it")


def secc_backend(
    args: argparse.Namespace, charger: EvseController, pnc: PlugAndCharge | None
) -> tuple[OcppBackend, EvseServices]:
    """The OCPP backend for ``v2g secc --ocpp`` (not started) and the services that use it: EIM,
    schedules under the CSMS's profiles, Plug & Charge's backend."""
    ocpp = _ocpp()
    config = ocpp.OcppConfig(
        args.ocpp, args.charge_point_id, eim_token=args.ocpp_token, offline=args.ocpp_offline,
        outbox=args.ocpp_outbox, version=args.ocpp_version,
    )
    backend: OcppBackend = ocpp.OcppBackend(
        config, schedules=charger, on_limit_change=getattr(charger, "request_renegotiation", None)
    )
    with_backend = None if pnc is None else dataclasses.replace(pnc, backend=backend)
    return backend, EvseServices(backend, backend, charger, with_backend)


async def wait_connected(backend: OcppBackend, seconds: float = 5.0) -> None:
    """Give the CSMS ``seconds`` to accept the BootNotification before the SECC serves (it serves
    anyway, and authorizes as ``--ocpp-offline`` says until the connection is up)."""
    try:
        await asyncio.wait_for(backend.connected.wait(), seconds)
    except TimeoutError:
        why = "; ".join(list(backend.errors)[-1:])
        print(f"OCPP: no CSMS at {backend.config.uri} yet (retrying: {why})", flush=True)
    else:
        print(f"OCPP: connected to {backend.config.uri}", flush=True)


async def renew_secc(
    args: argparse.Namespace, backend: OcppBackend, reload: Callable[[], None], seconds: float = 10.0
) -> bool:
    """``--ocpp-renew-secc``: SignCertificate for a new key with the subject of the SECC leaf in
    ``--pki``; the CSMS's CertificateSigned chain, once checked, replaces that leaf's chain and key
    files and ``reload()`` rebuilds the TLS context. True when installed within ``seconds``."""
    import tls.context
    import tls.store
    from tls.profiles import Role
    from v2g.ocpp.mapping import CsmsAnswerError
    from v2g.ocpp.seccert import SeccCertificate, SeccCertificateConfig

    folder = common.pki_dir(args)
    chain = tls.store.chain_path(folder, Role.SECC_LEAF, "iso2")
    old = tls.context.anchors_of([chain])[0].subject
    names = {a.oid.dotted_string: str(a.value) for a in old}
    config = SeccCertificateConfig(
        chain, tls.store.key_path(folder, Role.SECC_LEAF, "iso2"),
        tuple(tls.context.anchors_of([tls.store.root_path(folder, Role.V2G_ROOT)])),
        common_name=names.get("2.5.4.3", "SECC"), organization=names.get("2.5.4.10"),
        country=names.get("2.5.4.6"),
    )
    installed = asyncio.Event()

    def done(_chain: Path, _key: Path) -> None:
        reload()
        installed.set()

    backend.secc_certificate = SeccCertificate(config, on_installed=done)
    try:
        status = await backend.renew_secc_certificate()
        if status == "Accepted":
            await asyncio.wait_for(installed.wait(), seconds)
    except (CsmsAnswerError, TimeoutError) as e:
        status = f"no answer ({e!r})"
    leaf = backend.secc_certificate.installed
    if leaf is None:
        why = "; ".join(backend.secc_certificate.rejected[-1:]) or status
        print(f"OCPP: SECC certificate not renewed: {why}", flush=True)
        return False
    print(f"OCPP: SECC certificate renewed, serial {leaf.serial_number:x}", flush=True)
    return True


async def demo(
    config: DemoConfig, run: Callable[[DemoConfig], Awaitable[EvccResult]], pki_dir: Path,
    version: str = "2.0.1",
) -> tuple[EvccResult, list[str]]:
    """`v2g demo --ocpp`: the test CSMS (contracts from the demo PKI, an 11 kW TxDefaultProfile at
    boot, a 7 kW TxProfile once the first signed meter value arrives), the SECC's backend on it, the
    session; the report lines of what the CSMS saw."""
    from tls.store import load_pki
    from v2g.certificates import LocalCertificateService

    ocpp = _ocpp()
    service = LocalCertificateService(load_pki(pki_dir))
    async with ocpp.TestCsms(ocpp.CsmsConfig(default_limit=11_000.0), service, version=version) as csms:
        async with ocpp.OcppBackend(ocpp.OcppConfig(csms.url, "CP1", version=version)) as backend:
            await backend.connected.wait()

            async def limit_mid_session() -> None:
                await csms.wait_for(lambda: any(e["event_type"] == "Updated" for e in _events(csms)), 60)
                profile = {**ocpp.tx_default_profile(7_000.0, 2), "charging_profile_purpose": "TxProfile"}
                await csms.set_charging_profile("CP1", profile)

            limiter = asyncio.get_running_loop().create_task(limit_mid_session())
            try:
                result = await run(dataclasses.replace(config, ocpp=backend))
            finally:
                limiter.cancel()
        return result, _report(csms, backend)


def _events(csms: Any) -> list[dict[str, Any]]:
    return [e for events in csms.transactions.values() for e in events]


def _signed(csms: Any, backend: OcppBackend) -> list[tuple[str, str]]:
    """(OCMF record, public key) of every signed meter value the CSMS got: 2.0.1 signedMeterValue;
    1.6J SampledValue format SignedData, the key known out of band (here: the charger's meter's)."""
    values = [sv for e in _events(csms) for mv in e.get("meter_value", []) for sv in mv["sampled_value"]]
    if csms.version == "2.0.1":
        return [(v["signed_meter_value"]["signed_meter_data"], v["signed_meter_value"]["public_key"])
                for v in values]
    key = getattr(backend.transactions, "public_key", "")
    return [(v["value"], key) for v in values if v.get("format") == "SignedData"]


def _report(csms: Any, backend: OcppBackend) -> list[str]:
    lines = [f"OCPP {csms.version}: CSMS {csms.url}, charging station CP1"]
    if csms.version == "1.6":
        lines[0] += " (Plug & Charge in DataTransfer org.openchargealliance.iso15118pnc)"
    for _, action, payload in csms.received:
        if action == "Get15118EVCertificate":
            lines.append(f"  Get15118EVCertificate ({payload['action']}): the CSMS issued the contract")
        elif action == "Authorize":
            token = payload.get("id_token") or {"type": "idTag", "id_token": payload.get("id_tag")}
            hashes = payload.get("iso15118_certificate_hash_data") or []
            lines.append(f"  Authorize {token['type']} {token['id_token']}, {len(hashes)} certificate hashes")
    lines.append("  limits: TxDefaultProfile 11000 W at boot; TxProfile 7000 W after the first meter value "
                 "(ended with the transaction)")
    events = _events(csms)
    what = "TransactionEvents" if csms.version == "2.0.1" else "Start/MeterValues/StopTransaction"
    lines.append(f"  {what}: {' '.join(e['event_type'] for e in events)}")
    signed = _signed(csms, backend)
    try:
        import pyocmf
    except ImportError:
        lines.append(f"  {len(signed)} signed OCMF meter values (install [receipts] to verify them)")
    else:
        good = sum(bool(pyocmf.OCMF.from_string(data).verify_signature(key)) for data, key in signed)
        lines.append(f"  {len(signed)} signed OCMF meter values, {good} verified with the meter's key")
    return lines


def cmd_csms(args: argparse.Namespace) -> int:
    ocpp = _ocpp()
    certificates = None
    if args.pki is not None:
        from tls.store import load_pki
        from v2g.certificates import LocalCertificateService

        certificates = LocalCertificateService(load_pki(Path(args.pki)))
    config = ocpp.CsmsConfig(
        tokens=tuple(args.token or ()), emaids=tuple(args.emaid) if args.emaid else None,
        blocked=tuple(args.block or ()), default_limit=args.limit,
    )

    async def run() -> int:
        stop = asyncio.Event()
        with common.StopSignals(lambda signum: stop.set()) as signals:
            async with ocpp.TestCsms(
                config, certificates, host=args.host, port=args.port, version=args.ocpp_version
            ) as csms:
                print(f"CSMS listening on {csms.url}", flush=True)
                await stop.wait()
                for tx, events in csms.transactions.items():
                    print(f"transaction {tx}: {' '.join(e['event_type'] for e in events)}")
        return signals.exit_code or 0

    return asyncio.run(run())


def add_parser(sub: common.Subparsers) -> None:
    c = sub.add_parser("csms", help="a small OCPP 2.0.1 / 1.6J CSMS for tests and the demo (needs [ocpp])")
    c.add_argument("--ocpp-version", choices=("2.0.1", "1.6"), default="2.0.1",
                   help="OCPP version (default 2.0.1; 1.6: 1.6J, Plug & Charge in DataTransfer)")
    c.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    c.add_argument("--port", type=int, default=9000, help="listen port (default 9000; 0: a free one)")
    c.add_argument("--token", action="append", metavar="ID", help="accept this EIM idToken (repeatable)")
    c.add_argument("--emaid", action="append", metavar="EMAID",
                   help="accept only these eMAIDs (repeatable; default: every valid contract)")
    c.add_argument("--block", action="append", metavar="ID", help="answer Blocked for this idToken or eMAID")
    c.add_argument("--pki", metavar="DIR", help="issue contracts (Get15118EVCertificate) from this test PKI")
    c.add_argument("--limit", type=common.positive_float, metavar="W",
                   help="set this TxDefaultProfile power limit on every charger that boots")
    c.set_defaults(func=cmd_csms)
