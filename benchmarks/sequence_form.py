"""Two-player trees by the sequence form alone: the ``trees`` suite of ``run.py``.

Leduc poker's certified value against OpenSpiel's sequence-form LP (issue 12, goal 3)
and raked Leduc poker, exact and certified, against the zero-sum LP (goal 2); see
``trees.py`` for what is timed and how.

Usage::

    python benchmarks/sequence_form.py [--quick] [--repeats 7] [--limit 120]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _p in (str(HERE), str(HERE.parent)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import trees  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="Kuhn poker instead of Leduc")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--limit", type=float, default=120.0,
                    help="seconds allowed for the raked game (default 120)")
    args = ap.parse_args(argv)
    cfg = {"quick": args.quick, "tree_repeats": args.repeats, "tree_limit": args.limit}
    lines, goals = trees.run(cfg, lambda s: print(s, file=sys.stderr, flush=True))
    print("\n".join(lines))
    for g in goals:
        print(f"  {g['target']:40} {g['verdict']:8} {g.get('why', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
