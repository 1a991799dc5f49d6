"""`python -m timeline_app`: the same entry point as the `timeline-app` command."""

import sys

from timeline_app.cli import main

sys.exit(main())
