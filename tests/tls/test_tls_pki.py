"""PKI creation: profiles, folder layout, loader, CLI, and `openssl verify` on every chain."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from tls import cli
from tls.errors import PkiStoreError
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import MAX_DER_SIZE_ISO2, Kind, Role, role_specs
from tls.store import cert_path, chain_path, load_pki, root_path, write_pki

LEAVES = [Role.SECC_LEAF, Role.CPS_LEAF, Role.CONTRACT_LEAF, Role.OEM_PROV_LEAF, Role.VEHICLE_LEAF]


def _dc(cert: x509.Certificate) -> list[str]:
    return [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.DOMAIN_COMPONENT)]


def test_every_role_matches_its_profile(pkis: dict[str, Pki], variant: str) -> None:
    pki = pkis[variant]
    specs = role_specs(pki.profile)
    assert set(pki.certs) == set(specs)
    for role, spec in specs.items():
        cert = pki.certs[role]
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints)
        assert bc.critical
        assert bc.value.ca is spec.is_ca, role
        assert bc.value.path_length == spec.path_length, role
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
        assert ku.critical
        assert ku.value.key_cert_sign is spec.is_ca
        if spec.domain_component is not None:
            assert _dc(cert) == [spec.domain_component]
        assert cert.version is x509.Version.v3
        key = cert.public_key()
        if variant == "iso2":
            assert isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1)
            assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)
            assert len(cert.public_bytes(Encoding.DER)) <= MAX_DER_SIZE_ISO2
        elif variant == "iso20":
            assert isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP521R1)
            assert isinstance(cert.signature_hash_algorithm, hashes.SHA512)
        else:
            assert isinstance(key, ed448.Ed448PublicKey)
            assert cert.signature_hash_algorithm is None


def test_leaf_subjects(pkis: dict[str, Pki], variant: str) -> None:
    pki = pkis[variant]
    cn = {r: pki.certs[r].subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value for r in pki.certs}
    assert cn[Role.CONTRACT_LEAF] == "DEV2G123456789K"
    assert cn[Role.OEM_PROV_LEAF] == "WMIV2G1234567890AB"
    assert _dc(pki.certs[Role.SECC_LEAF]) == ["CPO"]
    assert _dc(pki.certs[Role.CPS_LEAF]) == ["CPS"]
    assert (Role.VEHICLE_LEAF in pki.certs) is (pki.profile == "iso20")


def test_chains_link_leaf_to_root(pkis: dict[str, Pki], variant: str) -> None:
    pki = pkis[variant]
    for leaf in LEAVES:
        if leaf not in pki.certs:
            continue
        chain = [*pki.chain(leaf), pki.root_of(leaf)]
        assert len(chain) == 4
        for child, parent in itertools.pairwise(chain):
            child.verify_directly_issued_by(parent)
    # the CPS chain hangs off the V2G root
    assert pki.root_of(Role.CPS_LEAF) is pki.certs[Role.V2G_ROOT]


def test_store_round_trip_with_password(pkis: dict[str, Pki], tmp_path: Path) -> None:
    pki = pkis["iso2"]
    write_pki(pki, tmp_path, b"secret")
    loaded = load_pki(tmp_path, b"secret")
    assert loaded.certs == pki.certs
    assert loaded.profile == "iso2"
    assert b"ENCRYPTED" in (tmp_path / "v2g/private/SECC_LEAF.key.pem").read_bytes()
    der = cert_path(tmp_path, Role.SECC_LEAF, "iso2", ".der").read_bytes()
    assert x509.load_der_x509_certificate(der) == pki.certs[Role.SECC_LEAF]
    with pytest.raises(PkiStoreError):
        load_pki(tmp_path, b"wrong")
    with pytest.raises(PkiStoreError):
        load_pki(tmp_path / "nothing-here")


OPENSSL = shutil.which("openssl")


@pytest.mark.skipif(OPENSSL is None, reason="openssl CLI not installed")
def test_openssl_verifies_every_chain(pki_dirs: dict[str, Path], pkis: dict[str, Pki], variant: str) -> None:
    assert OPENSSL is not None
    d = pki_dirs[variant]
    pki = pkis[variant]
    specs = role_specs(pki.profile)
    checked = 0
    for leaf in LEAVES:
        if leaf not in pki.certs:
            continue
        root_role = next(r for r in specs if specs[r].kind is Kind.ROOT and pki.root_of(leaf) is pki.certs[r])
        subs = chain_path(d, leaf, pki.profile)
        proc = subprocess.run(
            [
                OPENSSL,
                "verify",
                "-x509_strict",
                "-CAfile",
                str(root_path(d, root_role)),
                "-untrusted",
                str(subs),
                str(cert_path(d, leaf, pki.profile)),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert proc.stdout.strip().endswith(": OK")
        checked += 1
        # and the same leaf against the wrong root fails
        other = Role.MO_ROOT if root_role is not Role.MO_ROOT else Role.V2G_ROOT
        bad = subprocess.run(
            [
                OPENSSL,
                "verify",
                "-CAfile",
                str(root_path(d, other)),
                "-untrusted",
                str(subs),
                str(cert_path(d, leaf, pki.profile)),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert bad.returncode != 0
    assert checked == (5 if pki.profile == "iso20" else 4)


def test_cli_create(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(
        [
            "create",
            str(tmp_path / "out"),
            "--profile",
            "iso20",
            "--algorithm",
            "ed448",
            "--emaid",
            "FRXYZ1234567892",
        ]
    )
    assert cli.run(args) == 0
    loaded = load_pki(tmp_path / "out")
    assert loaded.profile == "iso20" and loaded.algorithm.value == "ed448"
    cn = loaded.certs[Role.CONTRACT_LEAF].subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert cn == "FRXYZ1234567892"
    bad = parser.parse_args(
        ["create", str(tmp_path / "bad"), "--profile", "iso2", "--emaid", "FRXYZ1234567893"]
    )
    assert cli.run(bad) == 1
    assert not (tmp_path / "bad" / "pki.json").exists()
    wrong_alg = parser.parse_args(
        ["create", str(tmp_path / "bad2"), "--profile", "iso2", "--algorithm", "ed448"]
    )
    assert cli.run(wrong_alg) == 1


def test_cli_password_file_encrypts_keys(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    pw = tmp_path / "pw.txt"
    pw.write_text("s3cret\n")
    args = parser.parse_args(
        ["create", str(tmp_path / "enc"), "--profile", "iso2", "--password-file", str(pw)]
    )
    assert cli.run(args) == 0
    assert load_pki(tmp_path / "enc", b"s3cret").profile == "iso2"
    with pytest.raises(PkiStoreError):
        load_pki(tmp_path / "enc")
    missing = parser.parse_args(
        ["create", str(tmp_path / "x"), "--profile", "iso2", "--password-file", str(tmp_path / "none")]
    )
    assert cli.run(missing) == 2


def test_cli_check(pki_dirs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    assert cli.run(parser.parse_args(["check", str(pki_dirs["iso20"])])) == 0
    out = capsys.readouterr().out
    assert "SECC_LEAF: OK" in out and "VEHICLE_LEAF: OK" in out
    # a folder whose CPO Sub-CA 2 (certificate and key) comes from another PKI: the SECC leaf's
    # signature no longer verifies
    broken = tmp_path / "broken"
    shutil.copytree(pki_dirs["iso2"], broken)
    other = tmp_path / "other"
    write_pki(
        create_pki(PkiConfig("iso2", dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1))), other
    )
    for rel in ("v2g/CPO_SUB_CA2.pem", "v2g/private/CPO_SUB_CA2.key.pem"):
        shutil.copy(other / rel, broken / rel)
    assert cli.run(parser.parse_args(["check", str(broken)])) == 1
    assert "rejected" in capsys.readouterr().err
    assert cli.run(parser.parse_args(["check", str(tmp_path / "missing")])) == 1


def test_loader_refuses_a_key_of_another_certificate(pkis: dict[str, Pki], tmp_path: Path) -> None:
    write_pki(pkis["iso2"], tmp_path)
    shutil.copy(tmp_path / "mo/private/MO_ROOT_CA.key.pem", tmp_path / "mo/private/CONTRACT_LEAF.key.pem")
    with pytest.raises(PkiStoreError, match="does not belong"):
        load_pki(tmp_path)
