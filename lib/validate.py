"""``python -m lib.validate``: check the data folder (the command lives in lib.data.validate)."""

import sys

from lib.data.validate import main

if __name__ == "__main__":
    sys.exit(main())
