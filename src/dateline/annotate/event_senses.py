"""The sense of a trigger in its clause, where the word alone would mislead.

The lexicon of :mod:`dateline.annotate.event_scheme` maps a word to a category; a few words
change category with what they take as object or who does them:

- "attack" (and its kin: assail, blast, hammer, savage, lambast) of a party, a plan, a record
  or a rival politician is verbal conflict (``disapprove``), not ``assault``; the attack of a
  place, a convoy or an army, or with weapons and casualties in the sentence, stays
  ``assault``;
- idioms are not violence: "struck a balance", "struck a chord" are no event; in "struck a
  deal" the deal is the (``agree``) event; "hit a record", "hit a high" are market news
  (``economic``); "hit out at", "hit back at" criticise; "struck down" a law rejects it;
- an earthquake or a storm that "strikes" or "hits" is a disaster, not an attack;
- a "strike" by workers or unions is a ``protest``; an air or missile strike an ``assault``.

Each rule reads the trigger's dependents and its sentence only: no names, no dataset lists.
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

# Verbs whose surface sense is violence but which news uses for words as often as for blows.
ATTACK_VERBS: Final = frozenset(
    {"attack", "assail", "blast", "hammer", "savage", "lambast", "lambaste", "strike", "hit"}
)
# Objects of "attack" that are positions, not bodies or places: attacking them is criticism.
CRITICISABLE: Final = frozenset(
    {"plan", "policy", "policies", "record", "proposal", "idea", "decision", "budget", "bill",
     "law", "stance", "position", "approach", "handling", "strategy", "remark", "comment",
     "claim", "view", "tax", "reform", "programme", "program", "manifesto", "campaign",
     "leadership", "performance", "government", "party", "opposition", "rival", "critic",
     "minister", "leader", "chancellor", "president", "premier", "candidate", "speech",
     "statement", "report", "plans", "scheme", "pledge", "promise", "measure", "move",
     "legislation", "deal", "agreement", "treaty", "regime", "administration", "judgment",
     "ruling", "verdict", "system", "culture", "media", "press", "union", "management",
     "board", "chief", "executive", "spending", "cut", "increase", "rise", "u-turn",
     "credibility", "integrity", "character", "motive", "tactic", "priority", "vision"}
)  # fmt: skip
# Words in the sentence that make an attack physical.
VIOLENCE_CONTEXT: Final = frozenset(
    {"gun", "gunman", "gunmen", "knife", "bomb", "bomber", "missile", "rocket", "mortar",
     "artillery", "weapon", "explosive", "grenade", "troop", "soldier", "militant", "insurgent",
     "rebel", "fighter", "terrorist", "kill", "wound", "injure", "injury", "dead", "die",
     "death", "shoot", "stab", "casualty", "victim", "hospital", "airstrike", "raid", "army",
     "military", "armed", "warplane", "jet", "tank", "police", "suicide", "blast", "explosion"}
)  # fmt: skip
# Words in the sentence that place an attack in politics or speech.
POLITICAL_CONTEXT: Final = frozenset(
    {"speech", "interview", "conference", "statement", "say", "tell", "claim", "manifesto",
     "campaign", "party", "election", "vote", "voter", "debate", "parliament", "commons",
     "policy", "minister", "mp", "leader", "opposition", "rival", "critic", "rally", "poll",
     "tax", "budget", "plan", "record", "tory", "labour", "democrat", "republican"}
)  # fmt: skip
# Objects of an attack that are physical targets.
PHYSICAL_TARGETS: Final = frozenset(
    {"embassy", "base", "convoy", "village", "town", "city", "camp", "building", "ship",
     "train", "bus", "station", "checkpoint", "patrol", "house", "home", "mosque", "church",
     "temple", "school", "hotel", "market", "office", "headquarters", "compound", "position",
     "troop", "soldier", "force", "police", "officer", "guard", "civilian", "woman", "man",
     "girl", "boy", "child", "tourist", "worker", "pedestrian", "victim", "plane", "aircraft",
     "vehicle", "car", "border", "target", "facility", "plant", "pipeline", "port", "bridge"}
)  # fmt: skip
# Forces of nature that strike or hit.
NATURAL_FORCES: Final = frozenset(
    {"earthquake", "quake", "tremor", "aftershock", "storm", "hurricane", "typhoon", "cyclone",
     "tornado", "tsunami", "flood", "flooding", "fire", "blaze", "wildfire", "lightning",
     "drought", "epidemic", "disease", "virus", "outbreak", "avalanche", "landslide", "wave",
     "snow", "rain", "wind", "heatwave", "recession", "crisis", "slump", "downturn", "tremors"}
)  # fmt: skip
# verb + object idioms: the category they mean, or None for no event at all
IDIOMS: Final[dict[tuple[str, str], str | None]] = {
    **dict.fromkeys(
        (("strike", o) for o in ("balance", "chord", "note", "pose", "nerve", "tone", "blow")),
        None),
    # "struck a deal": the noun is the event (an agreement), the verb only supports it
    **dict.fromkeys(
        (("strike", o) for o in ("deal", "agreement", "bargain", "compromise", "accord", "pact")),
        None),
    **dict.fromkeys(
        (("hit", o) for o in ("record", "high", "low", "peak", "bottom", "trough", "target")),
        "economic"),
    **dict.fromkeys(
        (("hit", o) for o in ("headline", "nerve", "note", "jackpot", "snag", "road", "wall",
                              "ground", "stride", "home", "shelf", "mark", "spot")), None),
}  # fmt: skip
# verb + particle or preposition: "hit out at", "hit back at", "lash out at", "struck down"
PHRASAL_SENSES: Final[dict[tuple[str, str], str]] = {
    ("hit", "out"): "disapprove",
    ("hit", "back"): "disapprove",
    ("lash", "out"): "disapprove",
    ("strike", "down"): "reject",
    ("strike", "out"): "disapprove",
}
# modifiers of a "strike" noun that make it a military one; others ("general", "hunger",
# "rail") and a striking workforce make it a labour protest
MILITARY_STRIKE: Final = frozenset(
    {"air", "missile", "drone", "military", "nuclear", "rocket", "pre-emptive", "preemptive",
     "preventive", "surgical", "artillery", "retaliatory"}
)  # fmt: skip
LABOUR_CONTEXT: Final = frozenset(
    {"union", "worker", "staff", "employee", "pay", "wage", "walkout", "pension", "hunger",
     "general", "picket", "teacher", "driver", "nurse", "doctor", "miner", "industrial"}
)  # fmt: skip
VERBAL_ATTACK_MODIFIERS: Final = frozenset(
    {"verbal", "personal", "scathing", "stinging", "blistering", "withering", "bitter",
     "savage", "outspoken", "thinly", "veiled", "rhetorical", "political", "furious"}
)  # fmt: skip
NO_EVENT = ""


def sense(token: Token, category: str) -> str:
    """The category ``token`` has in its clause; the empty string when it is no event."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        return _verb_sense(token, lemma, category)
    if lemma == "strike":
        return _strike_noun_sense(token)
    if lemma in ("attack", "assault") and category == "assault":
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "advmod")}
        if modifiers & VERBAL_ATTACK_MODIFIERS:
            return "disapprove"
        targets = [
            obj
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against")
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]
        return _attack_sense(token, targets, category)
    return category


