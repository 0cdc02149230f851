() => {
  let next = 1;
  const id = () => `${next++}:${next++}`;
  const colour = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    const a = p.length > 3 ? p[3] : 1;
    return a <= 0.02 ? null : {r: p[0] / 255, g: p[1] / 255, b: p[2] / 255, a};
  };
  const solid = (css) => { const c = colour(css); return c ? [{type: "SOLID", blendMode: "NORMAL", color: c}] : []; };
  const box = (r) => ({x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height});
  const weight = (w) => (w === "bold" ? 700 : w === "normal" ? 400 : Number(w) || 400);
  const cases = {uppercase: "UPPER", lowercase: "LOWER", capitalize: "TITLE"};
  const aligns = {center: "CENTER", right: "RIGHT", end: "RIGHT", justify: "JUSTIFIED"};
  function text(node, style) {
    const chars = node.textContent.replace(/\s+/g, " ").trim();
    if (!chars) return null;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return null;
    const size = parseFloat(style.fontSize);
    const lh = style.lineHeight === "normal" ? size * 1.2 : parseFloat(style.lineHeight);
    return {id: id(), name: chars.slice(0, 32), type: "TEXT", visible: true, absoluteBoundingBox: box(r),
      characters: chars, fills: solid(style.color), strokes: [], effects: [],
      characterStyleOverrides: [], styleOverrideTable: {},
      style: {fontFamily: style.fontFamily.split(",")[0].replace(/["']/g, "").trim(), fontWeight: weight(style.fontWeight),
        fontSize: size, lineHeightPx: lh, letterSpacing: parseFloat(style.letterSpacing) || 0,
        italic: style.fontStyle === "italic", textAlignHorizontal: aligns[style.textAlign] || "LEFT",
        textCase: cases[style.textTransform] || "ORIGINAL",
        textDecoration: style.textDecorationLine.includes("underline") ? "UNDERLINE" : "NONE"}};
  }
  const BREAKS = new Set(["img", "svg", "video", "canvas", "input", "select", "textarea", "button", "iframe"]);
  function inlineOnly(el) {
    for (const child of el.children) {
      const s = getComputedStyle(child);
      if (s.display === "none") continue;
      if (!s.display.startsWith("inline") || s.display === "inline-block" || BREAKS.has(child.tagName.toLowerCase())) return false;
      if (!inlineOnly(child)) return false;
    }
    return true;
  }
  function runs(el, base) {
    // One TEXT for a block of inline content, as Figma holds a paragraph with bold or linked words.
    const chars = [], keys = [], table = {}, seen = {};
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === 1) {  // a <br> is a line break in the text; other elements hold text nodes
        if (node.tagName === "BR") {
          while (chars.length && chars[chars.length - 1] === " ") { chars.pop(); keys.pop(); }
          chars.push("\n"); keys.push(0);
        }
        continue;
      }
      const s = getComputedStyle(node.parentElement);
      if (s.display === "none" || s.visibility === "hidden") continue;
      const own = {fontWeight: weight(s.fontWeight), italic: s.fontStyle === "italic", fills: solid(s.color),
        textDecoration: s.textDecorationLine.includes("underline") ? "UNDERLINE" : "NONE"};
      const same = own.fontWeight === base.fontWeight && own.italic === base.italic
        && JSON.stringify(own.fills) === JSON.stringify(base.fills) && own.textDecoration === base.textDecoration;
      let key = 0;
      if (!same) {
        const sig = JSON.stringify(own);
        if (!(sig in seen)) { seen[sig] = Object.keys(seen).length + 1; table[seen[sig]] = own; }
        key = seen[sig];
      }
      for (const ch of node.textContent) {
        const space = /\s/.test(ch);
        if (space && (!chars.length || chars[chars.length - 1] === " " || chars[chars.length - 1] === "\n")) continue;
        chars.push(space ? " " : ch); keys.push(key);
      }
    }
    while (chars.length && /\s/.test(chars[chars.length - 1])) { chars.pop(); keys.pop(); }
    return {characters: chars.join(""), characterStyleOverrides: keys.some(Boolean) ? keys : [], styleOverrideTable: table};
  }
  function walk(el) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) return null;
    const r = el.getBoundingClientRect();
    const tag = el.tagName.toLowerCase();
    if (tag === "img" || tag === "svg" || tag === "video" || tag === "canvas") {
      if (r.width < 1 || r.height < 1) return null;
      return {id: id(), name: el.getAttribute("alt") || tag, type: "RECTANGLE", visible: true,
        absoluteBoundingBox: box(r), fills: [{type: "IMAGE", scaleMode: "FILL", imageRef: "dom"}], strokes: [], effects: []};
    }
    const children = [];
    const rich = el.children.length && inlineOnly(el) && el.textContent.trim();
    if (rich) {
      const made = text(el, style);
      if (made) {
        Object.assign(made, runs(el, {fontWeight: made.style.fontWeight, italic: made.style.italic, fills: made.fills,
          textDecoration: made.style.textDecoration}));
        children.push(made);
      }
    }
    for (const child of rich ? [] : el.childNodes) {
      const made = child.nodeType === 3 ? text(child, style) : child.nodeType === 1 ? walk(child) : null;
      if (made) children.push(made);
    }
    if ((r.width < 1 || r.height < 1) && !children.length) return null;
    const sides = ["Top", "Right", "Bottom", "Left"].map((side) =>
      style[`border${side}Style`] === "none" ? 0 : parseFloat(style[`border${side}Width`]) || 0);
    const border = Math.max(...sides);
    const shown = sides.findIndex((w) => w > 0);
    const frame = {id: id(), name: tag, type: "FRAME", visible: true, absoluteBoundingBox: box(r),
      fills: solid(style.backgroundColor),
      strokes: border ? solid(style[`border${["Top", "Right", "Bottom", "Left"][shown]}Color`]) : [],
      strokeWeight: border, cornerRadius: parseFloat(style.borderTopLeftRadius) || 0, effects: [],
      clipsContent: style.overflow === "hidden", children};
    if (border && new Set(sides).size > 1) {
      frame.individualStrokeWeights = {top: sides[0], right: sides[1], bottom: sides[2], left: sides[3]};
    }
    if (style.backgroundImage && style.backgroundImage.startsWith("url(")) {
      frame.fills = [...frame.fills, {type: "IMAGE", scaleMode: "FILL", imageRef: "dom"}];
    }
    return frame;
  }
  const body = walk(document.body) || {children: []};
  const height = Math.max(document.documentElement.scrollHeight, 1);
  return {id: "0:1", name: document.title || "Page", type: "FRAME", visible: true,
    absoluteBoundingBox: {x: 0, y: 0, width: innerWidth, height},
    fills: solid(getComputedStyle(document.body).backgroundColor).length ? solid(getComputedStyle(document.body).backgroundColor)
      : [{type: "SOLID", color: {r: 1, g: 1, b: 1, a: 1}}],
    strokes: [], effects: [], clipsContent: true, children: body.children || []};
}
