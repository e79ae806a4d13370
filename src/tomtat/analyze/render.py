"""Render a :class:`~tomtat.model.Report` as Markdown, JSON or self-contained HTML.

HTML: one file, inline CSS, no script, no external asset (fonts, images, CDNs); every piece of
article text is HTML-escaped, so markup or script inside an article is shown as text.
Markdown: article text is backslash-escaped (``tomtat.io.write.escape_markdown``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from ..errors import UsageError
from ..io.safe import json_safe, one_line
from ..model import Report
from .report import report_to_dict

FORMATS = ("markdown", "json", "html")
_TYPE_NAMES = {
    "PER": "Người",
    "LOC": "Địa danh",
    "ORG": "Tổ chức",
    "EVENT": "Sự kiện",
    "TERM": "Thuật ngữ",
    "MISC": "Khác",
}
# the timeline's confidence_label as the web page says it (the number stays in the JSON)
_CONFIDENCE_NAMES = {"high": "chắc chắn", "medium": "khá chắc", "low": "ước đoán"}


def type_name(code: str) -> str:
    """An entity type in Vietnamese (``PER`` -> ``Người``); an unknown code -> ``Khác``."""
    return _TYPE_NAMES.get(code, _TYPE_NAMES["MISC"])


def confidence_name(label: str) -> str:
    """A timeline confidence label in Vietnamese (``high`` -> ``chắc chắn``)."""
    return _CONFIDENCE_NAMES.get(label, label)


def render_report(report: Report, fmt: str = "markdown") -> str:
    data = report_to_dict(report)
    if fmt == "json":
        return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
    if fmt == "markdown":
        return render_markdown(data)
    if fmt == "html":
        return render_html(data)
    raise UsageError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def _doc_numbers(data: Mapping[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, d in enumerate(data["meta"].get("documents", []), 1):
        out.setdefault(d["id"], i)
    return out


def _doc_label(d: Mapping[str, Any]) -> str:
    """ "Outlet — title — date" of a document (its id when it has none), on one line without
    control characters, not yet escaped."""
    parts = [one_line(d.get(k) or "") for k in ("source", "title", "date")]
    label = " — ".join(p for p in parts if p)
    return label or one_line(d["id"])


def _has_label(d: Mapping[str, Any]) -> bool:
    """True when outlet, title or date name the document (else the label is its id, which
    then is not shown a second time)."""
    return any(one_line(d.get(k) or "") for k in ("source", "title", "date"))


def _doc_info(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {d["id"]: d for d in data["meta"].get("documents", [])}


def _same_as(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Document id -> the ids of its copies (summary ``duplicates``)."""
    out: dict[str, list[str]] = {}
    for d in data["summary"].get("duplicates", []):
        out.setdefault(d["same_as"], []).append(d["doc_id"])
    return out


