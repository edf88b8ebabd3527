"""The event category scheme and the trigger lexicon that maps words to it.

Categories follow the spirit of PLOVER (the successor of CAMEO): a small set of verbs of
interaction between political actors, plus ``statement`` for things said (every quote is a
statement event of its speaker) and ``economic`` for business and market news (sales,
deliveries, product launches, lay-offs, bankruptcies, markets rising or falling).
``docs/events.md`` lists the scheme with examples.
"""

from __future__ import annotations

from typing import Final

CATEGORIES: Final[dict[str, str]] = {
    "statement": "says something: a quote or a public announcement",
    "consult": "meets, visits, talks with, hosts or invites another actor",
    "agree": "agrees, signs, accepts, reaches a deal",
    "support": "backs, endorses or praises another actor or position",
    "cooperate": "works with another actor: cooperation, trade, joint projects",
    "aid": "gives material help: aid, loans, debt relief, supplies",
    "request": "asks another actor for something: appeals, calls for",
    "demand": "demands something, with the weight of an ultimatum",
    "disapprove": "criticises, condemns, blames or opposes",
    "accuse": "accuses or charges another actor with wrongdoing",
    "reject": "refuses, declines, rejects, vetoes",
    "threaten": "threatens force, sanctions or other harm",
    "protest": "demonstrates, rallies, boycotts",
    "sanction": "imposes sanctions, embargoes, bans, freezes, expels",
    "mobilize": "mobilises or deploys forces, holds exercises",
    "coerce": "arrests, detains, seizes, deports",
    "assault": "attacks, bombs, kills, invades",
    "yield": "withdraws, retreats, releases, resigns, concedes",
    "disaster": "earthquakes, storms, fires, crashes and other accidents",
    "occurrence": "any other happening: a death, a game, a release, a trial, a move",
    "economic": "business and market events: sells, buys, delivers, produces, launches or "
    "unveils a product, hires or lays off, files for bankruptcy; prices and indexes rise or fall",
}

# Verb lemma -> category.
VERB_TRIGGERS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("visit", "meet", "talk", "discuss", "host", "receive", "invite", "negotiate", "attend",
         "consult", "participate", "travel", "confer"), "consult"),
    **dict.fromkeys(("agree", "sign", "accept", "approve", "ratify", "settle"), "agree"),
    **dict.fromkeys(("support", "back", "endorse", "praise", "defend", "welcome", "commend"),
                    "support"),
    **dict.fromkeys(("cooperate", "collaborate", "partner", "ally", "trade", "invest"),
                    "cooperate"),
    **dict.fromkeys(("aid", "help", "assist", "donate", "supply", "lend", "forgive", "erase",
                     "fund", "finance"), "aid"),
    **dict.fromkeys(("request", "appeal", "petition"), "request"),
    **dict.fromkeys(("demand",), "demand"),
    **dict.fromkeys(("criticize", "criticise", "condemn", "denounce", "blame", "oppose",
                     "deplore", "rebuke", "slam"), "disapprove"),
    **dict.fromkeys(("accuse", "indict", "allege"), "accuse"),
    **dict.fromkeys(("reject", "refuse", "decline", "veto", "dismiss", "rebuff", "deny"), "reject"),
    **dict.fromkeys(("threaten",), "threaten"),
    **dict.fromkeys(("protest", "rally", "march", "boycott"), "protest"),
    **dict.fromkeys(("sanction", "embargo", "expel", "ban", "freeze", "suspend", "sever"),
                    "sanction"),
    **dict.fromkeys(("mobilize", "mobilise", "deploy"), "mobilize"),
    **dict.fromkeys(("arrest", "detain", "seize", "deport", "imprison", "confiscate", "raid"),
                    "coerce"),
    **dict.fromkeys(("attack", "bomb", "kill", "shoot", "invade", "shell", "assassinate",
                     "strike"), "assault"),
    **dict.fromkeys(("withdraw", "retreat", "release", "resign", "concede", "surrender"), "yield"),
    **dict.fromkeys(("announce", "declare", "confirm"), "statement"),
    **dict.fromkeys(("sell", "buy", "acquire", "purchase", "deliver", "produce", "manufacture",
                     "launch", "unveil", "lease", "merge", "outsell", "export", "import", "hire",
                     "earn", "rise", "fall", "drop", "climb", "plunge", "slump", "surge", "soar",
                     "tumble", "gain", "decline"),
                    "economic"),
}  # fmt: skip

