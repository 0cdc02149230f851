"""The offline engine's path for photos of hand-drawn sketches.

A learned detector (``detector``, run with onnxruntime) finds the widgets drawn on the paper;
``build`` turns them into elements (real controls, text read from the handwriting where it is
legible, placeholder text of the right role and length where not) that the shared layout and
emit write as code.
"""
