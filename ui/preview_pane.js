// Handoff preview pane (Streamlit component v2, trusted code running in the app page).
//
// Shows an untrusted preview document in an <iframe sandbox="allow-scripts"> (opaque origin:
// it can read nothing of this page). A new document is loaded into a hidden frame and swapped in
// only once it reports "rendered" or "error" (or after a timeout), so live updates never flash
// white; in live mode an "incomplete" report keeps the previous frame. The frame is laid out at
// the chosen device width and scaled down to fit the pane.
//
// Given the original (``data.original``: this app's URL of the upload and its width in CSS px),
// the pane compares: the original on the left, the generated page on the right, a toolbar with the
// device widths, a free width slider (``data.range``: its least and most CSS px), a zoom (fit each
// pane, 50 %, 100 %) and "Full size" (both at their real width, filling the window; Esc closes it).
// Given the frames of one screen (``data.frames``: each picture and its width, narrowest first),
// the original shown is the frame the chosen width falls in: the widest frame no wider than it
// (the narrowest below them all), as a mobile-first page switches layouts. Scrolling either side scrolls the other to the same place:
// the frame reports its scroll position and takes "scroll-to" (see converters/preview/scripts.py).
// All of it is client-side: no rerun of the app, and the frame is not reloaded.
//
// "Select" (``data.selectable``) lets the user point at an element of the generated page: the frame
// outlines it and reports its tag, text and markup (scripts.py); the pane shows that as text and
// hands it to the app as its "selected" state, for the next change asked.
//
// Two things keep a hostile preview from getting in the user's way:
// - React code is compiled by Babel in a Web Worker, never on this page's main thread: a 2 MB
//   reply froze the tab for tens of seconds when Babel ran here on every live update. Only the
//   newest source waits for the worker; older ones are dropped.
// - A preview may take the keyboard focus only when the user clicked into it (see FocusGuard).
const SWAP_TIMEOUT_MS = 4000;
// Chromium's transient user activation lasts 5 s: an activation this page sees while its own last
// key or click is older than that came from a click inside a preview.
const ACTIVATION_MS = 5000;
// Focus taken this many times without the user clicking into the preview: the preview is stopped.
const STRIKES_TO_PAUSE = 3;
// A pane moved to follow the other reports that move back. Such echoes are told from the user's
// own scrolling by position, not by time (on a loaded machine a frame's report can come late):
// the original's by the scrollTop it was given; the frame's by the number (seq) of the last
// "scroll-to" it obeyed, a report older than the newest command being stale. Programmatic moves
// of the generated page's stage (zoom) are quiet for this long; the original's are told by the
// position they were given too, so a wheel right after a zoom still scrolls both sides.
const SYNC_QUIET_MS = 150;
// Widths (CSS px) this close count as the same: the two sides then scroll by the same CSS px,
// otherwise by the same fraction of their length.
const SAME_WIDTH_PX = 2;
const ZOOMS = [["Fit", "fit"], ["50%", 0.5], ["100%", 1]];

// --- compiling React previews off the main thread ------------------------------------------

// The worker loads the vendored Babel once (it is trusted, and only parses and prints the
// untrusted source, never runs it) and answers {id, code} or {id, error}.
const WORKER_SOURCE = `
  let babel = null;
  onmessage = (event) => {
    const { id, url, source, options } = event.data;
    try {
      if (!babel) { importScripts(url); babel = self.Babel; }
      postMessage({ id, code: babel.transform(source, options).code });
    } catch (error) {
      postMessage({ id, error: String((error && error.message) || error) });
    }
  };`;

const compiler = { worker: null, busy: null, waiting: null, nextId: 1 };

function compile(url, source, options) {
  // Resolves with the compiled code, or null when Babel rejects the source (or a newer
  // compile replaced this one before it started).
  return new Promise((resolve) => {
    if (compiler.waiting) compiler.waiting.resolve(null);  // superseded: newest wins
    compiler.waiting = { url, source, options, resolve };
    pump();
  });
}

