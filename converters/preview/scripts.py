"""The trusted JavaScript of the preview frames, kept small and written for old-style ES5 readers.

Each script is collapsed onto one line when it is embedded (see ``one_line``), so the line numbers
the browser reports for errors in the model's own HTML stay those of the model's document. That
rules out ``//`` comments and relies on every statement ending with ``;``. Placeholders such as
``__LIVE__`` are replaced with JSON values by ``converters.preview.document``.

Messages, level 2 (untrusted document) -> level 1 (harness), and level 1 -> the app page:
``{handoff: "status", state: "rendered" | "error" | "incomplete", message: str}``; level 2 adds
``fatal: bool`` (nothing was drawn) which level 1 uses for its overlay and does not relay.

Scrolling, so that the app can keep the original beside the preview aligned: level 2 reports
``{handoff: "scroll", x, y, height, view, seq}`` (its scroll position, scroll height and viewport
height in CSS px, and the ``seq`` of the last "scroll-to" it obeyed) once drawn and when it
scrolls, at most once per frame; level 1 passes on the newest per frame, as plain numbers. The app
page sends ``{handoff: "scroll-to", x, y, seq}``; level 1 passes it down and level 2 scrolls there.
The numbers are the untrusted page's claims: the app only scrolls its copy of the original with
them.

Pointing at an element ("Select" in the pane): the app page sends ``{handoff: "pick", on, clear}``
down; while ``on``, level 2 outlines the element under the pointer, swallows clicks (nothing in the
page reacts) and, on a click, outlines that element and reports ``{handoff: "selected", tag, path,
text, html, cut}`` (its tag, a CSS path, its text and its markup as rendered, cut to
``PICK_TEXT_CHARS``/``PICK_HTML_CHARS``; ``cut`` when the markup was longer). Level 1 passes on
strings of those lengths only, at most ``MAX_RELAYS`` times. The report is the untrusted page's
claim about itself: the app shows it as text and sends it to the model that wrote the page.
"""

from __future__ import annotations

from typing import Final


def one_line(script: str) -> str:
    """``script`` with its lines stripped and joined by spaces (no ``//`` comments allowed in it)."""
    return " ".join(line.strip() for line in script.strip().splitlines() if line.strip())


