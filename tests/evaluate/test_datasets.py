"""The dataset root is one setting: --data, else $DATELINE_DATA, else beside the checkout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.evaluate.datasets import (
    CHECKOUT_DEFAULT,
    DATA_ENV,
    dataset_root,
    use_dataset_root,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_override() -> Iterator[None]:
    use_dataset_root(None)
    yield
    use_dataset_root(None)


def test_the_default_is_shared_datasets_beside_the_checkout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATA_ENV, raising=False)
    assert dataset_root() == CHECKOUT_DEFAULT == REPO.parent / "shared" / "datasets"


def test_the_environment_and_then_the_option_choose_another(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "env"))
    assert dataset_root() == tmp_path / "env"
    use_dataset_root(tmp_path / "option")
    assert dataset_root() == tmp_path / "option"


def test_no_module_builds_its_own_dataset_root() -> None:
    source = REPO / "src" / "dateline"
    builders = [
        path.relative_to(source).as_posix()
        for path in source.rglob("*.py")
        if '/ "shared"' in path.read_text(encoding="utf-8")
    ]
    assert builders == ["evaluate/datasets.py"]


@pytest.mark.parametrize(
    ("command", "folder"),
    [
        (["tempeval", "--split", "timebank", "--limit", "1", "--no-spacy"], "tempeval3"),
        (["polnear", "--limit", "1"], "polnear"),
    ],
)
def test_evaluate_data_points_every_evaluation_elsewhere(
    tmp_path: Path, command: list[str], folder: str
) -> None:
    result = CliRunner(env={"COLUMNS": "300"}).invoke(
        app, ["evaluate", "--data", str(tmp_path), *command]
    )
    assert result.exit_code == 2, result.output
    assert str(tmp_path / folder) in result.output.replace("\n", "")
