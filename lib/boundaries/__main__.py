"""``python -m lib.boundaries build …``: the boundary build's command line."""

import sys

from lib.boundaries.build import main

sys.exit(main())
