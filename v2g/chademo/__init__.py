"""CHAdeMO over CAN: frames (:mod:`v2g.chademo.frames`, from the package's ``chademo.dbc``), sans-IO
charger and vehicle machines (:mod:`v2g.chademo.charger`, :mod:`v2g.chademo.vehicle`), the
python-can adapter (:mod:`v2g.chademo.can`) and the CCS bridge. See docs/chademo.md."""
