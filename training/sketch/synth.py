"""Synthetic photos of hand-drawn UI sketches with boxes labelled the way Sketch2Code labels them.

A page is a few columns of blocks (a heading, a label over a text box, a group of check boxes,
a row of buttons, a crossed image with a caption, a paragraph of stacked lines, ...), drawn with
``pen`` strokes into an ink mask, then photographed: paper tone, a lighting gradient, a shadow,
sometimes the table around the paper, perspective, blur, sensor noise and JPEG.

Boxes follow the real data's conventions (looked at on sketches-train): boxes are loose (a margin
of about a fifth of the text height around the ink); a CheckBox or RadioButton box covers the
mark and its caption; a Heading's box takes in the rule drawn under it; a Paragraph is stacked
horizontal lines; an Image is a crossed box, a face in a circle or a row of stars; a ComboBox is a
box with a small box holding a down arrow at its right; a Link is (usually underlined) text.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from training.sketch import pen as P
from training.sketch.photo import Box, photograph

Item = tuple[str, Box]

REFERENCE_WIDTH = 1200
"""Widget sizes below are in px of a 1200 px wide photo, the data's most common width."""


def _pad(box: Box, amount: float) -> Box:
    return (box[0] - amount, box[1] - amount, box[2] + amount, box[3] + amount)


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


