"""Database locations shown to people: never a password, never a URL mangled into a path."""

from __future__ import annotations

from pathlib import Path

from dateline.store.location import redact_message, redact_url, shown_location


def test_a_url_loses_its_password_wherever_it_is() -> None:
    assert redact_url("postgresql://me:secret@db.example/news") == (
        "postgresql://me:***@db.example/news"
    )
    assert redact_url("postgres://db.example/news?password=secret&sslmode=require") == (
        "postgres://db.example/news?password=***&sslmode=require"
    )
    assert redact_url("postgresql://me@db.example/news") == "postgresql://me@db.example/news"


def test_an_error_quoting_the_url_or_the_password_is_redacted() -> None:
    url = "postgresql://u:PW42x@host/db"
    message = redact_message(f"cannot open database {url}: auth failed for PW42x", url)
    assert "PW42x" not in message
    assert "postgresql://u:***@host/db" in message


def test_a_url_is_shown_as_a_url_and_a_path_as_an_absolute_path(tmp_path: Path) -> None:
    assert shown_location("postgresql://u:PW@host/db") == "postgresql://u:***@host/db"
    assert shown_location(tmp_path / "news.db") == str((tmp_path / "news.db").resolve())
