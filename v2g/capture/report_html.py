"""The session report as one self-contained HTML page (plotly with its JavaScript inlined: the page
needs no network) and the time series as CSV. Needs the ``[report]`` extra (plotly) for HTML.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from typing import Any

from v2g.capture.report import SERIES, CaptureReport, Exchange, Problem, SessionReport

_STYLE = """
body{font-family:sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;text-align:left}
th{background:#eee}
tr.late td{background:#fdd}
.problems li.damage,.problems li.failed,.problems li.sequence,.problems li.timeout{color:#a00}
.seq{max-height:40em;overflow:auto}
.num{text-align:right}
"""

PLOTS = (
    ("voltage (V)", ("EVSEPresentVoltage", "EVTargetVoltage")),
    ("current (A)", ("EVSEPresentCurrent", "EVTargetCurrent")),
    ("power (kW)", ("power_W",)),
    ("SoC (%)", ("SoC",)),
)


class ReportUnavailable(RuntimeError):
    """plotly is not installed (``pip install v2g[report]``)."""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 1000 else f"{value:.0f}"
    return _e(value)


def figure(session: SessionReport) -> Any:
    """The plotly figure of one session: voltage, current, power and SoC over time (seconds from the
    start of the session), one subplot each; every sample a marker (the report test reads them)."""
    try:
        from plotly.subplots import make_subplots
    except ImportError as exc:  # pragma: no cover - the [report] extra is missing
        raise ReportUnavailable("plotly is needed for the HTML report: pip install 'v2g[report]'") from exc
    import plotly.graph_objects as go

    fig = make_subplots(
        rows=len(PLOTS),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.04,
        subplot_titles=[title for title, _ in PLOTS],
    )
    for row, (title, keys) in enumerate(PLOTS, start=1):
        for key in keys:
            points = [(s.time, s.values[key], s.frame) for s in session.samples if key in s.values]
            if not points:
                continue
            scale = 1000.0 if key == "power_W" else 1.0
            fig.add_trace(
                go.Scatter(
                    x=[p[0] for p in points],
                    y=[p[1] / scale for p in points],
                    customdata=[p[2] for p in points],
                    name=key,
                    mode="lines+markers",
                    marker={"size": 4},
                    line={"simplify": False},
                    hovertemplate="%{y} at %{x:.3f} s (frame %{customdata})<extra>" + key + "</extra>",
                    meta=key,
                ),
                row=row,
                col=1,
            )
        fig.update_yaxes(title_text=title, row=row, col=1)
    fig.update_xaxes(title_text="seconds from session start", row=len(PLOTS), col=1)
    fig.update_layout(height=900, margin={"l": 60, "r": 20, "t": 40, "b": 40}, hovermode="closest")
    return fig


def _problems(problems: Sequence[Problem]) -> str:
    if not problems:
        return "<p>No problems found.</p>"
    items = "".join(
        f'<li class="{_e(p.kind)}">[{_e(p.kind)}] {p.time:.3f} s'
        f"{'' if p.frame is None else f' (frame {p.frame})'}: {_e(p.text)}</li>"
        for p in problems
    )
    return f'<ul class="problems">{items}</ul>'


def _exchanges(exchanges: Sequence[Exchange]) -> str:
    rows = []
    for e in exchanges:
        answer = "none" if e.response_time is None else f"{e.response_time * 1000:.1f}"
        flag = "LATE" if e.late else ""
        rows.append(
            f'<tr class="{"late" if e.late else ""}"><td class="num">{e.frame}</td>'
            f'<td class="num">{e.time:.3f}</td><td class="num">{e.delta:.3f}</td>'
            f"<td>{_e(e.request)}</td><td>{_e(e.response)}</td><td>{_e(e.response_code)}</td>"
            f'<td class="num">{answer}</td><td class="num">{e.limit * 1000:.0f}</td>'
            f"<td>{flag}</td></tr>"
        )
    head = (
        "<tr><th>frame</th><th>time (s)</th><th>delta (s)</th><th>request</th><th>response</th>"
        "<th>ResponseCode</th><th>response time (ms)</th><th>limit (ms)</th><th></th></tr>"
    )
    return f'<div class="seq"><table class="sequence">{head}{"".join(rows)}</table></div>'


SUMMARY_FIELDS = (
    "EVCCID",
    "EVSEID",
    "protocol",
    "energy_mode",
    "energy_Wh",
    "duration_s",
    "ended",
    "messages",
    "late_responses",
    "problems",
)
"""The session summary's entries shown in the page and written as summary columns."""


def _summary(summary: dict[str, Any]) -> str:
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_fmt(summary.get(k))}</td></tr>" for k in SUMMARY_FIELDS)
    return f'<table class="summary">{rows}</table>'


def session_html(session: SessionReport, plot_div: str) -> str:
    return (
        f'<section class="session" id="session-{session.connection}">'
        f"<h2>Session #{session.connection}: {_e(session.client)} &rarr; {_e(session.server)}</h2>"
        f"{_summary(session.summary)}<h3>Problems</h3>{_problems(session.problems)}"
        f"<h3>Voltage, current, power, SoC</h3>{plot_div}"
        f"<h3>Message sequence</h3>{_exchanges(session.exchanges)}</section>"
    )


def render(report: CaptureReport) -> str:
    """The whole page."""
    try:
        import plotly.io as pio
        from plotly.offline import get_plotlyjs
    except ImportError as exc:  # pragma: no cover - the [report] extra is missing
        raise ReportUnavailable("plotly is needed for the HTML report: pip install 'v2g[report]'") from exc
    parts = []
    for s in report.sessions:
        div = (
            pio.to_html(
                figure(s),
                full_html=False,
                include_plotlyjs=False,
                div_id=f"plot-{s.connection}",
                config={"displaylogo": False},
            )
            if s.samples
            else "<p>No voltage, current or SoC in this session.</p>"
        )
        parts.append(session_html(s, div))
    damage = "".join(f'<p class="damage">Damaged file: {_e(d)}</p>' for d in report.damage)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{_e(report.name)} - v2g capture report</title><style>{_STYLE}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>'
        f"<h1>{_e(report.name)}</h1><p>{_e(report.capture_format)}, {report.frames} frames, "
        f"{report.messages} V2G messages, {len(report.sessions)} sessions</p>{damage}"
        f"<h2>Capture problems</h2>{_problems(report.problems)}{''.join(parts)}</body></html>"
    )


def series_csv(report: CaptureReport, out: io.TextIOBase | Any) -> None:
    """The time series, one row per message with a value: connection, time (s from the session start),
    Wireshark frame number, message name, then :data:`SERIES`."""
    writer = csv.writer(out)
    writer.writerow(["capture", "connection", "time_s", "frame", "message", *SERIES])
    for s in report.sessions:
        for sample in s.samples:
            writer.writerow(
                [
                    report.name,
                    s.connection,
                    f"{sample.time:.6f}",
                    sample.frame,
                    sample.message,
                    *(("" if k not in sample.values else repr(sample.values[k])) for k in SERIES),
                ]
            )


SUMMARY_COLUMNS = ("capture", "connection", *SUMMARY_FIELDS, "damaged")


def summary_rows(report: CaptureReport) -> list[dict[str, Any]]:
    rows = []
    for s in report.sessions:
        rows.append(
            {
                **{k: s.summary.get(k) for k in SUMMARY_COLUMNS},
                "capture": report.name,
                "damaged": bool(report.damage),
            }
        )
    if not report.sessions:
        rows.append({"capture": report.name, "ended": "no V2G session", "damaged": bool(report.damage)})
    return rows


def summary_html(rows: Sequence[dict[str, Any]], title: str) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in SUMMARY_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{_fmt(r.get(c))}</td>" for c in SUMMARY_COLUMNS) + "</tr>" for r in rows
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{_e(title)}</h1><p>{len(rows)} sessions</p>"
        f'<table class="summary-table"><tr>{head}</tr>{body}</table></body></html>'
    )


def summary_csv(rows: Sequence[dict[str, Any]], out: Any) -> None:
    writer = csv.DictWriter(out, fieldnames=list(SUMMARY_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in SUMMARY_COLUMNS})
