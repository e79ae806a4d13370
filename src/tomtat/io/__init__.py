"""Readers and writers: files, directories, stdin and JSON/JSONL clusters in; text out."""

from .read import (
    ClusterLine,
    ClusterRecord,
    load_cluster_record,
    read_cluster,
    read_clusters_jsonl,
    read_input,
    read_paths,
)

__all__ = [
    "ClusterLine",
    "ClusterRecord",
    "load_cluster_record",
    "read_cluster",
    "read_clusters_jsonl",
    "read_input",
    "read_paths",
]
