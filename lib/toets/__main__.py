"""``python -m lib.toets …``: the toets's command line."""

import sys

from lib.toets.cli import main

sys.exit(main())
