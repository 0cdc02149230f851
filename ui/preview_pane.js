// Handoff preview pane (Streamlit component v2, trusted code running in the app page).
//
// Shows an untrusted preview document in an <iframe sandbox="allow-scripts"> (opaque origin:
// it can read nothing of this page). A new document is loaded into a hidden frame and swapped in
// only once it reports "rendered" or "error" (or after a timeout), so live updates never flash
// white; in live mode an "incomplete" report keeps the previous frame. The frame is laid out at
// the chosen device width and scaled down to fit the pane.
const SWAP_TIMEOUT_MS = 4000;

// Babel is loaded once into this page (trusted, vendored) to compile React previews here: the
// sandboxed frames have opaque origins, share no cache, and would each load and parse 3 MB.
// Compiling untrusted source is safe: Babel only parses and prints it, it never runs it.
function loadBabel(url) {
  if (!window.__handoffBabel) {
    window.__handoffBabel = new Promise((resolve, reject) => {
      if (window.Babel) { resolve(window.Babel); return; }
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => (window.Babel ? resolve(window.Babel) : reject(new Error("no Babel")));
      script.onerror = () => { window.__handoffBabel = null; reject(new Error("Babel did not load")); };
      document.head.appendChild(script);
    });
  }
  return window.__handoffBabel;
}

// The template's token becomes the module as a JSON string, safe inside the frame's <script>
// element (no <, >, &) and inside the srcdoc attribute that holds the frame (" as &quot;).
function fillTemplate(Babel, data) {
  const code = Babel.transform(data.source, data.options).code;
  const json = JSON.stringify(code)
    .replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  return data.template.split(data.token).join(json.replace(/"/g, "&quot;"));
}

function setup(parentElement) {
  let root = parentElement.querySelector(".hp-root");
  if (root) return root;
  root = document.createElement("div");
  root.className = "hp-root";
  root.innerHTML = '<div class="hp-bar"><span class="hp-state"></span></div><div class="hp-stage"></div>';
  parentElement.appendChild(root);
  root.hp = { doc: null, shown: null, pending: null, timer: null, width: 1280, height: 720 };
  root.hp.observer = new ResizeObserver(() => layout(root));
  root.hp.observer.observe(root);
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
  if (data && data.babel) loadBabel(data.babel).catch(() => {});  // start early: it takes ~1 s
  if (doc && doc !== state.doc) {
    state.doc = doc;
    if (data.template && data.babel) {
      loadBabel(data.babel).then((Babel) => {
        if (state.doc !== doc) return;  // newer code arrived meanwhile
        let filled = null;
        try { filled = fillTemplate(Babel, data); } catch (error) { filled = null; }
        // Code Babel rejects: live, keep the last good frame; final, let the frame show the error.
        if (filled) show(root, filled, live);
        else if (!live) show(root, doc, live);
      }, () => { if (state.doc === doc) show(root, doc, live); });
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
  return () => state.observer.disconnect();
}