function pump() {
  if (compiler.busy || !compiler.waiting) return;
  if (!compiler.worker) {
    const blob = new Blob([WORKER_SOURCE], { type: "text/javascript" });
    compiler.worker = new Worker(URL.createObjectURL(blob));
    compiler.worker.onmessage = (event) => {
      const job = compiler.busy;
      compiler.busy = null;
      if (job && event.data.id === job.id) job.resolve(event.data.error ? null : event.data.code);
      pump();
    };
    compiler.worker.onerror = () => {  // Babel failed to load: no compile can succeed now
      const job = compiler.busy;
      compiler.busy = null;
      compiler.worker.terminate();
      compiler.worker = null;
      if (job) job.resolve(null);
    };
  }
  const job = compiler.waiting;
  compiler.waiting = null;
  job.id = compiler.nextId++;
  compiler.busy = job;
  compiler.worker.postMessage({ id: job.id, url: job.url, source: job.source, options: job.options });
}

// The template's token becomes the module as a JSON string, safe inside the frame's <script>
// element (no <, >, &) and inside the srcdoc attribute that holds the frame (" as &quot;).
function fillTemplate(code, data) {
  const json = JSON.stringify(code)
    .replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  return data.template.split(data.token).join(json.replace(/"/g, "&quot;"));
}

// --- keeping the keyboard focus in the app --------------------------------------------------

// A preview's code (or a frame it nests, which no script of ours reaches) can call focus() and
// take the keys the user types into the app. Focus may move into a preview only after a click
// inside it: this page then holds a user activation it did not cause itself. Otherwise the focus
// goes back where it was at once, and a preview that keeps taking it is stopped.
const FocusGuard = {
  roots: new Set(),
  lastOwnInput: -Infinity,
  lastAppFocus: null,
  installed: false,

  install() {
    if (this.installed) return;
    this.installed = true;
    const own = () => { this.lastOwnInput = performance.now(); };
    document.addEventListener("keydown", own, true);
    document.addEventListener("pointerdown", own, true);
    document.addEventListener("focusin", (event) => {
      const target = event.composedPath()[0];
      if (!(target instanceof HTMLIFrameElement)) this.lastAppFocus = target;
    }, true);
    window.addEventListener("blur", () => setTimeout(() => this.check(), 0));
  },

  check() {
    const frame = deepActiveElement();
    if (!(frame instanceof HTMLIFrameElement)) return;
    const root = [...this.roots].find((candidate) => candidate.contains(frame));
    if (!root) return;
    const activation = navigator.userActivation;
    const clickedInside = !activation || (activation.isActive && performance.now() - this.lastOwnInput > ACTIVATION_MS);
    if (clickedInside) return;
    const back = this.lastAppFocus;
    if (back && back.isConnected && typeof back.focus === "function") back.focus({ preventScroll: true });
    else frame.blur();
    root.hp.strikes += 1;
    root.dataset.focusTaken = String(root.hp.strikes);
    if (root.hp.strikes >= STRIKES_TO_PAUSE) pause(root);
  },
};

function deepActiveElement() {
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

// --- the pane ---------------------------------------------------------------------------------

function setup(parentElement) {
  let root = parentElement.querySelector(".hp-root");
  if (root) return root;
  root = document.createElement("div");
  root.className = "hp-root";
  root.innerHTML =
    '<div class="hp-tools" hidden><div class="hp-side"><span class="hp-cap hp-cap-original"></span>' +
    '<span class="hp-group hp-zoom" role="group" aria-label="Zoom"></span>' +
    '<button type="button" class="hp-full-button" aria-pressed="false" title="Both at their real width, ' +
    'filling the window (Esc closes)">Full size</button></div>' +
    '<div class="hp-side"><span class="hp-cap hp-cap-generated"></span>' +
    '<button type="button" class="hp-pick-button" aria-pressed="false" hidden ' +
    'title="Click an element of the generated page: the next change you ask is about it">Select</button>' +
    '<span class="hp-group hp-devices" role="group" aria-label="Device width"></span>' +
    '<input type="range" class="hp-width" step="1" hidden aria-label="Width of the generated page in CSS px" ' +
    'title="Any width: drag to see how the page reflows"></div></div>' +
    '<div class="hp-picked" hidden><span class="hp-picked-label"></span><code class="hp-picked-html"></code>' +
    '<button type="button" class="hp-picked-clear">Clear</button></div>' +
    '<div class="hp-bar"><span class="hp-state"></span></div>' +
    '<div class="hp-panes"><div class="hp-original" hidden tabindex="0" aria-label="Original design">' +
    '<img alt="The original design"><p class="hp-missing" hidden></p></div>' +
    '<div class="hp-stage"><div class="hp-canvas"></div></div></div>' +
    '<div class="hp-paused" hidden><p>This preview kept taking the keyboard focus from the app, so it ' +
    'was stopped.</p><button type="button">Show it again</button></div>';
  parentElement.appendChild(root);
  root.hp = {
    doc: null, shown: null, pending: null, timer: null, width: 1280, height: 720,
    strikes: 0, paused: false, lastDoc: null, live: false,
    // comparing: the original, device widths, zoom, full size and the scroll positions
    compare: false, original: null, frames: [], dataWidth: null, devicesKey: "", zoom: "fit", zoomBefore: "fit",
    full: false, scale: 1, originalScale: 1, frameScroll: null, quietFrameUntil: 0,
    sentSeq: 0, sentY: null, setOriginalAt: null,
    // pointing at an element: picking (the next click in the frame selects), the selection shown
    selectable: false, picking: false, picked: null, setState: null,
  };
  root.hp.observer = new ResizeObserver(() => layout(root));
  root.hp.observer.observe(root);
  root.querySelector(".hp-paused button").addEventListener("click", () => resume(root));
  root.querySelector(".hp-full-button").addEventListener("click", () => setFull(root, !root.hp.full));
  root.querySelector(".hp-pick-button").addEventListener("click", () => setPicking(root, !root.hp.picking));
  root.querySelector(".hp-width").addEventListener("input", (event) => {
    root.hp.width = Number(event.target.value);
    layout(root);
  });
  root.querySelector(".hp-picked-clear").addEventListener("click", () => clearPicked(root));
  root.querySelector(".hp-original").addEventListener("scroll", () => followOriginal(root), { passive: true });
  root.querySelector(".hp-stage").addEventListener("scroll", () => followStageAcross(root), { passive: true });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && root.hp.full) setFull(root, false);
  });
  FocusGuard.install();
  FocusGuard.roots.add(root);
  window.addEventListener("message", (event) => {
    const state = root.hp;
    const message = event.data;
    if (!message) return;
    if (message.handoff === "scroll") {
      if (state.shown && event.source === state.shown.contentWindow) followFrame(root, message);
      return;
    }
    if (message.handoff === "selected") {
      if (state.picking && state.shown && event.source === state.shown.contentWindow) picked(root, message);
      return;
    }
    if (message.handoff !== "status") return;
    if (state.pending && event.source === state.pending.contentWindow) {
      if (message.state === "incomplete") {
        discard(root);  // half-written code: keep the last good frame
      } else {
        swap(root);
      }
      label(root, message);
    } else if (state.shown && event.source === state.shown.contentWindow) {
      label(root, message);
    }
  });
  return root;
}

