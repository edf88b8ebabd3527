"""Which words report a happening at all, beyond the category lexicon.

The lexicon of :mod:`dateline.annotate.event_scheme` gives the categories political and
business news needs. Everything else that happens (a man died, a fire broke out, a team won
the game, the film got a sequel) is an ``occurrence``: a verb that is not a light, modal,
stative or mental verb, or a noun that names a happening (a lexicon of event nouns, or a noun
derived from a verb: "shooting", "investigation", "arrival", "departure").

Whether a word is a verb is read from the lemma index of the spaCy pipeline's lemmatizer (the
WordNet lemma list it ships with), loaded once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

# Verbs that say nothing happened by themselves: auxiliaries, light and linking verbs, verbs of
# having, thinking, wanting and seeming; the aspect of another event ("began to").
NON_EVENT_VERBS: Final = frozenset(
    {"be", "have", "do", "get", "seem", "appear", "become", "remain", "stay", "keep", "let",
     "make", "take", "give", "go", "come", "include", "contain", "involve", "consist", "want",
     "need", "wish", "like", "love", "hate", "prefer", "know", "think", "believe", "feel",
     "consider", "expect", "hope", "mean", "use", "see", "look", "sound", "try", "begin",
     "start", "continue", "stop", "finish", "tend", "seek", "plan", "intend", "aim", "able",
     "owe", "own", "belong", "cost", "deserve", "matter", "exist", "lack", "require", "suppose",
     "guess", "wonder", "understand", "remember", "forget", "imagine", "hear", "watch",
     "describe", "call", "name", "refer", "mention", "regard", "view", "treat", "count",
     "happen", "occur", "follow", "accord", "base", "relate", "concern", "s"}
)  # fmt: skip
# Verbs that only carry the event their object names ("held talks", "paid a visit").
SUPPORT_VERBS: Final = frozenset(
    {"hold", "pay", "reach", "carry", "conduct", "stage", "mount", "undertake", "perform",
     "strike", "launch", "wage", "issue", "deliver", "file", "lodge", "suffer", "face"}
)  # fmt: skip
# Nouns that name a happening and are not derived from a verb by a suffix.
EVENT_NOUNS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("earthquake", "quake", "tremor", "aftershock", "fire", "blaze", "wildfire", "flood",
         "flooding", "storm", "hurricane", "typhoon", "cyclone", "tornado", "tsunami", "eruption",
         "landslide", "avalanche", "crash", "accident", "collision", "explosion", "blast",
         "outage", "disaster", "derailment", "epidemic", "outbreak", "drought", "famine"),
        "disaster"),
    **dict.fromkeys(
        ("murder", "shooting", "killing", "stabbing", "homicide", "massacre", "manslaughter",
         "ambush", "gunfight", "shootout", "fight", "fighting", "battle", "clash", "riot",
         "violence", "hijack", "hijacking", "kidnapping", "abduction"), "assault"),
    **dict.fromkeys(
        ("trial", "verdict", "conviction", "sentence", "indictment", "prosecution", "custody",
         "raid", "crackdown", "probe", "inquiry", "investigation", "lawsuit", "hearing", "ruling",
         "acquittal"), "coerce"),
    **dict.fromkeys(
        ("death", "suicide", "funeral", "burial", "vigil", "injury", "overdose", "birth",
         "wedding", "marriage", "divorce", "election", "vote", "referendum",
         "inauguration", "coronation", "ceremony", "celebration", "festival", "game",
         "match", "race", "tournament", "semifinal", "quarterfinal", "playoff",
         "championship", "victory", "win", "defeat", "loss", "touchdown", "award", "prize",
         "nomination", "premiere", "release", "show", "concert", "performance", "tour",
         "robbery", "theft", "heist", "burglary",
         "arson", "fraud", "piracy", "smuggling", "scandal", "incident", "event", "emergency",
         "crisis", "rescue", "evacuation", "escape", "damage", "chase",
         "transfer", "appointment", "firing", "dismissal", "departure", "arrival", "return",
         "retirement", "comeback", "rehab", "surgery", "operation", "treatment", "update",
         "upgrade", "patch", "hack", "attempt", "offer", "bid", "sequel", "flight", "takeoff",
         "speech", "keynote", "leave", "absence", "move", "cut", "suspension",
         "cancellation"),
        "occurrence"),
}  # fmt: skip
# Adjectives that report a happening in news ("was found dead", "pleaded guilty").
EVENT_ADJECTIVES: Final[dict[str, str]] = {
    "dead": "occurrence",
    "missing": "occurrence",
    "injured": "occurrence",
    "wounded": "occurrence",
    "guilty": "coerce",
}
# Nouns with a verb-deriving suffix that name a thing, a body or a time, not a happening.
NOT_EVENT_NOUNS: Final = frozenset(
    {"building", "administration", "evening", "morning", "government", "department",
     "information", "station", "television", "organization", "organisation", "foundation",
     "constitution", "generation", "nation", "version", "management", "entertainment",
     "communication", "telecommunication", "accounting", "parking", "standing", "regulation",
     "equipment", "apartment", "settlement", "parliament", "establishment", "document",
     "instrument", "environment", "population", "location", "position", "condition",
     "tradition", "institution", "association", "corporation", "federation", "authority",
     "relation", "education", "ceiling", "clothing", "housing", "painting", "beginning",
     "meaning", "feeling", "warning", "saying", "thing", "something", "nothing", "anything",
     "everything", "ring", "king", "wing", "string", "spring", "sibling", "darling",
     "ending", "rating", "ranking", "funding", "timing", "setting", "heading", "wording",
     "training", "opening", "proposal", "approval", "official", "material", "potential",
     "individual", "professional", "capital", "hospital", "criminal", "rival", "arsenal",
     "signal", "total", "animal", "mission", "commission", "session",
     "division", "decision", "expression", "impression", "permission", "tension",
     "passion", "mansion", "pension", "statement", "agreement", "requirement", "treatment",
     "expectation", "inspiration", "sensation", "conservation", "compensation", "figure",
     "nature", "culture", "structure", "feature", "future", "picture", "creature", "literature",
     "temperature", "signature", "legislature", "procedure", "measure", "pressure",
     "importance", "performance", "evidence", "science", "experience", "audience", "presence",
     "difference", "distance", "balance", "finance", "insurance", "assistance", "reference",
     "sentence", "conference", "licence", "license", "violence", "defence", "defense",
     "offence", "offense", "absence", "silence", "existence", "sequence", "influence"}
)  # fmt: skip
# (suffix, what replaces it) for nouns derived from verbs: "arrival" -> "arrive"
DEVERBAL_SUFFIXES: Final = (
    ("ation", ""), ("ation", "e"), ("ition", ""), ("tion", "te"), ("tion", ""), ("sion", "de"),
    ("sion", "se"), ("ment", ""), ("ing", ""), ("ing", "e"), ("al", ""), ("al", "e"),
    ("ure", "e"), ("ance", ""), ("ence", ""),
)  # fmt: skip


def verb_lemmas() -> frozenset[str]:
    """The verbs the default pipeline's lemmatizer knows (empty when it has no index)."""
    from dateline.annotate.nlp import lexicon_words

    return lexicon_words("verb")


