# One command per task. `make run` and `make test` set up everything they need on a fresh
# Debian machine and are quick when nothing changed (stamp files track pyproject.toml).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8501

.PHONY: run test test-fast bench lint train-sketch system-deps browser clean

run: $(VENV)/.installed
	$(BIN)/handoff serve --host $(HOST) --port $(PORT)

# Tests that drive no browser run on both cores (pytest-xdist); the browser tests one at a time,
# since each starts its own app server and Chromium and two at once starve each other.
test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -m "not e2e" -n 2
	$(BIN)/python -m pytest -m e2e

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not e2e" -n 2

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/intake_bench.py
	$(BIN)/python benchmarks/llm_stream_bench.py
	$(BIN)/python benchmarks/fidelity_bench.py
	$(BIN)/python benchmarks/conformance_bench.py
	$(BIN)/python benchmarks/workspace_bench.py
	$(BIN)/python benchmarks/offline_bench.py
	$(BIN)/python benchmarks/ocr_bench.py --limit 12
	$(BIN)/python benchmarks/store_bench.py
	$(BIN)/python benchmarks/library_bench.py
	$(BIN)/python benchmarks/export_bench.py
	$(BIN)/python benchmarks/hostile_bench.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check converters ui pages tests benchmarks training app.py
	$(BIN)/mypy

# The sketch detector, trained from scratch on the CPU (~30 min on 2 cores): writes the ONNX model,
# its sha256 and the split into converters/offline/sketch/model/ and prints the report table.
# Data: SKETCH_TRAIN / SKETCH_REPORT (the eval folders). After it, copy the printed sha256 into
# MODEL_SHA256 (converters/offline/sketch/detector.py) and the figures into the model card.
SKETCH_TRAIN  ?= ../shared/eval/sketches-train
SKETCH_REPORT ?= ../shared/eval/sketches
# torch comes from the optional extra `train`, pinned to 2.13.0: on our machines that version
# installs a CPU build (a newer or unpinned torch pulls a multi-GB CUDA build). Only training
# needs it; the app runs the model with onnxruntime.
train-sketch: $(VENV)/.installed-train
	nice -n 5 $(BIN)/python -m training.sketch.train --train-dir $(SKETCH_TRAIN) --report-dir $(SKETCH_REPORT)

system-deps:
	@scripts/ensure-system-deps.sh runtime

browser:
	@scripts/ensure-system-deps.sh browser

$(BIN)/python: | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-train: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[train]'
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
