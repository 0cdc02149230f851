"""JavaScript the renderer evaluates in pages, and the listener that collects a candidate's statuses."""

from __future__ import annotations

from typing import Final

# Walks the text nodes (and <br>s) under <body>; each visible one is attached to its nearest
# ancestor whose display is not inline/contents. A block keeps its own text in document order.
EXTRACT_JS: Final = r"""
() => {
  const inline = new Set(["inline", "contents"]);
  const blocks = new Map();
  const order = [];
  const blockOf = (el) => {
    let node = el;
    while (node && node !== document.body && inline.has(getComputedStyle(node).display)) {
      node = node.parentElement;
    }
    return node || document.body;
  };
  const entry = (block) => {
    let e = blocks.get(block);
    if (!e) { e = { parts: [], rects: [], weights: new Map() }; blocks.set(block, e); order.push(block); }
    return e;
  };
  const root = document.body || document.documentElement;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  const sx = window.scrollX, sy = window.scrollY;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if (node.tagName === "BR" && blocks.has(blockOf(node.parentElement))) {
        entry(blockOf(node.parentElement)).parts.push(" ");
      }
      continue;
    }
    const text = node.data;
    if (!text || !text.trim()) { continue; }
    const el = node.parentElement;
    if (!el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) { continue; }
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) { continue; }
    const e = entry(blockOf(el));
    e.parts.push(text);
    for (const r of rects) { e.rects.push([r.left + sx, r.top + sy, r.right + sx, r.bottom + sy]); }
    const color = getComputedStyle(el).color;
    e.weights.set(color, (e.weights.get(color) || 0) + text.trim().length);
  }
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const toRgb = (css) => {
    const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(css);
    if (m) { return [Math.round(+m[1]), Math.round(+m[2]), Math.round(+m[3])]; }
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "#000";
    ctx.fillStyle = css;
    ctx.globalAlpha = 1;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2]];
  };
  const out = [];
  for (const block of order) {
    const e = blocks.get(block);
    const text = e.parts.join("").replace(/\s+/g, " ").trim();
    if (!text || !e.rects.length) { continue; }
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const [l, t, r, b] of e.rects) {
      x0 = Math.min(x0, l); y0 = Math.min(y0, t); x1 = Math.max(x1, r); y1 = Math.max(y1, b);
    }
    let best = "", weight = -1;
    for (const [color, w] of e.weights) { if (w > weight) { best = color; weight = w; } }
    out.push({ text, x: x0, y: y0, width: x1 - x0, height: y1 - y0, color: toRgb(best) });
  }
  return out;
}
"""

CONTENT_WIDTH_JS: Final = (
    "() => Math.ceil(Math.max(document.documentElement.scrollWidth,"
    " document.body ? document.body.scrollWidth : 0))"
)

# Installed in every frame of every page before its own scripts run (Playwright runs init scripts
# in about:blank children and popups too, checked). Content-Security-Policy does not govern WebRTC
# in Chromium, and STUN goes out over UDP, past the renderer's proxy: without a constructor, no
# page can open a peer connection.
NO_WEBRTC_JS: Final = """
delete window.RTCPeerConnection;
delete window.webkitRTCPeerConnection;
"""

STATUS_BINDING: Final = "__handoffStatus"
"""The Playwright binding a candidate's statuses are handed to, as they arrive: no polling, so a
page that loops right after reporting is still heard."""

# Installed before a candidate's document runs: passes the statuses its reporter posts to its
# parent (for a top-level document, the page itself) to the binding, taken before the page's own
# code can replace it.
STATUS_LISTENER_JS: Final = """
(() => {
  const report = window.__handoffStatus;
  addEventListener("message", (event) => {
    const data = event.data;
    if (event.source !== window || !data || data.handoff !== "status") { return; }
    report(String(data.state), String(data.message || "").slice(0, 4000));
  });
})();
"""

# The stylesheet @tailwindcss/browser generated, once its builds have settled (it marks each as
# "Build #N (full|incremental) (start)"/"(end)", and a failure as "(error)"). The runtime appends
# its <style> to <head> while its own <script> runs, so it is that script's next sibling; the
# banner every Tailwind build starts with is the fallback. Gives {css, settled, error}.
TAILWIND_CSS_JS: Final = r"""
async ([runtimeFile, timeoutMs]) => {
  const marks = () => performance.getEntriesByType("mark");
  const count = (end) => marks().filter((m) => /^Build #\d+ /.test(m.name) && m.name.endsWith(end)).length;
  const settled = () => count("(start)") > 0 && count("(start)") === count("(end)");
  const deadline = performance.now() + timeoutMs;
  while (!settled() && performance.now() < deadline) {
    await new Promise((done) => setTimeout(done, 20));
  }
  const failed = marks().find((m) => m.name === "(error)");
  const script = Array.from(document.scripts).find((s) => s.src.endsWith("/" + runtimeFile));
  let sheet = script ? script.nextElementSibling : null;
  if (!sheet || sheet.tagName !== "STYLE" || sheet.hasAttribute("type")) {
    sheet = Array.from(document.querySelectorAll("style:not([type])"))
      .find((s) => s.textContent.startsWith("/*! tailwindcss")) || null;
  }
  return {
    css: sheet ? sheet.textContent : "",
    settled: settled(),
    error: failed && failed.detail ? String(failed.detail.error) : "",
  };
}
"""

