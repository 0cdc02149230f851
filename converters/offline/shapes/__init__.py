"""Shapes in a design image, by computer vision: the non-text half of the offline engine's detect stage.

``detect_shapes`` finds fills, outlined boxes, dividers, images, checkboxes, radios, icons and a
wireframe's text bars (see ``Shape``), plus the page background. OCR is separate: its line boxes
come in as ``text_boxes``, so glyphs are not taken for icons or bars, while a fill or box around
text (a button, a card, a bar with a title) is kept.

Two kinds of input, told apart by perfectly straight colour edges (every screenshot and digital
wireframe has some, pen on paper has none) and by how much of the image is one exact colour:

- digital images (screenshots, mockups, clean wireframes): pixels are *flat* (inside a 5 x 5
  window of one colour, give or take ``_TOLERANCE``) or *ink* (everything thinner, plus strokes
  up to 8 px that stand out from the page: text, outlines, lines, icons, anti-aliasing). Flat
  regions give fills and solid placeholder images; holes enclosed by ink give outlined boxes,
  checkboxes and radios; frame-shaped ink gives crossed boxes (images); the rest of the ink gives
  dividers, icons and, in wireframes, text bars.
- photographs of paper, whitened scans included: the paper's uneven lighting is divided out and
  dark strokes (hysteresis-thresholded) are the ink; boxes also come from their four drawn
  sides, corner gaps and all; nothing is a fill.

An image counts as a wireframe ("sketchy") when it is a photograph or holds a crossed box or
squiggles; only then do short straight lines and unread handwriting become text bars.

Limits: gradients, textures and shadows are not fills (a soft shadow may give a divider);
outlines 9 px or thicker are fills, if anything; a digital image without any straight edge of
80 px (tiny content only) is read as a photograph; OCR line boxes that swallow a control keep
it from being found, except on paper at the line's start or when square; letters OCR missed
come out as icons, or (on paper) as checkboxes and radios when their counters look like one;
hand-drawn boxes whose sides are broken into several strokes, or whose top and bottom run on
into neighbours, may be missed; photo-like areas are found on 8 px blocks, so their edges are
approximate.

One module per step, all working on one ``_Page`` (the image as analysed and its masks):

- ``page``: preparation (scaling, background, photograph or not, the masks) and shared thresholds;
- ``fills``: flat regions and panels (digital images only);
- ``outlines``: holes enclosed by ink and frame-shaped ink (boxes, checkboxes, radios, crossed
  boxes);
- ``drawn``: boxes from their four drawn sides;
- ``marks``: the rest of the ink (dividers, text bars, icons) and photo-like areas;
- ``dedupe``: one shape per thing;
- ``measure``: the colour and geometry measurements the steps share;
- ``detect``: ``detect_shapes``, which runs the steps in order.
"""

from __future__ import annotations

from converters.offline.shapes.detect import ShapesResult, detect_shapes

__all__ = ["ShapesResult", "detect_shapes"]
