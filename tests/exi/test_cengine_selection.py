"""The C engine and its pure twin: it loaded, the engine names, wildcard content handed to the pure
twin, and the selection in a fresh interpreter."""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
from _cengine_twin import _cm, _Recorder, needs_c

import exi
from exi import _ctables, _select

ENGINE_AGNOSTIC = True  # compares both engines itself (see conftest.py)


def test_c_engine_loaded() -> None:
    """Under CI the C engine must have been built and loaded, for every schema set."""
    forced_pure = os.environ.get("V2G_EXI_PURE") == "1"
    if os.environ.get("CI") == "true" and not forced_pure:
        assert _select.C_AVAILABLE, "CI=true but the C engine (exi._cengine) did not load"
    if not _select.C_AVAILABLE:
        pytest.skip("the C engine is not built (or V2G_EXI_PURE=1)")
    for key in exi.SCHEMAS:
        assert _select.c_grammar(exi.grammar(key)) is not None, f"{key} stays pure"
    _select.use("c")
    assert exi.ENGINE == "c"
    _select.use("python")
    assert exi.ENGINE == "python"


def test_engine_names() -> None:
    with pytest.raises(exi.ExiError):
        _select.use("java")
    assert exi.engine() in ("c", "python")


@needs_c
def test_wildcard_content_goes_to_the_pure_twin() -> None:
    """Wildcard content and mixed text (xmldsig only) are handed to the pure engine, whole message at
    a time: same bytes and objects, one hand-over per call; plain content never is."""
    from exi.xmldsig import generated_types as X

    g = exi.grammar("xmldsig")
    rec = _Recorder(g)
    tables = list(_ctables.tables(g, _cm().slot_offset))
    tables[12] = rec
    c = _cm().Grammar(tuple(tables))
    algo = "http://www.w3.org/TR/canonical-exi/"
    plain = X.CanonicalizationMethod(Algorithm=algo)
    data = c.encode_document(plain)
    assert repr(c.decode_document(data)) == repr(g.decode_document(data))
    assert rec.calls == 0
    for any_ in (("text",), (X.DigestValue(value=b"12"),), ("a", X.KeyName(value="k"), "b"),
                 (exi.AnyElement("urn:x", "y", (), ("z",)),)):
        m = X.CanonicalizationMethod(Algorithm=algo, any_=any_)
        for enc, dec, wrap in ((c.encode_document, c.decode_document, False),
                               (c.encode_fragment, c.decode_fragment, True)):
            before = rec.calls
            item: Any = [m] if wrap else m
            data = enc(item)
            pure = g.encode_fragment([m]) if wrap else g.encode_document(m)
            assert data == pure
            assert repr(dec(data)) == repr(g.decode_fragment(data) if wrap else g.decode_document(data))
            assert rec.calls == before + 2


def _engine_in_subprocess(env: dict[str, str], prelude: str = "") -> str:
    import subprocess

    code = (prelude + "import exi\n"
            "m = exi.decode(bytes.fromhex('809a004011d019231636c790f800'), 'din')\n"
            "assert exi.encode(m).hex() == '809a004011d019231636c790f800'\n"
            "print(exi.ENGINE)\n")
    full = {k: v for k, v in os.environ.items() if k != "V2G_EXI_PURE"} | env
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=full).stdout.strip()


def test_selection_in_a_fresh_interpreter() -> None:
    """The default is the C engine where it was built; V2G_EXI_PURE=1 forces the pure one; without
    the extension (no compiler at install time) the package works on the pure engine."""
    built = _select.c_module() is not None or os.environ.get("V2G_EXI_PURE") == "1"
    assert _engine_in_subprocess({"V2G_EXI_PURE": "1"}) == "python"
    no_c = "import sys\nsys.modules['exi._cengine'] = None  # as if it had not been built\n"
    assert _engine_in_subprocess({}, no_c) == "python"
    if built and os.environ.get("V2G_EXI_PURE") != "1":
        assert _engine_in_subprocess({}) == "c"
