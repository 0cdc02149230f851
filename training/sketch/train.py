"""Train the sketch widget detector from scratch on the CPU, export it to ONNX and score it.

    python -m training.sketch.train            # what `make train-sketch` runs

Data: every photo of ``--train-dir`` (sketches-train, 60 photos) plus ``--synthetic`` generated
sketches; with ``--holdout`` every fifth training photo is held out instead and scored (for
tuning, so the report photos are never looked at while choosing settings). The report split
(``--report-dir``, 49 photos) is never trained on; its detector-only table is printed at the end.
Writes ``sketch.onnx``, ``sketch.onnx.sha256`` and ``split.json`` (the file lists used) into
``--out``. Seeded: the same seed and settings give the same data order and initial weights
(torch's CPU kernels may still differ in the last bits between runs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from converters.offline.sketch.detector import OUTPUT_STRIDE
from training.sketch.data import Photo, augment_real, class_index, encode, load_photos
from training.sketch.evaluate import evaluate, table
from training.sketch.model import Exported, SketchNet
from training.sketch.synth import synthetic_photo

log = logging.getLogger("train-sketch")
REPO = Path(__file__).resolve().parents[2]
FOCAL_GAMMA = 2.0
REG_WEIGHT = 2.0


def focal_loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Softmax focal loss over the cells not ignored, normalised by the number of widget cells."""
    valid = target >= 0
    logp = F.log_softmax(logits, dim=1)
    t = target.clamp(min=0)
    logp_t = logp.gather(1, t[:, None]).squeeze(1)
    loss = -((1 - logp_t.exp()) ** FOCAL_GAMMA) * logp_t
    positives = (target > 0).sum().clamp(min=1)
    return (loss * valid).sum() / positives


