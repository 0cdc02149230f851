"""JavaScript of the accessibility audit (``converters.render.audit``).

Every script here runs in the audit's own isolated world of the rendered page (a CDP
``Page.createIsolatedWorld``), never in the page's realm: it shares the page's DOM and its
computed styles, but not its globals or built-in prototypes, so a page cannot redefine what the
audit calls (``Array.prototype.map``, ``getBoundingClientRect``, axe-core itself) to change its
result, and cannot see the audit's globals (``window.__handoffA11y``). What a page can still do is
what its DOM and styles are: that is what is being checked.
"""

from __future__ import annotations

from typing import Final

# Helpers the other scripts share: a short CSS selector of an element (ids that are unique and
# plain, else tag and :nth-of-type up to <body>), a description for people (tag and text, or the
# image's file), and its border box in page coordinates (null for <html> and <body>: a finding
# about the whole page). Installed once per audit in the isolated world.
HELPERS_JS: Final = r"""
(() => {
  const clip = (text, n) => {
    const flat = String(text || "").replace(/\s+/g, " ").trim();
    return flat.length > n ? flat.slice(0, n - 1) + "…" : flat;
  };
  const selectorOf = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const tag = e.localName;
      if (tag === "html" || tag === "body") { parts.unshift(tag); break; }
      if (e.id && /^[A-Za-z][\w-]*$/.test(e.id) && document.querySelectorAll("#" + e.id).length === 1) {
        parts.unshift("#" + e.id);
        break;
      }
      const parent = e.parentElement;
      const same = parent ? Array.from(parent.children).filter((c) => c.localName === tag) : [];
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(e) + 1})` : tag);
    }
    return parts.join(" > ");
  };
  const describe = (el) => {
    const tag = el.localName;
    if (tag === "html" || tag === "body") { return "the page"; }
    const text = clip(el.innerText || el.textContent, 40);
    if (text) { return `${tag} "${text}"`; }
    const label = clip(el.getAttribute("aria-label") || el.getAttribute("title") || "", 40);
    if (label) { return `${tag} "${label}"`; }
    const src = el.getAttribute("src");
    if (src) {
      const file = clip(src.split(/[?#]/)[0].split("/").pop(), 40);
      return `${tag} ${src.startsWith("data:") ? "(inline image)" : file}`;
    }
    const kind = el.getAttribute("type"), name = el.getAttribute("name");
    const hint = el.getAttribute("placeholder");
    if (kind || name || hint) {
      const parts = [tag, kind && `type=${clip(kind, 20)}`, name && `name=${clip(name, 20)}`];
      return [...parts, hint && `"${clip(hint, 30)}"`].filter(Boolean).join(" ");
    }
    const classes = typeof el.className === "string" ? el.className.trim().split(/\s+/) : [];
    const cls = classes.slice(0, 2).join(".");
    return cls ? `${tag}.${clip(cls, 40)}` : tag;
  };
  const boxOf = (el) => {
    if (el === document.documentElement || el === document.body) { return null; }
    const r = el.getBoundingClientRect();
    return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
  };
  const finding = (check, el, message, contrast) => ({
    check, selector: selectorOf(el), element: describe(el), message: clip(message, 300), box: boxOf(el),
    contrast: contrast || null,
  });
  const inOrder = (items) => items.sort((a, b) =>
    a.el === b.el ? 0 : a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  window.__handoffA11y = { finding, inOrder };
})();
"""

# Runs the axe-core rules of the checks and sums them up per check: elements passed, failed and
# undecided ("incomplete": contrast over an image or gradient), and the failing elements as
# findings (at most ``maxFindings`` a check), each with its rule's one-line help, or for contrast
# the node's message with the ratio and colours. axe-core's own selectors are turned off: they cost
# the most on a long page, and ``selectorOf`` names the few failing elements.
AXE_AUDIT_JS: Final = r"""
async ([rules, checkOf, maxFindings]) => {
  const { finding, inOrder } = window.__handoffA11y;
  const result = await axe.run(document, {
    runOnly: { type: "rule", values: rules },
    elementRef: true, selectors: false, ancestry: false, xpath: false, iframes: false,
    restoreScroll: true,
  });
  const counts = {}, failing = {};
  const add = (check, kind, n) => {
    counts[check] = counts[check] || { passed: 0, failed: 0, unsure: 0 };
    counts[check][kind] += n;
  };
  const lists = [["passed", result.passes], ["failed", result.violations], ["unsure", result.incomplete]];
  for (const [kind, list] of lists) {
    for (const rule of list) {
      const check = checkOf[rule.id];
      if (!check) { continue; }
      add(check, kind, rule.nodes.length);
      if (kind !== "failed") { continue; }
      for (const node of rule.nodes) {
        (failing[check] = failing[check] || []).push({ el: node.element, node, help: rule.help });
      }
    }
  }
  const findings = [];
  for (const [check, items] of Object.entries(failing)) {
    for (const { el, node, help } of inOrder(items).slice(0, maxFindings)) {
      if (!el) { continue; }
      const data = (node.any.find((part) => part.id === "color-contrast") || {}).data;
      const contrast = data && typeof data.contrastRatio === "number" && data.fgColor && data.bgColor
        ? {
            ratio: data.contrastRatio,
            expected: parseFloat(String(data.expectedContrastRatio || "4.5")),
            foreground: String(data.fgColor), background: String(data.bgColor),
          }
        : null;
      // The rule's one-line help says what is wrong; for contrast, the node's message has the numbers.
      const said = contrast && node.any.find((part) => part.id === "color-contrast").message;
      findings.push(finding(check, el, said || help || "", contrast));
    }
  }
  return { counts, findings };
}
"""

