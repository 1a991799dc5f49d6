"""`python -m timeline_app`: the same entry point as the `timeline-app` command."""

import sys

from timeline_app.cli import main

if __name__ == "__main__":  # an import's child process loads this module too: it must not run
    sys.exit(main())
