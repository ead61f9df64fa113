# The two commands: `make run` builds and serves the lesson, `make test`
# installs what the tests need and runs every test.

ADDR   ?= 127.0.0.1:8080
COURSE ?= content/course.yaml
LESSON ?=
BASE   ?= /
FRAMES ?= *
GO     ?= go

.PHONY: build run dev scorm test bench wasmsize check browser packages jslibs clean import shots

# With LESSON=content/x.md, build and scorm take that one lesson alone.
SOURCE = $(if $(LESSON),-lesson $(LESSON),-course $(COURSE))

## build: write the course's static site to dist/ (LESSON=content/x.md: one lesson alone)
build:
	$(GO) run ./cmd/build $(SOURCE) -out dist

## scorm: build, then write SCORM 1.2 zips to dist/: one per lesson and the
## course's multi-SCO package (with LESSON=…, that lesson's only)
scorm:
	$(GO) run ./cmd/build $(SOURCE) -out dist -scorm

## dev: serve the course on $(ADDR), rebuild the pages on every content save
## and reload the open tab
dev:
	$(GO) run ./cmd/dev -addr $(ADDR) -course $(COURSE)

## run: build, then serve dist/ on $(ADDR) (make run ADDR=127.0.0.1:9000)
run: build bin/server
	./bin/server -addr $(ADDR) -dir dist -base $(BASE) -frame-ancestors '$(FRAMES)'

bin/server: FORCE
	$(GO) build -o bin/server ./cmd/server

## test: gofmt, go vet, every test (browser tests included), then each
## fuzzer briefly (FUZZTIME runs each; the seeds already ran with the
## tests). Runs, not seconds: a timed run can fail with "context deadline
## exceeded" as its time runs out (go.dev/issue/75804, fixed in Go 1.27).
FUZZTIME ?= 10000x
FUZZFLAGS = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1000x
test: packages jslibs check
	$(GO) test -count=1 -timeout 20m ./...
	cd third_party/go-app && $(GO) test -count=1 ./pkg/app
	$(GO) test $(FUZZFLAGS) -fuzz FuzzRequestPath ./internal/server
	$(GO) test $(FUZZFLAGS) -fuzz FuzzLesson ./app/parse
	$(GO) test $(FUZZFLAGS) -fuzz FuzzUI ./app/parse
	$(GO) test $(FUZZFLAGS) -fuzz FuzzCourse ./app/parse
	$(GO) test $(FUZZFLAGS) -fuzz FuzzImport ./internal/notebook
	$(GO) test $(FUZZFLAGS) -fuzz FuzzRestore ./app/ui

## bench: browser and load benchmarks side by side with plain go-app, our
## server beside nginx under wrk (a few minutes), what the wasm links by
## package, then the Go micro-benchmarks (BENCHFLAGS: cmd/bench's flags,
## e.g. "-runs 1 -nginx-rounds 1" for a quick pass)
BENCHFLAGS ?=
bench: browser
	@./.ci/ensure-bench
	$(GO) run ./cmd/bench -out bench.md $(BENCHFLAGS)
	$(GO) run ./cmd/wasmsize
	$(GO) test -run '^$$' -bench . -benchmem ./internal/server ./app/parse

## wasmsize: what app.wasm links, by package (code bytes)
wasmsize:
	$(GO) run ./cmd/wasmsize

check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## jslibs: npm ci the pinned libraries the browser tests load (e2e/js)
jslibs:
	@./.ci/ensure-js

## packages: install (apt-get) what the tests need and the machine lacks:
## chromium, the Korean and emoji fonts, WebKit's WebDriver, Xvfb, Firefox
## ESR, xmllint, Node.js
packages:
	@./.ci/ensure-packages

## browser: install Debian's chromium when no Chromium is on the machine
browser:
	@./.ci/ensure-packages chromium

clean:
	rm -rf dist bin

FORCE:

## import: a notebook to a lesson (make import NB=nb.ipynb [OUT=content/name.md]);
## warnings name the cells not converted; OUT is written only on success and
## never over an existing file
import:
	@test -n "$(NB)" || { echo "usage: make import NB=notebook.ipynb [OUT=content/name.md]"; exit 2; }
	$(GO) run ./cmd/import $(if $(OUT),-o $(OUT)) $(NB)

## shots: screenshots for a design review in shots/ (360×740, 768×1024,
## 1024×768, 1366×768, light and dark, first screen and whole page after
## interacting; print.png and print.pdf)
shots: browser
	SHOTS_DIR=$(CURDIR)/shots $(GO) test -count=1 -timeout 20m -run '^TestShots$$' ./e2e/