# The keyboard check, our own (axe-core has no rule for it): which controls exist, then, after
# each Tab the renderer presses (a real key event, as a user's), which control holds the focus.
# A control: a link or area with href, a button, a form field (not type=hidden), <summary>,
# contenteditable, an element with tabindex >= 0, an onclick attribute or a widget role; visible
# (checkVisibility, a box), not disabled and not inert (a disabled control is unreachable on
# purpose). It is reached when the focus lands on it, or inside it while no nearer control holds
# it; a radio button also when Tab lands on another radio of its group (same name and form: Tab
# stops once per group, the arrow keys move within it). The walk ends when every control is
# reached, or the focus comes back to where it first landed (a full round of the page), or lands
# nowhere twice from the top (nothing takes focus), or after the renderer's press budget.
CONTROLS_JS: Final = r"""
() => {
  const roles = ["button", "link", "checkbox", "radio", "switch", "tab", "menuitem", "option",
    "combobox", "textbox", "slider", "spinbutton", "searchbox"];
  const native = ["a[href]", "area[href]", "button", 'input:not([type="hidden" i])', "select", "textarea",
    "summary", '[contenteditable]:not([contenteditable="false" i])', "[onclick]",
    ...roles.map((role) => `[role="${role}" i]`)].join(",");
  // tabindex="-1" on a plain element is a programmatic focus target, not a control; on a control
  // it takes it out of the Tab order, which is what this check finds.
  const selector = native + ',[tabindex]:not([tabindex^="-"])';
  const controls = Array.from(document.querySelectorAll(selector)).filter((el) => {
    if (el.matches(":disabled") || el.closest("[inert]")) { return false; }
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) { return false; }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  const index = new Map(controls.map((el, i) => [el, i]));
  window.__handoffKeyboard = { controls, index, reached: new Set(), first: null, cycled: false, presses: 0 };
  const active = document.activeElement;
  if (active && active !== document.body && typeof active.blur === "function") { active.blur(); }
  return controls.length;
}
"""

FOCUSED_JS: Final = r"""
() => {
  const state = window.__handoffKeyboard;
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) { el = el.shadowRoot.activeElement; }
  state.presses += 1;
  if (el && el !== document.body && el !== document.documentElement) {
    if (state.first === null) { state.first = el; } else if (el === state.first) { state.cycled = true; }
  } else if (state.first === null && state.presses >= 2) {
    state.cycled = true;  // Tab from the top landed nowhere, twice: nothing on the page takes focus
  }
  for (let e = el; e; e = e.parentElement) {
    if (!state.index.has(e)) { continue; }
    state.reached.add(state.index.get(e));
    // Tab stops once in a group of radios (one name, one form); the arrow keys move within it.
    if (e.matches('input[type="radio" i][name]')) {
      state.controls.forEach((other, i) => {
        if (other.matches('input[type="radio" i]') && other.name === e.name && other.form === e.form) {
          state.reached.add(i);
        }
      });
    }
    break;
  }
  return state.cycled || state.reached.size === state.controls.length;
}
"""

KEYBOARD_RESULT_JS: Final = r"""
([walked, maxFindings]) => {
  const state = window.__handoffKeyboard;
  const { finding, inOrder } = window.__handoffA11y;
  const missed = state.controls.filter((el, i) => !state.reached.has(i));
  const findings = inOrder(missed.map((el) => ({ el }))).slice(0, maxFindings).map(({ el }) => {
    const tabindex = (el.getAttribute("tabindex") || "").trim();
    let message;
    if (tabindex.startsWith("-")) {
      message = `It has tabindex="${tabindex}", so Tab skips it.`;
    } else if (el.tabIndex < 0) {
      message = `A <${el.localName}> is not focusable: give it tabindex="0" and key handling, `
        + "or use a <button> or <a href>.";
    } else {
      message = "Tab never reached it: the page's scripts keep or move the focus elsewhere.";
    }
    return finding("keyboard", el, message, null);
  });
  // Past the press budget the controls not reached were not judged: counted as undecided.
  const complete = walked || state.cycled;
  return {
    counts: {
      passed: state.reached.size, failed: complete ? missed.length : 0, unsure: complete ? 0 : missed.length,
    },
    findings: complete ? findings : [],
  };
}
"""
