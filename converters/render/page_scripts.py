"""JavaScript the renderer evaluates in pages, and the listener that collects a candidate's statuses."""

from __future__ import annotations

from typing import Final

# Painted text, found the way Design2Code's metric finds it (see ``text_probe``): every element
# of ``PROBE_TEXT_TAGS`` gets its own colour, and a text node belongs to its nearest such
# ancestor (a nearer one with a colour in its own style attribute keeps the page's colour, so its
# text is not found: as in the original). ``PROBE_SETUP_JS`` numbers the elements, saves every
# style attribute and returns, per numbered element with text, its text nodes (each stripped, in
# document order, owners ordered by their first text). ``PROBE_COLOURS_JS`` paints them from the
# palette (``text_probe.PALETTE_LEVELS``: ``count`` channel levels from ``start`` by ``step``, red
# slowest, taken from the end) at an offset, with backgrounds transparent and opacity 1.
# ``PROBE_RESTORE_JS`` puts the page's own style attributes back.
PROBE_SETUP_JS: Final = r"""
(tags) => {
  const textTags = new Set(tags);
  const skip = new Set(["script", "style", "noscript", "template", "textarea", "title"]);
  const all = Array.from(document.querySelectorAll("*"));
  const numbered = all.filter((el) => textTags.has(el.localName));
  const number = new Map(numbered.map((el, i) => [el, i]));
  window.__handoffProbe = { all, numbered, styles: all.map((el) => el.getAttribute("style")) };
  const owners = new Map();
  const order = [];
  const root = document.body;
  if (!root) { return []; }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.trim();
    if (!text) { continue; }
    let el = node.parentElement, owner = -1, skipped = false;
    while (el) {
      if (skip.has(el.localName)) { skipped = true; break; }
      if (number.has(el)) { owner = number.get(el); break; }
      if (el.style && el.style.color) { break; }
      el = el.parentElement;
    }
    if (skipped || owner < 0) { continue; }
    if (!owners.has(owner)) { owners.set(owner, []); order.push(owner); }
    owners.get(owner).push(text);
  }
  return order.map((owner) => ({ owner, texts: owners.get(owner) }));
}
"""

PROBE_COLOURS_JS: Final = r"""
([start, step, count, offset]) => {
  const probe = window.__handoffProbe;
  if (!probe) { return false; }
  for (const el of probe.all) {
    if (el.style) { el.style.setProperty("background-color", "rgba(255, 255, 255, 0)", "important"); }
  }
  const level = (k) => (start + step * k + offset) % 256;
  const last = count * count * count - 1;
  probe.numbered.forEach((el, i) => {
    if (!el.style || i > last) { return; }
    const code = last - i;
    const r = level(Math.floor(code / (count * count))), g = level(Math.floor(code / count) % count);
    el.style.setProperty("color", `rgb(${r}, ${g}, ${level(code % count)})`, "important");
    el.style.setProperty("opacity", "1", "important");
  });
  return true;
}
"""

PROBE_RESTORE_JS: Final = r"""
() => {
  const probe = window.__handoffProbe;
  if (!probe) { return; }
  probe.all.forEach((el, i) => {
    const style = probe.styles[i];
    if (style === null) { el.removeAttribute("style"); } else { el.setAttribute("style", style); }
  });
  delete window.__handoffProbe;
}
"""

CONTENT_WIDTH_JS: Final = (
    "() => Math.ceil(Math.max(document.documentElement.scrollWidth,"
    " document.body ? document.body.scrollWidth : 0))"
)

# A full-page screenshot is taken the way Playwright's ``page.screenshot(full_page=True,
# animations="disabled")`` takes it (playwright-core 1.65, ``server/screenshotter.ts``, Apache-2.0),
# but with Chromium's fast PNG encoder, which Playwright does not offer (``Renderer._screenshot``).
# ``SHOT_PREPARE_JS`` is its ``inPagePrepareForScreenshots`` with the caret hidden and animations
# disabled: finite animations finished, infinite ones cancelled (and resumed by the cleanup), the
# same for those that start before the cleanup; every (shadow) root. It runs in every frame.
# Playwright runs it in an isolated world, out of the page's reach; here it runs in the page's
# own, like the renderer's other scripts, so an error in it is swallowed as Playwright swallows
# one. ``SHOT_SIZE_JS`` then waits for the fonts, adds the listeners Playwright leaves behind,
# and returns its full-page size (null without a body: no screenshot), and ``SHOT_CLEANUP_JS``
# undoes the preparation.
SHOT_PREPARE_JS: Final = r"""
() => {
  try {
    const collectRoots = (root, roots = []) => {
      roots.push(root);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
      do {
        const node = walker.currentNode;
        const shadowRoot = node instanceof Element ? node.shadowRoot : null;
        if (shadowRoot) { collectRoots(shadowRoot, roots); }
      } while (walker.nextNode());
      return roots;
    };
    const roots = collectRoots(document);
    const cleanups = [];
    const carets = new Map();
    for (const root of roots) {
      root.querySelectorAll("input,textarea,[contenteditable]").forEach((el) => {
        carets.set(el, {
          value: el.style.getPropertyValue("caret-color"),
          priority: el.style.getPropertyPriority("caret-color"),
        });
        el.style.setProperty("caret-color", "transparent", "important");
      });
    }
    cleanups.push(() => {
      for (const [el, saved] of carets) { el.style.setProperty("caret-color", saved.value, saved.priority); }
    });
    const infinite = new Set();
    const handleAnimations = (root) => {
      for (const animation of root.getAnimations()) {
        if (!animation.effect || animation.playbackRate === 0 || infinite.has(animation)) { continue; }
        const endTime = animation.effect.getComputedTiming().endTime;
        if (Number.isFinite(endTime)) {
          try { animation.finish(); } catch (e) {}
        } else {
          try { animation.cancel(); infinite.add(animation); } catch (e) {}
        }
      }
    };
    for (const root of roots) {
      const handleRoot = handleAnimations.bind(null, root);
      handleRoot();
      root.addEventListener("transitionrun", handleRoot);
      root.addEventListener("animationstart", handleRoot);
      cleanups.push(() => {
        root.removeEventListener("transitionrun", handleRoot);
        root.removeEventListener("animationstart", handleRoot);
      });
    }
    cleanups.push(() => {
      for (const animation of infinite) { try { animation.play(); } catch (e) {} }
    });
    window.__handoffShotCleanup = () => {
      for (const cleanup of cleanups) { cleanup(); }
      delete window.__handoffShotCleanup;
    };
  } catch (e) {}
}
"""

