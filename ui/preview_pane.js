// Handoff preview pane (Streamlit component v2, trusted code running in the app page).
//
// Shows an untrusted preview document in an <iframe sandbox="allow-scripts"> (opaque origin:
// it can read nothing of this page). A new document is loaded into a hidden frame and swapped in
// only once it reports "rendered" or "error" (or after a timeout), so live updates never flash
// white; in live mode an "incomplete" report keeps the previous frame. The frame is laid out at
// the chosen device width and scaled down to fit the pane.
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
    '<div class="hp-bar"><span class="hp-state"></span></div><div class="hp-stage"></div>' +
    '<div class="hp-paused" hidden><p>This preview kept taking the keyboard focus from the app, so it ' +
    'was stopped.</p><button type="button">Show it again</button></div>';
  parentElement.appendChild(root);
  root.hp = {
    doc: null, shown: null, pending: null, timer: null, width: 1280, height: 720,
    strikes: 0, paused: false, lastDoc: null, live: false,
  };
  root.hp.observer = new ResizeObserver(() => layout(root));
  root.hp.observer.observe(root);
  root.querySelector(".hp-paused button").addEventListener("click", () => resume(root));
  FocusGuard.install();
  FocusGuard.roots.add(root);
  window.addEventListener("message", (event) => {
    const state = root.hp;
    const message = event.data;
    if (!message || message.handoff !== "status") return;
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
  const deviceWidth = root.hp.width;
  const height = root.hp.height;
  const stage = root.querySelector(".hp-stage");
  const available = Math.max(1, stage.clientWidth || root.clientWidth || deviceWidth);
  const scale = Math.min(1, available / deviceWidth);
  stage.style.height = height + "px";
  for (const frame of stage.querySelectorAll("iframe")) {
    frame.style.width = deviceWidth + "px";
    frame.style.height = Math.round(height / scale) + "px";
    frame.style.transform = "scale(" + scale + ")";
  }
  root.querySelector(".hp-bar").dataset.scale = scale.toFixed(3);
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
  root.querySelector(".hp-stage").appendChild(frame);
  layout(root);
  if (!state.shown && !live) swap(root);  // a final first frame shows at once
  else state.timer = setTimeout(() => swap(root), SWAP_TIMEOUT_MS);
}

export default function (component) {
  const { data, parentElement } = component;
  const root = setup(parentElement);
  const state = root.hp;
  state.width = Number(data && data.width) || 1280;
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
