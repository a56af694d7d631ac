"""Checking the answers of a suite and printing its tables and goal lines."""
from __future__ import annotations

import textwrap
from collections import defaultdict

from harness import FLOAT_TOL, MATCH_TOL, count_duplicates, match_profiles, profile_regret

__all__ = ["header", "evaluate", "suite_tables", "goal_lines", "json_record", "GOALS"]

#: The goals: (suite, reference method key, sizes, largest ours/anchor ratio).  The
#: first two are the first round's; ``lrsnash`` is issue 12's goal 1.
GOALS = (
    ("enumerate", "gambit-exact", (8, 10), 0.2),
    ("lemke-howson", "qe-lh", (200,), 1.0),
    ("lrsnash", "lrsnash-lrs", (10, 12, 14), 1.0),
)

#: Suites that list all equilibria (checked against a reference set).
ALL_EQUILIBRIA = ("enumerate", "lrsnash")

#: Which method's equilibria define "all equilibria" of a game, in order of preference.
REFERENCE_ORDER = ("ours", "ours-lrs", "gambit-exact", "lrsnash", "lrsnash-lrs")


def header(cfg: dict, env: dict, distributions: dict) -> list[str]:
    v = env["versions"]
    lines = [
        "gamesolver benchmarks " + ("(--quick: tiny sizes, not for conclusions)"
                                    if cfg["mode"] == "quick" else "(full)"),
        f"date {env['date_utc']}; machine {env['machine']} (shared: times are indicative)",
        "versions: " + ", ".join(f"{k} {val}" for k, val in v.items()),
        f"seeds {cfg['seeds']}; game = numpy.random.default_rng(seed): A = draw(m, n), then "
        "B = draw(m, n)",
    ]
    used = {d for s in cfg["suites"] if s in cfg for d in cfg[s]["distributions"]}
    load = env.get("load")
    if load:
        lines.append(f"load average at the start: {load}")
    for name in sorted(used):
        lines.append(f"  distribution {name}: {distributions[name].description}")
    imp = ", ".join(f"{k} {val:.2f} s" if isinstance(val, float)
                    else f"{k} not installed" if val.startswith("ModuleNotFoundError")
                    else f"{k} FAILED ({val})"
                    for k, val in env["import_seconds"].items())
    lines.append(f"import times (not in any timing): {imp or '-'}")
    if env["warmup_seconds"]:
        lines.append("QuantEcon JIT compilation on a 2x2 game (not in any timing): " + ", ".join(
            f"{k} {val:.2f} s" for k, val in env["warmup_seconds"].items()))
    lines.append(
        f"time = median of up to {cfg['repeats']} runs per game (fewer once a job used "
        f"{cfg['budget']:g} s), averaged over the seeds; each run has a {cfg['timeout']:g} s "
        "limit in a child process (nashpy lemke_howson at most 10 s; pygambit rational "
        "at least 120 s outside --quick). Building the library's game object is not timed "
        "('build ms'); ours gets a freshly built game for every run, so its cached payoff "
        "conversions are inside its time.")
    return [textwrap.fill(line, 100, subsequent_indent="    ") for line in lines]


# ---------------------------------------------------------------------- checking
def evaluate(suite: str, records: list[dict]) -> list[dict]:
    """Check every answer; return one flat row per (game, method)."""
    by_game = defaultdict(list)
    for rec in records:
        by_game[id(rec["game"])].append(rec)
    rows = []
    for recs in by_game.values():
        game = recs[0]["game"]
        ok = {r["method"].key: r["result"] for r in recs
              if r["result"].status == "ok" and r["result"].profiles is not None}
        ref_key = next((k for k in REFERENCE_ORDER if k in ok), None) \
            if suite in ALL_EQUILIBRIA else None
        reference = ok[ref_key].profiles if ref_key else None
        for rec in recs:
            meth, res = rec["method"], rec["result"]
            row = {"suite": suite, "size": game.m, "distribution": game.distribution,
                   "seed": game.seed, "key": meth.key, "label": meth.label, "ours": meth.ours,
                   "status": res.status, "message": res.message, "times": res.times,
                   "median": res.median, "build_time": res.build_time, "info": res.info}
            if res.profiles is not None:
                checks = [profile_regret(game, x, y) for x, y in res.profiles]
                row["found"] = len(res.profiles)
                row["duplicates"] = count_duplicates(res.profiles)
                row["not_ne"] = sum(1 for c in checks if not c[0])
                regrets = [c[1] for c in checks]
                row["max_regret"] = (float("nan") if any(r != r for r in regrets)
                                     else max(regrets, default=0.0))
                row["nan"] = any(c[2] == "nan" for c in checks)
                row["exact_cert"] = bool(checks) and all(c[0] and c[2] == "exact" for c in checks)
                if reference is not None:
                    row["reference"] = ref_key
                    row["ref_count"] = len(reference)
                    row["matched"], row["extra"] = match_profiles(reference, res.profiles)
            rows.append(row)
    return rows


