# synq's build. `make test` is what CI runs (through .ci/run).
#
# Anything that imports Ebiten links X11/GL through cgo and panics at start without a display,
# so the tests run under xvfb-run; the Debian packages for both come from `make deps`.

GO       ?= go
BIN      := bin/synq
# The desktop app: the same program built with the gui tag. It is a binary of its own because
# Ebiten needs a display from the first instruction, and `synq run` must work without one.
APP      := bin/synq-app
# A 24-bit screen: the default 8-bit one is not what a desktop looks like.
XVFB_RUN := xvfb-run -a -s '-screen 0 1280x800x24'

.DEFAULT_GOAL := test
.PHONY: test conformance deps build run vet bench clean

# Bash with pipefail, so that a test run piped through a filter still fails when it fails.
SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

## test: go vet, every package's tests under a virtual display, then the conformance suite
test: deps vet
	$(XVFB_RUN) $(GO) test -count=1 $$($(GO) list ./... | grep -v '/kernel$$')
	$(GO) run . lessons --check | grep -v '^    PASS'
	$(MAKE) --no-print-directory conformance

## conformance: the real-kernel tests (as root): every conformance/ scenario on this kernel
conformance:
	$(GO) test -count=1 -v ./kernel/ | grep -Ev '^ *(=== (RUN|PAUSE|CONT)|--- PASS|PASS$$)'

## deps: install the Debian packages that the build and the tests need
deps:
	@bash .ci/deps.sh

## build: bin/synq (command line, no display needed) and bin/synq-app (the desktop app)
build: deps
	$(GO) build -o $(BIN) .
	$(GO) build -tags gui -o $(APP) .

## run: build, then open the desktop window (needs a display)
run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "make run: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can open." >&2; \
		echo "  On a machine without a screen, run it under a virtual display:  xvfb-run -a $(BIN)" >&2; \
		exit 1; \
	fi
	./$(BIN)

## vet: go vet on every package (needs no display)
vet:
	$(GO) vet ./...
	$(GO) vet -tags gui .

## bench: the model's benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./model/

## clean: remove build outputs
clean:
	rm -rf bin
