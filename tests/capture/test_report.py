"""``v2g capture report``: the HTML page opens in headless Chromium and its charts plot the values
of the messages (the rendered SVG points, mapped back through plotly's axes, equal the captured
voltages, currents, power and SoC); the summary, timing, problems and CSV say what the capture
holds."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.capture._provenance import CAPTURES
from tests.capture._tools import need_tool
from v2g.capture import cli, sessions

DC = CAPTURES / "EVerest_logfiles/Audi/Q4/dc-iso2.dump"
TLS = CAPTURES / "dsV2Gshark/ISO-20_TLS13_DC_DS5366_Josev.pcapng"

# Appended to the page by the test only: reads every drawn marker of every trace back through the
# trace's own axes (pixel -> data) and writes the result into the DOM for --dump-dom.
CHECK = """
<script>
window.addEventListener("load", function () { setTimeout(function () {
  var out = [];
  document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
    gd.querySelectorAll("g.trace.scatter").forEach(function (g) {
      var trace = g.__data__[0].trace;
      var xa = gd._fullLayout[trace.xaxis.replace("x", "xaxis")];
      var ya = gd._fullLayout[trace.yaxis.replace("y", "yaxis")];
      var pts = [];
      g.querySelectorAll("path.point").forEach(function (p) {
        var m = /translate\\(([-\\d.e]+),\\s*([-\\d.e]+)\\)/.exec(p.getAttribute("transform"));
        if (m) pts.push([xa.p2d(parseFloat(m[1])), ya.p2d(parseFloat(m[2]))]);
      });
      out.push({plot: gd.id, key: trace.meta, points: pts,
                xres: (xa.range[1] - xa.range[0]) / xa._length,
                yres: (ya.range[1] - ya.range[0]) / ya._length});
    });
  });
  var pre = document.createElement("pre"); pre.id = "plotcheck"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 0); });
</script>
"""


def _report(tmp_path: Path, capture: Path, *extra: str) -> tuple[int, Path, str]:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    target = tmp_path / "report.html"
    out = io.StringIO()
    code = cli.run(parser.parse_args(["report", str(capture), "-o", str(target), *extra]), out)
    return code, target, out.getvalue()


def _rendered(tmp_path: Path, page: Path) -> tuple[str, list[dict[str, Any]]]:
    chromium = need_tool("chromium", "chromium-browser", "google-chrome")
    checked = tmp_path / "checked.html"
    checked.write_text(
        page.read_text(encoding="utf-8").replace("</body>", CHECK + "</body>"), encoding="utf-8"
    )
    result = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1400,1000",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: the page must carry everything
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            checked.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    match = re.search(r'<pre id="plotcheck">(.*?)</pre>', result.stdout, re.S)
    assert match, f"no plot check in the DOM; chromium said: {result.stderr[-2000:]}"
    return result.stdout, json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [f"{tag} {k}={v}" for k, v in attrs if k in ("src", "href") and v]


def _external_references(text: str) -> list[str]:
    """src/href attributes of the page's elements (script bodies are not parsed as markup)."""
    parser = _Refs()
    parser.feed(text)
    return parser.found


def _quantity(node: Any, key: str) -> float | None:
    """Independent reading of a PhysicalValue / RationalNumber ``key`` anywhere in a message dict."""
    if isinstance(node, dict):
        if key in node and isinstance(node[key], dict):
            v = node[key]
            return float(v["Value"]) * 10.0 ** int(v.get("Multiplier", v.get("Exponent", 0)))
        if key in node and isinstance(node[key], (int, float)) and not isinstance(node[key], bool):
            return float(node[key])
        for value in node.values():
            found = _quantity(value, key)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _quantity(item, key)
            if found is not None:
                return found
    return None


def _expected(capture: Path, key: str) -> list[tuple[float, float]]:
    (session,) = [s for s in sessions(capture) if s.messages]
    t0 = session.messages[0].timestamp_ns
    out = []
    for m in session.messages:
        d = m.to_dict()
        if key == "power_W":
            v, i = _quantity(d, "EVSEPresentVoltage"), _quantity(d, "EVSEPresentCurrent")
            value = None if v is None or i is None else v * i / 1000.0
        elif key == "SoC":
            value = _quantity(d, "EVRESSSOC")
            value = _quantity(d, "PresentSOC") if value is None else value
        else:
            value = _quantity(d, key)
        if value is not None:
            out.append(((m.timestamp_ns - t0) / 1e9, value))
    return out


def _assert_plotted(capture: Path, traces: list[dict[str, Any]], keys: set[str]) -> None:
    by_key = {t["key"]: t for t in traces}
    assert keys <= set(by_key), f"traces drawn: {sorted(by_key)}"
    for key in keys:
        trace = by_key[key]
        expected = _expected(capture, key)
        assert len(expected) > 5
        assert len(trace["points"]) == len(expected), key
        for (x, y), (t, value) in zip(trace["points"], expected, strict=True):
            assert abs(x - t) <= 2 * trace["xres"] + 1e-9, (key, x, t)
            assert abs(y - value) <= 2 * abs(trace["yres"]) + 1e-9, (key, y, value)


def test_dc_report_opens_in_chromium_with_the_captured_values_plotted(tmp_path: Path) -> None:
    code, page, _ = _report(tmp_path, DC)
    assert code == 0
    assert _external_references(page.read_text(encoding="utf-8")) == []  # self-contained
    dom, traces = _rendered(tmp_path, page)
    _assert_plotted(
        DC,
        traces,
        {"EVSEPresentVoltage", "EVSEPresentCurrent", "EVTargetVoltage", "EVTargetCurrent", "power_W", "SoC"},
    )
    assert "007dfa075e4a" in dom and "DE*PNX*E12345*1" in dom and "DC_extended" in dom
    assert "SessionStop (Terminate)" in dom


def test_tls_report_decrypts_with_the_disclosed_keys_and_plots_the_charge_loop(tmp_path: Path) -> None:
    code, page, _ = _report(tmp_path, TLS)
    assert code == 0
    dom, traces = _rendered(tmp_path, page)
    _assert_plotted(TLS, traces, {"EVSEPresentVoltage", "EVSEPresentCurrent", "power_W", "SoC"})
    assert "urn:iso:std:iso:15118:-20:DC" in dom and "DC_ChargeLoopReq" in dom


def test_csv_has_one_row_per_message_with_values(tmp_path: Path) -> None:
    series = tmp_path / "series.csv"
    code, _page, _ = _report(tmp_path, DC, "--csv", str(series))
    rows = list(csv.DictReader(series.open()))
    expected = _expected(DC, "EVSEPresentVoltage")
    got = [(float(r["time_s"]), float(r["EVSEPresentVoltage"])) for r in rows if r["EVSEPresentVoltage"]]
    assert code == 0 and len(got) == len(expected)
    assert [v for pair in got for v in pair] == pytest.approx(
        [v for pair in expected for v in pair], abs=1e-6
    )
    assert {r["connection"] for r in rows} == {"0"}


def test_unreadable_and_empty_captures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pcap"
    bad.write_bytes(b"not a capture")
    assert _report(tmp_path, bad)[0] == 2
    assert "not a pcap or pcapng file" in capsys.readouterr().err
    slac_only = CAPTURES / "pyPLC/2025-01-21_listenMode_01_slow_and_only_broadcast_visible.pcapng"
    code, page, text = _report(tmp_path, slac_only)
    assert code == 0 and "0 sessions" in text and "No problems found" in page.read_text()
