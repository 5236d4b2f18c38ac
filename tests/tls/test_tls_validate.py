"""Chain validation: every created chain passes; each profile rule broken in turn is rejected with
the right rule and the right certificate named."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, ObjectIdentifier

from tls import errors
from tls.errors import Rule
from tls.keys import PrivateKey, generate_key
from tls.pki import CertSpec, Pki, PkiConfig, create_pki, issue_certificate, spec_for
from tls.profiles import KeyAlgorithm, KeyUsageBit, Role, role_specs
from tls.validate import (
    RevocationStatus,
    ValidationPolicy,
    validate_chain,
    validate_contract_chain,
    validate_cps_chain,
    validate_oem_chain,
    validate_secc_chain,
    validate_vehicle_chain,
)

LEAVES = [Role.SECC_LEAF, Role.CPS_LEAF, Role.CONTRACT_LEAF, Role.OEM_PROV_LEAF, Role.VEHICLE_LEAF]


def _spec(pki: Pki, role: Role, now: dt.datetime) -> CertSpec:
    return spec_for(role_specs(pki.profile)[role], PkiConfig(pki.profile, now - dt.timedelta(minutes=1)))


def _reissue(
    pki: Pki,
    role: Role,
    now: dt.datetime,
    *,
    key: PrivateKey | None = None,
    hash_override: hashes.SHA256 | hashes.SHA384 | None = None,
    **changes: object,
) -> x509.Certificate:
    """Re-issue ``role`` (same key unless given, same issuer) with ``changes`` applied to its spec."""
    specs = role_specs(pki.profile)
    spec = dataclasses.replace(_spec(pki, role, now), **changes)  # type: ignore[arg-type]
    issuer = specs[role].issuer
    subject_key = key or pki.keys[role]
    if issuer is None:
        return issue_certificate(spec, subject_key, subject_key, None, pki.algorithm)
    if hash_override is not None:
        cert = issue_certificate(spec, subject_key, pki.keys[issuer], pki.certs[issuer], pki.algorithm)
        builder = x509.CertificateBuilder(
            issuer_name=cert.issuer,
            subject_name=cert.subject,
            public_key=cert.public_key(),
            serial_number=cert.serial_number,
            not_valid_before=cert.not_valid_before_utc,
            not_valid_after=cert.not_valid_after_utc,
            extensions=list(cert.extensions),
        )
        issuer_key = pki.keys[issuer]
        assert isinstance(issuer_key, ec.EllipticCurvePrivateKey)
        return builder.sign(issuer_key, hash_override)
    return issue_certificate(spec, subject_key, pki.keys[issuer], pki.certs[issuer], pki.algorithm)


def _validate(
    pki: Pki,
    leaf_role: Role,
    now: dt.datetime,
    *,
    replace: dict[Role, x509.Certificate] | None = None,
    anchors: list[x509.Certificate] | None = None,
    policy: ValidationPolicy | None = None,
) -> None:
    certs = dict(pki.certs)
    certs.update(replace or {})
    specs = role_specs(pki.profile)
    chain_roles = []
    r: Role | None = leaf_role
    while r is not None:
        chain_roles.append(r)
        r = specs[r].issuer
    leaf = certs[chain_roles[0]]
    subs = [certs[x] for x in chain_roles[1:-1]]
    roots = anchors if anchors is not None else [certs[chain_roles[-1]]]
    validate_chain(
        leaf, subs, roots, now=now, leaf_role=leaf_role, policy=policy or ValidationPolicy(pki.profile)
    )


def _subject(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()


def test_every_created_chain_validates(pkis: dict[str, Pki], variant: str, now: dt.datetime) -> None:
    pki = pkis[variant]
    for leaf in LEAVES:
        if leaf in pki.certs:
            _validate(pki, leaf, now)


def test_named_wrappers(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso20"]
    policy = ValidationPolicy("iso20")
    c = pki.certs
    res = validate_secc_chain(
        c[Role.SECC_LEAF], pki.chain(Role.SECC_LEAF)[1:], [c[Role.V2G_ROOT]], now=now, policy=policy
    )
    assert res.leaf == c[Role.SECC_LEAF] and res.anchor == c[Role.V2G_ROOT] and len(res.path) == 4
    # sub-CAs in any order, extra unrelated certificates ignored
    subs = [c[Role.MO_SUB_CA1], c[Role.CPO_SUB_CA1], c[Role.MO_SUB_CA2]]
    validate_contract_chain(
        c[Role.CONTRACT_LEAF], subs, [c[Role.MO_ROOT], c[Role.V2G_ROOT]], now=now, policy=policy
    )
    validate_oem_chain(
        c[Role.OEM_PROV_LEAF], pki.chain(Role.OEM_PROV_LEAF)[1:], [c[Role.OEM_ROOT]], now=now, policy=policy
    )
    validate_cps_chain(
        c[Role.CPS_LEAF], pki.chain(Role.CPS_LEAF)[1:], [c[Role.V2G_ROOT]], now=now, policy=policy
    )
    validate_vehicle_chain(
        c[Role.VEHICLE_LEAF], pki.chain(Role.VEHICLE_LEAF)[1:], [c[Role.OEM_ROOT]], now=now, policy=policy
    )


def _rejects(rule: Rule, subject: str, call: object) -> None:
    assert callable(call)
    with pytest.raises(errors.CertificateRejected) as info:
        call()
    assert info.value.rule is rule, str(info.value)
    assert info.value.subject == subject
    assert rule.value in str(info.value) and subject in str(info.value)


def test_expired_leaf_and_expired_sub_ca(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    leaf = pki.certs[Role.SECC_LEAF]
    later = leaf.not_valid_after_utc + dt.timedelta(seconds=1)
    _rejects(Rule.EXPIRED, _subject(leaf), lambda: _validate(pki, Role.SECC_LEAF, later))
    sub2 = _reissue(
        pki,
        Role.CPO_SUB_CA2,
        now,
        not_before=now - dt.timedelta(days=10),
        not_after=now - dt.timedelta(days=1),
    )
    _rejects(
        Rule.EXPIRED,
        _subject(sub2),
        lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.CPO_SUB_CA2: sub2}),
    )
    earlier = leaf.not_valid_before_utc - dt.timedelta(seconds=1)
    _rejects(Rule.NOT_YET_VALID, _subject(leaf), lambda: _validate(pki, Role.SECC_LEAF, earlier))


def test_validity_period_too_long(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    leaf = _reissue(pki, Role.SECC_LEAF, now, not_after=now + dt.timedelta(days=20 * 365))
    _rejects(
        Rule.VALIDITY_PERIOD,
        _subject(leaf),
        lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: leaf}),
    )


def test_wrong_curve(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    leaf = _reissue(pki, Role.SECC_LEAF, now, key=ec.generate_private_key(ec.SECP384R1()))
    _rejects(
        Rule.CURVE,
        _subject(leaf),
        lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: leaf}),
    )
    # a whole -20 chain is not acceptable under the -2 profile
    p20 = pkis["iso20"]
    _rejects(
        Rule.CURVE,
        _subject(p20.certs[Role.SECC_LEAF]),
        lambda: _validate(p20, Role.SECC_LEAF, now, policy=ValidationPolicy("iso2")),
    )
    # and an Ed448 chain is rejected if the integrator accepts only secp521r1
    ed = pkis["iso20-ed448"]
    only521 = ValidationPolicy("iso20", algorithms=(KeyAlgorithm.SECP521R1,))
    _rejects(
        Rule.CURVE,
        _subject(ed.certs[Role.SECC_LEAF]),
        lambda: _validate(ed, Role.SECC_LEAF, now, policy=only521),
    )


def test_wrong_hash(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    leaf = _reissue(pki, Role.SECC_LEAF, now, hash_override=hashes.SHA384())
    _rejects(
        Rule.HASH, _subject(leaf), lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: leaf})
    )
    p20 = pkis["iso20"]
    leaf20 = _reissue(p20, Role.SECC_LEAF, now, hash_override=hashes.SHA256())
    _rejects(
        Rule.HASH,
        _subject(leaf20),
        lambda: _validate(p20, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: leaf20}),
    )


@pytest.mark.parametrize(
    ("role", "usage"),
    [
        (Role.SECC_LEAF, {KeyUsageBit.KEY_ENCIPHERMENT}),  # no digitalSignature
        (Role.OEM_PROV_LEAF, {KeyUsageBit.DIGITAL_SIGNATURE}),  # no keyAgreement for the ECDH
        (
            Role.CONTRACT_LEAF,
            {KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_CERT_SIGN},
        ),  # leaf signing certs
        (Role.CPO_SUB_CA2, {KeyUsageBit.CRL_SIGN}),  # CA without keyCertSign
    ],
)
def test_wrong_key_usage(pkis: dict[str, Pki], now: dt.datetime, role: Role, usage: set[KeyUsageBit]) -> None:
    pki = pkis["iso2"]
    bad = _reissue(pki, role, now, key_usage=frozenset(usage))
    leaf = {Role.CPO_SUB_CA2: Role.SECC_LEAF}.get(role, role)
    _rejects(Rule.KEY_USAGE, _subject(bad), lambda: _validate(pki, leaf, now, replace={role: bad}))


def test_basic_constraints(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    leaf_ca = _reissue(pki, Role.SECC_LEAF, now, ca=True)
    _rejects(
        Rule.BASIC_CONSTRAINTS,
        _subject(leaf_ca),
        lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: leaf_ca}),
    )
    noncrit = _reissue(pki, Role.CPO_SUB_CA1, now, basic_constraints_critical=False)
    _rejects(
        Rule.BASIC_CONSTRAINTS,
        _subject(noncrit),
        lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.CPO_SUB_CA1: noncrit}),
    )


def test_path_length_exceeded(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso20"]
    sub1 = _reissue(pki, Role.CPO_SUB_CA1, now, path_length=0)
    _rejects(
        Rule.PATH_LENGTH,
        _subject(sub1),
        lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.CPO_SUB_CA1: sub1}),
    )


def test_too_many_sub_cas(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    alg = pki.algorithm
    root_key, root = pki.keys[Role.V2G_ROOT], pki.certs[Role.V2G_ROOT]
    base = _spec(pki, Role.CPO_SUB_CA1, now)
    keys = [generate_key(alg) for _ in range(3)]
    subs: list[x509.Certificate] = []
    issuer_key, issuer = root_key, root
    for i, k in enumerate(keys):
        s = dataclasses.replace(base, common_name=f"CPOSubCA{i + 1}x", path_length=None)
        cert = issue_certificate(s, k, issuer_key, issuer, alg)
        subs.append(cert)
        issuer_key, issuer = k, cert
    leaf = issue_certificate(_spec(pki, Role.SECC_LEAF, now), generate_key(alg), issuer_key, issuer, alg)
    _rejects(
        Rule.CHAIN_DEPTH,
        _subject(subs[0]),
        lambda: validate_chain(
            leaf, subs, [root], now=now, leaf_role=Role.SECC_LEAF, policy=ValidationPolicy("iso2")
        ),
    )


def test_wrong_root(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    leaf = pki.certs[Role.SECC_LEAF]
    sub1 = pki.certs[Role.CPO_SUB_CA1]
    # the MO root is not a V2G root
    _rejects(
        Rule.UNTRUSTED_ROOT,
        _subject(sub1),
        lambda: _validate(pki, Role.SECC_LEAF, now, anchors=[pki.certs[Role.MO_ROOT]]),
    )
    # a V2G root of the same name but another key (another PKI)
    other = create_pki(PkiConfig("iso2", now - dt.timedelta(minutes=1)))
    _rejects(
        Rule.UNTRUSTED_ROOT,
        _subject(sub1),
        lambda: _validate(pki, Role.SECC_LEAF, now, anchors=[other.certs[Role.V2G_ROOT]]),
    )
    # a leaf presented with another PKI's Sub-CAs of the same names: the signature does not verify
    _rejects(
        Rule.SIGNATURE,
        _subject(leaf),
        lambda: validate_chain(
            leaf,
            other.chain(Role.SECC_LEAF)[1:],
            [other.certs[Role.V2G_ROOT]],
            now=now,
            leaf_role=Role.SECC_LEAF,
            policy=ValidationPolicy("iso2"),
        ),
    )


def test_bad_emaid(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    for cn in ("DEV2G123456789X", "DE-V2G-12345", "DEV2G12345678!K"):
        leaf = _reissue(pki, Role.CONTRACT_LEAF, now, common_name=cn)
        _rejects(
            Rule.EMAID,
            _subject(leaf),
            lambda leaf=leaf: _validate(pki, Role.CONTRACT_LEAF, now, replace={Role.CONTRACT_LEAF: leaf}),
        )
    # without a check character: accepted only if the policy allows it
    short = _reissue(pki, Role.CONTRACT_LEAF, now, common_name="DEV2G123456789")
    _rejects(
        Rule.EMAID,
        _subject(short),
        lambda: _validate(pki, Role.CONTRACT_LEAF, now, replace={Role.CONTRACT_LEAF: short}),
    )
    lax = ValidationPolicy("iso2", require_emaid_check_character=False)
    _validate(pki, Role.CONTRACT_LEAF, now, replace={Role.CONTRACT_LEAF: short}, policy=lax)


def test_wrong_eku_and_domain_component(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    eku = _reissue(pki, Role.SECC_LEAF, now, eku=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    _rejects(
        Rule.EXTENDED_KEY_USAGE,
        _subject(eku),
        lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: eku}),
    )
    ok = _reissue(pki, Role.SECC_LEAF, now, eku=(ExtendedKeyUsageOID.SERVER_AUTH,))
    _validate(pki, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: ok})
    dc = _reissue(pki, Role.SECC_LEAF, now, domain_component="MO")
    _rejects(
        Rule.SUBJECT, _subject(dc), lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: dc})
    )


def test_der_size_limit_iso2(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    spec = dataclasses.replace(_spec(pki, Role.SECC_LEAF, now), organization="O" * 64)
    # push the DER past 800 bytes with a long (but legal) subject
    spec = dataclasses.replace(spec, common_name="C" * 64, domain_component="CPO")
    cert = issue_certificate(
        spec, pki.keys[Role.SECC_LEAF], pki.keys[Role.CPO_SUB_CA2], pki.certs[Role.CPO_SUB_CA2], pki.algorithm
    )
    big = x509.CertificateBuilder(
        issuer_name=cert.issuer,
        subject_name=cert.subject,
        public_key=cert.public_key(),
        serial_number=cert.serial_number,
        not_valid_before=cert.not_valid_before_utc,
        not_valid_after=cert.not_valid_after_utc,
        extensions=[
            *cert.extensions,
            x509.Extension(
                ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                False,
                x509.UnrecognizedExtension(
                    ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x04\x82\x02\x58" + b"x" * 600
                ),
            ),
        ],
    )
    issuer_key = pki.keys[Role.CPO_SUB_CA2]
    assert isinstance(issuer_key, ec.EllipticCurvePrivateKey)
    big_cert = big.sign(issuer_key, hashes.SHA256())
    _rejects(
        Rule.SIZE,
        _subject(big_cert),
        lambda: _validate(pki, Role.SECC_LEAF, now, replace={Role.SECC_LEAF: big_cert}),
    )
    # the same certificate passes when the integrator raises the limit
    _validate(
        pki,
        Role.SECC_LEAF,
        now,
        replace={Role.SECC_LEAF: big_cert},
        policy=ValidationPolicy("iso2", max_der_size=4096),
    )


def test_revocation_hook(pkis: dict[str, Pki], now: dt.datetime) -> None:
    pki = pkis["iso2"]
    seen: list[tuple[str, str]] = []
    revoked_serial = pki.certs[Role.MO_SUB_CA2].serial_number

    def hook(cert: x509.Certificate, issuer: x509.Certificate) -> RevocationStatus:
        seen.append((_subject(cert), _subject(issuer)))
        return RevocationStatus.REVOKED if cert.serial_number == revoked_serial else RevocationStatus.GOOD

    _rejects(
        Rule.REVOKED,
        _subject(pki.certs[Role.MO_SUB_CA2]),
        lambda: _validate(pki, Role.CONTRACT_LEAF, now, policy=ValidationPolicy("iso2", revocation=hook)),
    )
    assert seen[0] == (_subject(pki.certs[Role.CONTRACT_LEAF]), _subject(pki.certs[Role.MO_SUB_CA2]))
    seen.clear()
    _validate(pki, Role.SECC_LEAF, now, policy=ValidationPolicy("iso2", revocation=hook))
    assert len(seen) == 3  # leaf, Sub-CA 2, Sub-CA 1; the anchor is not asked about

    def unknown(cert: x509.Certificate, issuer: x509.Certificate) -> RevocationStatus:
        return RevocationStatus.UNKNOWN

    _validate(pki, Role.SECC_LEAF, now, policy=ValidationPolicy("iso2", revocation=unknown))
    strict = ValidationPolicy("iso2", revocation=unknown, reject_unknown_revocation=True)
    _rejects(
        Rule.REVOCATION_UNKNOWN,
        _subject(pki.certs[Role.SECC_LEAF]),
        lambda: _validate(pki, Role.SECC_LEAF, now, policy=strict),
    )


def test_naive_now_is_refused(pkis: dict[str, Pki]) -> None:
    with pytest.raises(ValueError):
        _validate(pkis["iso2"], Role.SECC_LEAF, dt.datetime(2030, 1, 1))


def test_validate_pki_and_short_chains(pkis: dict[str, Pki], now: dt.datetime) -> None:
    from tls.validate import validate_pki

    for pki in pkis.values():
        result = validate_pki(pki, now=now)
        assert set(result) == {r for r in LEAVES if r in pki.certs}
    # a leaf issued by Sub-CA 1 directly (one Sub-CA) and by the root directly (none) is valid
    pki = pkis["iso2"]
    spec = _spec(pki, Role.SECC_LEAF, now)
    for issuer in (Role.CPO_SUB_CA1, Role.V2G_ROOT):
        leaf = issue_certificate(
            spec, pki.keys[Role.SECC_LEAF], pki.keys[issuer], pki.certs[issuer], pki.algorithm
        )
        subs = [pki.certs[Role.CPO_SUB_CA1]] if issuer is Role.CPO_SUB_CA1 else []
        chain = validate_secc_chain(
            leaf, subs, [pki.certs[Role.V2G_ROOT]], now=now, policy=ValidationPolicy("iso2")
        )
        assert len(chain.path) == len(subs) + 2