def giou_loss(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Generalised IoU loss of edge distances (B x 4 x H x W) on the widget cells."""
    p = pred.permute(0, 2, 3, 1)[mask]
    t = target.permute(0, 2, 3, 1)[mask].clamp(min=0.5)
    if len(p) == 0:
        return pred.sum() * 0
    pa = (p[:, 0] + p[:, 2]) * (p[:, 1] + p[:, 3])
    ta = (t[:, 0] + t[:, 2]) * (t[:, 1] + t[:, 3])
    iw = torch.minimum(p[:, 0], t[:, 0]) + torch.minimum(p[:, 2], t[:, 2])
    ih = torch.minimum(p[:, 1], t[:, 1]) + torch.minimum(p[:, 3], t[:, 3])
    inter = iw * ih
    union = pa + ta - inter
    ew = torch.maximum(p[:, 0], t[:, 0]) + torch.maximum(p[:, 2], t[:, 2])
    eh = torch.maximum(p[:, 1], t[:, 1]) + torch.maximum(p[:, 3], t[:, 3])
    enclose = ew * eh
    giou = inter / union - (enclose - union) / enclose
    return (1 - giou).mean()


def batch(
    real: list[Photo],
    synthetic: list[Photo],
    size: int,
    real_share: float,
    rng: np.random.Generator,
    crop: int,
) -> tuple[torch.Tensor, ...]:
    inks, classes, regs = [], [], []
    for _ in range(size):
        if synthetic and rng.random() >= real_share:
            photo = synthetic[int(rng.integers(len(synthetic)))]
            gray, items = photo.gray, photo.boxes
        else:
            gray, items = augment_real(real[int(rng.integers(len(real)))], rng)
        ink, cls, reg = encode(gray, items, rng)
        if crop < ink.shape[-1]:
            # A window of the canvas: targets are per cell, relative to the cell, so they stay valid.
            g = crop // OUTPUT_STRIDE
            gy = int(rng.integers(0, cls.shape[0] - g + 1))
            gx = int(rng.integers(0, cls.shape[1] - g + 1))
            s = OUTPUT_STRIDE
            ink = ink[:, gy * s : (gy + g) * s, gx * s : (gx + g) * s]
            cls, reg = cls[gy : gy + g, gx : gx + g], reg[:, gy : gy + g, gx : gx + g]
        inks.append(ink)
        classes.append(cls)
        regs.append(reg)
    return (
        torch.from_numpy(np.stack(inks)),
        torch.from_numpy(np.stack(classes)),
        torch.from_numpy(np.stack(regs)),
    )


def make_synthetic(count: int, seed: int) -> list[Photo]:
    out = []
    for i in range(count):
        gray, items = synthetic_photo(np.random.default_rng([seed, i]), long_side=640)
        out.append(Photo(f"synthetic-{i}", gray, [(class_index(lbl), b) for lbl, b in items]))
    return out


def export(net: SketchNet, path: Path) -> str:
    net.eval()
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        Exported(net),
        (torch.zeros(1, 1, 288, 384),),
        str(path),
        input_names=["ink"],
        output_names=["prob", "ltrb"],
        dynamic_axes={"ink": {2: "h", 3: "w"}, "prob": {2: "gh", 3: "gw"}, "ltrb": {2: "gh", 3: "gw"}},
        opset_version=17,
        dynamo=False,
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n")
    return digest


def main() -> None:
    parser = argparse.ArgumentParser(description="Train the sketch widget detector (CPU).")
    parser.add_argument("--train-dir", type=Path, default=Path("/work/shared/eval/sketches-train"))
    parser.add_argument("--report-dir", type=Path, default=Path("/work/shared/eval/sketches"))
    parser.add_argument("--out", type=Path, default=REPO / "converters/offline/sketch/model")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=12)
    parser.add_argument("--crop", type=int, default=256, help="side of the training window (input px)")
    parser.add_argument("--synthetic", type=int, default=800)
    parser.add_argument("--real-share", type=float, default=0.5)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=14)
    # One thread: on this machine's two cores, shared with other jobs, a training step took 0.4-1.1 s
    # with one thread and 2.8-8.7 s with two (measured alternately: OpenMP's two threads wait on each other).
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--holdout", action="store_true", help="hold out every fifth training photo and score it"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    start = time.time()

    names = sorted(p.name for p in args.train_dir.glob("*.jpg"))
    held = names[4::5] if args.holdout else []
    train_names = [n for n in names if n not in held]
    report_names = sorted(p.name for p in args.report_dir.glob("*.jpg"))
    real = load_photos(args.train_dir, train_names)
    synthetic = make_synthetic(args.synthetic, args.seed)
    log.info(
        "%d real, %d synthetic photos ready after %.0f s", len(real), len(synthetic), time.time() - start
    )

    net = SketchNet()
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.1)
    net.train()
    for step in range(args.steps):
        ink, cls, reg = batch(real, synthetic, args.batch, args.real_share, rng, args.crop)
        logits, ltrb = net(ink)
        lc = focal_loss(logits, cls)
        lr_ = giou_loss(ltrb, reg, cls > 0)
        loss = lc + REG_WEIGHT * lr_
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 50 == 0 or step == args.steps - 1:
            log.info(
                "step %d/%d cls %.3f giou %.3f (%.0f s)",
                step,
                args.steps,
                lc.item(),
                lr_.item(),
                time.time() - start,
            )

    model = args.out / "sketch.onnx"
    digest = export(net, model)
    trained = time.time() - start
    split = {
        "train": train_names,
        "held_out": held,
        "report": report_names,
        "synthetic": args.synthetic,
        "seed": args.seed,
    }
    (args.out / "split.json").write_text(json.dumps(split, indent=1) + "\n")
    size = model.stat().st_size / 1e6
    print(f"model: {model} sha256 {digest} ({size:.2f} MB), trained in {trained / 60:.1f} min")
    if held:
        scores, median = evaluate(model, args.train_dir, held)
        print(f"held-out training photos ({len(held)}):\n{table(scores)}")
        print(f"median {median * 1000:.0f} ms per photo")
        return  # a tuning run: the report photos are not looked at
    scores, median = evaluate(model, args.report_dir, report_names)
    print(f"report photos ({len(report_names)}), detector only:\n{table(scores)}")
    print(f"median {median * 1000:.0f} ms per photo")


if __name__ == "__main__":
    main()
