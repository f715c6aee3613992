"""``python -m cnreg_calendar``: the same as the ``cnreg-calendar`` command."""

import sys

from cnreg_calendar.cli import main

sys.exit(main())
