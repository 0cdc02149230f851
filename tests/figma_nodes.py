"""Hand-made Figma node trees written as the REST API returns them (``GET /v1/files/KEY/nodes``
-> ``nodes[ID].document``): ids, names, types, ``absoluteBoundingBox`` in the file's absolute
coordinates (the frame is not at the origin), RGBA fills, strokes, effects, type styles and
auto-layout fields. Shared by the converter's unit, golden and e2e tests.
"""

from __future__ import annotations

import itertools
from typing import Any

Json = dict[str, Any]
ORIGIN = (-420.0, 1180.0)
"""Where the frames sit on the canvas: boxes are absolute, the converter makes them relative."""
_ids = itertools.count(10)


def _id() -> str:
    return f"{next(_ids)}:{next(_ids)}"


def bbox(x: float, y: float, w: float, h: float) -> Json:
    return {"x": ORIGIN[0] + x, "y": ORIGIN[1] + y, "width": w, "height": h}


def rgb(r: int, g: int, b: int, a: float = 1.0) -> Json:
    return {"r": r / 255, "g": g / 255, "b": b / 255, "a": a}


def solid(r: int, g: int, b: int, a: float = 1.0, opacity: float | None = None) -> list[Json]:
    paint: Json = {"blendMode": "NORMAL", "type": "SOLID", "color": rgb(r, g, b, a)}
    if opacity is not None:
        paint["opacity"] = opacity
    return [paint]


def text(
    chars: str,
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    size: float = 16,
    weight: int = 400,
    colour: tuple[int, int, int] = (17, 24, 39),
    name: str | None = None,
    **extra: Any,
) -> Json:
    style: Json = {
        "fontFamily": "Inter",
        "fontPostScriptName": None,
        "fontWeight": weight,
        "fontSize": size,
        "textAlignHorizontal": "LEFT",
        "textAlignVertical": "TOP",
        "letterSpacing": 0,
        "lineHeightPx": size * 1.5,
        "lineHeightPercent": 100,
        "lineHeightUnit": "INTRINSIC_%",
    }
    style.update(extra.pop("style", {}))
    node: Json = {
        "id": _id(),
        "name": name or chars[:32],
        "type": "TEXT",
        "visible": True,
        "absoluteBoundingBox": bbox(x, y, w, h),
        "absoluteRenderBounds": bbox(x, y, w, h),
        "fills": solid(*colour),
        "strokes": [],
        "strokeWeight": 1,
        "effects": [],
        "characters": chars,
        "style": style,
        "characterStyleOverrides": [],
        "styleOverrideTable": {},
        "layoutAlign": "INHERIT",
        "layoutGrow": 0,
    }
    node.update(extra)
    return node


def frame(name: str, x: float, y: float, w: float, h: float, children: list[Json], **extra: Any) -> Json:
    node: Json = {
        "id": _id(),
        "name": name,
        "type": extra.pop("type", "FRAME"),
        "visible": True,
        "absoluteBoundingBox": bbox(x, y, w, h),
        "fills": [],
        "strokes": [],
        "strokeWeight": 1,
        "strokeAlign": "INSIDE",
        "effects": [],
        "clipsContent": False,
        "background": [],
        "children": children,
    }
    node.update(extra)
    return node


def auto(
    direction: str, spacing: float, pad: tuple[float, float, float, float] = (0, 0, 0, 0), **extra: Any
) -> Json:
    """Auto-layout fields: ``pad`` is top, right, bottom, left."""
    fields: Json = {
        "layoutMode": direction,
        "itemSpacing": spacing,
        "paddingTop": pad[0],
        "paddingRight": pad[1],
        "paddingBottom": pad[2],
        "paddingLeft": pad[3],
        "primaryAxisSizingMode": "FIXED",
        "counterAxisSizingMode": "AUTO",
        "primaryAxisAlignItems": "MIN",
        "counterAxisAlignItems": "MIN",
    }
    fields.update(extra)
    return fields


def rect(name: str, x: float, y: float, w: float, h: float, **extra: Any) -> Json:
    node: Json = {
        "id": _id(),
        "name": name,
        "type": "RECTANGLE",
        "visible": True,
        "absoluteBoundingBox": bbox(x, y, w, h),
        "fills": [],
        "strokes": [],
        "strokeWeight": 1,
        "effects": [],
    }
    node.update(extra)
    return node


def image_fill() -> list[Json]:
    return [{"blendMode": "NORMAL", "type": "IMAGE", "scaleMode": "FILL", "imageRef": "a1b2c3d4e5"}]


def shadow(y: float = 4, blur: float = 12, alpha: float = 0.12) -> list[Json]:
    return [
        {
            "type": "DROP_SHADOW",
            "visible": True,
            "color": {"r": 0.0, "g": 0.0, "b": 0.0, "a": alpha},
            "blendMode": "NORMAL",
            "offset": {"x": 0, "y": y},
            "radius": blur,
            "spread": 0,
            "showShadowBehindNode": False,
        }
    ]


COMPONENTS: Json = {
    "5:1": {"key": "k51", "name": "Pricing card", "description": "", "documentationLinks": []},
    "5:2": {"key": "k52", "name": "Button/Primary", "description": "", "documentationLinks": []},
}