def _cited_evidence(s: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The evidence of a summary sentence's other sources (its own sentence needs no quote)."""
    return [e for e in s.get("evidence", []) if e["doc_id"] != s["doc_id"]]


def _newer_note(c: Mapping[str, Any], nums: Mapping[str, int]) -> str:
    if not c.get("newer"):
        return ""
    if c["newer"] == c["doc_id"]:
        return f"; tin [{nums.get(c['doc_id'], '?')}] mới hơn"
    return "; câu này mới hơn"


def _single_source_note(data: Mapping[str, Any]) -> str:
    """A plain sentence when the cluster has one source only (one article, or copies of one)."""
    docs = data["meta"].get("documents", [])
    copies = len(data["summary"].get("duplicates", []))
    if not docs or len(docs) - copies > 1:
        return ""
    if len(docs) == 1:
        return "Chỉ có một bài: mỗi câu chỉ có một nguồn, không có bài khác để đối chiếu."
    return (
        f"Cả {len(docs)} bài có cùng nội dung: tính là một nguồn, không có bài khác để đối chiếu."
    )


def _grouped(data: Mapping[str, Any]) -> list[tuple[Mapping[str, Any] | None, list[Any]]]:
    """Summary sentences grouped by event (events in time order); one group without events."""
    sents = data["summary"]["sentences"]
    events = data.get("events") or data["summary"].get("events") or []
    if not events:
        return [(None, list(sents))]
    out: list[tuple[Mapping[str, Any] | None, list[Any]]] = []
    for e in events:
        group = [s for s in sents if s.get("event") == e["id"]]
        if group:
            out.append((e, group))
    rest = [s for s in sents if s.get("event") not in {e["id"] for e in events}]
    if rest:
        out.append((None, rest))
    return out


# --- Markdown ----------------------------------------------------------------------------------


def render_markdown(data: Mapping[str, Any]) -> str:
    from ..io.write import escape_markdown as md
    from ..io.write import md_code, md_meta, md_url

    nums = _doc_numbers(data)

    def refs(ids: Sequence[str]) -> str:
        return "".join(f"[^{nums[i]}]" for i in ids if i in nums)

    title = md_meta(data["id"])
    out: list[str] = [f"# Báo cáo tổng hợp{(': ' + title) if title else ''}", ""]
    info = _doc_info(data)
    out += _md_summary(data, refs, nums, info)
    out += ["", "## Dòng thời gian", ""]
    if not data["timeline"]:
        out.append("_(không tìm thấy mốc thời gian)_")
    else:
        out += ["| Thời gian | Độ tin cậy | Sự kiện | Nguồn |", "|---|---|---|---|"]
        dates = {t["id"]: t["date"] for t in data["timeline"]}
        for e in data["timeline"]:
            written = ", ".join(e["date_text"])
            flag = (  # the other rows by their dates: an id like "t7" means nothing to a reader
                " ⚠ mâu thuẫn với mốc "
                + ", ".join(dates.get(c["id"], c["id"]) for c in e["conflicts"])
                if e["conflicts"]
                else ""
            )
            out.append(
                f"| {md(e['date'])} ({md(written)}) | {confidence_name(e['confidence_label'])} "
                f"| {md(e['text'])}{md(flag)} | {refs(e['sources'])} |"
            )
    out += ["", "## Thực thể", ""]
    if not data["entities"]:
        out.append("_(không tìm thấy tên riêng)_")
    else:
        out += ["| Tên | Loại | Số lần | Cách viết khác | Nguồn |", "|---|---|---|---|---|"]
        for e in data["entities"]:
            variants = ", ".join(f"{v['text']} ({v['count']})" for v in e["variants"])
            out.append(
                f"| {md(e['name'])} | {type_name(e['type'])} | {e['count']} "
                f"| {md(variants)} | {refs(list(e['sources']))} |"
            )
    terms = [a for a in data["aliases"] if a["type"] == "TERM"]
    if terms:
        out += ["", "### Cách gọi khác nhau giữa các báo", ""]
        for a in terms:
            variants = ", ".join(f"{v['text']} ({v['count']})" for v in a["variants"])
            out.append(f"- **{md(a['canonical'])}**: {md(variants)}")
    out += ["", "## So sánh nguồn", ""]
    src = data["sources"]
    if src.get("documents"):
        split = src["split"]
        out.append(
            f"Điểm chung (>= {src['consensus_min_sources']} nguồn): {src['counts']['consensus']}, "
            f"một phần: {src['counts']['partial']}, riêng một nguồn: {src['counts']['unique']} "
            f"({split['consensus']:.0%} / {split['partial']:.0%} / {split['unique']:.0%})."
        )
        out.append("")
        out += _md_shared_and_conflicting(src, refs, nums, info)
        for d in src["documents"]:
            n = nums.get(d["doc_id"], 0)
            label = _doc_label({"id": d["doc_id"], **d})
            copy = (
                f" (cùng nội dung với [{nums.get(d['same_as'], '?')}])" if d.get("same_as") else ""
            )
            out.append(
                f"### [{n}] {md(label)}{copy}\n\nĐóng góp {d['summary_share']:.0%} câu tóm tắt; "
                f"{d['unique_count']} ý chỉ nguồn này có."
            )
            for p in d["unique_points"]:
                out.append(f"- Chỉ nguồn này: {md(p['text'])}")
            for p in d["omitted_consensus"]:
                out.append(f"- Bỏ qua ý chung: {md(p['text'])}{refs(p['sources'])}")
            out.append("")
    copies = _same_as(data)
    notes = [
        (
            f"[^{n}]: {md(_doc_label(d))} {md_code(d['id'])}"
            if _has_label(d)
            else f"[^{n}]: {md_code(d['id'])}"
        ).rstrip()
        + (f" — {md_url(d['url'])}" if d.get("url") else "")
        + (
            " — cùng nội dung với: " + ", ".join(md_code(c) for c in copies[d["id"]])
            if d["id"] in copies
            else ""
        )
        for d in data["meta"].get("documents", [])
        for n in [nums[d["id"]]]
    ]
    out += ["", *notes]
    return "\n".join(out).rstrip() + "\n"


def _md_summary(
    data: Mapping[str, Any],
    refs: Callable[[Sequence[str]], str],
    nums: Mapping[str, int],
    info: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    """The events (when several) and the summary, each sentence with its quoted evidence and
    conflicts."""
    from ..io.write import escape_markdown as md

    out: list[str] = []
    events = data.get("events") or []
    if events:
        out += ["## Các sự kiện", ""]
        out.append(f"Các bài viết nói về {len(events)} sự kiện khác nhau:")
        for e in events:
            when = f" ({md(e['date'])})" if e["date"] else ""
            out.append(f"- **Sự kiện {e['id'][1:]}**{when}: {md(e['label'])}{refs(e['documents'])}")
        out.append("")
    out += ["## Tóm tắt", ""]
    if note := _single_source_note(data):
        out += [f"_{md(note)}_", ""]
    sents = data["summary"]["sentences"]
    if not sents:
        out.append("_(không có câu nào)_")
    for event, group in _grouped(data):
        if event is not None:
            when = f" ({md(event['date'])})" if event["date"] else ""
            out += [f"### Sự kiện {event['id'][1:]}{when}", ""]
        for s in group:
            out.append(f"- {md(s['text'])}{refs(s['sources'])}")
            for e in _cited_evidence(s):
                d = info.get(e["doc_id"], {"id": e["doc_id"]})
                out.append(
                    f"    - [{nums.get(e['doc_id'], '?')}] {md(_doc_label(d))}: “{md(e['text'])}”"
                )
            for c in s.get("conflicts", []):
                n = nums.get(c["doc_id"], "?")
                out.append(
                    f"    - ⚠ [{n}] ghi “{md(c['figure'])}” (câu này: “{md(c['summary_figure'])}”"
                    f"{md(_newer_note(c, nums))}): “{md(c['text'])}”"
                )
        if event is not None:
            out.append("")
    return out


def _md_shared_and_conflicting(
    src: Mapping[str, Any],
    refs: Callable[[Sequence[str]], str],
    nums: Mapping[str, int],
    info: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    """The consensus points with their evidence and the figure conflicts with both sentences."""
    from ..io.write import escape_markdown as md

    out: list[str] = []
    if src.get("consensus"):
        out += ["### Điểm chung", ""]
        for p in src["consensus"]:
            out.append(f"- {md(p['text'])}{refs(p['sources'])}")
            for ev in p.get("evidence", []):
                if ev["doc_id"] != p["doc_id"]:
                    d = info.get(ev["doc_id"], {"id": ev["doc_id"]})
                    out.append(
                        f"    - [{nums.get(ev['doc_id'], '?')}] {md(_doc_label(d))}: "
                        f"“{md(ev['text'])}”"
                    )
        out.append("")
    if src.get("conflicts"):
        out += ["### Số liệu vênh nhau", ""]
        for c in src["conflicts"]:
            a, b = nums.get(c["doc_id"], "?"), nums.get(c["other_doc_id"], "?")
            newer = f" (tin [{nums.get(c['newer'], '?')}] mới hơn)" if c.get("newer") else ""
            out.append(f"- [{a}] “{md(c['figure'])}” ≠ [{b}] “{md(c['other_figure'])}”{newer}")
            for ev in c.get("evidence", []):
                out.append(f"    - [{nums.get(ev['doc_id'], '?')}] “{md(ev['text'])}”")
        out.append("")
    return out


# --- HTML --------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1d1d1f;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;
margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid #ddd;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#f4f4f6}sup a{text-decoration:none}.muted{color:#666}
.conf-high{color:#176b2c}.conf-medium{color:#8a5a00}.conf-low{color:#a11}
.warn{color:#a11;font-weight:600}ul{padding-left:1.2rem}
blockquote{margin:.2rem 0 .4rem 1rem;padding-left:.6rem;border-left:3px solid #ccd;color:#333}
.evidence-list{list-style:none;padding-left:.6rem;font-size:.92rem}
.tag{display:inline-block;padding:0 .35rem;border-radius:.3rem;background:#eef;font-size:.8rem}
@media (max-width:40rem){table{font-size:.85rem}th,td{padding:.2rem}}
"""


def _html_refs(ids: Sequence[str], nums: Mapping[str, int]) -> str:
    return "".join(f'<sup><a href="#doc-{nums[i]}">[{nums[i]}]</a></sup>' for i in ids if i in nums)


def _html_quote(
    ev: Mapping[str, Any], info: Mapping[str, Mapping[str, Any]], nums: Mapping[str, int]
) -> str:
    """An evidence sentence, quoted under the number and label of its article."""
    d = info.get(ev["doc_id"], {"id": ev["doc_id"]})
    n = nums.get(ev["doc_id"], 0)
    return (
        f'<li class="evidence"><a href="#doc-{n}">[{n}]</a> '
        f'<span class="muted">{escape(_doc_label(d))}</span>'
        f"<blockquote>{escape(ev['text'])}</blockquote></li>"
    )


def render_html(data: Mapping[str, Any]) -> str:
    e = escape
    nums = _doc_numbers(data)
    title = "Báo cáo tổng hợp" + (f": {one_line(data['id'])}" if one_line(data["id"]) else "")
    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    h += _html_summary(data, nums)
    h.append("<h2>Dòng thời gian</h2>")
    if data["timeline"]:
        h.append(
            "<table><thead><tr><th>Thời gian</th><th>Độ tin cậy</th><th>Sự kiện</th>"
            "<th>Nguồn</th></tr></thead><tbody>"
        )
        dates = {t["id"]: t["date"] for t in data["timeline"]}
        for t in data["timeline"]:
            conflict = ""
            if t["conflicts"]:
                links = ", ".join(
                    f'<a href="#{e(c["id"])}">{e(dates.get(c["id"], c["id"]))}</a>'
                    for c in t["conflicts"]
                )
                conflict = f' <span class="warn">⚠ mâu thuẫn với mốc {links}</span>'
            label = t["confidence_label"]
            h.append(
                f'<tr id="{e(t["id"])}"><td><strong>{e(t["date"])}</strong><br>'
                f'<span class="muted">{e(", ".join(t["date_text"]))}</span></td>'
                f'<td class="conf-{e(label)}">{e(confidence_name(label))}</td>'
                f"<td>{e(t['text'])}{conflict}</td>"
                f"<td>{_html_refs(t['sources'], nums)}</td></tr>"
            )
        h.append("</tbody></table>")
    else:
        h.append('<p class="muted">(không tìm thấy mốc thời gian)</p>')
    h.append("<h2>Thực thể</h2>")
    if data["entities"]:
        h.append(
            "<table><thead><tr><th>Tên</th><th>Loại</th><th>Số lần</th><th>Cách viết</th>"
            "<th>Nguồn</th></tr></thead><tbody>"
        )
        for ent in data["entities"]:
            variants = ", ".join(f"{v['text']} ({v['count']})" for v in ent["variants"])
            h.append(
                f'<tr><td>{e(ent["name"])}</td><td><span class="tag">'
                f"{e(type_name(ent['type']))}</span></td>"
                f"<td>{ent['count']}</td><td>{e(variants)}</td>"
                f"<td>{_html_refs(list(ent['sources']), nums)}</td></tr>"
            )
        h.append("</tbody></table>")
    else:
        h.append('<p class="muted">(không tìm thấy tên riêng)</p>')
    terms = [a for a in data["aliases"] if a["type"] == "TERM"]
    if terms:
        h.append("<h3>Cách gọi khác nhau giữa các báo</h3><ul>")
        for a in terms:
            variants = ", ".join(f"{v['text']} ({v['count']})" for v in a["variants"])
            h.append(f"<li><strong>{e(a['canonical'])}</strong>: {e(variants)}</li>")
        h.append("</ul>")
    h.append("<h2>So sánh nguồn</h2>")
    h += _html_comparison(data, nums)
    h += _html_documents(data, nums)
    h.append("</body></html>")
    return "\n".join(h) + "\n"


def _html_summary(data: Mapping[str, Any], nums: Mapping[str, int]) -> list[str]:
    """The events (when several) and the summary, each sentence with its quoted evidence and
    conflicts."""
    e = escape
    info = _doc_info(data)
    h: list[str] = []
    events = data.get("events") or []
    if events:
        h.append("<h2>Các sự kiện</h2>")
        h.append(f"<p>Các bài viết nói về {len(events)} sự kiện khác nhau:</p><ul>")
        for ev in events:
            when = f" ({e(ev['date'])})" if ev["date"] else ""
            h.append(
                f"<li><strong>Sự kiện {e(ev['id'][1:])}</strong>{when}: {e(ev['label'])}"
                f"{_html_refs(ev['documents'], nums)}</li>"
            )
        h.append("</ul>")
    h.append("<h2>Tóm tắt</h2>")
    if note := _single_source_note(data):
        h.append(f'<p class="muted">{e(note)}</p>')
    if not data["summary"]["sentences"]:
        h.append('<p class="muted">(không có câu nào)</p>')
        return h
    for event, group in _grouped(data):
        if event is not None:
            when = f" ({e(event['date'])})" if event["date"] else ""
            h.append(f"<h3>Sự kiện {e(event['id'][1:])}{when}</h3>")
        h.append("<ul>")
        for s in group:
            h.append(f"<li>{e(s['text'])}{_html_refs(s['sources'], nums)}")
            inner = [_html_quote(ev, info, nums) for ev in _cited_evidence(s)]
            for c in s.get("conflicts", []):
                n = nums.get(c["doc_id"], 0)
                inner.append(
                    f'<li class="warn">⚠ <a href="#doc-{n}">[{n}]</a> ghi “{e(c["figure"])}” '
                    f"(câu này: “{e(c['summary_figure'])}”{e(_newer_note(c, nums))})"
                    f"<blockquote>{e(c['text'])}</blockquote></li>"
                )
            if inner:
                h.append('<ul class="evidence-list">' + "".join(inner) + "</ul>")
            h.append("</li>")
        h.append("</ul>")
    return h


def _html_comparison(data: Mapping[str, Any], nums: Mapping[str, int]) -> list[str]:
    """The source comparison: counts, consensus points and figure conflicts with their
    evidence, then each article's share, unique points and omitted consensus."""
    e = escape
    info = _doc_info(data)
    src = data["sources"]
    if not src.get("documents"):
        return []
    c = src["counts"]
    h = [
        f"<p>Điểm chung (≥ {src['consensus_min_sources']} nguồn): {c['consensus']} · "
        f"một phần: {c['partial']} · riêng một nguồn: {c['unique']}</p>"
    ]
    if src["consensus"]:
        h.append("<h3>Điểm chung</h3><ul>")
        for p in src["consensus"]:
            others = [
                _html_quote(ev, info, nums)
                for ev in p.get("evidence", [])
                if ev["doc_id"] != p["doc_id"]
            ]
            listed = '<ul class="evidence-list">' + "".join(others) + "</ul>" if others else ""
            h.append(f"<li>{e(p['text'])}{_html_refs(p['sources'], nums)}{listed}</li>")
        h.append("</ul>")
    if src.get("conflicts"):
        h.append("<h3>Số liệu vênh nhau</h3><ul>")
        for c in src["conflicts"]:
            a, b = nums.get(c["doc_id"], 0), nums.get(c["other_doc_id"], 0)
            newer = f" (tin [{nums.get(c['newer'], 0)}] mới hơn)" if c.get("newer") else ""
            quotes = "".join(_html_quote(ev, info, nums) for ev in c.get("evidence", []))
            h.append(
                f'<li class="warn">[{a}] “{e(c["figure"])}” ≠ [{b}] '
                f"“{e(c['other_figure'])}”{e(newer)}"
                f'<ul class="evidence-list">{quotes}</ul></li>'
            )
        h.append("</ul>")
    for d in src["documents"]:
        n = nums.get(d["doc_id"], 0)
        copy = ""
        if d.get("same_as"):
            copy = f' <span class="tag">cùng nội dung với [{nums.get(d["same_as"], 0)}]</span>'
        h.append(f"<h3>[{n}] {e(_doc_label({'id': d['doc_id'], **d}))}{copy}</h3>")
        h.append(
            f"<p>Đóng góp {d['summary_share']:.0%} câu tóm tắt · "
            f"{d['unique_count']} ý chỉ nguồn này có</p><ul>"
        )
        h += [f"<li>Chỉ nguồn này: {e(p['text'])}</li>" for p in d["unique_points"]]
        h += [
            f"<li>Bỏ qua ý chung: {e(p['text'])}{_html_refs(p['sources'], nums)}</li>"
            for p in d["omitted_consensus"]
        ]
        h.append("</ul>")
    return h


def _html_documents(data: Mapping[str, Any], nums: Mapping[str, int]) -> list[str]:
    """The numbered list of articles: label, id, address (a link for http(s) only), copies."""
    e = escape
    h = ["<h2>Nguồn</h2><ol>"]
    copies = _same_as(data)
    for d in data["meta"].get("documents", []):
        url = ""
        link = one_line(d.get("url") or "")
        if link:
            if re.match(r"https?://\S+$", link, re.I):
                url = f' <a href="{e(link)}" rel="noreferrer noopener">{e(link)}</a>'
            else:
                url = f' <span class="muted">{e(link)}</span>'
        same = ""
        if d["id"] in copies:
            same = " — cùng nội dung với: " + ", ".join(e(one_line(c)) for c in copies[d["id"]])
        code = f'<code class="muted">{e(one_line(d["id"]))}</code>'
        head = f"{e(_doc_label(d))} {code}" if _has_label(d) else code  # the id once
        h.append(f'<li id="doc-{nums[d["id"]]}">{head}{url}{same}</li>')
    h.append("</ol>")
    return h