function label(root, message) {
  const el = root.querySelector(".hp-state");
  el.textContent = message.state === "error" ? "Preview error" : "";
  el.dataset.state = String(message.state || "");
}

function discard(root) {
  const state = root.hp;
  clearTimeout(state.timer);
  if (state.pending) state.pending.remove();
  state.pending = null;
}

function swap(root) {
  const state = root.hp;
  clearTimeout(state.timer);
  if (!state.pending) return;
  if (state.shown) state.shown.remove();
  state.shown = state.pending;
  state.pending = null;
  state.shown.classList.remove("hp-hidden");
  state.shown.dataset.testid = "handoff-preview-frame";
  if (state.picking) state.shown.contentWindow.postMessage({ handoff: "pick", on: true }, "*");
  // A new frame opens at its top: take it to where the user was (a live preview redraws often).
  const place = state.frameScroll;
  if (place && (place.y > 0 || place.x > 0)) sendScroll(state, place.x, place.y);
}

function sendScroll(state, x, y) {
  // Tell the shown frame where to scroll; its reports until it has obeyed are stale.
  state.sentSeq += 1;
  state.sentY = y;
  state.shown.contentWindow.postMessage({ handoff: "scroll-to", x, y, seq: state.sentSeq }, "*");
}

function pause(root) {
  const state = root.hp;
  discard(root);
  if (state.shown) state.shown.remove();
  state.shown = null;
  state.paused = true;
  root.querySelector(".hp-stage").hidden = true;
  root.querySelector(".hp-paused").hidden = false;
}

