# The two commands: `make run` builds and serves the lesson, `make test`
# installs what the tests need and runs every test.

ADDR   ?= 127.0.0.1:8080
LESSON ?= content/day1-00-finetuning.md
BASE   ?= /
FRAMES ?= *
GO     ?= go

.PHONY: build run scorm test check browser jslibs clean

## build: write the static site for $(LESSON) to dist/
build:
	$(GO) run ./cmd/build -lesson $(LESSON) -out dist

## scorm: build, then package dist/ as a SCORM 1.2 zip (dist/<id>-<version>-scorm12.zip)
scorm:
	$(GO) run ./cmd/build -lesson $(LESSON) -out dist -scorm

## run: build, then serve dist/ on $(ADDR) (make run ADDR=127.0.0.1:9000)
run: build bin/server
	./bin/server -addr $(ADDR) -dir dist -base $(BASE) -frame-ancestors '$(FRAMES)'

bin/server: FORCE
	$(GO) build -o bin/server ./cmd/server

## test: gofmt, go vet, and every test, browser tests included
test: browser jslibs check
	$(GO) test -count=1 -timeout 20m ./...

check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## jslibs: npm ci the pinned libraries the browser tests load (e2e/js)
jslibs:
	@./.ci/ensure-js

## browser: install Debian's chromium when no Chromium is on the machine
browser:
	@./.ci/ensure-browser

clean:
	rm -rf dist bin

FORCE:
