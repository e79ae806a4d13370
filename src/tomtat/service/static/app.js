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
        format: card.dataset.format || "text",
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
  function clearHighlights() {
    document.querySelectorAll(".sent.hl, .sent.hl-main").forEach((s) => s.classList.remove("hl", "hl-main"));
    document.querySelectorAll(".summary li.active").forEach((s) => s.classList.remove("active"));
  }

  function highlight(marker, scroll) {
    clearHighlights();
    const positions = (marker.dataset.sentences || "").split(",").filter(Boolean);
    const main = marker.dataset.main;
    let first = null;
    for (const pos of positions) {
      const span = document.querySelector(`.sent[data-position="${pos}"]`);
      if (!span) continue;
      span.classList.add(pos === main ? "hl-main" : "hl");
      first = first || span;
    }
    marker.closest("li").classList.add("active");
    if (scroll && first) {
      const box = first.closest(".source-text");
      if (box) box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40);
      first.closest(".source").scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }

  function renderSummary(data, docs) {
    const numberOf = new Map(data.documents.map((d) => [d.id, d.number]));
    const docById = new Map(data.documents.map((d) => [d.id, d]));
    const list = $("summary");
    list.textContent = "";
    pinned = null;
    data.sentences.forEach((s, i) => {
      const li = el("li", { "data-index": i }, s.text);
      const cites = el("span", { class: "cites" });
      // one marker per cited document, in article order; it highlights that article's sentences
      const byDoc = new Map();
      for (const c of s.citations || []) {
        if (!byDoc.has(c.doc_id)) byDoc.set(c.doc_id, []);
        if (c.sentence != null) byDoc.get(c.doc_id).push(c.sentence);
      }
      const ordered = [...byDoc.keys()].sort((a, b) => (numberOf.get(a) || 0) - (numberOf.get(b) || 0));
      for (const docId of ordered) {
        const n = numberOf.get(docId) || "?";
        const d = docById.get(docId) || {};
        const label = [d.source, d.title].filter(Boolean).join(" — ") || `Bài ${n}`;
        const marker = el("button", {
          type: "button",
          class: `cite ${colour(Number(n) || 8)}`,
          title: `Bài ${n}: ${label}`,
          "aria-label": `Trích dẫn bài ${n}: ${label}`,
          "data-sentences": byDoc.get(docId).join(","),
          "data-main": String(s.position),
          text: String(n),
        });
        marker.addEventListener("mouseenter", () => highlight(marker, false));
        marker.addEventListener("mouseleave", () => {
          clearHighlights();
          if (pinned) highlight(pinned, false);
        });
        marker.addEventListener("click", () => {
          if (pinned === marker) {
            marker.classList.remove("pinned");
            pinned = null;
            clearHighlights();
            return;
          }
          if (pinned) pinned.classList.remove("pinned");
          pinned = marker;
          marker.classList.add("pinned");
          highlight(marker, true);
        });
        cites.append(marker);
      }
      li.append(cites);
      const support = s.support || byDoc.size;
      if (support > 1) li.append(el("span", { class: "support", text: `${support} nguồn` }));
      list.append(li);
    });
    const words = data.sentences.reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
    $("summary-meta").textContent = `${data.sentences.length} câu · ${words}/${data.max_words} âm tiết · ${data.documents.length} bài · phương pháp ${data.method}`;

    // sources side by side: cleaned text with every sentence in its own span
    const chosen = new Set(data.sentences.map((s) => s.position));
    const box = $("sources");
    box.textContent = "";
    for (const doc of data.documents) {
      const chars = Array.from(doc.text); // offsets are Unicode code points
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
      const meta = [doc.source, doc.date].filter(Boolean).join(" · ");
      const head = el("div", { class: "source-head" },
        el("div", { class: "row" },
          el("span", { class: `doc-badge ${colour(doc.number)}`, text: String(doc.number) }),
          el("div", { class: "source-title", text: doc.title || docs[doc.number - 1]?.title || `Bài ${doc.number}` })),
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
  function renderReport(report) {
    const tabs = {
      timeline: [["Dòng thời gian", report.timeline]],
      entities: [["Thực thể", report.entities], ["Tên gọi khác nhau", report.aliases]],
      sources: [["So sánh nguồn", report.sources]],
    };
    for (const [tab, parts] of Object.entries(tabs)) {
      const panel = $(`tab-${tab}`);
      panel.textContent = "";
      for (const [title, value] of parts) if (value !== undefined) section(panel, title, value);
      if (!panel.childNodes.length) panel.append(el("p", { class: "note", text: "Báo cáo không có phần này." }));
      $(`tab-btn-${tab}`).disabled = false;
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
      if (window.matchMedia("(max-width: 900px)").matches) $("result").scrollIntoView({ block: "start" });
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
  maxWords.addEventListener("input", () => { $("max-words-out").textContent = `${maxWords.value} âm tiết`; });
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
