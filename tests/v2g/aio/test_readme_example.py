"""The README's firmware example runs as written, with only the PLC interface swapped for loopback:
an EVCC finds it through SDP and completes a session."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.apphand import DIN, NS_DIN
from v2g.controller import SimulatedEv
from v2g.evcc import EvccConfig

README = Path(__file__).resolve().parents[3] / "README.md"
SDP_PORT = 16100 + os.getpid() % 300


def _firmware_example() -> str:
    blocks: list[str] = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    (block,) = [b for b in blocks if "SeccServer(" in b]
    return block


async def test_the_readme_firmware_example_serves_a_session() -> None:
    code = _firmware_example().rstrip()
    run_line = "asyncio.run(main())"
    assert code.endswith(run_line) and 'sdp_interface="eth1",' in code
    code = code[: -len(run_line)].replace(
        'sdp_interface="eth1",',  # loopback has no link-local address: advertise ::1
        f'sdp_interface="lo", sdp_port={SDP_PORT}, advertise=__import__("ipaddress").IPv6Address("::1"),',
    )
    namespace: dict[str, object] = {}
    exec(compile(code, str(README), "exec"), namespace)
    main = namespace["main"]
    assert callable(main)
    server = asyncio.create_task(main())
    try:
        config = EvccRunnerConfig(EvccConfig(protocols=(DIN,), charging_loop_cycles=3), interface="lo",
                                  sdp_port=SDP_PORT)
        result = await asyncio.wait_for(run_evcc(config, SimulatedEv()), 30)
        assert result.ok, result.reason
        assert result.protocol == NS_DIN and result.loop_count == 3
    finally:
        server.cancel()
        await asyncio.wait({server}, timeout=5)
    assert server.cancelled()  # serve_forever ran until cancelled, not ended by an error
