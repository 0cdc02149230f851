// Walks a rendered page's DOM into a Figma FRAME node, as GET /v1/files/KEY/nodes gives one.
// Run by scripts/figma_fixtures.py in Chromium (page.evaluate); returns {document, components}.
// Elements become FRAMEs (flex containers with their auto-layout), text TEXT nodes (characters,
// type style, mixed styles as characterStyleOverrides + styleOverrideTable), <img> RECTANGLEs with
// an IMAGE fill, <svg> VECTORs; data-name names a layer, data-component="Name" makes an INSTANCE
// of that component, data-sizing-h/-v ("FIXED" | "HUG" | "FILL") give a layer's sizing.
(rootSelector) => {
  let next = 2;
  const newId = () => `1:${next++}`;
  const components = {};
  const componentIds = {};
  const px = (v) => parseFloat(v) || 0;
  const round = (v) => Math.round(v * 100) / 100;
  const parseColor = (css) => {
    const m = css && css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    const a = p.length > 3 ? p[3] : 1;
    if (a === 0) return null;
    const c = (v) => Math.round((v / 255) * 1e6) / 1e6;
    return { r: c(p[0]), g: c(p[1]), b: c(p[2]), a: round(a) };
  };
  const solid = (color) => {
    const paint = { blendMode: "NORMAL", type: "SOLID", color: { ...color, a: 1 } };
    if (color.a < 1) paint.opacity = color.a;
    return paint;
  };
  const bbox = (r) => ({ x: round(r.left + window.scrollX), y: round(r.top + window.scrollY),
                         width: round(r.width), height: round(r.height) });
  const base = (type, name, rect) => ({
    id: newId(), name, type, scrollBehavior: "SCROLLS", blendMode: type === "FRAME" || type === "INSTANCE" ? "PASS_THROUGH" : "NORMAL",
    absoluteBoundingBox: bbox(rect), absoluteRenderBounds: bbox(rect),
    constraints: { vertical: "TOP", horizontal: "LEFT" }, fills: [], strokes: [], strokeWeight: 1,
    strokeAlign: "INSIDE", effects: [],
  });
  const family = (css) => {
    const names = css.toLowerCase();
    if (/mono|courier|consolas|menlo/.test(names)) return "DejaVu Sans Mono";
    if (/(^|,)\s*"?(serif|times|georgia|garamond|cambria)/.test(names)) return "DejaVu Serif";
    return "DejaVu Sans";
  };
  const typeStyle = (cs) => {
    const size = px(cs.fontSize);
    const lh = cs.lineHeight === "normal" ? size * 1.164 : px(cs.lineHeight);
    const align = { center: "CENTER", right: "RIGHT", end: "RIGHT", justify: "JUSTIFIED" }[cs.textAlign] || "LEFT";
    const style = {
      fontFamily: family(cs.fontFamily), fontWeight: Number(cs.fontWeight) || 400, fontSize: size,
      textAlignHorizontal: align, textAlignVertical: "TOP", letterSpacing: px(cs.letterSpacing),
      lineHeightPx: round(lh), lineHeightPercentFontSize: round((lh / size) * 100), lineHeightUnit: "PIXELS",
    };
    if (cs.fontStyle === "italic") style.italic = true;
    if (cs.textTransform === "uppercase") style.textCase = "UPPER";
    if (cs.textDecorationLine.includes("underline")) style.textDecoration = "UNDERLINE";
    const color = parseColor(cs.color);
    if (color) style.fills = [solid(color)];
    return style;
  };
  const shadows = (css) => {
    if (!css || css === "none") return [];
    return css.split(/,(?![^(]*\))/).map((part) => {
      const color = parseColor(part) || { r: 0, g: 0, b: 0, a: 1 };
      const nums = part.replace(/rgba?\([^)]*\)/, "").trim().split(/\s+/).filter((t) => t.endsWith("px")).map(px);
      return { type: part.includes("inset") ? "INNER_SHADOW" : "DROP_SHADOW", visible: true, color,
               blendMode: "NORMAL", offset: { x: nums[0] || 0, y: nums[1] || 0 }, radius: nums[2] || 0,
               spread: nums[3] || 0, showShadowBehindNode: false };
    });
  };
  const decorate = (node, el, cs) => {
    const bg = parseColor(cs.backgroundColor);
    if (bg) node.fills.push(solid(bg));
    const image = cs.backgroundImage.match(/url\("?([^")]+)"?\)/);
    if (image) node.fills.push({ blendMode: "NORMAL", type: "IMAGE", scaleMode: "FILL", imageRef: ref(image[1]) });
    const sides = ["Top", "Right", "Bottom", "Left"].map((s) => cs[`border${s}Style`] !== "none" ? px(cs[`border${s}Width`]) : 0);
    if (sides.some((w) => w > 0)) {
      const color = parseColor(cs.borderTopColor) || parseColor(cs.borderBottomColor) || parseColor(cs.borderLeftColor);
      if (color) node.strokes.push(solid(color));
      if (sides.every((w) => w === sides[0])) node.strokeWeight = sides[0];
      else {
        node.strokeWeight = Math.max(...sides);
        node.individualStrokeWeights = { top: sides[0], right: sides[1], bottom: sides[2], left: sides[3] };
      }
    }
    const radii = ["TopLeft", "TopRight", "BottomRight", "BottomLeft"].map((c) => px(cs[`border${c}Radius`]));
    if (radii.some((r) => r > 0)) {
      if (radii.every((r) => r === radii[0])) node.cornerRadius = radii[0];
      else node.rectangleCornerRadii = radii;
    }
    node.effects = shadows(cs.boxShadow);
    if (Number(cs.opacity) < 1) node.opacity = Number(cs.opacity);
    return bg || image || node.strokes.length || node.effects.length || node.cornerRadius;
  };
  const ref = (src) => { let h = 0; for (const c of src) h = (h * 31 + c.charCodeAt(0)) >>> 0; return h.toString(16).padStart(8, "0").repeat(5); };
  const visible = (el, cs, rect) => cs.display !== "none" && cs.visibility !== "hidden";
  // An element of no size (a wrapper of floats, of a fixed banner) still shows what overflows it.
  const sized = (rect) => rect.width > 0 && rect.height > 0;
  const INLINE = new Set(["inline", "contents"]);
  const isTextLeaf = (el) => {
    if (!el.innerText || !el.innerText.trim()) return false;
    for (const child of el.querySelectorAll("*")) {
      const d = getComputedStyle(child).display;
      if (child.tagName === "BR") continue;
      if (!INLINE.has(d) || ["IMG", "SVG", "svg", "INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(child.tagName)) return false;
    }
    return true;
  };
  const textNode = (el, cs, rect) => {
    const characters = el.innerText.replace(/[ \t]+/g, " ").replace(/ *\n */g, "\n").trim();
    const baseStyle = typeStyle(cs);
    const node = base("TEXT", characters.slice(0, 40), rect);
    node.characters = characters;
    node.style = baseStyle;
    node.fills = baseStyle.fills || [];
    const table = {}; const keys = {}; const overrides = new Array(characters.length).fill(0);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let cursor = 0;
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const owner = t.parentElement;
      let s = t.textContent.replace(/\s+/g, " ").trim();
      if (!s || owner === el) { cursor += 0; if (s) { const i = characters.indexOf(s, cursor); if (i >= 0) cursor = i + s.length; } continue; }
      if (getComputedStyle(owner).textTransform === "uppercase") s = s.toUpperCase();
      const at = characters.indexOf(s, cursor);
      if (at < 0) continue;
      cursor = at + s.length;
      const own = typeStyle(getComputedStyle(owner));
      const diff = {};
      for (const k of ["fontFamily", "fontWeight", "fontSize", "italic", "textDecoration", "textCase", "lineHeightPx"]) {
        if (own[k] !== undefined && own[k] !== baseStyle[k]) diff[k] = own[k];
      }
      if (JSON.stringify(own.fills) !== JSON.stringify(baseStyle.fills) && own.fills) diff.fills = own.fills;
      if (!Object.keys(diff).length) continue;
      const key = JSON.stringify(diff);
      if (!keys[key]) { keys[key] = String(Object.keys(keys).length + 1); table[keys[key]] = diff; }
      for (let i = at; i < at + s.length; i++) overrides[i] = Number(keys[key]);
    }
    // One style over every character is the node's own style, as Figma keeps it (no overrides).
    const only = overrides.length && overrides.every((k) => k === overrides[0]) ? overrides[0] : 0;
    if (only) {
      Object.assign(node.style, table[String(only)]);
      if (table[String(only)].fills) node.fills = table[String(only)].fills;
      overrides.fill(0);
      for (const key of Object.keys(table)) delete table[key];
    }
    let end = overrides.length; while (end > 0 && overrides[end - 1] === 0) end--;
    node.characterStyleOverrides = overrides.slice(0, end);
    node.styleOverrideTable = table;
    node.lineTypes = ["NONE"]; node.lineIndentations = [0];
    node.textAutoResize = getComputedStyle(el).display === "inline" ? "WIDTH_AND_HEIGHT" : "HEIGHT";
    return node;
  };
  const contentRect = (el, cs) => {
    const r = el.getBoundingClientRect();
    const l = px(cs.paddingLeft) + px(cs.borderLeftWidth), t = px(cs.paddingTop) + px(cs.borderTopWidth);
    const w = r.width - l - px(cs.paddingRight) - px(cs.borderRightWidth);
    const h = r.height - t - px(cs.paddingBottom) - px(cs.borderBottomWidth);
    if (cs.display === "inline") { const range = document.createRange(); range.selectNodeContents(el); return range.getBoundingClientRect(); }
    return { left: r.left + l, top: r.top + t, width: Math.max(1, w), height: Math.max(1, h) };
  };
  const autoLayout = (node, cs) => {
    if (!cs.display.endsWith("flex")) return;
    const row = cs.flexDirection.startsWith("row");
    node.layoutMode = row ? "HORIZONTAL" : "VERTICAL";
    node.itemSpacing = px(row ? cs.columnGap : cs.rowGap);
    node.paddingLeft = px(cs.paddingLeft); node.paddingRight = px(cs.paddingRight);
    node.paddingTop = px(cs.paddingTop); node.paddingBottom = px(cs.paddingBottom);
    node.primaryAxisAlignItems = { center: "CENTER", "flex-end": "MAX", end: "MAX", "space-between": "SPACE_BETWEEN" }[cs.justifyContent] || "MIN";
    node.counterAxisAlignItems = { center: "CENTER", "flex-end": "MAX", end: "MAX", baseline: "BASELINE" }[cs.alignItems] || "MIN";
    if (cs.flexWrap === "wrap") { node.layoutWrap = "WRAP"; node.counterAxisSpacing = px(row ? cs.rowGap : cs.columnGap); }
    node.primaryAxisSizingMode = "FIXED"; node.counterAxisSizingMode = "FIXED";
  };
  const sizing = (node, el, parent) => {
    const h = el.dataset && el.dataset.sizingH, v = el.dataset && el.dataset.sizingV;
    if (h) node.layoutSizingHorizontal = h;
    if (v) node.layoutSizingVertical = v;
    if (node.layoutMode) {
      const primary = node.layoutMode === "HORIZONTAL" ? h : v, counter = node.layoutMode === "HORIZONTAL" ? v : h;
      if (primary === "HUG") node.primaryAxisSizingMode = "AUTO";
      if (counter === "HUG") node.counterAxisSizingMode = "AUTO";
    }
    if (parent && parent.layoutMode) {
      const primary = parent.layoutMode === "HORIZONTAL" ? h : v, counter = parent.layoutMode === "HORIZONTAL" ? v : h;
      node.layoutGrow = primary === "FILL" ? 1 : 0;
      node.layoutAlign = counter === "FILL" ? "STRETCH" : "INHERIT";
    }
  };
  const walk = (el, parent) => {
    const cs = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (parent && !visible(el, cs, rect)) return [];
    if (parent && !sized(rect) && (["IMG", "svg", "SVG"].includes(el.tagName) || !el.children.length)) return [];
    const name = (el.dataset && el.dataset.name) || el.tagName.toLowerCase();
    if (el.tagName === "IMG") {
      const node = base("RECTANGLE", el.getAttribute("alt") || "image", rect);
      node.fills = [{ blendMode: "NORMAL", type: "IMAGE", scaleMode: "FILL", imageRef: ref(el.getAttribute("src") || "") }];
      decorate(node, el, cs); node.fills = node.fills.filter((f) => f.type === "IMAGE");
      sizing(node, el, parent);
      return [node];
    }
    if (el.tagName.toLowerCase() === "svg") {
      const node = base("VECTOR", (el.dataset && el.dataset.name) || "icon", rect);
      const color = parseColor(cs.fill !== "none" ? cs.fill : cs.color) || parseColor(cs.color);
      if (color) node.fills = [solid(color)];
      const stroke = parseColor(cs.stroke);
      if (stroke) { node.strokes = [solid(stroke)]; node.strokeWeight = px(cs.strokeWidth) || 1; node.strokeAlign = "CENTER"; }
      sizing(node, el, parent);
      return [node];
    }
    const componentName = el.dataset && el.dataset.component;
    const leaf = isTextLeaf(el);
    const node = base(componentName ? "INSTANCE" : "FRAME", componentName || name, rect);
    const decorated = decorate(node, el, cs);
    if (leaf && !decorated && !componentName && !cs.display.endsWith("flex") && el !== document.querySelector(rootSelector)) {
      const text = textNode(el, cs, contentRect(el, cs));
      sizing(text, el, parent);
      return [text];
    }
    node.clipsContent = cs.overflow !== "visible";
    autoLayout(node, cs);
    sizing(node, el, parent);
    if (componentName) {
      if (!componentIds[componentName]) {
        componentIds[componentName] = `10:${Object.keys(componentIds).length + 1}`;
        components[componentIds[componentName]] = { key: ref(componentName), name: componentName, description: "",
                                                    remote: false, documentationLinks: [] };
      }
      node.componentId = componentIds[componentName];
      node.overrides = [];
    }
    node.children = [];
    if (leaf) {
      const text = textNode(el, cs, contentRect(el, cs));
      if (node.layoutMode) { text.layoutGrow = 0; text.layoutAlign = "INHERIT"; }
      node.children.push(text);
      return [node];
    }
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE && child.textContent.trim()) {
        const range = document.createRange(); range.selectNodeContents(child);
        const r = range.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) {
          const text = base("TEXT", child.textContent.trim().slice(0, 40), r);
          text.characters = child.textContent.replace(/\s+/g, " ").trim();
          text.style = typeStyle(cs); text.fills = text.style.fills || [];
          text.characterStyleOverrides = []; text.styleOverrideTable = {};
          text.lineTypes = ["NONE"]; text.lineIndentations = [0]; text.textAutoResize = "WIDTH_AND_HEIGHT";
          node.children.push(text);
        }
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        node.children.push(...walk(child, node));
      }
    }
    if (!sized(rect) && !node.children.length) return [];
    if (node.layoutMode) inLine(node);
    return [node];
  };
  // An auto-layout frame's layers are in the order they show along its axis (a row-reverse or
  // re-ordered flex box shows them in another order than the DOM's); when they do not lie one
  // after another along it (an item placed out of flow, a full-width item wrapping under another),
  // the frame is one without auto-layout, its children placed by their boxes, as a designer's is.
  const inLine = (node) => {
    const row = node.layoutMode === "HORIZONTAL";
    const start = (n) => row ? n.absoluteBoundingBox.x : n.absoluteBoundingBox.y;
    const size = (n) => row ? n.absoluteBoundingBox.width : n.absoluteBoundingBox.height;
    if (node.layoutWrap) {
      // A wrapping row on one line (the rest keep the DOM's order: lines are read top down).
      const top = (n) => n.absoluteBoundingBox.y, bottom = (n) => n.absoluteBoundingBox.y + n.absoluteBoundingBox.height;
      const first = node.children[0];
      if (first && node.children.every((n) => top(n) < bottom(first) && bottom(n) > top(first))) node.children.sort((a, b) => start(a) - start(b));
      return;
    }
    const shown = [...node.children].sort((a, b) => start(a) - start(b));
    const apart = shown.every((n, i) => i === 0 || start(n) >= start(shown[i - 1]) + size(shown[i - 1]) - 1);
    if (apart) { node.children = shown; return; }  // (else the DOM's order stays: it is the paint order)
    for (const key of ["layoutMode", "itemSpacing", "paddingLeft", "paddingRight", "paddingTop", "paddingBottom",
                       "primaryAxisAlignItems", "counterAxisAlignItems", "primaryAxisSizingMode", "counterAxisSizingMode"]) delete node[key];
    for (const child of node.children) { delete child.layoutGrow; delete child.layoutAlign; }
  };
  const root = document.querySelector(rootSelector);
  const [document_] = walk(root, null);
  const page = document.documentElement.getBoundingClientRect();
  if (root === document.body) {
    document_.type = "FRAME";
    document_.name = document.title ? document.title.slice(0, 60) : "Page";
    const full = { left: 0, top: 0, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight };
    document_.absoluteBoundingBox = bbox({ left: -window.scrollX, top: -window.scrollY, width: full.width, height: full.height });
    document_.absoluteRenderBounds = document_.absoluteBoundingBox;
    const bg = parseColor(getComputedStyle(document.body).backgroundColor) || parseColor(getComputedStyle(document.documentElement).backgroundColor) || { r: 1, g: 1, b: 1, a: 1 };
    document_.fills = [solid(bg)];
    document_.clipsContent = true;
  }
  return { document: document_, components };
}
