"""``python -m solver``: the ``gamesolver`` command."""
import sys

from solver.cli import main

sys.exit(main())