function resume(root) {
  const state = root.hp;
  state.paused = false;
  state.strikes = 0;
  root.dataset.focusTaken = "0";
  root.querySelector(".hp-stage").hidden = false;
  root.querySelector(".hp-paused").hidden = true;
  if (state.lastDoc) show(root, state.lastDoc, state.live);
}

function layout(root) {
  const state = root.hp;
  if (state.frames.length) showFrameAt(root);
  const deviceWidth = state.width;
  const stage = root.querySelector(".hp-stage");
  const canvas = root.querySelector(".hp-canvas");
  const pane = root.querySelector(".hp-original");
  let height = state.height;
  if (state.full) {  // the window, less the toolbar and the overlay's padding
    const used = root.querySelector(".hp-tools").offsetHeight + root.querySelector(".hp-bar").offsetHeight;
    height = Math.max(200, window.innerHeight - used - 32);
  }
  // Zooming keeps what was in the middle of each pane in its middle.
  const stageMiddle = middle(stage.scrollLeft, stage.clientWidth, stage.scrollWidth);
  const paneMiddle = middle(pane.scrollLeft, pane.clientWidth, pane.scrollWidth);
  const paneDown = pane.scrollHeight > 0 ? pane.scrollTop / pane.scrollHeight : 0;
  const scaleBefore = state.scale;
  const originalScaleBefore = state.originalScale;
  stage.style.height = height + "px";
  pane.style.height = height + "px";
  const available = Math.max(1, stage.clientWidth || root.clientWidth || deviceWidth);
  const scale = state.zoom === "fit" ? Math.min(1, available / deviceWidth) : state.zoom;
  canvas.style.width = Math.round(deviceWidth * scale) + "px";
  const inner = stage.clientHeight || height;  // less a horizontal scroll bar, when there is one
  canvas.style.height = inner + "px";
  for (const frame of canvas.querySelectorAll("iframe")) {
    frame.style.width = deviceWidth + "px";
    frame.style.height = Math.round(inner / scale) + "px";
    frame.style.transform = "scale(" + scale + ")";
  }
  state.scale = scale;
  root.querySelector(".hp-bar").dataset.scale = scale.toFixed(3);
  if (state.original) {
    const room = Math.max(1, pane.clientWidth);
    const originalScale = state.zoom === "fit" ? Math.min(1, room / state.original.width) : state.zoom;
    pane.querySelector("img").style.width = Math.round(state.original.width * originalScale) + "px";
    state.originalScale = originalScale;
    pane.dataset.scale = originalScale.toFixed(3);
  }
  if (scale !== scaleBefore) {
    state.quietFrameUntil = performance.now() + SYNC_QUIET_MS;  // these moves are not the user's scrolling
    stage.scrollLeft = paneStart(stageMiddle, stage.clientWidth, stage.scrollWidth);
  }
  if (state.original && state.originalScale !== originalScaleBefore) {
    pane.scrollLeft = paneStart(paneMiddle, pane.clientWidth, pane.scrollWidth);
    pane.scrollTop = paneDown * pane.scrollHeight;
    moved(state, pane);
  }
  if (state.compare) caption(root);
}

function middle(start, view, length) {
  // Where the middle of a pane's view is, as a fraction of what it scrolls (the middle when all shows).
  return length > view ? (start + view / 2) / length : 0.5;
}

