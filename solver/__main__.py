"""``python -m solver``: the ``gamesolver`` command."""
import sys

from .cli import main

sys.exit(main())