# Level 2, first thing in <head>: reports errors and, once drawn (and styled), "rendered".
# Errors whose stack passes through App.tsx (the React source, see REACT_HARNESS) are located by
# that line only: Babel keeps the source's line numbers (retainLines) but not its columns. Others
# keep the browser's line and column, unless those point into the minified runtime; on the line
# where this reporter was injected (__INJECTED_LINE__) columns are shifted, so they are left out.
# The policy does not govern WebRTC in Chromium (a TURN server over TCP is reached despite it), so
# RTCPeerConnection is removed before the model's code runs: that stops code that simply uses it,
# not code set on getting a fresh copy from a same-origin about:blank child frame.
# What moves the keyboard focus (focus() of elements and of the window, select(), reportValidity()
# and requestSubmit(), which focus the first invalid field, showModal(), a label's click()) only
# works within __INPUT_GRACE_MS__ of a real click or key press in this frame: code that grabs the
# focus on its own would take the keys the user types into the app. (navigator.userActivation is
# no guide: a preview created right after a click in the app reports itself active.) Anything
# these miss, the app page catches (preview_pane.js).
# Frames the model's page would nest (iframe, frame, object, embed) are replaced by an empty box
# before they load: this guard does not run inside them, so they could use WebRTC (outside the
# policy) or take the focus; none can load a URL anyway (frame-src 'none').
# window.tailwind = {} keeps a Tailwind v3 Play CDN config (`tailwind.config = ...`) from throwing;
# the CDN script itself is blocked by the policy and our Tailwind v4 build does the styling.
# __TAILWIND__: wait for @tailwindcss/browser to finish its builds; it records each build as
# performance marks "Build #N (full|incremental) (start)"/"(end)", the only signal it exposes.
REPORTER: Final = """
(function () {
  "use strict";
  var live = __LIVE__, tailwind = __TAILWIND__, runtime = __RUNTIME__, injectedLine = __INJECTED_LINE__;
  var H = { failed: false, done: false };
  window.__handoff = H;
  if (tailwind && !window.tailwind) { window.tailwind = {}; }
  delete window.RTCPeerConnection;
  delete window.webkitRTCPeerConnection;
  var lastInput = -Infinity;
  function input(event) { if (event.isTrusted) { lastInput = performance.now(); } }
  addEventListener("pointerdown", input, true);
  addEventListener("keydown", input, true);
  function onlyWhenActive(owner, name) {
    var original = owner && owner[name];
    if (typeof original !== "function") { return; }
    owner[name] = function () {
      if (performance.now() - lastInput < __INPUT_GRACE_MS__) { return original.apply(this, arguments); }
    };
  }
  onlyWhenActive(window.HTMLElement && HTMLElement.prototype, "focus");
  onlyWhenActive(window.SVGElement && SVGElement.prototype, "focus");
  onlyWhenActive(window.MathMLElement && MathMLElement.prototype, "focus");
  onlyWhenActive(window, "focus");
  [window.HTMLInputElement, window.HTMLTextAreaElement].forEach(function (type) {
    if (type) { onlyWhenActive(type.prototype, "select"); }
  });
  [window.HTMLFormElement, window.HTMLInputElement, window.HTMLSelectElement, window.HTMLTextAreaElement,
    window.HTMLButtonElement, window.HTMLObjectElement, window.HTMLOutputElement,
    window.HTMLFieldSetElement].forEach(function (type) {
    if (type) { onlyWhenActive(type.prototype, "reportValidity"); }
  });
  onlyWhenActive(window.HTMLFormElement && HTMLFormElement.prototype, "requestSubmit");
  onlyWhenActive(window.HTMLDialogElement && HTMLDialogElement.prototype, "showModal");
  if (window.HTMLLabelElement) { HTMLLabelElement.prototype.click = HTMLElement.prototype.click; }
  onlyWhenActive(window.HTMLLabelElement && HTMLLabelElement.prototype, "click");
  function size(value, otherwise) {
    return !value ? otherwise : /^\\d+$/.test(value) ? value + "px" : value;
  }
  function quarantine(node) {
    var selector = "iframe, frame, object, embed";
    var frames = node.matches(selector) ? [node] : node.querySelectorAll(selector);
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i], stand = document.createElement("div");
      ["class", "style", "id", "title"].forEach(function (name) {
        if (frame.hasAttribute(name)) { stand.setAttribute(name, frame.getAttribute(name)); }
      });
      stand.setAttribute("role", "img");
      stand.setAttribute("aria-label", "Embedded content (not run in the preview)");
      stand.dataset.handoffFrame = frame.tagName.toLowerCase();
      stand.style.display = stand.style.display || "inline-block";
      stand.style.width = stand.style.width || size(frame.getAttribute("width"), "300px");
      stand.style.height = stand.style.height || size(frame.getAttribute("height"), "150px");
      stand.style.background = stand.style.background || "#e2e8f0";
      if (frame.parentNode) { frame.parentNode.replaceChild(stand, frame); }
    }
  }
  new MutationObserver(function (records) {
    for (var r = 0; r < records.length; r++) {
      var added = records[r].addedNodes;
      for (var a = 0; a < added.length; a++) { if (added[a].nodeType === 1) { quarantine(added[a]); } }
    }
  }).observe(document, { childList: true, subtree: true });
  function post(state, message, fatal) {
    try {
      parent.postMessage({ handoff: "status", state: state, message: String(message).slice(0, 4000),
        fatal: !!fatal }, "*");
    } catch (ignored) { }
  }
  H.describe = function (error, line, column) {
    var text = error instanceof Error ? (error.name || "Error") + ": " + error.message : String(error);
    var at = error instanceof Error && /App\\.tsx:(\\d+):\\d+/.exec(error.stack || "");
    if (at) { text += " (line " + at[1] + ")"; }
    else if (line) { text += " (line " + line + (column ? ", column " + column : "") + ")"; }
    return text;
  };
  H.fail = function (message, fatal) {
    if (fatal) { H.failed = true; }
    post(live ? "incomplete" : "error", message, fatal);
  };
  function stylesSettled() {
    var started = 0, ended = 0, marks = performance.getEntriesByType("mark");
    for (var i = 0; i < marks.length; i++) {
      if (/^Build #\\d+ .*\\(start\\)$/.test(marks[i].name)) { started++; }
      else if (/^Build #\\d+ .*\\(end\\)$/.test(marks[i].name)) { ended++; }
    }
    return started > 0 && started === ended;
  }
  var scrollQueued = false, scrollSeq = 0;
  function reportScroll() {
    scrollQueued = false;
    var page = document.scrollingElement || document.documentElement;
    try {
      parent.postMessage({ handoff: "scroll", x: page.scrollLeft, y: page.scrollTop,
        height: page.scrollHeight, view: innerHeight, seq: scrollSeq }, "*");
    } catch (ignored) { }
  }
  addEventListener("scroll", function () {
    if (!scrollQueued) { scrollQueued = true; requestAnimationFrame(reportScroll); }
  });
  addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== parent || !data) { return; }
    if (data.handoff === "pick") { pick(data); return; }
    if (data.handoff !== "scroll-to") { return; }
    scrollSeq = Number(data.seq) || 0;
    scrollTo(Number(data.x) || 0, Number(data.y) || 0);
    reportScroll();
  });
  var picking = false, hoverBox = null, pickedBox = null, picked = null;
  function box(colour) {
    var el = document.createElement("div");
    el.setAttribute("data-handoff-pick", "");
    el.style.cssText = "position:fixed;pointer-events:none;z-index:2147483647;box-sizing:border-box;" +
      "border:2px solid " + colour + ";background:" + colour + "22;display:none";
    document.documentElement.appendChild(el);
    return el;
  }
  function cover(el, target) {
    if (!el) { return; }
    if (!target || !target.getBoundingClientRect) { el.style.display = "none"; return; }
    var r = target.getBoundingClientRect();
    el.style.display = "block";
    el.style.left = r.left + "px"; el.style.top = r.top + "px";
    el.style.width = r.width + "px"; el.style.height = r.height + "px";
  }
  function pickable(target) {
    while (target && target.nodeType !== 1) { target = target.parentNode; }
    var ours = target && target.hasAttribute("data-handoff-pick");
    if (!target || target === document.documentElement || ours) { return null; }
    return target;
  }
  function where(el) {
    var parts = [];
    while (el && el.nodeType === 1 && el !== document.documentElement && parts.length < 6) {
      var part = el.tagName.toLowerCase(), same = 0, index = 0;
      var sibling = el.parentNode && el.parentNode.firstElementChild;
      while (sibling) {
        if (sibling.tagName === el.tagName) { same++; if (sibling === el) { index = same; } }
        sibling = sibling.nextElementSibling;
      }
      parts.unshift(same > 1 ? part + ":nth-of-type(" + index + ")" : part);
      el = el.parentNode;
    }
    return parts.join(" > ");
  }
  function describe(el) {
    var html = el.outerHTML || "", text = String(el.innerText || el.textContent || "").replace(/\\s+/g, " ");
    return { handoff: "selected", tag: el.tagName.toLowerCase(), path: where(el),
      text: text.replace(/^ | $/g, "").slice(0, __PICK_TEXT_CHARS__),
      html: html.slice(0, __PICK_HTML_CHARS__), cut: html.length > __PICK_HTML_CHARS__ };
  }
  function hover(event) {
    if (picking) { cover(hoverBox, pickable(event.target)); }
  }
  function swallow(event) {
    if (!picking || !event.isTrusted) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type !== "click") { return; }
    var target = pickable(event.target);
    if (!target) { return; }
    picked = target;
    cover(pickedBox, picked);
    try { parent.postMessage(describe(picked), "*"); } catch (ignored) { }
  }
  ["pointerdown", "mousedown", "mouseup", "pointerup", "click", "auxclick", "dblclick", "submit"].forEach(
    function (name) { addEventListener(name, swallow, true); });
  addEventListener("mousemove", hover, true);
  addEventListener("scroll", function () { cover(pickedBox, picked); }, true);
  addEventListener("resize", function () { cover(pickedBox, picked); });
  function pick(data) {
    picking = data.on === true;
    if (!hoverBox) { hoverBox = box("#2563eb"); pickedBox = box("#db2777"); }
    if (!picking) { cover(hoverBox, null); }
    if (data.clear === true) { picked = null; cover(pickedBox, null); }
    document.documentElement.style.cursor = picking ? "crosshair" : "";
  }
  H.rendered = function () {
    var deadline = Date.now() + 3000;
    function finish() {
      if (!H.done && !H.failed) { H.done = true; post("rendered", ""); reportScroll(); }
    }
    function check() {
      if (!tailwind || stylesSettled() || Date.now() > deadline) {
        requestAnimationFrame(function () { requestAnimationFrame(finish); });
        setTimeout(finish, 250);
      } else { setTimeout(check, 15); }
    }
    setTimeout(check, 0);
  };
  addEventListener("error", function (event) {
    var target = event.target;
    if (target && target !== window) {
      if (target.tagName === "SCRIPT" && target.src.indexOf(runtime) === 0) {
        H.fail("The preview runtime could not be loaded from " + target.src +
          ". Check that the app serves static files (server.enableStaticServing).", true);
      }
      return;
    }
    var inRuntime = String(event.filename).indexOf(runtime) === 0, line = inRuntime ? 0 : event.lineno;
    H.fail(H.describe(event.error || event.message, line, line === injectedLine ? 0 : event.colno), false);
  }, true);
  addEventListener("unhandledrejection", function (event) {
    H.fail("Unhandled promise rejection: " + H.describe(event.reason), false);
  });
  if (__RENDERED_ON_LOAD__) { addEventListener("load", H.rendered); }
})();
"""

