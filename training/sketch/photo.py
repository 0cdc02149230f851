"""Photograph an ink mask: paper, light, shadow, table, perspective, blur, noise, JPEG.

Works in grayscale (the detector's input); the geometric steps move the labelled boxes with the
picture (a box's new extent is the bounding box of its four moved corners).
"""

from __future__ import annotations

import cv2
import numpy as np

Box = tuple[float, float, float, float]
"""A labelled box in pixels, (left, top, width, height): what the training code moves about."""


def warp_boxes(boxes: list[Box], matrix: np.ndarray) -> list[Box]:
    """Boxes (x0, y0, x1, y1) through a 3x3 perspective matrix, as axis-aligned boxes."""
    if not boxes:
        return []
    corners = np.array([[(b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])] for b in boxes], np.float32)
    moved = cv2.perspectiveTransform(corners.reshape(-1, 1, 2), matrix).reshape(-1, 4, 2)
    return [
        (float(m[:, 0].min()), float(m[:, 1].min()), float(m[:, 0].max()), float(m[:, 1].max()))
        for m in moved
    ]


def random_perspective(w: int, h: int, rng: np.random.Generator, strength: float) -> np.ndarray:
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    jitter = rng.normal(0, strength, (4, 2)) * np.array([w, h])
    angle = np.deg2rad(rng.normal(0, 1.5))
    c, s = np.cos(angle), np.sin(angle)
    centre = np.array([w / 2, h / 2])
    dst = (src - centre) @ np.array([[c, -s], [s, c]]).T + centre + jitter
    return cv2.getPerspectiveTransform(src, dst.astype(np.float32))


def photograph(mask: np.ndarray, boxes: list[Box], rng: np.random.Generator) -> tuple[np.ndarray, list[Box]]:
    """Turn an ink mask (float 0..1) into a grayscale photo (uint8) and move the boxes with it."""
    h, w = mask.shape
    paper = rng.uniform(0.62, 0.98)
    ink_level = rng.uniform(0.02, 0.45)
    # Paper fibre texture, then the ink on it.
    texture = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 1.5) * rng.uniform(
        0, 0.02
    )
    img = paper + texture
    img = img * (1 - mask) + ink_level * mask
    # The table around the paper, seen when the paper does not fill the frame.
    if rng.random() < 0.3:
        pad = [int(rng.uniform(0, 0.12) * s) for s in (h, h, w, w)]
        table = rng.uniform(0.1, 0.9)
        img = cv2.copyMakeBorder(img, pad[0], pad[1], pad[2], pad[3], cv2.BORDER_CONSTANT, value=table)
        boxes = [(b[0] + pad[2], b[1] + pad[0], b[2] + pad[2], b[3] + pad[0]) for b in boxes]
        h, w = img.shape
    matrix = random_perspective(w, h, rng, rng.uniform(0.0, 0.035))
    border = float(rng.uniform(0.1, 0.9))
    img = cv2.warpPerspective(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)
    boxes = warp_boxes(boxes, matrix)
    if rng.random() < 0.12:  # a scanned, thresholded page with speckles, as some of the data are
        img = np.where(img < (paper + ink_level) / 2, 0.05, 0.97).astype(np.float32)
        speck = rng.random((h, w)) < rng.uniform(0, 0.004)
        img[speck] = 0.05
    else:
        # Light: a linear gradient times a radial fall-off, plus a soft shadow (a hand, a phone).
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        gx, gy = rng.normal(0, 0.25, 2)
        light = 1 + gx * (xx / w - 0.5) + gy * (yy / h - 0.5)
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        light *= 1 - rng.uniform(0, 0.35) * (((xx - cx) / w) ** 2 + ((yy - cy) / h) ** 2)
        if rng.random() < 0.4:
            shadow = np.zeros((h, w), np.float32)
            pts = (rng.uniform(-0.2, 1.2, (5, 2)) * np.array([w, h])).astype(np.int32)
            cv2.fillConvexPoly(shadow, cv2.convexHull(pts), 1.0)
            shadow = cv2.GaussianBlur(shadow, (0, 0), max(w, h) * rng.uniform(0.02, 0.08))
            light *= 1 - rng.uniform(0.1, 0.45) * shadow
        img = img * light
    sigma = rng.uniform(0, 1.3)
    if sigma > 0.3:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    img = img + rng.normal(0, rng.uniform(0, 0.03), img.shape)
    out = np.clip(img * 255, 0, 255).astype(np.uint8)
    quality = int(rng.integers(35, 95))
    ok, enc = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if ok:
        out = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    return out, boxes
