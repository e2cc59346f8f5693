# synq's build. `make test` is what CI runs (through .ci/run).
#
# Anything that imports Ebiten links X11/GL through cgo and panics at start without a display,
# so the tests run under xvfb-run; the Debian packages for both come from `make deps`.

GO       ?= go
BIN      := bin/synq
# The desktop app, cmd/synq-app. It is a binary of its own because Ebiten needs a display from
# the first instruction, and `synq run` must work without one; `synq` alone starts it.
APP      := bin/synq-app
# A 24-bit screen: the default 8-bit one is not what a desktop looks like.
XVFB_RUN := xvfb-run -a -s '-screen 0 1280x800x24'

.DEFAULT_GOAL := test
.PHONY: test conformance kernels deps build run vet bench clean web serve web-test

# The training page: what `make web` builds, where `make serve` listens, and how hard brotli
# works on the copies (11: smallest, most of a minute on the wasm, as long as zopfli's gzip
# copy takes beside it; 9 takes seconds).
WEB_DIST       := web/dist
WEB_ADDR       ?= 127.0.0.1:8080
BROTLI_QUALITY ?= 11
# The pages allowed to show the page in a frame (a learning platform): CSP sources separated
# by spaces, like 'https://lms.example'. 'none' by default; docs/hosting.md.
FRAME_ANCESTORS ?= 'none'

# Bash with pipefail, so that a test run piped through a filter still fails when it fails.
SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

## test: go vet, every package's tests under a virtual display, the lessons' checks, the
## conformance suite, then the browser page's test in headless chromium. The suite plays in
## real time, so it runs before chromium and the page's compression load the machine.
test: deps vet
	$(XVFB_RUN) $(GO) test -count=1 $$($(GO) list ./... | grep -v '/kernel$$')
	$(GO) run . lessons --check | grep -v '^    PASS'
	$(MAKE) --no-print-directory conformance
	$(MAKE) --no-print-directory web-test

## conformance: the real-kernel tests (as root): every conformance/ scenario on this kernel
conformance:
	$(GO) test -count=1 -v ./kernel/ | grep -Ev '^ *(=== (RUN|PAUSE|CONT)|--- PASS|PASS$$)'

## kernels: the conformance suite on the kernels of Debian 11, 12, 13 and unstable, each booted
## under qemu (fetched with apt into bin/kernels the first time; KERNELS=debian-12 for one)
KERNELS ?= debian-11,debian-12,debian-13,debian-unstable
kernels: deps
	@# The guest has no shared libraries: the synq it runs is linked statically.
	CGO_ENABLED=0 $(GO) build -o $(BIN) .
	./$(BIN) kernel --boot $(KERNELS) --only-differences conformance/*.yaml

## deps: install the Debian packages that the build and the tests need
deps:
	@bash .ci/deps.sh

## build: bin/synq (command line, no display needed) and bin/synq-app (the desktop app)
build: deps
	$(GO) build -o $(BIN) .
	$(GO) build -o $(APP) ./cmd/synq-app

## run: build, then open the desktop window (needs a display)
run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "make run: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can open." >&2; \
		echo "  On a machine without a screen, run it under a virtual display:  xvfb-run -a $(BIN)" >&2; \
		exit 1; \
	fi
	./$(BIN)

## vet: go vet on every package and program, and gofmt on every Go file (needs no display)
vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt: these files are not formatted:" $$unformatted >&2; exit 1; fi

## bench: the model's benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./model/

## web: the training page in web/dist: synq.wasm, Go's wasm_exec.js, the page, .gz/.br copies
## and _headers (docs/hosting.md). Needs only Go (zopfli and brotli, if there, make smaller copies).
web:
	@# The framing policy first: a bad one fails before minutes of compression.
	mkdir -p $(WEB_DIST)
	$(GO) run ./web/serve -headers -frame-ancestors "$(FRAME_ANCESTORS)" > $(WEB_DIST)/_headers.new || { rm -f $(WEB_DIST)/_headers.new; exit 2; }
	$(GO) run ./web/pack lessons web/app/lessons
	@deps=$$(GOOS=js GOARCH=wasm $(GO) list -deps ./web/app) || exit 1; \
	if grep -qx 'synq/kernel' <<<"$$deps"; then \
		echo "make web: the wasm build imports synq/kernel, which must stay out of it" >&2; exit 1; fi
	GOOS=js GOARCH=wasm $(GO) vet ./web/app/ ./web/params/ ./render/
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WEB_DIST)/synq.wasm.new ./web/app
	@# An unchanged build keeps the old file, so that its compressed copies stay valid.
	@if cmp -s $(WEB_DIST)/synq.wasm.new $(WEB_DIST)/synq.wasm; then rm $(WEB_DIST)/synq.wasm.new; \
		else mv $(WEB_DIST)/synq.wasm.new $(WEB_DIST)/synq.wasm; fi
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/static/loader.js web/static/style.css web/static/favicon.svg $(WEB_DIST)/
	sed "s/@WASM_SIZE@/$$(stat -c %s $(WEB_DIST)/synq.wasm)/" web/static/index.html > $(WEB_DIST)/index.html
	mv $(WEB_DIST)/_headers.new $(WEB_DIST)/_headers
	$(GO) run ./web/precompress -q $(BROTLI_QUALITY) $(addprefix $(WEB_DIST)/,index.html loader.js style.css favicon.svg wasm_exec.js synq.wasm)

## serve: build the page, then serve it on $(WEB_ADDR) (WEB_ADDR=127.0.0.1:9000 make serve;
## FRAME_ANCESTORS='https://lms.example' make serve lets that site frame it)
serve: web
	$(GO) run ./web/serve -addr $(WEB_ADDR) -dir $(WEB_DIST) -frame-ancestors "$(FRAME_ANCESTORS)"

## web-test: the page's end-to-end test in headless chromium (installs playwright-core from npm;
## chromium, Node.js, zopfli and brotli come from make deps, which needs root to install them)
web-test: deps web web/e2e/node_modules/.package-lock.json
	node web/e2e/test.mjs

# playwright-core as package-lock.json pins it; never a browser download (Debian's chromium).
web/e2e/node_modules/.package-lock.json: web/e2e/package.json web/e2e/package-lock.json
	cd web/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

## clean: remove build outputs
clean:
	rm -rf bin $(WEB_DIST)