class Page:
    """One drawing in progress: its ink mask, pen, scale (px per reference px) and labels."""

    def __init__(self, width: int, height: int, rng: np.random.Generator) -> None:
        self.w, self.h = width, height
        self.rng = rng
        self.s = width / REFERENCE_WIDTH * rng.uniform(0.8, 1.25)
        # Drawn taller than the page, then cut below the last widget, so nothing is cut in half.
        self.mask = np.zeros((int(height * 1.6), width), np.float32)
        self.pen = P.random_pen(rng, max(0.6, width / REFERENCE_WIDTH))
        self.items: list[Item] = []
        self.text_h = rng.uniform(26, 40) * self.s
        self.limit = float(width)

    def label_pad(self, text_h: float) -> float:
        return text_h * self.rng.uniform(0.12, 0.35)

    def add(self, label: str, box: Box) -> None:
        self.items.append((label, box))

    # --- blocks: each draws at (x, y) within width ``w`` and returns the height it used ---------

    def words(self, x: float, y: float, h: float, n: int, right: float | None = None) -> Box:
        """Write n words, cut at ``right`` (default: the current column's edge)."""
        cut = max(int(x + h), int(self.limit if right is None else right))
        saved = self.mask[:, cut:].copy()
        ink = P.text(self.mask, x, y, h, n, self.pen, self.rng)
        self.mask[:, cut:] = saved
        return (ink[0], ink[1], min(ink[2], cut), ink[3])

    def label(self, x: float, y: float, w: float, cls: str = "Label", right: float | None = None) -> float:
        r = self.rng
        th = self.text_h * r.uniform(0.8, 1.2)
        ink = self.words(x, y, th, int(r.integers(1, 5)), right)
        if cls == "Link" and r.random() < 0.8:
            ly = ink[3] + th * 0.15
            P.line(self.mask, (ink[0], ly), (ink[2], ly), self.pen, r)
            ink = (ink[0], ink[1], ink[2], ly)
        self.add(cls, _pad(ink, self.label_pad(th)))
        return ink[3] - y

    def heading(self, x: float, y: float, w: float) -> float:
        r = self.rng
        th = self.text_h * r.uniform(1.2, 1.9)
        ink = self.words(x, y, th, int(r.integers(1, 4)))
        if r.random() < 0.35:
            ly = ink[3] + th * r.uniform(0.2, 0.6)
            x1 = x + w * r.uniform(0.7, 1.0)
            P.line(self.mask, (x - th * 0.3, ly), (x1, ly), self.pen, r)
            ink = (min(ink[0], x - th * 0.3), ink[1], max(ink[2], x1), ly)
        self.add("Heading", _pad(ink, self.label_pad(th)))
        return ink[3] - y

    def field(self, x: float, y: float, w: float, cls: str) -> float:
        r = self.rng
        bw = min(w, r.uniform(250, 520) * self.s)
        bh = r.uniform(50, 90) * self.s if cls != "Button" else r.uniform(60, 110) * self.s
        if cls == "TextBox" and r.random() < 0.12:
            bh *= r.uniform(1.8, 3.0)  # a text area, labelled TextBox in the data
        if cls == "Button":
            bw = min(w, r.uniform(150, 380) * self.s)
        box = (x, y, x + bw, y + bh)
        P.rect(self.mask, box, self.pen, r, rounded=cls == "Button" and r.random() < 0.4)
        th = min(self.text_h, bh * 0.45)
        if cls == "Button":
            self._clip_words(x + bw * r.uniform(0.1, 0.3), y + (bh - th) / 2 - th * 0.2, th, box[2] - 4)
        elif cls == "ComboBox":
            aw = bh * r.uniform(0.5, 0.8)
            ax = box[2] - aw - bh * 0.1
            P.line(self.mask, (ax, y + bh * 0.1), (ax, y + bh * 0.9), self.pen, r)
            cx, cy, a = ax + aw / 2, y + bh / 2, aw * 0.25
            if r.random() < 0.6:
                P.stroke(
                    self.mask,
                    np.array(
                        [
                            (cx - a, cy - a * 0.6),
                            (cx + a, cy - a * 0.6),
                            (cx, cy + a * 0.7),
                            (cx - a, cy - a * 0.6),
                        ]
                    ),
                    self.pen,
                    r,
                )
            else:
                P.stroke(
                    self.mask,
                    np.array([(cx - a, cy - a * 0.5), (cx, cy + a * 0.6), (cx + a, cy - a * 0.5)]),
                    self.pen,
                    r,
                )
            if r.random() < 0.7:
                self._clip_words(x + bh * 0.3, y + (bh - th) / 2, th, ax - 4)
        elif cls == "TextBox" and r.random() < 0.35:
            self._clip_words(x + bh * 0.3, y + (bh - th) / 2, th, box[2] - 4)
        self.add(cls, _pad(box, r.uniform(2, 10) * self.s))
        return bh

    def _clip_words(self, x: float, y: float, th: float, right: float) -> None:
        self.words(x, y, th, int(self.rng.integers(1, 3)), right)

    def labelled_field(self, x: float, y: float, w: float) -> float:
        r = self.rng
        cls = str(r.choice(["TextBox", "TextBox", "ComboBox"]))
        if r.random() < 0.7:  # label above
            used = self.label(x, y, w * 0.6)
            gap = r.uniform(10, 25) * self.s
            return used + gap + self.field(x, y + used + gap, w, cls)
        lw = min(w * 0.35, 200 * self.s)
        used = self.label(x, y, lw, right=x + lw)
        return max(used, self.field(x + lw + 25 * self.s, y - 10 * self.s, w - lw - 15 * self.s, cls))

    def toggles(self, x: float, y: float, w: float) -> float:
        r = self.rng
        cls = "CheckBox" if r.random() < 0.6 else "RadioButton"
        n = int(r.integers(1, 6))
        horizontal = r.random() < 0.25
        size = r.uniform(22, 42) * self.s
        cy, cx = y, x
        for _ in range(n):
            mark = (cx, cy, cx + size, cy + size * r.uniform(0.9, 1.1))
            if cls == "CheckBox":
                P.rect(self.mask, mark, self.pen, r)
                if r.random() < 0.3:
                    P.tick(self.mask, mark, self.pen, r)
            else:
                mx, my = (mark[0] + mark[2]) / 2, (mark[1] + mark[3]) / 2
                P.ellipse(self.mask, mx, my, size / 2, size / 2, self.pen, r)
                if r.random() < 0.3:
                    P.fill_blob(self.mask, mx, my, size * 0.2, r)
            th = self.text_h * r.uniform(0.8, 1.1)
            ink = self.words(
                mark[2] + size * r.uniform(0.3, 0.8),
                cy + (size - th) / 2 - th * 0.2,
                th,
                int(r.integers(1, 3)),
            )
            box = _pad(_union(mark, ink), self.label_pad(th))
            self.add(cls, box)
            if horizontal and box[2] + 200 * self.s < x + w:
                cx = box[2] + r.uniform(15, 50) * self.s
            else:
                cx = x + r.uniform(-5, 5) * self.s
                cy = box[3] + r.uniform(5, 25) * self.s
        return max(it[1][3] for it in self.items[-n:]) - y

    def buttons(self, x: float, y: float, w: float) -> float:
        r = self.rng
        n = int(r.integers(1, 4))
        bw = w / n
        return max(self.field(x + i * bw, y, bw * r.uniform(0.6, 0.95), "Button") for i in range(n))

    def image(self, x: float, y: float, w: float) -> float:
        r = self.rng
        iw = min(w, r.uniform(120, 330) * self.s)
        ih = iw * r.uniform(0.55, 1.3)
        kind = r.random()
        if kind < 0.1:  # a row of stars
            ih = iw / 5
            for i in range(5):
                cx, cy, rad = x + (i + 0.5) * ih, y + ih / 2, ih * 0.45
                a = np.linspace(-np.pi / 2, 3.5 * np.pi, 11)
                rr = np.where(np.arange(11) % 2 == 0, rad, rad * 0.45)
                P.stroke(self.mask, np.stack([cx + rr * np.cos(a), cy + rr * np.sin(a)], 1), self.pen, r)
            box: Box = (x, y, x + iw, y + ih)
        elif kind < 0.25:  # a face in a circle
            ih = iw
            cx, cy = x + iw / 2, y + ih / 2
            P.ellipse(self.mask, cx, cy, iw / 2, ih / 2, self.pen, r)
            P.ellipse(self.mask, cx, cy - ih * 0.12, iw * 0.12, ih * 0.12, self.pen, r)
            P.stroke(
                self.mask,
                np.array(
                    [
                        (cx - iw * 0.3, cy + ih * 0.4),
                        (cx - iw * 0.2, cy + ih * 0.05),
                        (cx + iw * 0.2, cy + ih * 0.05),
                        (cx + iw * 0.3, cy + ih * 0.4),
                    ]
                ),
                self.pen,
                r,
            )
            box = (x, y, x + iw, y + ih)
        else:
            box = (x, y, x + iw, y + ih)
            P.rect(self.mask, box, self.pen, r)
            P.line(self.mask, (x, y), (x + iw, y + ih), self.pen, r)
            if r.random() < 0.9:
                P.line(self.mask, (x + iw, y), (x, y + ih), self.pen, r)
        self.add("Image", _pad(box, r.uniform(2, 10) * self.s))
        used = box[3] - y
        if r.random() < 0.5:
            gap = r.uniform(8, 20) * self.s
            used += gap + self.label(x, y + used + gap, iw)
        return used

    def paragraph(self, x: float, y: float, w: float) -> float:
        r = self.rng
        pw = min(w, r.uniform(200, 520) * self.s)
        n = int(r.integers(2, 6))
        gap = r.uniform(18, 34) * self.s
        if r.random() < 0.2:  # written-out text instead of lines
            cy = y
            right = x
            for _ in range(n):
                ink = self.words(x, cy, self.text_h * 0.7, int(r.integers(2, 5)))
                right = max(right, ink[2])
                cy = ink[3] + gap * 0.3
            self.add("Paragraph", _pad((x, y, right, cy), self.label_pad(self.text_h)))
            return cy - y
        for i in range(n):
            x1 = x + pw * (r.uniform(0.4, 0.9) if i == n - 1 else r.uniform(0.9, 1.0))
            P.line(
                self.mask,
                (x + r.uniform(0, 10) * self.s, y + i * gap),
                (x1, y + i * gap + r.normal(0, 2)),
                self.pen,
                r,
            )
        box = (x, y - gap * 0.3, x + pw, y + (n - 1) * gap + gap * 0.3)
        self.add("Paragraph", _pad(box, r.uniform(4, 14) * self.s))
        return box[3] - y


