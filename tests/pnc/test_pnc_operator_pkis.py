"""Contract chains as operators issue them are accepted: an MO root and Sub-CAs that carry an
Extended Key Usage (users of another Python stack report such chains rejected), and a contract
leaf with one too; the chain is refused only for what the profile requires."""

from __future__ import annotations

import dataclasses

from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.pnc._pnc import START, PncSetup
from tests.sessions._session_harness import pump
from tls.keys import generate_key
from tls.pki import PkiConfig, issue_certificate, spec_for
from tls.profiles import KeyAlgorithm, Role, role_specs
from v2g.evcc.pnc import ContractCredentials

EKU = (ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION)


def _mo_chain_with_ekus() -> tuple[ContractCredentials, object]:
    specs, config = role_specs("iso2"), PkiConfig("iso2", START)
    alg = KeyAlgorithm.SECP256R1
    certs, keys = {}, {}
    for role in (Role.MO_ROOT, Role.MO_SUB_CA1, Role.MO_SUB_CA2, Role.CONTRACT_LEAF):
        spec = dataclasses.replace(
            spec_for(specs[role], config), eku=EKU if role is not Role.CONTRACT_LEAF else EKU[:1]
        )
        key = generate_key(alg)
        issuer = specs[role].issuer
        certs[role] = (
            issue_certificate(spec, key, key, None, alg)
            if issuer is None
            else issue_certificate(spec, key, keys[issuer], certs[issuer], alg)
        )
        keys[role] = key
    contract = ContractCredentials(
        certs[Role.CONTRACT_LEAF], (certs[Role.MO_SUB_CA2], certs[Role.MO_SUB_CA1]), keys[Role.CONTRACT_LEAF]
    )
    return contract, certs[Role.MO_ROOT]


def test_an_mo_chain_whose_root_and_sub_cas_carry_ekus_is_accepted() -> None:
    contract, root = _mo_chain_with_ekus()
    s = PncSetup(contract=contract, mo_roots=(root,))
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert run.bodies("PaymentDetailsRes")[0]["ResponseCode"] == "OK"
