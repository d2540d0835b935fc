"""``python -m lib.divisions report …``: the division report's command line."""

import sys

from lib.divisions.report import main

sys.exit(main())