def _blocks(page: Page) -> list[tuple[Callable[[float, float, float], float], float]]:
    return [
        (page.label, 3.0),
        (page.labelled_field, 2.5),
        (lambda x, y, w: page.field(x, y, w, "TextBox"), 0.8),
        (lambda x, y, w: page.field(x, y, w, "ComboBox"), 0.4),
        (page.toggles, 2.2),
        (page.buttons, 1.2),
        (page.image, 1.3),
        (page.paragraph, 1.0),
        (lambda x, y, w: page.label(x, y, w, "Link"), 0.6),
        (page.heading, 0.8),
    ]


def draw_page(rng: np.random.Generator, width: int, height: int) -> Page:
    """Lay out and draw one page's widgets into its ink mask."""
    page = Page(width, height, rng)
    blocks = _blocks(page)
    weights = np.array([wt for _, wt in blocks])
    weights /= weights.sum()
    margin = rng.uniform(0.03, 0.1) * width
    y = margin * rng.uniform(0.3, 1.0)
    if rng.random() < 0.6:
        y += page.heading(margin, y, width - 2 * margin) + rng.uniform(20, 50) * page.s
    while y < height * 0.8:
        ncols = int(rng.choice([1, 1, 2, 2, 3]))
        col_w = (width - 2 * margin) / ncols
        rows = int(rng.integers(1, 4))
        bottom = y
        for c in range(ncols):
            cy = y
            for _ in range(rows):
                if cy > height * 0.85:
                    break
                fn = blocks[int(rng.choice(len(blocks), p=weights))][0]
                x = margin + c * col_w + rng.uniform(0, 0.15) * col_w
                page.limit = margin + (c + 1) * col_w - 10 * page.s
                cy += fn(x, cy, col_w * 0.9 - (x - margin - c * col_w)) + rng.uniform(20, 60) * page.s
            bottom = max(bottom, cy)
        y = bottom + rng.uniform(0, 30) * page.s
    bottom = max((b[3] for _, b in page.items), default=height * 0.5)
    page.h = min(page.mask.shape[0], int(bottom + margin * rng.uniform(0.3, 1.5)))
    page.mask = page.mask[: page.h]
    page.items = [
        (lbl, (max(0.0, b[0]), max(0.0, b[1]), min(width - 1.0, b[2]), min(page.h - 1.0, b[3])))
        for lbl, b in page.items
    ]
    return page


ASPECTS = ((1200, 900, 0.55), (900, 1200, 0.15), (1600, 620, 0.15), (1600, 300, 0.05), (1200, 1200, 0.1))
"""Page shapes (width, height at the reference scale) and how often the data has them."""


def synthetic_photo(rng: np.random.Generator, long_side: int = 768) -> tuple[np.ndarray, list[Item]]:
    """One synthetic sketch photo (grayscale uint8) and its labelled boxes in its px."""
    shapes = np.array([a[2] for a in ASPECTS])
    w0, h0, _ = ASPECTS[int(rng.choice(len(ASPECTS), p=shapes / shapes.sum()))]
    k = long_side / max(w0, h0)
    page = draw_page(rng, int(w0 * k), int(h0 * k))
    labels = [lbl for lbl, _ in page.items]
    img, boxes = photograph(page.mask, [b for _, b in page.items], rng)
    return img, list(zip(labels, boxes, strict=True))