# The DOM facts of a page (``PageStructure``): visible elements with their boxes, and one signature
# per element with element children for TreeBLEU. ``rootSelector`` names the element that stands
# for <body> (a React candidate's "#root"); non-content tags are left out of both.
STRUCTURE_JS: Final = r"""
(rootSelector) => {
  const skip = new Set(["SCRIPT", "STYLE", "LINK", "META", "NOSCRIPT", "TEMPLATE", "TITLE", "BASE"]);
  const root = document.querySelector(rootSelector) || document.body || document.documentElement;
  const sx = window.scrollX, sy = window.scrollY;
  const elements = [];
  const subtrees = [];
  const ownText = (el) => {
    let text = "";
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) { text += child.data; }
    }
    return text.replace(/\s+/g, " ").trim().slice(0, 80);
  };
  const visit = (el, depth) => {
    const children = Array.from(el.children).filter((c) => !skip.has(c.tagName));
    const tag = el === root ? "body" : el.tagName.toLowerCase();
    if (children.length) {
      subtrees.push(tag + ">" + children.map((c) => c.tagName.toLowerCase()).join(","));
    }
    if (el !== root && el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        const style = getComputedStyle(el);
        const isInput = el.tagName === "INPUT" || el.tagName === "BUTTON";
        elements.push({
          tag, role: el.getAttribute("role") || "",
          kind: isInput ? (el.getAttribute("type") || "").toLowerCase() : "",
          position: style.position, x: r.left + sx, y: r.top + sy, width: r.width, height: r.height,
          text: ownText(el), depth,
        });
      }
    }
    for (const child of children) { visit(child, depth + 1); }
  };
  visit(root, 0);
  return { elements, subtrees };
}
"""

# How the page copes with the current (narrower) viewport: horizontal overflow, text lines of
# different elements covering each other, and text cut off by an element's own overflow box.
REFLOW_JS: Final = r"""
() => {
  const doc = document.documentElement;
  const body = document.body;
  const width = window.innerWidth;
  const overflow = Math.max(0, Math.max(doc.scrollWidth, body ? body.scrollWidth : 0) - width);
  const lines = [];
  const owners = new Map();
  const walker = document.createTreeWalker(body || doc, NodeFilter.SHOW_TEXT);
  const sx = window.scrollX, sy = window.scrollY;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) { continue; }
    const el = node.parentElement;
    if (!el || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName)) { continue; }
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) { continue; }
    if (!owners.has(el)) { owners.set(el, owners.size); }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 1 && r.height > 1) {
        lines.push([r.left + sx, r.top + sy, r.right + sx, r.bottom + sy, owners.get(el)]);
      }
    }
  }
  lines.sort((a, b) => a[1] - b[1]);
  let overlaps = 0;
  for (let i = 0; i < lines.length && overlaps < 1000; i++) {
    const a = lines[i];
    for (let j = i + 1; j < lines.length && lines[j][1] < a[3]; j++) {
      const b = lines[j];
      if (a[4] === b[4]) { continue; }
      const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
      const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      if (w <= 0 || h <= 0) { continue; }
      const smaller = Math.min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]));
      if (w * h > 0.25 * smaller) { overlaps++; }
    }
  }
  // A line is clipped when an ancestor that cuts its overflow ends before the line does.
  const cutters = new Map();
  const cuttersOf = (el) => {
    if (cutters.has(el)) { return cutters.get(el); }
    const parent = el.parentElement;
    const above = parent && parent !== doc ? cuttersOf(parent) : [];
    const style = getComputedStyle(el);
    const cuts = (v) => v === "hidden" || v === "clip";
    const own = el !== body && (cuts(style.overflowX) || cuts(style.overflowY)) ? [el] : [];
    const result = own.length ? above.concat(own) : above;
    cutters.set(el, result);
    return result;
  };
  const elements = Array.from(owners.keys());
  const clippedOwners = new Set();
  for (const [l, t, r, b, owner] of lines) {
    if (clippedOwners.has(owner)) { continue; }
    for (const box of cuttersOf(elements[owner])) {
      const c = box.getBoundingClientRect();
      const bl = c.left + sx + box.clientLeft, bt = c.top + sy + box.clientTop;
      const br = bl + box.clientWidth, bb = bt + box.clientHeight;
      if (l < bl - 1 || t < bt - 1 || r > br + 1 || b > bb + 1) { clippedOwners.add(owner); break; }
    }
  }
  const clipped = clippedOwners.size;
  return { width, overflow_px: overflow, overlaps, clipped };
}
"""
