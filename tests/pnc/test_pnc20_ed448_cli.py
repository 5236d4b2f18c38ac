"""The Ed448 family's Plug & Charge on the command line: `v2g demo --protocol iso20 --pnc --algorithm
ed448` installs an Ed448 contract (X448 key transport) and stores its key as the secret scalar
(``contract_key.ed448-scalar.pem``, mode 0600); `v2g evcc --contract DIR` loads it back
(the two-process run is in test_pnc20_cli.py, for both families)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed448

from tls.ed448 import Ed448ScalarKey, scalar_key_to_pem
from v2g.cli import main
from v2g.cli.common import UsageError
from v2g.cli.pnc import KEY_FILE, SCALAR_KEY_FILE, load_contract, save_contract
from v2g.evcc.pnc import ContractCredentials

SDP_PORT = 16950 + os.getpid() % 40


def test_demo_installs_an_ed448_contract_and_stores_its_scalar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["demo", "--protocol", "iso20", "--pnc", "--algorithm", "ed448", "--cycles", "6"]
    code = main([*args, "--out", str(tmp_path), "-q", "--sdp-port", str(SDP_PORT)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "ed448 PKI" in out and "Plug & Charge" in out
    steps = [
        "1. certificate installation: contract DEV2G123456789K",
        "2. authorization: DEV2G123456789K authorized with a signed GenChallenge",
        "3 with the car's signature verified",
        "5. receipt store: verified OK",
    ]
    at = [out.find(s) for s in steps]
    assert -1 not in at and at == sorted(at), out
    folder = tmp_path / "contract"
    assert (tmp_path / "pki20-ed448" / "pki.json").exists() and not (folder / KEY_FILE).exists()
    assert stat.S_IMODE((folder / SCALAR_KEY_FILE).stat().st_mode) == 0o600
    contract = load_contract(folder)
    assert isinstance(contract.key, Ed448ScalarKey) and contract.key.matches(contract.leaf.public_key())
    trace = (tmp_path / "trace.jsonl").read_text()
    assert "CertificateInstallationRes" in trace


def test_demo_algorithm_goes_with_iso20() -> None:
    assert main(["demo", "--protocol", "iso2", "--algorithm", "ed448"]) == 2


def test_contract_folder_of_a_scalar_key_round_trip_and_mismatch(tmp_path: Path) -> None:
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso20", "--algorithm", "ed448"]) == 0
    from_pki = load_contract(tmp_path / "pki")
    seed_key = from_pki.key
    assert isinstance(seed_key, ed448.Ed448PrivateKey)
    scalar = ContractCredentials(from_pki.leaf, from_pki.sub_cas, Ed448ScalarKey.from_private_key(seed_key))
    save_contract(from_pki, tmp_path / "car")  # first a PKCS#8 key, then the scalar replaces it
    save_contract(scalar, tmp_path / "car")
    assert sorted(p.name for p in (tmp_path / "car").iterdir()) == ["contract_chain.pem", SCALAR_KEY_FILE]
    assert load_contract(tmp_path / "car") == scalar
    other = Ed448ScalarKey.from_private_key(ed448.Ed448PrivateKey.generate())
    (tmp_path / "car" / SCALAR_KEY_FILE).write_bytes(scalar_key_to_pem(other))
    with pytest.raises(UsageError, match="does not belong"):
        load_contract(tmp_path / "car")
    (tmp_path / "car" / SCALAR_KEY_FILE).write_bytes(b"garbage")
    with pytest.raises(UsageError, match="cannot load the contract"):
        load_contract(tmp_path / "car")
