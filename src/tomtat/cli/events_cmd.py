"""``tomtat events [ID] [--db DB] [--since DATE] [--limit N] [--format text|json|markdown]``:
list the stored events, or print one event's report."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .ingest_cmd import add_db_option

LIST_FORMATS = ("text", "json", "markdown")
ONE_FORMATS = ("text", "json", "markdown", "html")

EPILOG = """\
Without ID: the events, newest first (--order size: most covered first), each with its id,
title, first and last date, number of articles and outlets, and the summary's first
sentence. JSON: a list of {"id","title","first_date","last_date","articles":[article ids],
"outlets":[...],"summary":...}. With ID: the event's report (summary with citations,
timeline, entities, sources). Summaries are stored; one whose articles changed since is
recomputed and stored when shown (--no-refresh shows the stored one, marked stale).
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from .options import positive_int

    p = sub.add_parser(
        "events",
        help="list the stored events, or print one event's report",
        description="List the events of a store (tomtat ingest), or print one event's report.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="one event's report")
    add_db_option(p)
    p.add_argument("--since", metavar="DATE", help="events seen on or after DATE (YYYY-MM-DD)")
    p.add_argument("--limit", type=positive_int, default=20, metavar="N", help="default 20")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip N events (paging)")
    p.add_argument("-q", "--query", metavar="TEXT", help="events whose titles, summary, outlets "
                   "or names contain every word of TEXT")  # fmt: skip
    p.add_argument("--order", choices=("recent", "size"), default="recent")
    p.add_argument("--format", default="text", help="text|json|markdown (and html with ID)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically)")
    p.add_argument("--no-refresh", action="store_true", help="never recompute a summary")
    p.add_argument("--max-words", type=positive_int, default=120, metavar="N",
                   help="budget of recomputed summaries (default 120)")  # fmt: skip
    p.set_defaults(run=run)


def _check_since(value: str | None) -> str | None:
    import datetime as dt

    from ..errors import UsageError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise UsageError(f"--since {value!r}: expected a date YYYY-MM-DD") from None


def run(args: argparse.Namespace) -> int:

    from ..errors import UsageError
    from ..io.output import check_output
    from .options import emit, warn

    formats = ONE_FORMATS if args.id is not None else LIST_FORMATS
    if args.format not in formats:
        raise UsageError(f"--format {args.format!r}: choose one of {', '.join(formats)}")
    if args.offset < 0:
        raise UsageError(f"--offset must be >= 0, got {args.offset}")
    since = _check_since(args.since)
    if args.output and args.output != "-":
        check_output(args.output)
    from ..newsroom import Store, StoreError  # says which extra to install when missing

    with Store.open(args.db, create=False) as store:

        def refresh(ids: list[int]) -> None:
            if args.no_refresh or not ids:
                return
            try:
                store.refresh(ids, max_words=args.max_words)
            except StoreError as exc:  # e.g. a read-only store: show what is stored
                warn(f"summaries not updated: {exc}")

        if args.id is not None:
            detail = store.get_event(args.id)
            if detail is None:
                from ..errors import InputError

                raise InputError(f"no event {args.id} in {store.url}")
            if detail.info.stale or detail.report is None:
                refresh([detail.info.id])
                detail = store.get_event(detail.info.id) or detail
            out = render_one(detail, args.format)
        else:
            page = {"limit": args.limit, "offset": args.offset, "order": args.order}
            events = store.list_events(since=since, q=args.query, **page)
            stale = [e.id for e in events if e.stale]
            if stale:
                refresh(stale)
                by_id = {e.id: e for e in store.list_events(since=since, q=args.query, **page)}
                events = [by_id.get(e.id, e) for e in events]
            out = render_list(events, args.format)
    emit(out, args.output)
    return 0


def _dates(first: str | None, last: str | None) -> str:
    if not first:
        return "không rõ ngày"
    return first if first == last else f"{first} → {last}"


def render_list(events: list[Any], fmt: str) -> str:
    from ..io.write import escape_markdown as md

    if fmt == "json":
        return json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=2) + "\n"
    if not events:
        return "(không có sự kiện nào)\n" if fmt == "text" else "_(không có sự kiện nào)_\n"
    out: list[str] = []
    for e in events:
        counts = f"{e.size} bài, {len(e.outlets)} nguồn"
        lead = e.lead or "(chưa có tóm tắt)"
        mark = " (tóm tắt cũ)" if e.stale and e.lead else ""
        if fmt == "markdown":
            out.append(f"### {e.id}. {md(e.title or '(không tiêu đề)')}")
            out.append("")
            out.append(f"_{_dates(e.first_date, e.last_date)} · {counts}_")
            if e.outlets:
                out.append(f"  \nNguồn: {md(', '.join(e.outlets))}")
            out.append("")
            out.append(f"{md(lead)}{mark}")
            out.append("")
        else:
            out.append(f"[{e.id}] {e.title or '(không tiêu đề)'}")
            out.append(f"    {_dates(e.first_date, e.last_date)} · {counts}")
            out.append(f"    {lead}{mark}")
    return "\n".join(out).rstrip("\n") + "\n"


def render_one(detail: Any, fmt: str) -> str:
    from ..analyze.render import render_html, render_markdown

    if fmt == "json":
        return json.dumps(detail.to_dict(), ensure_ascii=False, indent=2) + "\n"
    report = detail.report
    if report is None:
        from ..errors import InputError

        raise InputError(
            f"event {detail.info.id} has no report yet (run 'tomtat events {detail.info.id}' "
            "without --no-refresh)"
        )
    report = dict(report)
    report["id"] = f"sự kiện {detail.info.id}: {detail.info.title}"
    if fmt == "html":
        return render_html(report)
    return render_markdown(report)
