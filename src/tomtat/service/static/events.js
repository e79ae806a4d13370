// tomtat web page: the events view (GET /v1/events, GET /v1/events/{id}).
// Plain JavaScript, no dependency, no request to any other host. Same safety rule as app.js:
// text from the server only reaches the page through textContent or string attributes; this
// file never uses innerHTML, and a link is only made from an http(s) URL.
// Routes (in the address's #fragment, so the back button works):
//   #/su-kien            newest and most-covered events
//   #/su-kien?q=TEXT     search
//   #/su-kien/ID         one event: summary with citations and evidence, timeline, entities,
//                        sources
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const view = $("events-view");
  const summarizeView = document.querySelector("main.layout");
  const statusEl = $("ev-status");
  const PAGE = 20;
  let generation = 0; // bumped at every route change: late answers of a left view are dropped
  // the entity and confidence words, the article-text and sentence renderers and the
  // highlighting of cited sentences of the summarize view (app.js, loaded first), so both
  // views name and show things alike (TERM: "Thuật ngữ" in both)
  const { TYPES, CONFIDENCE, sourceText, sentenceText, clearHighlights, highlightPositions } =
    window.tomtatPage;

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value == null) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child == null || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const colour = (n) => `dc${((n - 1) % 8) + 1}`;

  function setStatus(message, isError = false) {
    statusEl.textContent = message;
    statusEl.classList.toggle("error", isError);
  }

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    let data = null;
    try { data = await response.json(); } catch { /* not JSON */ }
    if (!response.ok) {
      const err = new Error(data && data.error ? data.error.message : `HTTP ${response.status}`);
      err.status = response.status;
      err.code = data && data.error ? data.error.code : "";
      throw err;
    }
    return data;
  }

  function explain(err) {
    if (err.code === "no_store") {
      return "Máy chủ này chưa được nối với kho sự kiện. Người quản trị có thể khởi động lại bằng: tomtat serve --db tomtat.db";
    }
    if (err.code === "not_found") return "Không có sự kiện này (có thể đã bị gộp hoặc xoá).";
    if (err.code === "store_unavailable") return `Không đọc được kho sự kiện: ${err.message}`;
    return `Lỗi: ${err.message}`;
  }

  // ---------- formatting ----------
  function day(iso) {
    if (!iso) return "";
    let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
    m = /^(\d{4})-(\d{2})$/.exec(iso);
    if (m) return `${m[2]}/${m[1]}`;
    return iso;
  }
  function dates(first, last) {
    if (!first) return "không rõ ngày";
    return !last || first === last ? day(first) : `${day(first)} → ${day(last)}`;
  }
  function counts(e) {
    return `${e.size ?? e.articles.length} bài · ${e.outlets.length} nguồn`;
  }
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  // ---------- the list ----------
  function card(e) {
    const outlets = el("p", { class: "ev-outlets" });
    for (const o of e.outlets.slice(0, 4)) outlets.append(el("span", { class: "chip", text: o }));
    if (e.outlets.length > 4) outlets.append(el("span", { class: "chip more", text: `+${e.outlets.length - 4}` }));
    return el("li", { class: "ev-card", "data-event": e.id },
      el("a", { class: "ev-link", href: `#/su-kien/${e.id}`, text: e.title || "(không tiêu đề)" }),
      el("p", { class: "ev-meta" }, `${dates(e.first_date, e.last_date)} · ${counts(e)}`,
        e.stale ? el("span", { class: "chip ev-stale", text: "đang cập nhật" }) : null),
      el("p", { class: "ev-lead", text: e.lead || "(chưa có tóm tắt)" }),
      e.outlets.length ? outlets : null);
  }

  // A list that grows with "Xem thêm" (next_offset of the API).
  function pager(listEl, moreBtn, query) {
    let next = 0;
    let loading = false;
    async function load(reset) {
      if (loading) return null;
      loading = true;
      const mine = generation;
      if (reset) { next = 0; listEl.textContent = ""; }
      try {
        // no count (a count costs more than the page on a large store): "N+" from next_offset
        const params = new URLSearchParams({ ...query, limit: String(query.limit || PAGE), offset: String(next), count: "false" });
        const data = await getJson(`/v1/events?${params}`);
        if (mine !== generation) return null;
        for (const e of data.events) listEl.append(card(e));
        next = data.next_offset;
        if (moreBtn) moreBtn.hidden = next == null;
        return data;
      } finally {
        loading = false;
      }
    }
    if (moreBtn) moreBtn.onclick = () => load(false).catch((err) => setStatus(explain(err), true));
    return load;
  }

  async function showHome() {
    $("ev-detail").hidden = true;
    $("ev-home").hidden = false;
    $("ev-results").hidden = true;
    $("ev-columns").hidden = false;
    $("ev-q").value = "";
    setStatus("Đang tải…");
    try {
      const recent = await pager($("ev-recent"), $("ev-more-recent"), { order: "recent" })(true);
      await pager($("ev-top"), null, { order: "size", limit: 10 })(true);
      if (!recent) return; // another view was opened meanwhile
      if (!recent.events.length) {
        setStatus("Chưa có sự kiện nào. Thêm bài bằng lệnh tomtat ingest hoặc POST /v1/articles.");
      } else {
        setStatus("");
      }
      view.dataset.state = "home";
    } catch (err) {
      $("ev-columns").hidden = true;
      setStatus(explain(err), true);
      view.dataset.state = "error";
    }
  }

  async function showSearch(q) {
    $("ev-detail").hidden = true;
    $("ev-home").hidden = false;
    $("ev-columns").hidden = true;
    $("ev-results").hidden = false;
    $("ev-q").value = q;
    $("ev-results-title").textContent = `Kết quả cho “${q}”`;
    setStatus("Đang tìm…");
    try {
      const data = await pager($("ev-found"), $("ev-more-found"), { q, order: "recent" })(true);
      if (!data) return;
      const n = data.events.length;
      setStatus(n
        ? `Tìm thấy ${n}${data.next_offset != null ? "+" : ""} sự kiện.`
        : "Không có sự kiện nào khớp. Thử ít từ hơn, hoặc tên riêng (người, địa danh, tổ chức).");
      view.dataset.state = "search";
    } catch (err) {
      setStatus(explain(err), true);
      view.dataset.state = "error";
    }
  }

  // ---------- one event ----------
  function tabs(names) {
    const bar = el("div", { class: "tabs", role: "tablist", "aria-label": "Sự kiện" });
    const panels = {};
    const buttons = {};
    for (const [key, label] of names) {
      buttons[key] = el("button", { type: "button", role: "tab", "data-tab": key, "aria-selected": "false", text: label });
      panels[key] = el("div", { class: "tab-panel", role: "tabpanel", "data-panel": key });
      panels[key].hidden = true;
      bar.append(buttons[key]);
    }
    const select = (key) => {
      for (const [k, btn] of Object.entries(buttons)) {
        btn.setAttribute("aria-selected", String(k === key));
        panels[k].hidden = k !== key;
      }
    };
    for (const [k, btn] of Object.entries(buttons)) btn.addEventListener("click", () => select(k));
    return { bar, panels, select };
  }

  // Evidence: the summary's sentences with one marker per cited article; a marker highlights
  // (hover) or pins (click) the cited sentences in the articles shown below.
  function renderEvidence(panel, ev, select) {
    const numberOf = new Map(ev.documents.map((d) => [d.id, d.number]));
    const docById = new Map(ev.documents.map((d) => [d.id, d]));
    const chosen = new Set(ev.sentences.map((s) => s.position));
    let pinned = null;

    function clear() {
      clearHighlights(panel);
      panel.querySelectorAll(".cite.pinned").forEach((c) => c.classList.remove("pinned"));
    }
    function highlight(positions, main, scroll) {
      clear();
      highlightPositions(positions, main, scroll, panel);
    }

    const list = el("ol", { class: "summary" });
    ev.sentences.forEach((s, i) => {
      const li = el("li", { "data-index": i }, sentenceText(s));
      const cites = el("span", { class: "cites" });
      const byDoc = new Map();
      for (const c of s.citations || []) {
        if (!byDoc.has(c.doc_id)) byDoc.set(c.doc_id, []);
        if (c.sentence != null) byDoc.get(c.doc_id).push(c.sentence);
      }
      const ordered = [...byDoc.keys()].sort((a, b) => (numberOf.get(a) || 0) - (numberOf.get(b) || 0));
      for (const docId of ordered) {
        const n = numberOf.get(docId) || 0;
        const d = docById.get(docId) || {};
        const label = [d.source, d.title].filter(Boolean).join(" — ") || `Bài ${n}`;
        const main = docId === s.doc_id ? s.position : byDoc.get(docId)[0];
        const marker = el("button", {
          type: "button", class: `cite ${colour(n || 8)}`, title: label,
          "aria-label": `Trích dẫn bài ${n}: ${label}`,
          "data-doc": docId, "data-sentences": byDoc.get(docId).join(","), "data-main": main,
          text: String(n || "?"),
        });
        marker.addEventListener("mouseenter", () => { if (!pinned) { highlight(byDoc.get(docId), main, false); li.classList.add("active"); } });
        marker.addEventListener("mouseleave", () => { if (!pinned) clear(); });
        marker.addEventListener("click", () => {
          if (pinned === marker) { pinned = null; clear(); return; }
          pinned = marker;
          highlight(byDoc.get(docId), main, true);
          li.classList.add("active");
          marker.classList.add("pinned");
        });
        cites.append(marker);
      }
      li.append(cites);
      if (s.support > 1) li.append(el("span", { class: "support", text: `${s.support} bài cùng đưa` }));
      for (const c of s.conflicts || []) {
        li.append(el("span", { class: "conflict",
          text: `⚠ ${c.outlet || `Bài ${numberOf.get(c.doc_id) || "?"}`} ghi ${c.figure} (câu này: ${c.summary_figure})` }));
      }
      list.append(li);
    });
    panel.append(el("div", { class: "summary-card" },
      el("div", { class: "summary-head" }, el("h3", { text: "Bản tóm tắt" }),
        el("p", { class: "summary-meta", text: `${ev.sentences.length} câu, từ ${ev.documents.length} bài` })),
      list,
      el("p", { class: "summary-foot", text: "Bấm vào số trích dẫn để tô sáng câu gốc trong bài; bấm lại để bỏ." })));

    panel.append(el("h3", { class: "section-title", text: "Bài gốc (đã làm sạch)" }));
    const box = el("div", { class: "sources ev-sources" });
    for (const doc of ev.documents) {
      const text = sourceText(doc, chosen);
      const meta = [doc.source, day(doc.date)].filter(Boolean).join(" · ");
      box.append(el("article", { class: `source ${colour(doc.number)}`, "data-doc": doc.id },
        el("div", { class: "source-head" },
          el("div", { class: "row" },
            el("span", { class: `doc-badge ${colour(doc.number)}`, text: String(doc.number) }),
            el("div", { class: "source-title", text: doc.title || `Bài ${doc.number}` })),
          meta ? el("div", { class: "source-meta", text: meta }) : null),
        text));
    }
    panel.append(box);
    return { numberOf, highlight, select };
  }

  function badges(ids, numberOf, positionsOf, jump) {
    const wrap = el("span", { class: "doc-badges" });
    for (const id of ids) {
      const n = numberOf.get(String(id));
      const positions = positionsOf ? positionsOf(String(id)) : [];
      const b = el(positions.length && jump ? "button" : "span", {
        class: `doc-badge ${colour(n || 8)}`, title: `Bài ${n || "?"}`, text: String(n || "?"),
      });
      if (positions.length && jump) {
        b.type = "button";
        b.setAttribute("aria-label", `Xem câu trong bài ${n}`);
        b.addEventListener("click", () => jump(positions));
      }
      wrap.append(b);
    }
    return wrap;
  }

  function renderTimeline(panel, entries, numberOf, jump) {
    if (!entries.length) { panel.append(el("p", { class: "note", text: "Các bài không nêu mốc thời gian nào." })); return; }
    panel.append(el("p", { class: "note", text: "Các mốc thời gian được nhắc trong bài, quy về ngày cụ thể theo ngày đăng khi có thể. Bấm số bài để xem câu gốc." }));
    const list = el("ol", { class: "timeline" });
    for (const e of entries) {
      const when = e.start && e.end && e.start !== e.end ? `${day(e.start)} → ${day(e.end)}` : day(e.date || e.start || "");
      const written = [].concat(e.date_text || []).join(" · ");
      const mentions = Array.isArray(e.mentions) ? e.mentions : [];
      const positionsOf = (id) => mentions.filter((m) => String(m.doc_id) === id && m.sentence != null).map((m) => m.sentence);
      const item = el("li", { class: "tl-item" },
        el("div", { class: "tl-when" }, el("strong", { text: when }),
          e.confidence_label ? el("span", { class: `chip conf-${e.confidence_label}`, text: CONFIDENCE[e.confidence_label] || e.confidence_label }) : null),
        el("div", { class: "tl-body" },
          el("p", { class: "tl-text", text: e.text || "" }),
          el("p", { class: "tl-meta" }, written ? `Viết là: “${written}”` : "", " ",
            badges([].concat(e.sources || []), numberOf, positionsOf, jump))));
      if (Array.isArray(e.conflicts) && e.conflicts.length) {
        item.append(el("p", { class: "flag", text: "⚠ Các nguồn ghi ngày khác nhau cho mốc này." }));
      }
      list.append(item);
    }
    panel.append(list);
  }

  function renderEntities(panel, entities, numberOf) {
    if (!entities.length) { panel.append(el("p", { class: "note", text: "Không tìm thấy thực thể nào." })); return; }
    const head = el("tr", {}, ...["Tên", "Loại", "Số lần", "Cách viết", "Bài"].map((t) => el("th", { text: t })));
    const body = el("tbody");
    for (const r of entities) {
      const variants = el("span");
      for (const v of r.variants || []) variants.append(el("span", { class: "chip", text: typeof v === "string" ? v : v.text }));
      const ids = Array.isArray(r.sources) ? r.sources : Object.keys(r.sources || {});
      ids.sort((a, b) => (numberOf.get(String(a)) || 99) - (numberOf.get(String(b)) || 99));
      body.append(el("tr", {},
        el("td", { class: "name", text: r.name || "" }),
        el("td", { text: TYPES[r.type] || r.type || "" }),
        el("td", { class: "num", text: String(r.count ?? "") }),
        el("td", {}, variants),
        el("td", {}, badges(ids, numberOf))));
    }
    panel.append(el("div", { class: "table-wrap" }, el("table", { class: "ev-entities" }, el("thead", {}, head), body)));
  }

  function renderSources(panel, detail, report, numberOf) {
    const share = new Map(((report && report.sources && report.sources.documents) || []).map((d) => [String(d.doc_id), d]));
    const byOutlet = new Map();
    for (const d of detail.documents) {
      const key = d.source || "(không rõ nguồn)";
      if (!byOutlet.has(key)) byOutlet.set(key, []);
      byOutlet.get(key).push(d);
    }
    panel.append(el("p", { class: "note", text: `${detail.documents.length} bài từ ${byOutlet.size} nguồn. Tỉ lệ là phần bản tóm tắt có bài đó làm chứng.` }));
    const list = el("ul", { class: "ev-outlet-list" });
    for (const [outlet, docs] of byOutlet) {
      const items = el("ul", { class: "ev-articles" });
      for (const d of docs) {
        const n = numberOf.get(String(d.id));
        const s = share.get(String(d.id));
        const url = safeUrl(d.url);
        const title = d.title || "(không tiêu đề)";
        items.append(el("li", {},
          n ? el("span", { class: `doc-badge ${colour(n)}`, text: String(n) }) : null,
          url ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", text: title }) : el("span", { text: title }),
          el("span", { class: "source-meta", text: [day(d.date), s ? `đóng góp ${Math.round((s.summary_share || 0) * 100)}% bản tóm tắt` : ""].filter(Boolean).join(" · ") })));
      }
      list.append(el("li", {}, el("strong", { text: outlet }), ` (${docs.length} bài)`, items));
    }
    panel.append(list);
  }

  async function showEvent(id) {
    const box = $("ev-detail");
    $("ev-home").hidden = true;
    box.hidden = false;
    box.textContent = "";
    box.append(el("a", { class: "ev-back", href: "#/su-kien", text: "← Tất cả sự kiện" }));
    const note = el("p", { class: "status", role: "status", text: "Đang tải sự kiện…" });
    box.append(note);
    view.dataset.state = "loading";
    let detail;
    const mine = generation;
    try {
      detail = await getJson(`/v1/events/${encodeURIComponent(id)}?include_sources=true`);
      if (mine !== generation) return;
    } catch (err) {
      if (mine !== generation) return;
      note.textContent = explain(err);
      note.classList.add("error");
      view.dataset.state = "error";
      return;
    }
    note.remove();
    if (String(detail.id) !== String(id)) history.replaceState(null, "", `#/su-kien/${detail.id}`);
    const outlets = el("p", { class: "ev-outlets" });
    for (const o of detail.outlets) outlets.append(el("span", { class: "chip", text: o }));
    box.append(el("header", { class: "ev-detail-head" },
      el("h2", { text: detail.title || "(không tiêu đề)" }),
      el("p", { class: "ev-meta" }, `${dates(detail.first_date, detail.last_date)} · ${counts(detail)}`,
        detail.stale ? el("span", { class: "chip ev-stale", text: "tóm tắt chưa cập nhật" }) : null),
      outlets));
    for (const w of detail.warnings || []) box.append(el("p", { class: "note", text: w }));

    const t = tabs([["summary", "Tóm tắt"], ["timeline", "Dòng thời gian"], ["entities", "Thực thể"], ["sources", "Nguồn tin"]]);
    box.append(t.bar, ...Object.values(t.panels));
    let numberOf = new Map();
    let jump = null;
    if (detail.evidence) {
      const ev = renderEvidence(t.panels.summary, detail.evidence, t.select);
      numberOf = ev.numberOf;
      jump = (positions) => { t.select("summary"); ev.highlight(positions, null, true); };
    } else {
      t.panels.summary.append(el("p", { class: "note", text: "Sự kiện này chưa có bản tóm tắt." }));
    }
    const report = detail.report || {};
    renderTimeline(t.panels.timeline, Array.isArray(report.timeline) ? report.timeline : [], numberOf, jump);
    renderEntities(t.panels.entities, Array.isArray(report.entities) ? report.entities : [], numberOf);
    renderSources(t.panels.sources, detail, report, numberOf);
    t.select("summary");
    document.title = `${detail.title || "Sự kiện"} · tomtat`;
    view.dataset.state = "event";
  }

  // ---------- routing ----------
  function route() {
    generation += 1;
    const hash = location.hash || "#/";
    const m = /^#\/su-kien(?:\/([^?]*))?(?:\?(.*))?$/.exec(hash);
    const onEvents = Boolean(m);
    view.hidden = !onEvents;
    if (summarizeView) summarizeView.hidden = onEvents;
    $("nav-events").classList.toggle("current", onEvents);
    $("nav-summarize").classList.toggle("current", !onEvents);
    if (!onEvents) { document.title = "tomtat · Tóm tắt tin tức đa nguồn"; return; }
    document.title = "Sự kiện · tomtat";
    const q = new URLSearchParams(m[2] || "").get("q");
    if (m[1]) showEvent(decodeURIComponent(m[1]));
    else if (q && q.trim()) showSearch(q.trim());
    else showHome();
    window.scrollTo(0, 0);
  }

  $("ev-search").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("ev-q").value.trim();
    location.hash = q ? `#/su-kien?${new URLSearchParams({ q })}` : "#/su-kien";
  });
  window.addEventListener("hashchange", route);
  route();
})();
