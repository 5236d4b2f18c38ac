"""CHAdeMO over CAN: frames (:mod:`v2g.chademo.frames`, from the package's ``chademo.dbc``), sans-IO
charger and vehicle machines (:mod:`v2g.chademo.charger`, :mod:`v2g.chademo.vehicle`), the CCS
bridge (:mod:`v2g.chademo.bridge`), the log dissector (:mod:`v2g.chademo.dissect`) and the
python-can adapter (:mod:`v2g.chademo.aiocan`). Needs the ``[can]`` extra. See docs/chademo.md."""