function paneStart(fractionMiddle, view, length) {
  return Math.max(0, Math.min(length - view, fractionMiddle * length - view / 2));
}

// --- comparing with the original ----------------------------------------------------------

function caption(root) {
  const state = root.hp;
  const original = root.querySelector(".hp-cap-original");
  const name = state.frames.length ? "Frame" : "Original";
  original.textContent = state.original ? name + " · " + state.original.width + " px" : name;
  root.querySelector(".hp-cap-generated").textContent = "Generated · " + state.width + " px";
  const slider = root.querySelector(".hp-width");
  if (!slider.hidden && Number(slider.value) !== state.width) slider.value = String(state.width);
  for (const button of root.querySelectorAll(".hp-devices button")) {
    button.setAttribute("aria-pressed", String(Number(button.dataset.width) === state.width));
  }
  for (const button of root.querySelectorAll(".hp-zoom button")) {
    button.setAttribute("aria-pressed", String(button.dataset.zoom === String(state.zoom)));
  }
  root.querySelector(".hp-full-button").setAttribute("aria-pressed", String(state.full));
  root.querySelector(".hp-pick-button").hidden = !state.selectable;
}

function configure(root, data) {
  // The comparison's parts from the app's data. The user's own picks (device, zoom) stay across
  // the app's reruns; a new default width from the app (another result) resets the device.
  const state = root.hp;
  const original = data.original && Number(data.original.width) > 0 ? data.original : null;
  const devices = Array.isArray(data.devices) ? data.devices : [];
  state.compare = Boolean(original || data.missing || devices.length);
  root.querySelector(".hp-tools").hidden = !state.compare;
  const width = Number(data.width) || 1280;
  if (width !== state.dataWidth) {
    state.dataWidth = width;
    state.width = width;
  }
  const devicesKey = JSON.stringify(devices);
  if (devicesKey !== state.devicesKey) {
    state.devicesKey = devicesKey;
    const group = root.querySelector(".hp-devices");
    group.replaceChildren(...devices.map(([name, px]) => button(name, { width: px }, px + " px wide", () => {
      state.width = Number(px);
      layout(root);
    })));
  }
  const range = Array.isArray(data.range) && data.range.length === 2 ? data.range.map(Number) : null;
  const slider = root.querySelector(".hp-width");
  slider.hidden = !range;
  if (range) {
    slider.min = String(range[0]);
    slider.max = String(range[1]);
  }
  const zoom = root.querySelector(".hp-zoom");
  if (!zoom.childElementCount) {
    zoom.replaceChildren(...ZOOMS.map(([name, value]) => button(name, { zoom: value },
      value === "fit" ? "Each side scaled to fit its pane" : "Both sides at " + name + " of their real width",
      () => { state.zoom = value; layout(root); })));
  }
  const pane = root.querySelector(".hp-original");
  pane.hidden = !(original || data.missing);
  root.classList.toggle("hp-compare", !pane.hidden);
  const img = pane.querySelector("img");
  const missing = pane.querySelector(".hp-missing");
  img.hidden = !original;
  missing.hidden = Boolean(original);
  missing.textContent = original ? "" : String(data.missing || "");
  state.frames = Array.isArray(data.frames) && original
    ? data.frames.filter((frame) => frame && Number(frame.width) > 0) : [];
  // With frames, layout() shows the one the width falls in (setting the widest first would
  // reload the picture on every rerun).
  if (original && !state.frames.length && img.getAttribute("src") !== original.src) {
    img.setAttribute("src", original.src);
  }
  state.original = original ? { width: Number(original.width) } : null;
}

function showFrameAt(root) {
  // The frame the generated page's width falls in, in place of the original shown so far.
  const state = root.hp;
  const fitting = state.frames.filter((frame) => Number(frame.width) <= state.width);
  const frame = fitting.length ? fitting[fitting.length - 1] : state.frames[0];
  const img = root.querySelector(".hp-original img");
  if (img.getAttribute("src") !== frame.src) img.setAttribute("src", frame.src);
  state.original = { width: Number(frame.width) };
}

