"""Readers and writers: files, directories, stdin and JSON/JSONL clusters in; text out.

Reading: :mod:`tomtat.io.read` (``read_input``, ``read_cluster``, ``read_clusters_jsonl``,
...); writing: :mod:`tomtat.io.write` (JSON, text, Markdown) and :mod:`tomtat.io.output`
(``-o`` files).
"""
