// tomtat web page. Plain JavaScript, no dependency, no network access beyond this server.
// Safety rule: user and article text only ever reaches the page through textContent or
// element attributes set as strings; this file never uses innerHTML.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const articles = $("articles");
  const template = $("article-template");
  const statusEl = $("status");
  const submitBtn = $("submit");
  const maxWords = $("max-words");
  const methodSel = $("method");
  const HIDDEN_METHODS = new Set(["oracle"]); // needs human reference summaries
  let methodInfo = {};
  let limits = { max_documents: 50, max_chars: 200000 };
  let reportAvailable = false;
  let pinned = null; // the citation marker whose highlight stays on

  // ---------- small DOM helpers ----------
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-") || key.startsWith("aria-") || key === "title" || key === "role" || key === "type") node.setAttribute(key, String(value));
      else node[key] = value;
    }
    for (const child of children) {
      if (child == null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const colour = (n) => `dc${((n - 1) % 8) + 1}`;

  // ---------- shared with the events view (events.js) ----------
  const TYPES = { PER: "Người", LOC: "Địa danh", ORG: "Tổ chức", EVENT: "Sự kiện", TERM: "Thuật ngữ", MISC: "Khác" };
  const CONFIDENCE = { high: "chắc chắn", medium: "khá chắc", low: "ước đoán" };

  // An article's cleaned text with every sentence in its own span (the chosen ones marked), so
  // a citation marker can highlight the sentence it cites. Offsets are Unicode code points.
  function sourceText(doc, chosen) {
    const chars = Array.from(doc.text);
    const text = el("div", { class: "source-text", lang: "vi" });
    let at = 0;
    for (const s of doc.sentences) {
      if (s.start > at) text.append(chars.slice(at, s.start).join(""));
      text.append(el("span", {
        class: chosen.has(s.position) ? "sent chosen" : "sent",
        "data-position": s.position,
        text: chars.slice(s.start, s.end).join(""),
      }));
      at = s.end;
    }
    if (at < chars.length) text.append(chars.slice(at).join(""));
    return text;
  }
  window.tomtatPage = Object.freeze({ TYPES, CONFIDENCE, sourceText, sentenceText, clearHighlights, highlightPositions });

  function setStatus(message, isError = false) {
    statusEl.textContent = message;
    statusEl.classList.toggle("error", isError);
  }

  // ---------- article inputs ----------
  function renumber() {
    const cards = [...articles.querySelectorAll(".article")];
    cards.forEach((card, i) => {
      const badge = card.querySelector(".doc-badge");
      badge.textContent = String(i + 1);
      badge.className = `doc-badge ${colour(i + 1)}`;
    });
    const filled = cards.filter((c) => c.querySelector(".a-text").value.trim()).length;
    $("article-count").textContent = `${filled}/${cards.length} bài có nội dung`;
  }

  function fillCard(card, data) {
    card.querySelector(".a-title").value = data.title || "";
    card.querySelector(".a-source").value = data.source || "";
    card.querySelector(".a-date").value = data.date || "";
    card.querySelector(".a-text").value = data.text || "";
    card.dataset.format = data.format === "html" ? "html" : "text";
    if (data.id) card.dataset.docId = String(data.id);
    else delete card.dataset.docId;
    card.querySelector(".format-tag").hidden = card.dataset.format !== "html";
  }

  function addArticle(data = {}) {
    const card = template.content.firstElementChild.cloneNode(true);
    fillCard(card, data);
    card.querySelector(".remove").addEventListener("click", () => {
      card.remove();
      if (!articles.querySelector(".article")) addArticle();
      renumber();
    });
    card.querySelector(".a-text").addEventListener("input", renumber);
    articles.append(card);
    renumber();
    return card;
  }

  // Files fill the empty cards first, then add new ones.
  function placeArticle(data) {
    const empty = [...articles.querySelectorAll(".article")].find(
      (c) => !c.querySelector(".a-text").value.trim() && !c.querySelector(".a-title").value.trim(),
    );
    if (empty) fillCard(empty, data);
    else addArticle(data);
    renumber();
  }

  function docsFromJson(value, fileName) {
    // A cluster {"documents": [...]}, a list of documents, or one document {"text": ...}
    const list = Array.isArray(value) ? value : Array.isArray(value && value.documents) ? value.documents : [value];
    const out = [];
    for (const d of list) {
      if (d && typeof d === "object" && typeof d.text === "string") {
        out.push({
          id: d.id != null ? String(d.id) : "",
          title: typeof d.title === "string" ? d.title : "",
          source: typeof d.source === "string" ? d.source : "",
          date: typeof d.date === "string" ? d.date : "",
          text: d.text,
          format: d.format === "html" ? "html" : "text",
        });
      }
    }
    if (!out.length) throw new Error(`${fileName}: không tìm thấy bài nào (cần trường "text" hoặc "documents")`);
    return out;
  }

  async function readFiles(files) {
    let added = 0;
    const problems = [];
    for (const file of files) {
      try {
        const text = await file.text();
        const name = file.name.toLowerCase();
        const stem = file.name.replace(/\.[^.]+$/, "");
        if (name.endsWith(".json")) {
          for (const d of docsFromJson(JSON.parse(text), file.name)) { placeArticle(d); added++; }
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
          placeArticle({ title: "", text, format: "html", id: stem }); added++;
        } else {
          placeArticle({ title: "", text, id: stem }); added++;
        }
      } catch (err) {
        problems.push(err instanceof SyntaxError ? `${file.name}: JSON không hợp lệ` : String(err.message || err));
      }
    }
    setStatus(problems.length ? `Đã thêm ${added} bài. Lỗi: ${problems.join("; ")}` : `Đã thêm ${added} bài từ tệp.`, problems.length > 0);
  }

  function collectDocuments() {
    const used = new Set();
    const docs = [];
    [...articles.querySelectorAll(".article")].forEach((card, i) => {
      const text = card.querySelector(".a-text").value;
      if (!text.trim()) return;
      let id = card.dataset.docId || `bai-${i + 1}`;
      while (used.has(id)) id = `${id}-${i + 1}`;
      used.add(id);
      const doc = {
        id,
        title: card.querySelector(".a-title").value.trim(),
        source: card.querySelector(".a-source").value.trim(),
        text,
        // "auto": the server detects HTML by content and reads a title-less text's first line
        // as a text file's, exactly as the CLI and the Python API do
        format: card.dataset.format === "html" ? "html" : "auto",
      };
      const date = card.querySelector(".a-date").value.trim();
      if (date) doc.date = date;
      docs.push(doc);
    });
    return docs;
  }

  // ---------- API ----------
  async function api(path, body) {
    const response = await fetch(path, {
      method: body ? "POST" : "GET",
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    let data = null;
    try { data = await response.json(); } catch { /* not JSON */ }
    if (!response.ok) {
      const message = data && data.error ? data.error.message : `HTTP ${response.status}`;
      const err = new Error(message);
      err.status = response.status;
      throw err;
    }
    return data;
  }

  async function loadMethods() {
    try {
      const data = await api("/v1/methods");
      limits = data.limits || limits;
      // one default length for every door (tomtat.limits.DEFAULT_MAX_WORDS)
      if (Number.isInteger(data.default_max_words) && !maxWords.dataset.touched) {
        maxWords.value = String(data.default_max_words);
        $("max-words-out").textContent = `${maxWords.value} âm tiết`;
      }
      reportAvailable = Boolean(data.report);
      methodSel.textContent = "";
      methodInfo = {};
      for (const m of data.methods) {
        if (HIDDEN_METHODS.has(m.name)) continue;
        methodInfo[m.name] = m.description;
        const option = el("option", { value: m.name, text: m.name === data.default ? `${m.name} (khuyên dùng)` : m.name });
        if (m.name === data.default) option.selected = true;
        methodSel.append(option);
      }
      showMethodHelp();
    } catch (err) {
      setStatus(`Không tải được danh sách phương pháp: ${err.message}`, true);
    }
  }
  function showMethodHelp() { $("method-help").textContent = methodInfo[methodSel.value] || ""; }

  // ---------- summary and sources ----------
  // root: the part of the page holding the summary and its articles (the events view's panel)
  function clearHighlights(root = document) {
    root.querySelectorAll(".sent.hl, .sent.hl-main").forEach((s) => s.classList.remove("hl", "hl-main"));
    root.querySelectorAll(".summary li.active").forEach((s) => s.classList.remove("active"));
  }

  // The evidence of a pinned marker: the cited article's sentence that states the claim,
  // under the summary sentence, with the article's title, outlet, date and address.
  function hideEvidence() {
    document.querySelectorAll(".summary .evidence").forEach((box) => box.remove());
  }

  function showEvidence(marker) {
    hideEvidence();
    const li = marker.closest("li");
    const ev = marker._evidence;
    if (!li || !ev) return;
    const d = marker._doc || {};
    const n = marker.textContent;
    const own = String(ev.sentence) === marker.dataset.main;
    const meta = [d.source, d.title, d.date].filter(Boolean).join(" — ") || `Bài ${n}`;
    const box = el("figure", { class: "evidence", role: "note", "data-doc": ev.doc_id },
      el("figcaption", {}, el("span", { class: `doc-badge ${colour(Number(n) || 8)}`, text: n }), " ", meta),
      el("blockquote", { lang: "vi", text: ev.text }));
    if (own) box.append(el("p", { class: "evidence-note", text: "Câu tóm tắt lấy nguyên văn từ bài này." }));
    else if (typeof ev.score === "number") box.append(el("p", { class: "evidence-note", text: `Cùng nội dung (độ tin cậy ${Math.round(ev.score * 100)}%)` }));
    if (d.url && /^https?:\/\//i.test(d.url)) {
      box.append(el("a", { class: "evidence-url", href: d.url, target: "_blank", rel: "noopener noreferrer", text: d.url }));
    }
    li.append(box);
  }

  function highlightPositions(positions, main, scroll, root = document) {
    clearHighlights(root);
    let first = null;
    for (const pos of positions) {
      const span = root.querySelector(`.sent[data-position="${Number(pos)}"]`);
      if (!span) continue;
      span.classList.add(String(pos) === String(main) ? "hl-main" : "hl");
      first = first || span;
    }
    if (scroll && first) {
      const box = first.closest(".source-text");
      if (box) box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40);
      first.closest(".source").scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
    return first;
  }

  function highlight(marker, scroll) {
    const positions = (marker.dataset.sentences || "").split(",").filter(Boolean);
    highlightPositions(positions, marker.dataset.main, scroll);
    marker.closest("li").classList.add("active");
  }

  let docNumbers = new Map(); // doc id -> article number shown on the page
  let docLabels = new Map(); // doc id -> "outlet — title" (tooltips)
  let docTitles = new Map(); // doc id -> what a card is called: title, else outlet, else its first words

  function excerpt(text, words = 8) {
    const w = (text || "").split(/\s+/).filter(Boolean);
    return w.slice(0, words).join(" ") + (w.length > words ? "…" : "");
  }
  // never the id the page made up ("bai-1"): the reader did not write it
  function docTitle(d, pasted) {
    const title = d.title || (pasted && pasted.title) || d.source;
    return title || (d.text ? `“${excerpt(d.text)}”` : `Bài ${d.number}`);
  }

  // The sentence as its article writes it, with the date anchors the server inserted
  // ("Hôm 18/06 [18/6/2024]") shown apart: they are not the article's words.
  function sentenceText(s) {
    const span = el("span", { class: "s-text" });
    let last = 0;
    for (const ins of (s.inserted || []).slice().sort((a, b) => a.start - b.start)) {
      span.append(s.text.slice(last, ins.start));
      span.append(el("span", { class: "date-anchor", title: "Ngày suy ra, không có trong bài gốc", text: ins.text }));
      last = ins.end;
    }
    span.append(s.text.slice(last));
    return span;
  }

  function renderSummary(data, docs) {
    const numberOf = new Map(data.documents.map((d) => [d.id, d.number]));
    docNumbers = numberOf;
    docTitles = new Map(data.documents.map((d) => [d.id, docTitle(d, docs[d.number - 1])]));
    docLabels = new Map(data.documents.map((d) => [d.id, [d.source, d.title].filter(Boolean).join(" — ") || docTitles.get(d.id)]));
    const docById = new Map(data.documents.map((d) => [d.id, d]));
    const list = $("summary");
    list.textContent = "";
    pinned = null;
    data.sentences.forEach((s, i) => {
      const li = el("li", { "data-index": i }, sentenceText(s));
      const cites = el("span", { class: "cites" });
      // one marker per cited document, in article order; it highlights that article's sentences
      const byDoc = new Map();
      for (const c of s.citations || []) {
        if (!byDoc.has(c.doc_id)) byDoc.set(c.doc_id, []);
        if (c.sentence != null) byDoc.get(c.doc_id).push(c.sentence);
      }
      const evidenceOf = new Map((s.evidence || []).map((e) => [e.doc_id, e]));
      const ordered = [...byDoc.keys()].sort((a, b) => (numberOf.get(a) || 0) - (numberOf.get(b) || 0));
      for (const docId of ordered) {
        const n = numberOf.get(docId) || "?";
        const d = docById.get(docId) || {};
        const label = docLabels.get(docId) || `Bài ${n}`;
        const marker = el("button", {
          type: "button",
          class: `cite ${colour(Number(n) || 8)}`,
          title: `Bài ${n}: ${label}`,
          "aria-label": `Trích dẫn bài ${n}: ${label}`,
          "data-sentences": byDoc.get(docId).join(","),
          "data-main": String(s.position),
          text: String(n),
        });
        marker._evidence = evidenceOf.get(docId) || null;
        marker._doc = d;
        marker.addEventListener("mouseenter", () => highlight(marker, false));
        marker.addEventListener("mouseleave", () => {
          clearHighlights();
          if (pinned) highlight(pinned, false);
        });
        marker.addEventListener("click", () => {
          if (pinned === marker) {
            marker.classList.remove("pinned");
            marker.setAttribute("aria-expanded", "false");
            pinned = null;
            clearHighlights();
            hideEvidence();
            return;
          }
          if (pinned) {
            pinned.classList.remove("pinned");
            pinned.setAttribute("aria-expanded", "false");
          }
          pinned = marker;
          marker.classList.add("pinned");
          marker.setAttribute("aria-expanded", "true");
          highlight(marker, true);
          showEvidence(marker);
        });
        cites.append(marker);
      }
      li.append(cites);
      const support = s.support || byDoc.size;
      if (support > 1) li.append(el("span", { class: "support", text: `${support} nguồn` }));
      // an article of the cluster that gives another figure for the same thing
      for (const c of s.conflicts || []) {
        const who = c.outlet || docLabels.get(c.doc_id) || c.doc_id;
        const newer = c.newer ? (c.newer === c.doc_id ? `; tin của ${who} mới hơn` : "; câu này mới hơn") : "";
        li.append(el("span", {
          class: "conflict",
          title: c.text || "",
          text: `⚠ ${who} ghi “${c.figure}” (câu này: “${c.summary_figure}”${newer})`,
        }));
      }
      list.append(li);
    });
    const words = data.sentences.reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
    const distinct = data.documents.length - (data.duplicates || []).length;
    const single = distinct <= 1
      ? (data.documents.length === 1 ? " · chỉ một bài: không có nguồn khác để đối chiếu" : " · các bài cùng nội dung: một nguồn")
      : "";
    $("summary-meta").textContent = `${data.sentences.length} câu · ${words}/${data.max_words} âm tiết · ${data.documents.length} bài · phương pháp ${data.method}${single}`;

    // sources side by side: cleaned text with every sentence in its own span
    const chosen = new Set(data.sentences.map((s) => s.position));
    const box = $("sources");
    box.textContent = "";
    for (const doc of data.documents) {
      const text = sourceText(doc, chosen);
      const title = docTitles.get(doc.id);
      const meta = [doc.source === title ? "" : doc.source, doc.date].filter(Boolean).join(" · ");
      const head = el("div", { class: "source-head" },
        el("div", { class: "row" },
          el("span", { class: `doc-badge ${colour(doc.number)}`, text: String(doc.number) }),
          el("div", { class: "source-title", text: title })),
        meta ? el("div", { class: "source-meta", text: meta }) : null);
      const card = el("article", { class: `source ${colour(doc.number)}`, "data-doc": doc.id }, head, text);
      if (doc.removed && doc.removed.length) {
        const items = el("ul");
        for (const r of doc.removed) items.append(el("li", { text: `${r.text} (${r.reason})` }));
        card.append(el("details", { class: "removed" },
          el("summary", { text: `Đã lược bỏ ${doc.removed.length} đoạn thừa (chú thích ảnh, dòng tên báo…)` }), items));
      }
      box.append(card);
    }
  }

  // ---------- report tabs (timeline, entities, source comparison) ----------
  const LABELS = {
    date: "Ngày", when: "Thời điểm", date_text: "Viết là", as_written: "Viết là", written: "Viết là",
    resolved: "Ngày quy đổi", start: "Từ", end: "Đến", confidence: "Độ tin cậy", text: "Sự kiện",
    event: "Sự kiện", sentence: "Câu", sources: "Nguồn", conflict: "Mâu thuẫn", name: "Tên",
    canonical: "Tên chuẩn", type: "Loại", kind: "Loại", variants: "Các cách viết", count: "Số lần",
    mentions: "Số lần nhắc", source: "Nguồn", share: "Tỉ lệ đóng góp", unique: "Chỉ nguồn này đưa",
    omitted: "Bỏ sót", doc_id: "Bài",
  };
  function formatValue(v) {
    if (v == null) return "";
    if (Array.isArray(v)) return v.map(formatValue).filter(Boolean).join(", ");
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(2);
    if (typeof v === "boolean") return v ? "có" : "";
    if (typeof v === "object") return Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join("; ");
    return String(v);
  }
  function table(rows, maxColumns = 7) {
    const keys = [];
    for (const row of rows) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
    const cols = keys.slice(0, maxColumns);
    const thead = el("thead", {}, el("tr", {}, ...cols.map((k) => el("th", { text: LABELS[k] || k }))));
    const tbody = el("tbody");
    for (const row of rows) tbody.append(el("tr", {}, ...cols.map((k) => el("td", { text: formatValue(row[k]) }))));
    return el("div", { class: "table-wrap" }, el("table", {}, thead, tbody));
  }
  function section(panel, title, value) {
    if (title) panel.append(el("h3", { text: title }));
    if (Array.isArray(value)) {
      if (!value.length) { panel.append(el("p", { class: "note", text: "Không có mục nào." })); return; }
      if (value.every((v) => v && typeof v === "object" && !Array.isArray(v))) panel.append(table(value));
      else panel.append(el("p", {}, ...value.map((v) => el("span", { class: "chip", text: formatValue(v) }))));
    } else if (value && typeof value === "object") {
      const scalars = Object.entries(value).filter(([, v]) => v == null || typeof v !== "object");
      if (scalars.length) panel.append(table([Object.fromEntries(scalars)]));
      for (const [k, v] of Object.entries(value)) if (v && typeof v === "object") section(panel, LABELS[k] || k, v);
    } else {
      panel.append(el("p", { text: formatValue(value) }));
    }
  }
  // A badge per source article; with sentence positions it highlights them in the articles.
  function docBadges(docIds, positionsOf) {
    const wrap = el("span", { class: "doc-badges" });
    for (const id of docIds) {
      const n = docNumbers.get(id);
      const label = docLabels.get(id) || id;
      const positions = positionsOf ? positionsOf(id) : [];
      const badge = el(positions.length ? "button" : "span", {
        class: `doc-badge ${colour(n || 8)}`,
        title: `Bài ${n || "?"}: ${label}`,
        text: String(n || "?"),
      });
      if (positions.length) {
        badge.type = "button";
        badge.setAttribute("aria-label", `Xem câu trong bài ${n}`);
        badge.addEventListener("click", () => {
          selectTab("summary");
          highlightPositions(positions, null, true);
        });
      }
      wrap.append(badge);
    }
    return wrap;
  }

  function renderTimeline(panel, entries) {
    panel.append(el("p", { class: "note", text: "Các mốc thời gian được nhắc trong bài, quy về ngày cụ thể theo ngày đăng khi có thể. Bấm số bài để xem câu gốc." }));
    const list = el("ol", { class: "timeline" });
    for (const e of entries) {
      const when = e.start && e.end && e.start !== e.end ? `${e.start} → ${e.end}` : e.date || e.start || "";
      const written = [].concat(e.date_text || []).join(" · ");
      const mentions = Array.isArray(e.mentions) ? e.mentions : [];
      const positionsOf = (id) => mentions.filter((m) => m.doc_id === id && m.sentence != null).map((m) => m.sentence);
      const item = el("li", { class: "tl-item" },
        el("div", { class: "tl-when" },
          el("strong", { text: when }),
          e.confidence_label ? el("span", { class: `chip conf-${e.confidence_label}`, text: CONFIDENCE[e.confidence_label] || e.confidence_label }) : null),
        el("div", { class: "tl-body" },
          el("p", { class: "tl-text", text: e.text || "" }),
          el("p", { class: "tl-meta" }, written ? `Viết là: “${written}”` : "", " ", docBadges([].concat(e.sources || []), positionsOf))));
      if (Array.isArray(e.conflicts) && e.conflicts.length) {
        item.append(el("p", { class: "flag", text: `⚠ Các nguồn ghi ngày khác nhau: ${formatValue(e.conflicts)}` }));
      }
      list.append(item);
    }
    panel.append(list);
  }

  function variantChips(variants) {
    const wrap = el("span");
    for (const v of variants || []) {
      const text = typeof v === "string" ? v : `${v.text}${v.count ? ` ×${v.count}` : ""}`;
      wrap.append(el("span", { class: "chip", text }));
    }
    return wrap;
  }
  function sourceCounts(sources) {
    const ids = Array.isArray(sources) ? sources : Object.keys(sources || {});
    return docBadges(ids.sort((a, b) => (docNumbers.get(a) || 99) - (docNumbers.get(b) || 99)));
  }
  function nameTable(rows, nameKey) {
    const heads = ["Tên", "Loại", "Số lần", "Cách viết", "Nguồn"];
    const head = el("tr", {}, ...heads.map((t) => el("th", { text: t })));
    const body = el("tbody");
    for (const r of rows) {
      // data-label: the column name shown beside each value when the table becomes cards
      body.append(el("tr", {},
        el("td", { class: "name", text: r[nameKey] || "" }),
        el("td", { "data-label": heads[1], text: TYPES[r.type] || TYPES.MISC }),
        el("td", { class: "num", "data-label": heads[2], text: String(r.count ?? "") }),
        el("td", { "data-label": heads[3] }, variantChips(r.variants)),
        el("td", { "data-label": heads[4] }, sourceCounts(r.sources))));
    }
    return el("div", { class: "table-wrap names" }, el("table", {}, el("thead", {}, head), body));
  }
  function renderEntities(panel, entities, aliases) {
    if (Array.isArray(aliases) && aliases.length) {
      panel.append(el("h3", { text: "Một đối tượng, nhiều cách gọi" }));
      panel.append(nameTable(aliases, "canonical"));
    }
    panel.append(el("h3", { text: "Người, nơi chốn, tổ chức" }));
    if (!entities.length) panel.append(el("p", { class: "note", text: "Không tìm thấy thực thể nào." }));
    else panel.append(nameTable(entities, "name"));
  }

  function pointList(points) {
    const list = el("ul", { class: "points" });
    for (const p of points) {
      const li = el("li", {}, p.text || formatValue(p));
      // each source's badge highlights the sentence that states the point (its evidence)
      const evidence = new Map((p.evidence || []).map((e) => [e.doc_id, e.sentence]));
      if (p.sources) li.append(" ", docBadges([].concat(p.sources), (id) => (evidence.has(id) ? [evidence.get(id)] : (id === p.doc_id && p.position != null ? [p.position] : []))));
      list.append(li);
    }
    return list;
  }
  function renderSources(panel, s) {
    if (s.split) {
      const pct = (x) => `${Math.round((x || 0) * 100)}%`;
      panel.append(el("p", { class: "split" },
        el("span", { class: "chip", text: `Đồng thuận: ${pct(s.split.consensus)}` }),
        el("span", { class: "chip", text: `Một phần: ${pct(s.split.partial)}` }),
        el("span", { class: "chip", text: `Riêng một nguồn: ${pct(s.split.unique)}` })));
    }
    if (Array.isArray(s.consensus) && s.consensus.length) {
      panel.append(el("h3", { text: "Điều hầu hết các nguồn cùng đưa" }), pointList(s.consensus));
    }
    if (Array.isArray(s.conflicts) && s.conflicts.length) {
      const list = el("ul", { class: "points" });
      for (const c of s.conflicts) {
        const newer = c.newer ? ` — tin của bài ${docNumbers.get(c.newer) || "?"} mới hơn` : "";
        const li = el("li", { class: "conflict" }, `⚠ “${c.figure}” ≠ “${c.other_figure}”${newer} `);
        const at = new Map((c.evidence || []).map((e) => [e.doc_id, e.sentence]));
        li.append(docBadges([c.doc_id, c.other_doc_id], (id) => (at.has(id) ? [at.get(id)] : [])));
        list.append(li);
      }
      panel.append(el("h3", { text: "Số liệu vênh nhau" }), list);
    }
    const grid = el("div", { class: "compare" });
    for (const d of s.documents || []) {
      const n = docNumbers.get(d.doc_id);
      const share = Math.round((d.summary_share || 0) * 100);
      const card = el("article", { class: `source ${colour(n || 8)}` },
        el("div", { class: "source-head" },
          el("div", { class: "row" },
            el("span", { class: `doc-badge ${colour(n || 8)}`, text: String(n || "?") }),
            el("div", { class: "source-title", text: docTitles.get(d.doc_id) || d.title || d.source || `Bài ${n || "?"}` })),
          d.same_as ? el("div", { class: "source-meta", text: `Cùng nội dung với bài ${docNumbers.get(d.same_as) || "?"}` }) : null,
          el("div", { class: "source-meta", text: [d.source === docTitles.get(d.doc_id) ? "" : d.source, d.date].filter(Boolean).join(" · ") })),
        el("div", { class: "compare-body" },
          el("div", { class: "bar-label", text: `Đóng góp cho bản tóm tắt: ${share}% (${d.summary_sentences ?? 0} câu)` }),
          el("div", { class: "bar" }, el("div", { class: `bar-fill bar-${Math.min(10, Math.round(share / 10))}` }))));
      const body = card.querySelector(".compare-body");
      if (d.unique_points && d.unique_points.length) {
        body.append(el("h4", { text: `Chỉ nguồn này đưa (${d.unique_count ?? d.unique_points.length})` }), pointList(d.unique_points.slice(0, 5)));
      }
      if (d.omitted_consensus && d.omitted_consensus.length) {
        body.append(el("h4", { text: "Bỏ qua điều các nguồn khác cùng đưa" }), pointList(d.omitted_consensus.slice(0, 5)));
      }
      grid.append(card);
    }
    panel.append(grid);
  }

  function renderReport(report) {
    const specific = {
      timeline: (p) => (Array.isArray(report.timeline) && report.timeline.every((e) => e && typeof e === "object" && "text" in e)
        ? (report.timeline.length ? renderTimeline(p, report.timeline) : p.append(el("p", { class: "note", text: "Không tìm thấy mốc thời gian nào." })))
        : section(p, "Dòng thời gian", report.timeline)),
      entities: (p) => (Array.isArray(report.entities)
        ? renderEntities(p, report.entities, report.aliases)
        : section(p, "Thực thể", report.entities)),
      sources: (p) => (report.sources && Array.isArray(report.sources.documents)
        ? renderSources(p, report.sources)
        : section(p, "So sánh nguồn", report.sources)),
    };
    for (const [tab, render] of Object.entries(specific)) {
      const panel = $(`tab-${tab}`);
      panel.textContent = "";
      try {
        render(panel);
      } catch (err) {
        panel.textContent = "";
        panel.append(el("p", { class: "note", text: `Không hiển thị được phần này: ${err.message}` }));
      }
      if (!panel.childNodes.length) panel.append(el("p", { class: "note", text: "Báo cáo không có phần này." }));
    }
  }

  function reportMessage(message) {
    for (const tab of ["timeline", "entities", "sources"]) {
      const panel = $(`tab-${tab}`);
      panel.textContent = "";
      panel.append(el("p", { class: "note", text: message }));
    }
  }

  function selectTab(name) {
    for (const btn of document.querySelectorAll(".tabs button")) {
      const on = btn.dataset.tab === name;
      btn.setAttribute("aria-selected", String(on));
      $(`tab-${btn.dataset.tab}`).hidden = !on;
    }
  }

  // ---------- submit ----------
  async function submit() {
    const docs = collectDocuments();
    if (!docs.length) { setStatus("Hãy dán nội dung ít nhất một bài báo.", true); return; }
    if (docs.length > limits.max_documents) { setStatus(`Tối đa ${limits.max_documents} bài mỗi lần.`, true); return; }
    const tooLong = docs.find((d) => d.text.length > limits.max_chars);
    if (tooLong) { setStatus(`Bài "${tooLong.title || tooLong.id}" dài quá ${limits.max_chars.toLocaleString("vi-VN")} ký tự.`, true); return; }
    const body = { id: "trang-web", documents: docs, method: methodSel.value, max_words: Number(maxWords.value) };
    submitBtn.disabled = true;
    setStatus(`Đang tóm tắt ${docs.length} bài…`);
    try {
      const data = await api("/v1/summarize", { ...body, include_sources: true });
      renderSummary(data, docs);
      $("empty-state").hidden = true;
      $("result-body").hidden = false;
      selectTab("summary");
      setStatus(`Xong: ${data.sentences.length} câu từ ${docs.length} bài.`);
      document.body.dataset.state = "summarized";
      // bring the summary into view (below the articles on a phone; above the fold after
      // scrolling down to the button on a laptop)
      const card = document.querySelector(".summary-card");
      const top = card.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 3) card.scrollIntoView({ block: "start" });
      if (reportAvailable) {
        reportMessage("Đang phân tích…");
        api("/v1/report", body).then(renderReport).catch((err) => reportMessage(`Không tạo được báo cáo: ${err.message}`));
      } else {
        reportMessage("Phần phân tích (dòng thời gian, thực thể, so sánh nguồn) chưa có trên máy chủ này.");
      }
    } catch (err) {
      setStatus(`Lỗi: ${err.message}`, true);
    } finally {
      submitBtn.disabled = false;
    }
  }

  // ---------- wiring ----------
  maxWords.addEventListener("input", () => { maxWords.dataset.touched = "1"; $("max-words-out").textContent = `${maxWords.value} âm tiết`; });
  methodSel.addEventListener("change", showMethodHelp);
  $("add-article").addEventListener("click", () => addArticle().querySelector(".a-text").focus());
  $("clear-articles").addEventListener("click", () => {
    articles.textContent = "";
    for (let i = 0; i < 3; i++) addArticle();
    setStatus("");
  });
  $("file-input").addEventListener("change", async (event) => {
    await readFiles([...event.target.files]);
    event.target.value = "";
  });
  submitBtn.addEventListener("click", submit);
  for (const btn of document.querySelectorAll(".tabs button")) btn.addEventListener("click", () => selectTab(btn.dataset.tab));
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") submit();
  });

  for (let i = 0; i < 3; i++) addArticle();
  loadMethods();
})();
