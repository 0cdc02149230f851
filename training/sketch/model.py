"""The detector's net: a small FPN-lite over a plain conv backbone, grayscale ink map in.

Outputs at stride 4: ``prob`` (1 + len(SKETCH_CLASSES) channels, softmax: background, then each
class at the centre of a widget) and ``ltrb`` (4 channels, distances in input px from the cell's
centre to the widget's left, top, right and bottom edges).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from converters.intake.kinds import SKETCH_CLASSES

NUM_OUTPUTS = 1 + len(SKETCH_CLASSES)
REG_UNIT = 16.0
"""Edge distances are predicted as REG_UNIT * exp(raw): 16 px, a typical half height, at raw 0."""


def cbr(cin: int, cout: int, stride: int = 1, dilation: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride, dilation, dilation=dilation, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class SketchNet(nn.Module):
    def __init__(self, width: int = 32, fpn: int = 48, head: int = 32) -> None:
        super().__init__()
        w = width
        self.stem = cbr(1, w // 2, 2)
        self.s4 = nn.Sequential(cbr(w // 2, w, 2), cbr(w, w))
        self.s8 = nn.Sequential(cbr(w, 2 * w, 2), cbr(2 * w, 2 * w))
        self.s16 = nn.Sequential(cbr(2 * w, 3 * w, 2), cbr(3 * w, 3 * w), cbr(3 * w, 3 * w, dilation=2))
        self.s32 = nn.Sequential(cbr(3 * w, 4 * w, 2), cbr(4 * w, 4 * w), cbr(4 * w, 4 * w, dilation=2))
        self.lat32 = nn.Conv2d(4 * w, fpn, 1)
        self.lat16 = nn.Conv2d(3 * w, fpn, 1)
        self.lat8 = nn.Conv2d(2 * w, fpn, 1)
        self.lat4 = nn.Conv2d(w, fpn, 1)
        self.smooth16 = cbr(fpn, fpn)
        self.smooth8 = cbr(fpn, fpn)
        self.head = cbr(fpn, head)  # one conv at stride 4: the most costly layer, kept narrow
        self.cls = nn.Conv2d(head, NUM_OUTPUTS, 1)
        self.reg = nn.Conv2d(head, 4, 1)
        nn.init.constant_(self.cls.bias, 0.0)
        with torch.no_grad():
            self.cls.bias[0] = 4.0  # start out predicting background everywhere (focal-loss prior)
        nn.init.constant_(self.reg.bias, 0.0)

    def forward(self, ink: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x2 = self.stem(ink)
        x4 = self.s4(x2)
        x8 = self.s8(x4)
        x16 = self.s16(x8)
        x32 = self.s32(x16)
        p = self.lat32(x32)
        p = self.smooth16(self.lat16(x16) + F.interpolate(p, size=x16.shape[-2:], mode="nearest"))
        p = self.smooth8(self.lat8(x8) + F.interpolate(p, size=x8.shape[-2:], mode="nearest"))
        p = self.lat4(x4) + F.interpolate(p, size=x4.shape[-2:], mode="nearest")
        h = self.head(p)
        logits = self.cls(h)
        ltrb = REG_UNIT * torch.exp(self.reg(h).clamp(-4.0, 4.5))
        return logits, ltrb


class Exported(nn.Module):
    """The net as shipped: softmax probabilities instead of logits."""

    def __init__(self, net: SketchNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, ink: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        logits, ltrb = self.net(ink)
        return torch.softmax(logits, dim=1), ltrb
