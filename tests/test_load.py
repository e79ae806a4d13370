"""``tomtat.load`` and ``read_cluster`` take one path as str or Path, or a list of paths."""

from __future__ import annotations

from pathlib import Path

import pytest

import tomtat
from tomtat.errors import InputError
from tomtat.io.read import read_cluster

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "bao-nalusa"
FIRST = EXAMPLE / "01-thoi-bao-quoc-gia.txt"


@pytest.mark.parametrize("paths", [str(EXAMPLE), EXAMPLE, [str(EXAMPLE)], [EXAMPLE]])
def test_load_a_folder_as_str_path_or_list(paths):
    cluster = tomtat.load(paths)
    assert isinstance(cluster, tomtat.Cluster)
    assert cluster.id == "bao-nalusa"
    assert len(cluster.documents) == 5 and cluster.sentences
    assert tomtat.summarize(cluster, max_words=40).sentences


def test_load_several_files():
    cluster = tomtat.load([FIRST, str(EXAMPLE / "02-bao-song-tra.txt")])
    assert [d.id for d in cluster.documents] == ["01-thoi-bao-quoc-gia", "02-bao-song-tra"]


def test_read_cluster_takes_a_folder_name_as_str():
    assert [d.id for d in read_cluster(str(EXAMPLE))][:2] == [
        "01-thoi-bao-quoc-gia",
        "02-bao-song-tra",
    ]
    assert len(read_cluster(str(FIRST))) == 1


def test_load_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"no such file or directory: .*khong-co"):
        tomtat.load(str(tmp_path / "khong-co"))


def test_load_is_public():
    assert "load" in tomtat.__all__
