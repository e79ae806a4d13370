"""The store's tables (SQLAlchemy Core), its schema version and the upgrades between versions.

One schema for SQLite and PostgreSQL. Version history (``meta.schema_version``):

1. articles, events, active (vectors of the articles of open events), df (document
   frequencies of the stream, one row per committed batch, compacted), meta.
2. events gain ``search`` (folded title, summary, outlets and entity names: what ``q``
   matches) and ``lead`` (the summary's first sentence), filled when the summary is computed;
   events whose summary was computed under version 1 are marked stale so it is recomputed.
3. a full-text index of ``events.search`` (what ``q`` uses instead of a ``LIKE`` scan):
   SQLite, an FTS5 table ``events_fts`` (rowid = event id, tokens keep their diacritics)
   kept by the store's code; PostgreSQL, a stored generated column
   ``search_tsv = to_tsvector('simple', search)`` with a GIN index.

An upgrade is a function ``(connection) -> None`` run inside the opening transaction; a store
written by a newer tomtat (a version above :data:`SCHEMA_VERSION`) is refused, never
changed.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

SCHEMA_VERSION = 3

metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ext_id", sa.Text, nullable=False, server_default=""),  # the source's own id
    sa.Column("url", sa.Text, nullable=False, server_default=""),
    sa.Column("url_key", sa.String(512), nullable=True, unique=True),  # dedup by URL
    sa.Column("content_key", sa.String(40), nullable=False, unique=True),  # dedup by content
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False, server_default=""),  # outlet
    sa.Column("date", sa.String(32), nullable=True),  # ISO day or month, as read
    sa.Column("meta", sa.Text, nullable=False, server_default="{}"),  # JSON of extra fields
    sa.Column("event_id", sa.Integer, nullable=False, index=True),
    sa.Column("batch", sa.Integer, nullable=False),  # meta 'seq' of the batch that added it
    sa.Column("ingested_at", sa.String(32), nullable=False),  # UTC ISO time
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("is_open", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("size", sa.Integer, nullable=False, server_default="0"),
    sa.Column("n_outlets", sa.Integer, nullable=False, server_default="0"),
    sa.Column("outlets", sa.Text, nullable=False, server_default="[]"),  # JSON list
    sa.Column("first_date", sa.String(32), nullable=True),
    sa.Column("last_date", sa.String(32), nullable=True),
    # newest of the articles' dates and ingest days: what --since and "newest" use
    sa.Column("last_seen", sa.String(32), nullable=False, server_default="", index=True),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),  # bumped per change
    sa.Column("merged_into", sa.Integer, nullable=True),  # absorbed by that event
    sa.Column("summary_version", sa.Integer, nullable=True),  # version the summary is of
    sa.Column("summary", sa.Text, nullable=True),  # JSON summary (io.write.summary_to_dict)
    sa.Column("report", sa.Text, nullable=True),  # JSON report (analyze.report_to_dict)
    sa.Column("updated_at", sa.String(32), nullable=False, server_default=""),
    # version 2
    sa.Column("search", sa.Text, nullable=False, server_default=""),  # folded, for q
    sa.Column("lead", sa.Text, nullable=False, server_default=""),  # summary's 1st sentence
    sa.Index("ix_events_size", "size"),
)

# the articles of open events, with the vector the clusterer gave them on arrival
active = sa.Table(
    "active",
    metadata,
    sa.Column("article_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("day", sa.Float, nullable=True),  # day number of a day-precise date
    sa.Column("vec", sa.LargeBinary, nullable=False),  # int32 columns then float32 values
)

# document frequencies of the stream (added to the clusterer's shipped prior): one row per
# committed batch, merged into one row now and then
df = sa.Table(
    "df",
    metadata,
    sa.Column("batch", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)


def _upgrade_1_to_2(conn: sa.Connection) -> None:
    preparer = conn.dialect.identifier_preparer
    for col in (events.c.search, events.c.lead):
        ddl = sa.schema.CreateColumn(col).compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {preparer.quote('events')} ADD COLUMN {ddl}")
    conn.execute(sa.update(events).values(summary_version=None))


def create_search_index(conn: sa.Connection) -> None:
    """The full-text index of ``events.search`` (version 3), filled from the events."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5("
            "search, tokenize = 'unicode61 remove_diacritics 0')"
        )
        conn.exec_driver_sql("DELETE FROM events_fts")
        conn.exec_driver_sql(
            "INSERT INTO events_fts (rowid, search) SELECT id, search FROM events WHERE size > 0"
        )
    else:
        # a stored tsvector: matching rows are checked without re-parsing their text
        conn.exec_driver_sql(
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS search_tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', search)) STORED"
        )
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_events_search ON events USING gin (search_tsv)"
        )


#: ``UPGRADES[v]`` turns a version-``v`` store into version ``v + 1``.
UPGRADES: dict[int, Callable[[sa.Connection], None]] = {
    1: _upgrade_1_to_2,
    2: create_search_index,
}
