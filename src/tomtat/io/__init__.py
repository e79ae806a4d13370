"""Readers and writers."""

from .read import read_cluster, read_paths

__all__ = ["read_cluster", "read_paths"]
