"""spaCy's rule lemmatization with its word lists held as sets.

spaCy's ``Lemmatizer.rule_lemmatize`` checks each candidate form against the lemma index
with ``form in index``, and the English tables hold that index as plain lists (57,528 nouns,
20,993 adjectives...). Every word the lemmatizer has not cached costs a few of those linear
scans, about 0.1 ms, which made the first thousand articles a worker sees pay 4 ms each.
:class:`RuleLemmas` applies the same rules, in the same order, to the same tables, with the
index in sets; ``tests/annotate/test_rule_lemmas.py`` compares it with spaCy word for word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.pipeline import Lemmatizer
from spacy.tokens import Token

# One part of speech's lemma index, exceptions (word -> lemmas) and (suffix, replacement) rules.
Tables = tuple[frozenset[str], Mapping[str, Sequence[str]], Sequence[Sequence[str]]]


class RuleLemmas:
    """The lemma candidates ``lemmatizer.rule_lemmatize`` would give, best first."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._tables: dict[str, Tables | None] = {}

    def __call__(self, token: Token) -> list[str]:
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space") or self.lemmatizer.is_base_form(token):
            return [string.lower()]
        if univ_pos not in self._tables:
            self._tables[univ_pos] = self._tables_for(univ_pos)
        tables = self._tables[univ_pos]
        if tables is None:
            return [string] if univ_pos == "propn" else [string.lower()]
        return self._by_rules(string, *tables)

    def _tables_for(self, univ_pos: str) -> Tables | None:
        """This part of speech's index (as a set), exceptions and rules; ``None`` if it has
        none of them. The lookups tables are keyed by the hash of the part of speech."""
        lookups = self.lemmatizer.lookups
        index, exceptions, rules = (
            lookups.get_table(name, {}).get(univ_pos)
            for name in ("lemma_index", "lemma_exc", "lemma_rules")
        )
        if not any((index, exceptions, rules)):
            return None
        return frozenset(index or ()), exceptions or {}, rules or ()

    @staticmethod
    def _by_rules(
        original: str,
        index: frozenset[str],
        exceptions: Mapping[str, Sequence[str]],
        rules: Sequence[Sequence[str]],
    ) -> list[str]:
        string = original.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if not string.endswith(old):
                continue
            form = string[: len(string) - len(old)] + new
            if not form:
                continue
            if form in index:
                forms.insert(0, form)
            elif not form.isalpha():
                forms.append(form)
            else:
                oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        # Exceptions go first, as in spaCy.
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return forms or oov_forms or [original]
