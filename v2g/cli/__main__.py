"""``python -m v2g.cli``: the ``v2g`` command."""

import sys

from v2g.cli import main

sys.exit(main())
