"""The Ed448 family's OEM provisioning certificate carries the X448 key of the -20 key transport as
its Alternate Subject Public Key ([V2G20-2534], [V2G20-822]): the extension, `v2g pki create`
writing its private key (mode 0600) and the loader reading and checking it."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, x448
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from tls import cli
from tls.errors import PkiStoreError
from tls.pki import ALT_PUBLIC_KEY_OID, Pki, alt_public_key, issue_certificate, spec_for
from tls.pki import PkiConfig as Config
from tls.profiles import KeyAlgorithm, Role, role_specs
from tls.store import alt_key_path, load_pki, write_pki


def test_ed448_oem_provisioning_certificate_has_the_x448_alternate_key(pkis: dict[str, Pki]) -> None:
    pki = pkis["iso20-ed448"]
    leaf = pki.certs[Role.OEM_PROV_LEAF]
    ext = leaf.extensions.get_extension_for_oid(ALT_PUBLIC_KEY_OID)
    assert ALT_PUBLIC_KEY_OID.dotted_string == "2.5.29.72" and not ext.critical
    private = pki.alt_keys[Role.OEM_PROV_LEAF]
    spki = private.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    assert isinstance(ext.value, x509.UnrecognizedExtension) and ext.value.value == spki
    assert alt_public_key(leaf) == private.public_key()
    assert leaf.extensions.get_extension_for_class(x509.KeyUsage).value.key_agreement  # [V2G20-822]
    others = [r for r in pki.certs if r is not Role.OEM_PROV_LEAF]
    assert all(alt_public_key(pki.certs[r]) is None for r in others) and list(pki.alt_keys) == [
        Role.OEM_PROV_LEAF
    ]


def test_secp521_family_has_no_alternate_key(pkis: dict[str, Pki]) -> None:
    pki = pkis["iso20"]
    assert pki.alt_keys == {} and alt_public_key(pki.certs[Role.OEM_PROV_LEAF]) is None


def test_cli_create_writes_the_alternate_key_beside_the_oem_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    out = tmp_path / "pki"
    assert cli.run(parser.parse_args(["create", str(out), "--profile", "iso20", "--algorithm", "ed448"])) == 0
    assert "OEM_PROV_LEAF with an X448 alternate key" in capsys.readouterr().out
    path = alt_key_path(out, Role.OEM_PROV_LEAF, "iso20")
    assert path == out / "oem" / "private" / "OEM_PROV_LEAF.alt-x448.key.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = load_pki(out)
    alt = loaded.alt_keys[Role.OEM_PROV_LEAF]
    assert isinstance(alt, x448.X448PrivateKey)
    assert alt.public_key() == alt_public_key(loaded.certs[Role.OEM_PROV_LEAF])


def test_loader_refuses_a_missing_or_foreign_alternate_key(pkis: dict[str, Pki], tmp_path: Path) -> None:
    write_pki(pkis["iso20-ed448"], tmp_path)
    path = alt_key_path(tmp_path, Role.OEM_PROV_LEAF, "iso20")
    path.write_bytes(
        x448.X448PrivateKey.generate().private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )
    with pytest.raises(PkiStoreError, match="alternate key of OEM_PROV_LEAF"):
        load_pki(tmp_path)
    path.unlink()
    with pytest.raises(PkiStoreError, match="cannot load the alternate key"):
        load_pki(tmp_path)


def test_an_extension_without_an_x448_key_is_refused(pkis: dict[str, Pki]) -> None:
    pki = pkis["iso20-ed448"]
    now = dt.datetime.now(dt.timezone.utc)
    spec = spec_for(role_specs("iso20")[Role.OEM_PROV_LEAF], Config("iso20", now))
    ec_key = ec.generate_private_key(ec.SECP521R1())
    spki = ec_key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    leaf = issue_certificate(
        spec, pki.keys[Role.OEM_PROV_LEAF], pki.keys[Role.OEM_SUB_CA2], pki.certs[Role.OEM_SUB_CA2],
        KeyAlgorithm.ED448,
    )
    assert alt_public_key(leaf) is None
    forged = _with_extension(leaf, pki, spki)
    with pytest.raises(ValueError, match="not X448"):
        alt_public_key(forged)
    with pytest.raises(ValueError, match="not a SubjectPublicKeyInfo"):
        alt_public_key(_with_extension(leaf, pki, b"\x30\x00"))


def _with_extension(leaf: x509.Certificate, pki: Pki, value: bytes) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(leaf.subject)
        .issuer_name(leaf.issuer)
        .public_key(leaf.public_key())
        .serial_number(leaf.serial_number)
        .not_valid_before(leaf.not_valid_before_utc)
        .not_valid_after(leaf.not_valid_after_utc)
        .add_extension(x509.UnrecognizedExtension(ALT_PUBLIC_KEY_OID, value), critical=False)
    )
    return builder.sign(pki.keys[Role.OEM_SUB_CA2], None)
