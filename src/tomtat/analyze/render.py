"""Render a :class:`~tomtat.model.Report` as Markdown, JSON or self-contained HTML.

HTML: one file, inline CSS, no script, no external asset (fonts, images, CDNs); every piece of
article text is HTML-escaped, so markup or script inside an article is shown as text.
Markdown: article text is backslash-escaped (``tomtat.io.write.escape_markdown``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
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
}


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


# --- Markdown ----------------------------------------------------------------------------------


def render_markdown(data: Mapping[str, Any]) -> str:
    from ..io.write import escape_markdown as md
    from ..io.write import md_code, md_meta

    nums = _doc_numbers(data)

    def refs(ids: Sequence[str]) -> str:
        return "".join(f"[^{nums[i]}]" for i in ids if i in nums)

    title = md_meta(data["id"])
    out: list[str] = [f"# Báo cáo tổng hợp{(': ' + title) if title else ''}", ""]
    out += ["## Tóm tắt", ""]
    sents = data["summary"]["sentences"]
    if not sents:
        out.append("_(không có câu nào)_")
    for s in sents:
        out.append(f"- {md(s['text'])}{refs(s['sources'])}")
    out += ["", "## Dòng thời gian", ""]
    if not data["timeline"]:
        out.append("_(không tìm thấy mốc thời gian)_")
    else:
        out += ["| Thời gian | Độ tin cậy | Sự kiện | Nguồn |", "|---|---|---|---|"]
        for e in data["timeline"]:
            written = ", ".join(e["date_text"])
            flag = (
                " ⚠ mâu thuẫn với " + ", ".join(c["id"] for c in e["conflicts"])
                if e["conflicts"]
                else ""
            )
            out.append(
                f"| {md(e['date'])} ({md(written)}) | {e['confidence_label']} {e['confidence']:.2f} "
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
                f"| {md(e['name'])} | {_TYPE_NAMES.get(e['type'], e['type'])} | {e['count']} "
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
        for d in src["documents"]:
            n = nums.get(d["doc_id"], 0)
            label = _doc_label({"id": d["doc_id"], **d})
            out.append(
                f"### [{n}] {md(label)}\n\nĐóng góp {d['summary_share']:.0%} câu tóm tắt; "
                f"{d['unique_count']} ý chỉ nguồn này có."
            )
            for p in d["unique_points"]:
                out.append(f"- Chỉ nguồn này: {md(p['text'])}")
            for p in d["omitted_consensus"]:
                out.append(f"- Bỏ qua ý chung: {md(p['text'])}{refs(p['sources'])}")
            out.append("")
    notes = [
        f"[^{n}]: {md(_doc_label(d))} {md_code(d['id'])}".rstrip()
        for d in data["meta"].get("documents", [])
        for n in [nums[d["id"]]]
    ]
    out += ["", *notes]
    return "\n".join(out).rstrip() + "\n"


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
.tag{display:inline-block;padding:0 .35rem;border-radius:.3rem;background:#eef;font-size:.8rem}
@media (max-width:40rem){table{font-size:.85rem}th,td{padding:.2rem}}
"""


def render_html(data: Mapping[str, Any]) -> str:
    e = escape
    nums = _doc_numbers(data)

    def refs(ids: Sequence[str]) -> str:
        return "".join(
            f'<sup><a href="#doc-{nums[i]}">[{nums[i]}]</a></sup>' for i in ids if i in nums
        )

    title = "Báo cáo tổng hợp" + (f": {one_line(data['id'])}" if one_line(data["id"]) else "")
    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        "<h2>Tóm tắt</h2>",
    ]
    sents = data["summary"]["sentences"]
    if sents:
        h.append("<ul>")
        h += [f"<li>{e(s['text'])}{refs(s['sources'])}</li>" for s in sents]
        h.append("</ul>")
    else:
        h.append('<p class="muted">(không có câu nào)</p>')
    h.append("<h2>Dòng thời gian</h2>")
    if data["timeline"]:
        h.append(
            "<table><thead><tr><th>Thời gian</th><th>Độ tin cậy</th><th>Sự kiện</th>"
            "<th>Nguồn</th></tr></thead><tbody>"
        )
        for t in data["timeline"]:
            conflict = ""
            if t["conflicts"]:
                ids = ", ".join(c["id"] for c in t["conflicts"])
                conflict = f' <span class="warn">⚠ mâu thuẫn với {e(ids)}</span>'
            h.append(
                f'<tr id="{e(t["id"])}"><td><strong>{e(t["date"])}</strong><br>'
                f'<span class="muted">{e(", ".join(t["date_text"]))}</span></td>'
                f'<td class="conf-{e(t["confidence_label"])}">{e(t["confidence_label"])} '
                f"{t['confidence']:.2f}</td><td>{e(t['text'])}{conflict}</td>"
                f"<td>{refs(t['sources'])}</td></tr>"
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
                f"{e(_TYPE_NAMES.get(ent['type'], ent['type']))}</span></td>"
                f"<td>{ent['count']}</td><td>{e(variants)}</td>"
                f"<td>{refs(list(ent['sources']))}</td></tr>"
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
    src = data["sources"]
    if src.get("documents"):
        c = src["counts"]
        h.append(
            f"<p>Điểm chung (≥ {src['consensus_min_sources']} nguồn): {c['consensus']} · "
            f"một phần: {c['partial']} · riêng một nguồn: {c['unique']}</p>"
        )
        if src["consensus"]:
            h.append("<h3>Điểm chung</h3><ul>")
            h += [f"<li>{e(p['text'])}{refs(p['sources'])}</li>" for p in src["consensus"]]
            h.append("</ul>")
        for d in src["documents"]:
            n = nums.get(d["doc_id"], 0)
            h.append(f"<h3>[{n}] {e(_doc_label({'id': d['doc_id'], **d}))}</h3>")
            h.append(
                f"<p>Đóng góp {d['summary_share']:.0%} câu tóm tắt · "
                f"{d['unique_count']} ý chỉ nguồn này có</p><ul>"
            )
            h += [f"<li>Chỉ nguồn này: {e(p['text'])}</li>" for p in d["unique_points"]]
            h += [
                f"<li>Bỏ qua ý chung: {e(p['text'])}{refs(p['sources'])}</li>"
                for p in d["omitted_consensus"]
            ]
            h.append("</ul>")
    h.append("<h2>Nguồn</h2><ol>")
    for d in data["meta"].get("documents", []):
        h.append(
            f'<li id="doc-{nums[d["id"]]}">{e(_doc_label(d))} '
            f'<code class="muted">{e(one_line(d["id"]))}</code></li>'
        )
    h.append("</ol></body></html>")
    return "\n".join(h) + "\n"