// --- pointing at an element ------------------------------------------------------------------

function setPicking(root, on) {
  // While picking, the frame outlines what is under the pointer and the next click selects it.
  const state = root.hp;
  state.picking = on;
  root.querySelector(".hp-pick-button").setAttribute("aria-pressed", String(on));
  root.classList.toggle("hp-picking", on);
  if (state.shown) state.shown.contentWindow.postMessage({ handoff: "pick", on }, "*");
}

function picked(root, message) {
  // The frame's report of the element clicked: one per "Select", shown as text, handed to the app.
  const state = root.hp;
  setPicking(root, false);
  const chosen = {
    tag: String(message.tag || ""), path: String(message.path || ""), text: String(message.text || ""),
    html: String(message.html || ""), cut: message.cut === true,
  };
  state.picked = chosen;
  showPicked(root);
  if (state.setState) state.setState("selected", chosen);
}

function clearPicked(root) {
  const state = root.hp;
  state.picked = null;
  showPicked(root);
  if (state.shown) state.shown.contentWindow.postMessage({ handoff: "pick", on: false, clear: true }, "*");
  if (state.setState) state.setState("selected", null);
}

function showPicked(root) {
  const chosen = root.hp.picked;
  root.querySelector(".hp-picked").hidden = !chosen;
  if (!chosen) return;
  const words = chosen.text.length > 60 ? chosen.text.slice(0, 59) + "…" : chosen.text;
  root.querySelector(".hp-picked-label").textContent =
    "Selected <" + chosen.tag + ">" + (words ? " “" + words + "”" : "") + ": the next change is about it.";
  const html = chosen.html.length > 160 ? chosen.html.slice(0, 159) + "…" : chosen.html;
  root.querySelector(".hp-picked-html").textContent = html;
}

function button(name, data, title, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = name;
  element.title = title;
  for (const [key, value] of Object.entries(data)) element.dataset[key] = String(value);
  element.addEventListener("click", onClick);
  return element;
}

function setFull(root, full) {
  const state = root.hp;
  if (full === state.full) return;
  state.full = full;
  if (full) {
    state.zoomBefore = state.zoom;
    state.zoom = 1;
  } else {
    state.zoom = state.zoomBefore;
  }
  root.classList.toggle("hp-full", full);
  layout(root);
}

function sameWidth(state) {
  return state.original && Math.abs(state.original.width - state.width) <= SAME_WIDTH_PX;
}

function followFrame(root, message) {
  // The generated page scrolled (or was drawn): take the original to the same place.
  const state = root.hp;
  const place = {
    x: Number(message.x) || 0, y: Number(message.y) || 0,
    height: Number(message.height) || 0, view: Number(message.view) || 0,
  };
  const seq = Number(message.seq) || 0;
  if (seq < state.sentSeq) return;  // from before our newest command: stale
  // Its answer to our newest command: where we sent it, or as far as it goes (a shorter page).
  const atEnd = place.y >= place.height - place.view - 1;
  const echo = seq === state.sentSeq && state.sentY !== null
    && (Math.abs(place.y - state.sentY) <= 1 || (atEnd && state.sentY > place.y));
  state.frameScroll = place;
  if (echo || !state.original || performance.now() < state.quietFrameUntil) return;
  state.sentY = null;  // the user scrolls the frame now
  const pane = root.querySelector(".hp-original");
  let top;
  if (sameWidth(state)) top = place.y * state.originalScale;
  else top = fraction(place.y, place.height - place.view) * (pane.scrollHeight - pane.clientHeight);
  pane.scrollTop = top;
  moved(state, pane);
}

function moved(state, pane) {
  // The original was moved for the user: its scroll event at this place (as the pane clamped it)
  // is that move, not the user's scrolling.
  state.setOriginalAt = { left: pane.scrollLeft, top: pane.scrollTop };
}