# Event noun lemma -> category.
NOUN_TRIGGERS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("visit", "talk", "summit", "meeting", "negotiation", "conversation", "dialogue", "trip",
         "consultation", "invitation", "reception", "conference"), "consult"),
    **dict.fromkeys(("agreement", "deal", "treaty", "accord"), "agree"),
    **dict.fromkeys(("endorsement",), "support"),
    **dict.fromkeys(("cooperation", "partnership", "alliance"), "cooperate"),
    **dict.fromkeys(("aid", "assistance", "donation", "loan"), "aid"),
    **dict.fromkeys(("request", "appeal"), "request"),
    **dict.fromkeys(("demand", "ultimatum"), "demand"),
    **dict.fromkeys(("criticism", "condemnation"), "disapprove"),
    **dict.fromkeys(("accusation", "indictment"), "accuse"),
    **dict.fromkeys(("refusal", "rejection", "veto"), "reject"),
    **dict.fromkeys(("threat",), "threaten"),
    **dict.fromkeys(("protest", "demonstration", "rally", "boycott"), "protest"),
    **dict.fromkeys(("sanction", "embargo", "expulsion"), "sanction"),
    **dict.fromkeys(("deployment", "mobilization", "mobilisation", "exercise"), "mobilize"),
    **dict.fromkeys(("arrest", "detention", "seizure", "deportation"), "coerce"),
    **dict.fromkeys(("attack", "bombing", "invasion", "strike", "assault", "war"), "assault"),
    **dict.fromkeys(("withdrawal", "release", "resignation", "surrender"), "yield"),
    **dict.fromkeys(("sale", "purchase", "acquisition", "takeover", "merger", "delivery",
                     "launch", "bankruptcy", "layoff", "profit", "bailout", "recall"), "economic"),
}  # fmt: skip

# Verb + object lemma pairs whose meaning differs from the verb alone.
PHRASE_TRIGGERS: Final[dict[tuple[str, str], str]] = {
    ("erase", "debt"): "aid",
    ("forgive", "debt"): "aid",
    ("write", "debt"): "aid",
    ("impose", "sanction"): "sanction",
    ("adopt", "sanction"): "sanction",
    ("lift", "sanction"): "yield",
    ("call", "for"): "request",
    ("give", "guarantee"): "aid",
    ("grant", "guarantee"): "aid",
    ("make", "ugly"): "disapprove",
    ("file", "for"): "economic",  # files for bankruptcy
    ("lay", "off"): "economic",
    ("cut", "job"): "economic",
}

# Words around a trigger that set its modality.
REFUSAL_VERBS: Final = frozenset({"refuse", "decline", "reject"})
# Verbs whose complement did not happen ("failed to agree"): the failure is not an event itself.
FAILING_VERBS: Final = frozenset({"fail", "neglect"})
# Verbs that undo or defer the event named by their object ("the visit was cancelled").
CANCELLING_VERBS: Final = frozenset({"cancel", "scrap", "abandon", "axe", "annul", "revoke"})
POSTPONING_VERBS: Final = frozenset({"postpone", "delay", "defer", "reschedule"})
PLANNING_VERBS: Final = frozenset(
    {"plan", "intend", "expect", "schedule", "prepare", "hope", "want", "seek", "aim", "invite",
     "propose", "promise", "agree", "decide", "announce", "advocate", "urge"}
)  # fmt: skip
PLANNING_MODIFIERS: Final = frozenset(
    {"upcoming", "planned", "announced", "scheduled", "next", "future", "proposed", "forthcoming",
     "expected", "coming", "possible", "potential"}
)  # fmt: skip
FUTURE_AUXILIARIES: Final = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUXILIARIES: Final = frozenset(
    {"would", "could", "might", "may", "should", "can", "'d"}
)
