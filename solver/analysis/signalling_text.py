"""The signalling section of a tree explanation, in words derived from the computation.

For a tree that :func:`solver.analysis.signalling.signalling_structure` recognises as a
signalling game, :func:`signalling_section` writes one paragraph per equilibrium (the
same paragraph once for equilibria that share it): whether it is pooling, separating
or hybrid, and what the intuitive criterion (Cho and Kreps 1987) finds at each message
nobody sends -- which types would never send it and why, what the receiver should then
believe and answer, and whether some type would deviate to it.
"""
from __future__ import annotations

from solver.analysis.prose import Section, join_words, label_text, mix_text, value_text
from solver.analysis.signalling import (
    HYBRID,
    POOLING,
    SignallingVerdict,
    classify,
    signalling_structure,
)

__all__ = ["verdict_text", "signalling_section", "MAX_SIGNALLING_EQUILIBRIA"]

#: Equilibria classified in an explanation (the rest are counted).
MAX_SIGNALLING_EQUILIBRIA = 20


def _kind_text(v: SignallingVerdict, subject: str) -> str:
    sg = v.structure
    S, R = sg.sender_name, sg.receiver_name
    if v.kind == POOLING:
        pure = [m for m, p in enumerate(v.strategy[0]) if p == 1]
        if pure:
            return (f"{subject} pooling: every type sends {label_text(sg.messages[pure[0]])}, so the "
                    f"message tells {R} nothing about {S}'s type.")
        return (f"{subject} pooling: every type mixes the same way "
                f"({mix_text(sg.messages, v.strategy[0])}), so no message tells {R} anything "
                f"about {S}'s type.")
    sends = "; ".join(f"{label_text(t)} sends {mix_text(sg.messages, s)}"
                      for t, s in zip(sg.types, v.strategy))
    if v.kind == HYBRID:
        return (f"{subject} hybrid (semi-separating): {sends}; some messages are sent by several "
                "types, so they reveal the type only in part.")
    return f"{subject} separating: {sends}; every message sent reveals the type."


def _test_text(v: SignallingVerdict, test) -> str:
    sg = v.structure
    R = sg.receiver_name
    m = label_text(sg.messages[test.message])
    acts = sg.responses[test.message]
    types = [label_text(t) for t in sg.types]
    out = [f"{m} is never sent."]
    if not test.dominated:
        could = [f"{types[t]} could get {value_text(test.best[t])} (if {R} answers "
                 f"{label_text(acts[test.best_reply[t]])})" for t in range(len(types))]
        out.append(f"No type would lose from {m} for every belief of {R} ({join_words(could)}, "
                   f"against {join_words([value_text(x) for x in v.payoffs])} now), so the "
                   f"intuitive criterion does not restrict {R}'s belief after it.")
        return " ".join(out)
    why = [f"{types[t]} gets {value_text(v.payoffs[t])} in this equilibrium and at most "
           f"{value_text(test.best[t])} from {m}, whatever {R} then believes (that much if "
           f"{R} answers {label_text(acts[test.best_reply[t]])})" for t in test.dominated]
    gone = join_words([types[t] for t in test.dominated], "and")
    out.append("; ".join(why)[0].upper() + "; ".join(why)[1:] + ".")
    rest = [t for t in range(len(types)) if t not in test.dominated]
    if not rest:
        out.append(f"So {m} is equilibrium-dominated for every type, and the criterion does "
                   f"not restrict {R}'s belief after it.")
        return " ".join(out)
    out.append(f"So {m} is equilibrium-dominated for {gone}: after {m}, {R} should put no "
               f"weight on {gone} and believe the type is "
               f"{join_words([types[t] for t in rest], 'or')}.")
    replies = join_words([label_text(acts[r]) for r in test.replies], "or")
    n = len(test.replies)
    out.append(f"Against such beliefs {R}'s best repl{'y is' if n == 1 else 'ies are'} "
               f"{replies}.")
    if test.deviators:
        t = test.deviators[0]
        pay = test.worst[t][0]
        out.append(f"{'It gives' if n == 1 else 'Even the worst of them for him gives'} "
                   f"{types[t]} {value_text(pay)}, more than the {value_text(v.payoffs[t])} "
                   f"he gets now: {types[t]} would deviate to {m}.")
    else:
        worse = [f"{label_text(acts[r])} leaves {types[t]} with {value_text(pay)}, no more "
                 f"than the {value_text(v.payoffs[t])} he gets now"
                 for t, (pay, r) in test.worst.items()]
        out.append(f"{'; '.join(worse)[0].upper() + '; '.join(worse)[1:]}: no type can count "
                   f"on gaining from {m}.")
    return " ".join(out)


def verdict_text(v: SignallingVerdict, subject: str = "It is") -> str:
    """One equilibrium's classification and intuitive-criterion test, in words
    (``subject`` starts the first sentence: ``"Equilibrium 3 is"``)."""
    parts = [_kind_text(v, subject)]
    they, s = ("They", "") if subject.endswith(" are") else ("It", "es")
    if not v.unused:
        parts.append("Every message is sent, so Bayes' rule fixes every belief and the "
                     f"intuitive criterion has nothing to test: {they.lower()} pass{s} it.")
        return " ".join(parts)
    parts.extend(_test_text(v, t) for t in v.tests)
    verb = f"pass{s}" if v.intuitive else f"fail{s[-1:]}"
    parts.append(f"{they} {verb} the intuitive criterion (Cho and Kreps 1987).")
    return " ".join(parts)


def signalling_section(solution) -> Section | None:
    """The section "Signalling" of a tree explanation, or None when the tree is not a
    signalling game (or not exact)."""
    game = solution.game
    if not game.exact or not solution.equilibria:
        return None
    sg = signalling_structure(game)
    if sg is None:
        return None
    prior = join_words([f"{label_text(t)} {value_text(p)}" for t, p in zip(sg.types, sg.prior)])
    lines = [f"This is a signalling game: chance draws {sg.sender_name}'s type ({prior}); "
             f"{sg.sender_name} sees it and sends a message "
             f"({join_words([label_text(m) for m in sg.messages], 'or')}); {sg.receiver_name} "
             "sees the message, not the type, and responds. Each equilibrium is classified by "
             f"how {sg.sender_name}'s message depends on the type, and the intuitive criterion "
             "(Cho and Kreps 1987) is applied to every message it never uses."]
    groups: dict[str, list] = {}
    shown = solution.equilibria[:MAX_SIGNALLING_EQUILIBRIA]
    for k, eq in enumerate(shown, 1):
        v = classify(sg, eq)
        groups.setdefault(verdict_text(v), [v, []])[1].append(k)
    for v, ks in groups.values():
        head = (f"Equilibrium {ks[0]} is" if len(ks) == 1 else
                f"Equilibria {join_words([str(k) for k in ks])} are")
        lines.append(verdict_text(v, head))
    if len(solution.equilibria) > len(shown):
        lines.append(f"... and {len(solution.equilibria) - len(shown)} more equilibria, not "
                     "classified here.")
    return Section("Signalling", tuple(lines))