# Level 2 of React + Tailwind, after <div id="root">: compile the embedded source with Babel,
# run it as a CommonJS module with a require shim, render its default export in an error boundary.
REACT_HARNESS: Final = """
(function () {
  "use strict";
  var H = window.__handoff, live = __LIVE__, precompiled = __PRECOMPILED__;
  var root = document.getElementById("root");
  var errorStyle = { margin: "0", padding: "16px", whiteSpace: "pre-wrap", overflowWrap: "anywhere",
    font: "13px/1.5 ui-monospace, Menlo, Consolas, monospace", color: "#7f1d1d", background: "#fef2f2" };
  var reactErrors = {
    31: "Objects are not valid as a React child: render a string, a number or an element, not an object.",
    130: "Element type is invalid: a component is undefined (check its import and export).",
    185: "Maximum update depth exceeded: a component keeps setting state while it renders or updates.",
    301: "Too many re-renders: a state setter is called during rendering.",
    321: "Invalid hook call: hooks can only be called inside the body of a function component."
  };
  function runtimeMessage(error) {
    var code = error instanceof Error && /Minified React error #(\\d+)/.exec(error.message);
    if (code && reactErrors[code[1]]) {
      var readable = new Error(reactErrors[code[1]]);
      readable.stack = error.stack;
      error = readable;
    }
    return H.describe(error);
  }
  function syntaxMessage(error) {
    var text = String(error.message).replace(/^\\/?App\\.tsx: /, "");
    var lines = text.split("\\n");
    lines[0] = lines[0].replace(/ \\(\\d+:\\d+\\)$/, "");
    var where = error.loc ? " at line " + error.loc.line + ", column " + (error.loc.column + 1) : "";
    return "Syntax error" + where + ": " + lines.join("\\n");
  }
  function fail(message) {
    H.fail(message, true);
    if (!live) {
      var pre = document.createElement("pre");
      Object.assign(pre.style, errorStyle);
      pre.textContent = message;
      root.replaceChildren(pre);
    }
  }
  if (H.failed) { return; }
  var missingBabel = !precompiled && typeof Babel === "undefined";
  if (typeof React === "undefined" || typeof ReactDOM === "undefined" || missingBabel) {
    fail("The preview runtime (React, ReactDOM, Babel) did not load.");
    return;
  }
  var compiled, source = JSON.parse(document.getElementById("app-source").textContent);
  try {
    compiled = precompiled ? source : Babel.transform(source, __COMPILE_OPTIONS__).code;
  } catch (error) {
    fail(syntaxMessage(error));
    return;
  }
  var module = { exports: {} };
  function requireShim(name) {
    if (name === "react") { return React; }
    if (name === "react-dom" || name === "react-dom/client") { return ReactDOM; }
    if (/\\.css$/.test(name)) { return {}; }
    var error = new Error("The preview can only import from react; '" + name + "' is not available.");
    error.name = "Import error";
    throw error;
  }
  try {
    var wrapped = "(function (require, module, exports) {" + compiled + "\\n})\\n//# sourceURL=App.tsx";
    (0, eval)(wrapped)(requireShim, module, module.exports);
  } catch (error) {
    fail(runtimeMessage(error));
    return;
  }
  var exported = module.exports, App = exported.default || exported.App || exported;
  if (typeof App !== "function" && !(App && App.$$typeof)) {
    fail("Nothing to show: the code has no default export. End it with `export default function App() {…}`.");
    return;
  }
  var h = React.createElement;
  class ErrorBoundary extends React.Component {
    constructor(props) { super(props); this.state = { error: null }; }
    static getDerivedStateFromError(error) { return { error: error }; }
    componentDidCatch(error) { H.fail(runtimeMessage(error), true); }
    render() {
      if (!this.state.error) { return this.props.children; }
      return live ? null : h("pre", { style: errorStyle }, runtimeMessage(this.state.error));
    }
  }
  function Rendered(props) {
    React.useEffect(function () { H.rendered(); }, []);
    return props.children;
  }
  try {
    ReactDOM.createRoot(root).render(h(ErrorBoundary, null, h(Rendered, null, h(App))));
  } catch (error) {
    fail(runtimeMessage(error));
  }
})();
"""

