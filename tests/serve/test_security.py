"""Token, origin and header rules of the server, and the bind check of `dateline serve`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dateline.api import Corpus
from dateline.serve.app import create_app
from dateline.serve.security import (
    TOKEN_COOKIE,
    TokenRequired,
    check_bind,
    host_name,
    is_loopback,
)

TOKEN = "s3cret-token-for-tests"


def test_loopback_needs_no_token_but_other_hosts_do() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"):
        assert is_loopback(host)
        check_bind(host, None)
    for host in ("0.0.0.0", "192.168.1.5", "example.org", "::"):
        assert not is_loopback(host)
        with pytest.raises(TokenRequired):
            check_bind(host, None)
        check_bind(host, TOKEN)


def test_every_request_needs_the_token(hostile_corpus: Corpus) -> None:
    client = TestClient(create_app(hostile_corpus, token=TOKEN))
    for path in ("/", "/api/stats", "/api/openapi.json", "/static/style.css", "/nope"):
        response = client.get(path)
        assert response.status_code == 401, path
    assert client.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200
    assert (
        client.post("/api/ingest", files=[("files", ("a.txt", b"x", "text/plain"))]).status_code
        == 401
    )


def test_token_in_the_address_sets_a_cookie_once(hostile_corpus: Corpus) -> None:
    client = TestClient(create_app(hostile_corpus, token=TOKEN))
    first = client.get(f"/search?q=mallory&token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/search?q=mallory"
    cookie = first.headers["set-cookie"]
    assert TOKEN_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/search?q=mallory").status_code == 200  # the cookie now carries it
    stranger = TestClient(create_app(hostile_corpus, token=TOKEN))
    assert stranger.get("/?token=wrong", follow_redirects=False).status_code == 401


def test_cross_origin_writes_are_refused(hostile_corpus: Corpus) -> None:
    client = TestClient(create_app(hostile_corpus))
    files = [("files", ("a.txt", b"Some text about Moscow.", "text/plain"))]
    evil = client.post(
        "/api/ingest?annotate=false", files=files, headers={"Origin": "https://evil.example"}
    )
    assert evil.status_code == 403
    assert client.post("/upload", files=files, headers={"Origin": "null"}).status_code == 403
    same = client.post(
        "/api/ingest?annotate=false", files=files, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 201


def test_security_headers_on_every_response(hostile_client: TestClient) -> None:
    for path in ("/", "/api/stats", "/static/style.css", "/nope", "/api/articles?limit=0"):
        response = hostile_client.get(path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_trusted_hosts_defend_against_dns_rebinding(hostile_corpus: Corpus) -> None:
    client = TestClient(create_app(hostile_corpus, trusted_hosts=["127.0.0.1", "localhost"]))
    assert client.get("/api/stats").status_code == 400  # Host: testserver
    assert client.get("/api/stats", headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_no_page_links_outside(hostile_client: TestClient) -> None:
    for path in ("/", "/search?q=mallory", "/entities", "/graph", "/stories", "/upload"):
        html = hostile_client.get(path).text
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in html and "//cdn" not in html
    assert hostile_client.get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_host_names_of_ipv4_ipv6_and_names() -> None:
    assert host_name("[::1]:8716") == "::1"
    assert host_name("[::1]") == "::1"
    assert host_name("127.0.0.1:8000") == "127.0.0.1"
    assert host_name("Evil.Example:8716") == "evil.example"
    assert host_name("localhost") == "localhost"


@pytest.mark.parametrize("bound", ["::1", "127.0.0.1"])
def test_loopback_without_a_token_refuses_a_rebinding_page_on_ipv6_as_on_ipv4(
    hostile_corpus: Corpus, bound: str
) -> None:
    # the names `dateline serve --host ::1` trusts without a token
    trusted = sorted({"localhost", "127.0.0.1", "::1", bound})
    client = TestClient(create_app(hostile_corpus, trusted_hosts=trusted))
    files = [("files", ("a.txt", b"Some text about Moscow.", "text/plain"))]
    rebinding = {"Host": "evil.example:8716", "Origin": "http://evil.example:8716"}
    refused = client.post("/api/ingest?annotate=false", files=files, headers=rebinding)
    assert refused.status_code == 400
    assert client.get("/api/stats", headers={"Host": "evil.example:8716"}).status_code == 400
    for host in ("[::1]:8716", "127.0.0.1:8716", "localhost:8716"):
        assert client.get("/api/stats", headers={"Host": host}).status_code == 200, host
    same = client.post(
        "/api/ingest?annotate=false",
        files=files,
        headers={"Host": "[::1]:8716", "Origin": "http://[::1]:8716"},
    )
    assert same.status_code == 201
    cross = client.post(
        "/api/ingest?annotate=false",
        files=files,
        headers={"Host": "[::1]:8716", "Origin": "http://evil.example:8716"},
    )
    assert cross.status_code == 403
