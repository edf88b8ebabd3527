"""Content-derived identity: the article id and content hash.

Both are computed from the cleaned text after NFC normalisation and collapsing every run of
whitespace to one space, so the same article read twice (or from two formats) gets the same
id. ``content_hash`` is the full SHA-256 hex digest; the id is its first 16 hex characters
(64 bits: a collision is negligible below billions of articles).
"""

from __future__ import annotations

import hashlib
import unicodedata

ID_LENGTH = 16


def identity_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    return hashlib.sha256(identity_text(text).encode("utf-8")).hexdigest()


def article_id_from_hash(digest: str) -> str:
    return digest[:ID_LENGTH]