def header(width: float = 1280) -> Json:
    """A dark header: a brand at the left and a nav of three links at the right."""
    links = [("Features", 60), ("Pricing", 52), ("Docs", 36)]
    nav_w = sum(w for _, w in links) + 32 * (len(links) - 1)
    nav_x = width - 40 - nav_w
    items, x = [], nav_x
    for label, w in links:
        items.append(text(label, x, 22, w, 24, colour=(226, 232, 240)))
        x += w + 32
    nav = frame("Nav", nav_x, 22, nav_w, 24, items, **auto("HORIZONTAL", 32))
    brand = text("Acme Cloud", 40, 18, 132, 32, size=22, weight=700, colour=(255, 255, 255))
    return frame(
        "Header",
        0,
        0,
        width,
        72,
        [brand, nav],
        fills=solid(15, 23, 42),
        **auto(
            "HORIZONTAL",
            0,
            (0, 40, 0, 40),
            primaryAxisAlignItems="SPACE_BETWEEN",
            counterAxisAlignItems="CENTER",
        ),
    )


def card(index: int, x: float, y: float) -> Json:
    title = text(
        f"Plan {['Starter', 'Team', 'Scale'][index % 3]}", x + 24, y + 24, 320, 32, size=24, weight=700
    )
    body = text(
        "Everything a small team needs to ship: hosting, previews and logs.",
        x + 24,
        y + 64,
        320,
        48,
    )
    price = text(f"${9 + 20 * index} / month", x + 24, y + 124, 140, 24, weight=600, colour=(37, 99, 235))
    return frame(
        "Pricing card",
        x,
        y,
        368,
        172,
        [title, body, price],
        type="INSTANCE",
        componentId="5:1",
        fills=solid(248, 250, 252),
        strokes=solid(226, 232, 240),
        cornerRadius=12,
        effects=shadow(),
        layoutSizingHorizontal="FILL",
        layoutGrow=1,
        **auto("VERTICAL", 8, (24, 24, 24, 24)),
    )


def button(label: str, x: float, y: float, w: float, *, component: bool = True) -> Json:
    extra: Json = {"type": "INSTANCE", "componentId": "5:2"} if component else {}
    return frame(
        "Button",
        x,
        y,
        w,
        48,
        [
            text(
                label,
                x + 24,
                y + 12,
                w - 48,
                24,
                weight=600,
                colour=(255, 255, 255),
                style={"textAlignHorizontal": "CENTER"},
            )
        ],
        fills=solid(37, 99, 235),
        cornerRadius=8,
        **auto(
            "HORIZONTAL", 8, (12, 24, 12, 24), primaryAxisAlignItems="CENTER", counterAxisAlignItems="CENTER"
        ),
        **extra,
    )


def landing_frame() -> Json:
    """A 1280 px landing page, all auto-layout: header, hero, a row of three pricing cards, a CTA."""
    hero_title = text("Ship your product faster", 40, 120, 720, 56, size=48, weight=800)
    hero_body = text(
        "Preview every change, share it with your team and go live with one click.", 40, 192, 640, 28, size=18
    )
    hero = frame(
        "Hero",
        0,
        104,
        1280,
        180,
        [hero_title, hero_body, button("Get started", 40, 236, 152)],
        **auto("VERTICAL", 16, (16, 40, 0, 40)),
    )
    cards = [card(i, 40 + i * 400, 316) for i in range(3)]
    row = frame(
        "Cards", 0, 316, 1280, 172, cards, **auto("HORIZONTAL", 32, (0, 40, 0, 40), layoutWrap="WRAP")
    )
    footer = frame(
        "Footer",
        0,
        536,
        1280,
        64,
        [text("© 2026 Acme Cloud. All rights reserved.", 40, 556, 320, 24, size=14, colour=(100, 116, 139))],
        fills=solid(241, 245, 249),
        **auto("HORIZONTAL", 0, (20, 40, 20, 40)),
    )
    return frame(
        "Landing",
        0,
        0,
        1280,
        600,
        [header(), hero, row, footer],
        fills=solid(255, 255, 255),
        **auto("VERTICAL", 32, (0, 0, 0, 0)),
    )


def form_frame() -> Json:
    """A 480 px sign-in form, a VERTICAL auto-layout: heading, labelled inputs, a button, a link."""
    fields: list[Json] = []
    y = 96
    for label, hint in (("Email", "you@example.com"), ("Password", "At least 8 characters")):
        fields.append(text(label, 40, y, 60, 20, size=14, weight=600, colour=(51, 65, 85)))
        fields.append(
            frame(
                "Input",
                40,
                y + 28,
                400,
                44,
                [text(hint, 54, y + 40, 200, 20, size=14, colour=(148, 163, 184))],
                fills=solid(255, 255, 255),
                strokes=solid(203, 213, 225),
                cornerRadius=6,
                **auto("HORIZONTAL", 0, (12, 14, 12, 14), counterAxisAlignItems="CENTER"),
            )
        )
        y += 96
    heading = text("Sign in", 40, 40, 120, 36, size=28, weight=700)
    submit = button("Sign in", 40, 296, 400, component=False)
    forgot = text(
        "Forgot your password?",
        40,
        360,
        170,
        20,
        size=14,
        colour=(37, 99, 235),
        name="Link",
        style={"textDecoration": "UNDERLINE"},
    )
    return frame(
        "Sign in",
        0,
        0,
        480,
        420,
        [heading, *fields, submit, forgot],
        fills=solid(255, 255, 255),
        **auto("VERTICAL", 8, (40, 40, 40, 40)),
    )