# ---------------------------------------------------------------------- tables
def _fmt_time(t: float | None) -> str:
    """Seconds, printed as milliseconds with about three significant digits."""
    if t is None:
        return "-"
    ms = t * 1000.0
    if ms >= 100:
        return f"{ms:.0f}"
    if ms >= 10:
        return f"{ms:.1f}"
    if ms >= 1:
        return f"{ms:.2f}"
    return f"{ms:.3f}" if ms >= 0.001 else f"{ms:.1e}"


def _group_times(rows: list[dict]) -> tuple[float | None, bool, int]:
    """Mean of per-game medians (timeouts count as their limit); (mean, any timeout, n)."""
    vals, timed_out = [], False
    for r in rows:
        if r["status"] == "ok" and r["median"] is not None:
            vals.append(r["median"])
        elif r["status"] == "timeout":
            vals.append(r["median"] if r["median"] is not None else r["info"].get("timeout", 0.0))
            timed_out = timed_out or r["median"] is None
    return (sum(vals) / len(vals) if vals else None), timed_out, len(vals)


def ratio(ours_rows: list[dict], rows: list[dict]) -> tuple[float | None, bool]:
    """ours / anchor: the sum of ours' medians over the sum of the anchor's, on the
    games where both have a time (an anchor's timeout counts as its time limit, so
    the ratio is then an upper bound).  Returns (ratio, is_upper_bound)."""
    ours = {(r["size"], r["distribution"], r["seed"]): r for r in ours_rows}
    num = den = 0.0
    bound = False
    for r in rows:
        o = ours.get((r["size"], r["distribution"], r["seed"]))
        if o is None or o["status"] != "ok" or o["median"] is None:
            continue
        if r["status"] == "ok" and r["median"] is not None:
            t = r["median"]
        elif r["status"] == "timeout":
            t = r["median"] if r["median"] is not None else r["info"].get("timeout")
            bound = bound or r["median"] is None
        else:
            continue
        num += o["median"]
        den += t
    if den <= 0:
        return None, False
    return num / den, bound


def _fmt_ratio(rt: tuple[float | None, bool]) -> str:
    value, bound = rt
    if value is None:
        return "n/a"
    return ("<" if bound else "") + f"{value:.3g}"


def _status_note(rows: list[dict]) -> str:
    notes = []
    for status in ("timeout", "error", "skipped", "unavailable"):
        hit = [r for r in rows if r["status"] == status]
        if hit:
            msg = hit[0]["message"]
            notes.append(f"{status} {len(hit)}/{len(rows)}" + (f": {msg}" if msg else ""))
    return "; ".join(notes)


def _enumerate_row(rows: list[dict], ours_rows: list[dict]) -> list[str]:
    mean, timed_out, _ = _group_times(rows)
    t = ("≥" if timed_out else "") + _fmt_time(mean)
    builds = [r["build_time"] for r in rows if r["build_time"] is not None]
    b = _fmt_time(sum(builds) / len(builds)) if builds else "-"
    done = [r for r in rows if "found" in r]
    if not done:
        return [rows[0]["label"], t if mean is not None else "-", b, "-", "-", "-", "-", "-",
                "-", _status_note(rows)]
    found = sum(r["found"] for r in done)
    checked = [r for r in done if "ref_count" in r]
    if checked:
        ref = sum(r["ref_count"] for r in checked)
        hit = sum(r["matched"] for r in checked)
        missing_games = sum(1 for r in checked if r["matched"] < r["ref_count"])
        all_found = "yes" if missing_games == 0 else f"NO ({missing_games}/{len(checked)} games)"
        extra = str(sum(r["extra"] for r in checked))
        of_ref = f"{hit}/{ref}"
    else:
        all_found, extra, of_ref = "?", "?", "?"
    if rows[0]["ours"] and checked and checked[0]["reference"] == rows[0]["key"]:
        all_found = "(reference)"
    not_ne = str(sum(r["not_ne"] for r in done))
    rt = _fmt_ratio(ratio(ours_rows, rows)) if not rows[0]["ours"] else "1"
    notes = _status_note(rows)
    dup = sum(r.get("duplicates", 0) for r in done)
    if dup:
        notes = "; ".join(x for x in (f"{dup} duplicate profile(s) in 'eq'", notes) if x)
    return [rows[0]["label"], t, b, rt, str(found), of_ref, all_found, extra, not_ne, notes]