function followOriginal(root) {
  // The user scrolled the original: take the generated page to the same place.
  const state = root.hp;
  const pane = root.querySelector(".hp-original");
  const at = state.setOriginalAt;
  const echo = at !== null && Math.abs(pane.scrollTop - at.top) <= 1 && Math.abs(pane.scrollLeft - at.left) <= 1;
  if (echo || !state.shown) return;
  state.setOriginalAt = null;  // the user scrolls the original now
  const place = state.frameScroll || { x: 0, y: 0, height: 0, view: 0 };
  let y;
  if (sameWidth(state)) y = pane.scrollTop / state.originalScale;
  else y = fraction(pane.scrollTop, pane.scrollHeight - pane.clientHeight) * Math.max(0, place.height - place.view);
  const stage = root.querySelector(".hp-stage");
  stage.scrollLeft = fraction(pane.scrollLeft, pane.scrollWidth - pane.clientWidth) * (stage.scrollWidth - stage.clientWidth);
  state.frameScroll = { ...place, y };
  sendScroll(state, place.x, y);
}

function followStageAcross(root) {
  // The generated page is wider than its pane (zoomed in) and was scrolled sideways.
  const state = root.hp;
  if (!state.original || performance.now() < state.quietFrameUntil) return;
  const stage = root.querySelector(".hp-stage");
  const pane = root.querySelector(".hp-original");
  pane.scrollLeft = fraction(stage.scrollLeft, stage.scrollWidth - stage.clientWidth) * (pane.scrollWidth - pane.clientWidth);
  moved(state, pane);
}

function fraction(value, range) {
  return range > 0 ? Math.min(1, Math.max(0, value / range)) : 0;
}

function show(root, doc, live) {
  const state = root.hp;
  state.lastDoc = doc;
  state.live = live;
  if (state.paused) return;  // kept for "Show it again"
  discard(root);
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-scripts");
  frame.setAttribute("title", "Generated code preview");
  frame.className = "hp-hidden";  // until it reports, or swap() shows it
  frame.srcdoc = doc;
  state.pending = frame;
  root.querySelector(".hp-canvas").appendChild(frame);
  layout(root);
  if (!state.shown && !live) swap(root);  // a final first frame shows at once
  else state.timer = setTimeout(() => swap(root), SWAP_TIMEOUT_MS);
}

export default function (component) {
  const { data, parentElement } = component;
  const root = setup(parentElement);
  const state = root.hp;
  state.setState = component.setStateValue;
  state.selectable = Boolean(data && data.selectable);
  // The app's copy of the selection wins: it is cleared there once a change is asked, and it
  // brings a selection back into a pane Streamlit mounted again (another tab, say).
  const kept = state.selectable && data.picked && typeof data.picked.html === "string" ? data.picked : null;
  if (!kept && state.picking && !state.selectable) setPicking(root, false);
  if (JSON.stringify(kept) !== JSON.stringify(state.picked)) {
    state.picked = kept;
    showPicked(root);
    if (!kept && state.shown) state.shown.contentWindow.postMessage({ handoff: "pick", on: state.picking, clear: true }, "*");
  }
  configure(root, data || {});
  state.height = Number(data && data.height) || 720;
  const doc = data && data.doc;
  const live = Boolean(data && data.live);
  if (data && data.babel && !doc && !compiler.worker) {
    compile(data.babel, "", data.options);  // load Babel in the worker while the model thinks
  }
  if (doc && doc !== state.doc) {
    state.doc = doc;
    if (data.template && data.babel) {
      compile(data.babel, data.source, data.options).then((code) => {
        if (state.doc !== doc) return;  // newer code arrived meanwhile
        // Code Babel rejects: live, keep the last good frame; final, let the frame show the error.
        if (code !== null) show(root, fillTemplate(code, data), live);
        else if (!live) show(root, doc, live);
      });
    } else {
      show(root, doc, live);
    }
  } else if (!doc && state.shown) {
    discard(root);
    state.shown.remove();
    state.shown = null;
    state.doc = null;
  }
  layout(root);
  return () => {
    state.observer.disconnect();
    FocusGuard.roots.delete(root);
  };
}
