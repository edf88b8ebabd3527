"""Small inputs the ingest tests write into tmp_path: pages, dumps, feeds and WARC files."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HARBOUR_STORY = (
    "The port authority of Valdora opened a new container terminal on Monday, doubling the "
    "harbour's capacity after four years of construction.\n\n"
    "\u201cThis terminal connects our farmers to the world,\u201d said Mayor Ines Okafor at the "
    "opening ceremony, which was attended by ministers from three neighbouring countries.\n\n"
    "Critics said the project had cost twice its original budget and displaced two fishing "
    "villages on the northern shore."
)
RIVER_STORY = (
    "Heavy rain pushed the Arlen river over its banks on Tuesday, flooding the lower town of "
    "Brisk and forcing more than two hundred families from their homes.\n\n"
    "Emergency crews worked through the night to reinforce the levee near the old mill, and "
    "the regional governor promised compensation for damaged farms."
)
COUNCIL_STORY = (
    "The city council of Marrow voted on Wednesday to ban private cars from the historic "
    "centre on weekends, starting in the spring.\n\n"
    "Shop owners protested outside the town hall, saying the ban would drive customers to the "
    "malls on the ring road, while cycling groups welcomed the decision."
)


def html_page(title: str, body: str, canonical: str | None = None, published: str = "") -> str:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
    head = f"<title>{title} | Valdora Herald</title>"
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    if published:
        head += f'<meta property="article:published_time" content="{published}">'
    head += '<meta name="author" content="Lena Brandt">'
    head += '<meta property="og:site_name" content="Valdora Herald">'
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}</head><body>'
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Share | Print | 3 Comments</footer><script>var x = 1;</script>"
        "</body></html>"
    )


def http_response(html: str) -> bytes:
    return html.encode("utf-8")


def write_warc(path: Path, pages: list[tuple[str, str]], gzip: bool = True) -> None:
    """A WARC with one request-less HTML response record per (url, html), plus a JPEG."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)
        image_headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1"
        )
        image = writer.create_warc_record(
            "https://valdora.example/logo.jpg",
            "response",
            payload=io.BytesIO(b"\xff\xd8\xff\xe0" + b"\x00" * 64),
            http_headers=image_headers,
        )
        writer.write_record(image)


RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valdora Herald</title><link>https://valdora.example</link>
<item><title>Harbour terminal opens</title><link>https://valdora.example/harbour</link>
<pubDate>Mon, 03 Mar 2025 09:30:00 GMT</pubDate><author>news@valdora.example (Lena Brandt)</author>
<category>Economy</category>
<description>{harbour}</description></item>
<item><title>Arlen floods Brisk</title><link>https://valdora.example/flood</link>
<pubDate>Tue, 31 Feb 2025 10:00:00 GMT</pubDate>
<description>{river}</description></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Marrow Daily</title>
<id>urn:marrow</id><updated>2025-03-05T12:00:00Z</updated>
<entry><title>Car ban for the old town</title><id>urn:marrow:1</id>
<link href="https://marrow.example/car-ban"/><published>2025-03-05T12:00:00Z</published>
<updated>2025-03-05T12:00:00Z</updated><author><name>Tomas Reyes</name></author>
<content type="html">{council}</content></entry>
</feed>
"""


def escape_html_paragraphs(text: str) -> str:
    """Paragraphs as escaped HTML, the way feeds carry item content."""
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))
    return paragraphs.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss_feed() -> str:
    return RSS_FEED.format(
        harbour=escape_html_paragraphs(HARBOUR_STORY), river=escape_html_paragraphs(RIVER_STORY)
    )


def atom_feed() -> str:
    return ATOM_FEED.format(council=escape_html_paragraphs(COUNCIL_STORY))
