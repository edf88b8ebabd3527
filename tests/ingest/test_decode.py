"""Binary sniffing and encoding detection."""

from __future__ import annotations

import pytest

from dateline.ingest import decode, errors
from dateline.ingest.decode import binary_kind, decode_bytes, decode_text
from dateline.ingest.errors import IngestError

CP1252_NEWS = (
    "“It is true that such an invitation was sent,” said the Kremlin’s spokesman – on Friday."
)
LATIN1_NEWS = "The café owner in São Paulo said the naïve plan would fail, reported Zürich’s daily."


def test_utf8_and_its_bom() -> None:
    assert decode_text(CP1252_NEWS.encode("utf-8")) == (CP1252_NEWS, "utf-8")
    assert decode_text(b"\xef\xbb\xbf" + b"Kremlin") == ("Kremlin", "utf-8-sig")


def test_cp1252_curly_quotes_decode_correctly() -> None:
    text, encoding = decode_text(CP1252_NEWS.encode("cp1252"))
    assert text == CP1252_NEWS
    assert encoding == "cp1252"


def test_latin1_accents_decode_correctly() -> None:
    plain = LATIN1_NEWS.replace("’", "'")
    text, _ = decode_text(plain.encode("latin-1"))
    assert text == plain


def test_utf16_with_bom_is_text_not_binary() -> None:
    data = "Moscow and Pyongyang".encode("utf-16")
    assert binary_kind(data) is None
    assert decode_text(data)[0] == "Moscow and Pyongyang"


def test_cyrillic_cp1251_is_not_mistaken_for_cp1252() -> None:
    russian = "Президент России Владимир Путин пригласил лидера КНДР Ким Чен Ына в Москву на парад."
    text, _ = decode_text(russian.encode("cp1251"))
    assert "Путин" in text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG"),
        (b"%PDF-1.7\n%binary", "PDF"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"some text\x00with a NUL", "NUL"),
    ],
)
def test_binary_files_are_refused(data: bytes, kind: str) -> None:
    with pytest.raises(IngestError) as caught:
        decode_text(data)
    assert caught.value.code == errors.BINARY
    assert kind in caught.value.reason


def test_undecodable_bytes_raise_the_encoding_code() -> None:
    data = bytes(range(0x80, 0x100)) * 4
    with pytest.raises(IngestError) as caught:
        decode_text(data)
    assert caught.value.code == errors.ENCODING


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_says_how_many() -> None:
    data = "The naïve café in Zürich".encode() + b" reopened\x92s doors \xe9"
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.replaced == 2
    assert decoded.text == "The naïve café in Zürich reopened\ufffds doors \ufffd"
    assert decode_bytes("naïve café".encode("cp1252")) == ("naïve café", "cp1252", 0)


def test_charset_detection_sees_only_a_bounded_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 14: charset-normalizer held gigabytes for 49 MB of high bytes
    seen: list[int] = []
    real = decode.from_bytes

    def spy(data: bytes) -> object:
        seen.append(len(data))
        return real(data)

    monkeypatch.setattr(decode, "from_bytes", spy)
    russian = ("Москва и Пхеньян договорились о встрече на высшем уровне.\n" * 40_000).encode(
        "cp1251"
    )
    text, encoding = decode_text(russian)
    assert encoding == "cp1251" and text.startswith("Москва")
    assert seen and max(seen) <= 1 << 20