SHOT_SIZE_JS: Final = r"""
async () => {
  try { await document.fonts.ready; } catch (e) {}
  // Playwright measures the size with its InjectedScript, which, the first time, adds capturing,
  // non-passive listeners for these events to the window, for good. They change how Chromium
  // paints, slightly (with them, a focused input's rounded corners were anti-aliased otherwise:
  // 18 pixels, by 1 level, on development page 11707), and scores were taken with them: the
  // same listeners, doing nothing, are added once.
  const mark = Symbol.for("handoff.hitTargetListeners");
  if (!window[mark]) {
    for (const type of ["mousemove", "pointerdown", "pointerup", "touchstart", "touchend", "touchcancel",
                        "mousedown", "mouseup", "click", "auxclick", "dblclick", "contextmenu"]) {
      addEventListener(type, () => {}, { capture: true, passive: false });
    }
    Object.defineProperty(window, mark, { value: true });
  }
  const body = document.body, doc = document.documentElement;
  if (!body || !doc) { return null; }
  return {
    width: Math.max(body.scrollWidth, doc.scrollWidth, body.offsetWidth, doc.offsetWidth,
                    body.clientWidth, doc.clientWidth),
    height: Math.max(body.scrollHeight, doc.scrollHeight, body.offsetHeight, doc.offsetHeight,
                     body.clientHeight, doc.clientHeight),
  };
}
"""

SHOT_CLEANUP_JS: Final = (
    "() => { try { window.__handoffShotCleanup && window.__handoffShotCleanup(); } catch (e) {} }"
)

# Compiles a React candidate's source in the renderer's own compiler page, where the vendored
# Babel is loaded once, as the app's preview pane compiles it in a worker (``ui/preview_pane.js``):
# Babel only parses and prints the untrusted source, never runs it. Gives {code} or {error}.
COMPILE_JSX_JS: Final = r"""
([source, options]) => {
  try {
    return { code: Babel.transform(source, options).code, error: "" };
  } catch (error) {
    return { code: null, error: String((error && error.message) || error) };
  }
}
"""

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
# different elements covering each other, text cut off by an element's own overflow box, and text
# squeezed into a column narrower than its words (``SQUEEZED_WORD_CHARS``, ``SQUEEZED_MIN_WORDS``).
REFLOW_JS: Final = r"""
([wordChars, minWords]) => {
  const doc = document.documentElement;
  const body = document.body;
  const width = window.innerWidth;
  const overflow = Math.max(0, Math.max(doc.scrollWidth, body ? body.scrollWidth : 0) - width);
  const lines = [];
  const owners = new Map();
  const squeezedOwners = new Set();
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
    let count = 0;
    for (const r of range.getClientRects()) {
      if (r.width > 1 && r.height > 1) {
        lines.push([r.left + sx, r.top + sy, r.right + sx, r.bottom + sy, owners.get(el)]);
        count++;
      }
    }
    // Squeezed: a word of ordinary length broken over lines, or a run of words one per line.
    // Scripts written without spaces (CJK) break anywhere by design: not judged.
    if (count > 1 && !/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/.test(node.data)) {
      const words = node.data.split(/[\s\-\u2010-\u2014\/]+/).filter((w) => w.length > 0);
      const longest = words.reduce((most, w) => Math.max(most, w.length), 0);
      const broken = count > words.length && longest <= wordChars;
      if (broken || (words.length >= minWords && count >= words.length)) {
        squeezedOwners.add(owners.get(el));
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
  return { width, overflow_px: overflow, overlaps, clipped, squeezed: squeezedOwners.size };
}
"""
