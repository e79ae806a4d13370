"""Library errors name the parameter, the CLI names the flag (issue 17): batch and cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomtat.batch import run_batch
from tomtat.cli import main
from tomtat.errors import UsageError
from tomtat.events import EventClusterer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLUSTERS = FIXTURES / "batch_clusters.jsonl"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"workers": 0}, "workers must be at least 1, got 0"),
        ({"max_words": 0}, "max_words must be a positive number of syllables, got 0"),
    ],
)
def test_batch_library_names_the_parameter(tmp_path, kwargs, message):
    with pytest.raises(UsageError) as err:
        run_batch(CLUSTERS, tmp_path / "out.jsonl", progress=False, **kwargs)
    assert str(err.value) == message
    assert "--" not in str(err.value)


def test_batch_command_names_the_flag(tmp_path, capsys):
    assert main(["batch", str(CLUSTERS), "-o", str(tmp_path / "o.jsonl"), "--workers", "0"]) == 2
    err = capsys.readouterr().err
    assert "--workers must be at least 1" in err
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 1.5}, "threshold must be in (0, 1], got 1.5"),
        ({"window_days": -1}, "window_days must be >= 0, got -1"),
    ],
)
def test_event_clusterer_names_the_parameter(kwargs, message):
    with pytest.raises(UsageError) as err:
        EventClusterer(**kwargs)
    assert str(err.value) == message
    assert err.value.for_cli().startswith("--" + next(iter(kwargs)).replace("_", "-"))