def _lh_row(rows: list[dict], ours_rows: list[dict]) -> list[str]:
    mean, timed_out, _ = _group_times(rows)
    t = ("≥" if timed_out else "") + _fmt_time(mean)
    builds = [r["build_time"] for r in rows if r["build_time"] is not None]
    b = _fmt_time(sum(builds) / len(builds)) if builds else "-"
    done = [r for r in rows if "found" in r]
    cert = sum(1 for r in done if r["found"] >= 1 and r["not_ne"] == 0)
    exact = sum(1 for r in done if r.get("exact_cert"))
    regrets = [r["max_regret"] for r in done]
    worst = ("NaN" if any(x != x for x in regrets)
             else (f"{max(regrets):.1e}" if regrets else "-"))
    cert_s = f"{cert}/{len(rows)}" + (f" ({exact} exact)" if exact else "")
    notes = []
    conv = [r["info"].get("converged") for r in done if "converged" in r["info"]]
    if conv and not all(conv):
        notes.append(f"not converged {conv.count(False)}/{len(conv)}")
    nan = sum(1 for r in done if r.get("nan"))
    if nan:
        notes.append(f"NaN {nan}/{len(rows)}")
    if _status_note(rows):
        notes.append(_status_note(rows))
    rt = _fmt_ratio(ratio(ours_rows, rows)) if not rows[0]["ours"] else ("1" if done else "-")
    if not done:
        cert_s = "-"
    return [rows[0]["label"], t if mean is not None else "-", b, rt, cert_s, worst,
            "; ".join(notes)]


def _table(head: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(r[k]) for r in [head] + body) for k in range(len(head) - 1)]
    out = []
    for r in [head] + body:
        cells = [c.ljust(w) for c, w in zip(r[:-1], widths)] + [r[-1]]
        out.append("  " + "  ".join(cells).rstrip())
    out.insert(1, "  " + "-" * (sum(widths) + 2 * len(widths) + 5))
    return out


def suite_tables(suite: str, cfg: dict, methods, rows: list[dict]) -> tuple[list[str], list[dict]]:
    """The suite's tables (one per size and distribution) and its goal records."""
    lines = [""]
    if suite in ALL_EQUILIBRIA:
        lines.append(f"== suite {suite}: all equilibria (ours: what solve(game, 'enumerate') "
                     "runs, solver.algorithms.modular_enumeration, exact)")
        head = ["method", "time ms", "build ms", "ours/anchor", "eq", "of ref", "all found?",
                "extra", "not NE", "notes"]
    else:
        lines.append("== suite lemke-howson: one equilibrium (ours: "
                     "solver.algorithms.lemke_howson.lemke_howson)")
        head = ["method", "time ms", "build ms", "ours/anchor", "certified NE", "max regret",
                "notes"]
    for size in cfg[suite]["sizes"]:
        for dist in cfg[suite]["distributions"]:
            grp = [r for r in rows if r["size"] == size and r["distribution"] == dist]
            ours_rows = [r for r in grp if r["ours"]]
            refs = sorted({r["reference"] for r in grp if "reference" in r})
            ref_note = f"; reference set = {', '.join(refs)}'s equilibria" if refs else ""
            lines.append(f"\n{size}x{size}, payoffs {dist}, seeds {cfg['seeds']}{ref_note}")
            body = []
            for meth in methods:
                mrows = [r for r in grp if r["key"] == meth.key]
                if mrows:
                    body.append((_enumerate_row if suite in ALL_EQUILIBRIA else _lh_row)(
                        mrows, ours_rows))
            lines += _table(head, body)
    return lines, goals_for(suite, cfg, rows)