def _verb_sense(token: Token, lemma: str, category: str) -> str:
    children = list(token.children)
    for child in children:
        key = (lemma, child.lemma_.lower())
        if child.dep_ == "prt" and key in PHRASAL_SENSES:
            return PHRASAL_SENSES[key]
        if child.dep_ in ("dobj", "nsubjpass") and key in IDIOMS:
            return IDIOMS[key] or NO_EVENT
    if lemma not in ATTACK_VERBS:
        return category
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    doers = [c for c in children if c.dep_ == "nsubj"] + [
        pobj
        for agent in children
        if agent.dep_ == "agent"
        for pobj in agent.children
        if pobj.dep_ == "pobj"
    ]
    if any(_head_lemma(d) in NATURAL_FORCES for d in doers):
        return "disaster"
    if lemma == "hit" or (lemma == "strike" and not subjects):
        return category  # a car hits a pedestrian, a team hits a shot: the word says no more
    targets = [c for c in children if c.dep_ == "dobj"] + [
        s for s in subjects if s.dep_ == "nsubjpass"
    ]
    return _attack_sense(token, targets, category)


def _attack_sense(token: Token, targets: list[Token], category: str) -> str:
    sentence = {t.lemma_.lower() for t in token.sent}
    if sentence & VIOLENCE_CONTEXT:
        return category
    heads = [_head_lemma(t) for t in targets]
    if any(head in PHYSICAL_TARGETS for head in heads):
        return category
    if any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in targets):
        return category
    if any(head in CRITICISABLE for head in heads):
        return "disapprove"
    # a named person or party attacked with no weapon or casualty in sight, by a person or
    # amid the words of politics: a verbal attack. An armed group attacking an alliance is not.
    named = bool(targets) and all(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in targets)
    doers = [c for c in token.children if c.dep_ == "nsubj"]
    by_a_person = any(d.ent_type_ == "PERSON" or d.lower_ in ("he", "she") for d in doers)
    if named and (by_a_person or sentence & POLITICAL_CONTEXT):
        return "disapprove"
    if any(c.dep_ == "prep" and c.lower_ in ("for", "over") for c in token.children):
        return "disapprove"  # "attacked Blair over the war": a reproach, not a blow
    return category


def _strike_noun_sense(token: Token) -> str:
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")}
    if modifiers & MILITARY_STRIKE:
        return "assault"
    sentence = {t.lemma_.lower() for t in token.sent}
    if modifiers & LABOUR_CONTEXT or sentence & LABOUR_CONTEXT:
        return "protest"
    if token.head.lemma_.lower() == "on" and token.head.head.lemma_.lower() in ("go", "be"):
        return "protest"  # "went on strike"
    return "assault" if sentence & VIOLENCE_CONTEXT else NO_EVENT


def _head_lemma(token: Token) -> str:
    return token.lemma_.lower()
