"""Property-based run of schemathesis against the OpenAPI schema, in process (no network):
whatever the generated input, the API answers without a server error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from dateline.serve.app import create_app
from tests.serve.seed import SeedBuild, build_seed_corpus

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis==4.32.5")


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    seed: SeedBuild = build_seed_corpus()
    corpus = seed.copy_to(tmp_path_factory.mktemp("schemathesis"))
    app = create_app(corpus, max_upload_bytes=64 * 1024)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])


def test_schema_lists_every_area(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    corpus = build_seed_corpus().copy_to(tmp_path)
    paths = TestClient(create_app(corpus)).get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/search",
        "/api/entities/{entity_id}/dossier",
        "/api/entities/{entity_id}/timeline",
        "/api/quotes",
        "/api/events",
        "/api/stories",
        "/api/ingest",
        "/api/corrections/merge",
        "/api/corrections/split",
        "/api/corrections/rename",
    ):
        assert path in paths, path
    corpus.close()