def goals_for(suite: str, cfg: dict, rows: list[dict]) -> list[dict]:
    out = []
    for g_suite, anchor, sizes, limit in GOALS:
        if g_suite != suite:
            continue
        for size in sizes:
            grp = [r for r in rows if r["size"] == size]
            goal = {"suite": suite, "size": size, "anchor": anchor, "limit": limit}
            ours = [r for r in grp if r["ours"]]
            anc = [r for r in grp if r["key"] == anchor]
            if not grp:
                goal.update(verdict="not run", why=f"{size}x{size} was not in this run")
            elif not ours or all(r["status"] == "unavailable" for r in ours):
                goal.update(verdict="not evaluated", why="ours is not available")
            elif not anc or all(r["status"] != "ok" for r in anc):
                goal.update(verdict="not evaluated", why=f"{anchor} did not run")
            else:
                value, bound = ratio(ours, anc)
                failed_ours = [r for r in ours if r["status"] != "ok"]
                goal["ratio"], goal["ratio_is_bound"] = value, bound
                if value is None:
                    goal.update(verdict="not evaluated", why="no game with both times")
                else:
                    goal["verdict"] = "PASS" if value <= limit and not failed_ours else "FAIL"
                    why = [f"ours/{anchor} = {'<' if bound else ''}{value:.3g}"]
                    per = []
                    for dist in sorted({r["distribution"] for r in grp}):
                        v, b = ratio([r for r in ours if r["distribution"] == dist],
                                     [r for r in anc if r["distribution"] == dist])
                        if v is not None:
                            per.append(f"{dist} {'<' if b else ''}{v:.3g}")
                    if len(per) > 1:
                        why[0] += f" (by distribution: {', '.join(per)})"
                    if failed_ours:
                        why.append(f"ours failed on {len(failed_ours)} game(s)")
                    if suite in ALL_EQUILIBRIA:
                        miss = [r for r in anc if r.get("reference") == "ours"
                                and r.get("extra", 0) > 0]
                        if miss:
                            why.append(f"{anchor} found equilibria ours missed on "
                                       f"{len(miss)} game(s)")
                    else:
                        bad = [r for r in ours if r.get("not_ne", 1) != 0]
                        if bad:
                            why.append(f"ours uncertified on {len(bad)} game(s)")
                    goal["why"] = "; ".join(why)
            out.append(goal)
    if suite == "lrsnash":
        out += _not_growing(rows, sizes=[s for s in cfg[suite]["sizes"] if s >= 10])
    return out


def _not_growing(rows: list[dict], sizes: list[int]) -> list[dict]:
    """Goal 1's second half: the ratio to lrsnash does not grow with the size (the
    largest size's ratio at most 1.25 times the smallest's, per distribution)."""
    out = []
    for dist in sorted({r["distribution"] for r in rows}):
        per = {}
        for size in sizes:
            grp = [r for r in rows if r["size"] == size and r["distribution"] == dist]
            value, _ = ratio([r for r in grp if r["ours"]],
                             [r for r in grp if r["key"] == "lrsnash-lrs"])
            if value is not None:
                per[size] = value
        goal = {"suite": "lrsnash", "size": None, "anchor": "lrsnash-lrs", "limit": 1.25,
                "target": f"ratio not growing, {dist}"}
        if len(per) < 2:
            goal.update(verdict="not evaluated", why="fewer than two sizes with both times")
        else:
            lo, hi = min(per), max(per)
            growth = per[hi] / per[lo]
            goal.update(verdict="PASS" if growth <= 1.25 else "FAIL", ratio=growth,
                        why=f"ratio {hi}x{hi} / {lo}x{lo} = {growth:.2f} (" + ", ".join(
                            f"{s}x{s} {v:.2f}" for s, v in sorted(per.items())) + ")")
        out.append(goal)
    return out


def goal_lines(goals: list[dict]) -> list[str]:
    lines = ["", "== goals (the first round's, then issue 12's: 1 lrsnash, 2-3 trees, 4 auto, "
                 "5 startup, 6 scenarios)"]
    for g in goals:
        target = g.get("target") or \
            f"ours <= {g['limit']:g}x {g['anchor']} at {g['size']}x{g['size']}"
        lines.append(f"  {g['suite']:13} {target:40} {g['verdict']:14} {g.get('why', '')}")
    lines.append(f"(ratio = ours / anchor: below 1 ours is faster. Matching tolerance "
                 f"{MATCH_TOL:g}; float answers count as equilibria with regret <= "
                 f"{FLOAT_TOL:g} x payoff range)")
    return lines


def json_record(row: dict) -> dict:
    return {k: v for k, v in row.items()}
