from slac.aio.main import main

raise SystemExit(main())