# Level 1: relays level 2's status to the app page and shows errors as plain text over the frame.
# Only messages from its own child count; repeats are dropped and relays are capped, so a flood
# from the untrusted code reaches the app as at most a few messages.
RELAY: Final = """
(function () {
  "use strict";
  var frame = document.getElementById("preview"), box = document.getElementById("problem");
  var text = document.getElementById("problem-text"), relayed = 0, last = "", scroll = null;
  document.getElementById("problem-hide").addEventListener("click", function () { box.hidden = true; });
  var picks = 0;
  function clip(value, most) { return typeof value === "string" ? value.slice(0, most) : ""; }
  function number(value) {
    value = Number(value);
    return isFinite(value) ? Math.max(0, Math.min(value, 1e7)) : 0;
  }
  function passScroll(data) {
    var first = scroll === null;
    scroll = { handoff: "scroll", x: number(data.x), y: number(data.y), height: number(data.height),
      view: number(data.view), seq: number(data.seq) };
    if (first) {
      requestAnimationFrame(function () { parent.postMessage(scroll, "*"); scroll = null; });
    }
  }
  addEventListener("message", function (event) {
    var data = event.data;
    if (!data) { return; }
    if (event.source === parent && data.handoff === "scroll-to") {
      frame.contentWindow.postMessage(
        { handoff: "scroll-to", x: number(data.x), y: number(data.y), seq: number(data.seq) }, "*");
      return;
    }
    if (event.source === parent && data.handoff === "pick") {
      frame.contentWindow.postMessage(
        { handoff: "pick", on: data.on === true, clear: data.clear === true }, "*");
      return;
    }
    if (event.source === frame.contentWindow && data.handoff === "scroll") { passScroll(data); return; }
    if (event.source === frame.contentWindow && data.handoff === "selected") {
      if (picks >= __MAX_RELAYS__) { return; }
      picks += 1;
      parent.postMessage({ handoff: "selected", tag: clip(data.tag, 20), path: clip(data.path, 300),
        text: clip(data.text, __PICK_TEXT_CHARS__), html: clip(data.html, __PICK_HTML_CHARS__),
        cut: data.cut === true }, "*");
      return;
    }
    if (event.source !== frame.contentWindow || data.handoff !== "status") { return; }
    var state = data.state, message = typeof data.message === "string" ? data.message.slice(0, 4000) : "";
    if (state !== "rendered" && state !== "error" && state !== "incomplete") { return; }
    if (state === "error") {
      text.textContent = message || "The preview failed.";
      box.className = data.fatal === true ? "fatal" : "";
      box.hidden = false;
    }
    if (state + "\\n" + message === last || relayed >= __MAX_RELAYS__) { return; }
    last = state + "\\n" + message;
    relayed += 1;
    parent.postMessage({ handoff: "status", state: state, message: message }, "*");
  });
})();
"""

RELAY_STYLE: Final = (
    "html,body{margin:0;height:100%;overflow:hidden;background:#fff}"
    "#preview{display:block;border:0;width:100%;height:100%}"
    "#problem{position:fixed;left:0;right:0;bottom:0;max-height:45%;overflow:auto;box-sizing:border-box;"
    "padding:10px 14px;background:#fef2f2;color:#7f1d1d;border-top:2px solid #dc2626;"
    "font:13px/1.5 system-ui,sans-serif}"
    "#problem.fatal{top:0;max-height:none;border-top:0}"
    "#problem-text{margin:6px 0 0;white-space:pre-wrap;overflow-wrap:anywhere;"
    "font:13px/1.5 ui-monospace,Menlo,Consolas,monospace}"
    "#problem-hide{float:right;font:inherit;cursor:pointer}"
)
