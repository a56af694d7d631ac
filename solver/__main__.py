"""``python -m solver``: the ``gamesolver`` command."""
import sys

try:
    from solver.cli import main
except KeyboardInterrupt:            # Ctrl-C while the command was still loading
    sys.stderr.write("gamesolver: interrupted\n")
    sys.exit(130)

sys.exit(main())