def is_event_verb(lemma: str) -> bool:
    """Whether a verb (not in the category lexicon) reports something that happened."""
    return lemma not in NON_EVENT_VERBS and len(lemma) > 1 and lemma.isalpha()


def event_noun_category(lemma: str) -> str | None:
    """The category of a noun that names a happening, None for other nouns."""
    if lemma in EVENT_NOUNS:
        return EVENT_NOUNS[lemma]
    if lemma in NOT_EVENT_NOUNS or not lemma.isalpha():
        return None
    return "occurrence" if _derived_from_verb(lemma) else None


@lru_cache(maxsize=65_536)
def _derived_from_verb(noun: str) -> bool:
    verbs = verb_lemmas()
    for suffix, replacement in DEVERBAL_SUFFIXES:
        stem = noun[: -len(suffix)]
        if noun.endswith(suffix) and len(stem) >= 3 and stem + replacement in verbs:
            return True
    # "shipping" -> "ship", "shopping" -> "shop"
    return noun.endswith("ing") and len(noun) > 5 and noun[-4] == noun[-5] and noun[:-4] in verbs


def headline_word_lemmas(word: str) -> list[str]:
    """The forms a capitalised headline word may be inflected from ("Checks" -> "check",
    "Dies" -> "die", "Arrested" -> "arrest"), the word itself first."""
    word = word.lower()
    forms = [word]
    for suffix, replacement in (
        ("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""),
        ("ing", "e"), ("d", ""),
    ):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + replacement)
    return forms
