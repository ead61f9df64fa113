# The two commands: `make run` builds and serves the lesson, `make test`
# installs what the tests need and runs every test.

ADDR   ?= 127.0.0.1:8080
LESSON ?= content/day1-00-finetuning.md
BASE   ?= /
GO     ?= go

.PHONY: build run test check browser clean

## build: write the static site for $(LESSON) to dist/
build:
	$(GO) run ./cmd/build -lesson $(LESSON) -out dist

## run: build, then serve dist/ on $(ADDR) (make run ADDR=127.0.0.1:9000)
run: build bin/server
	./bin/server -addr $(ADDR) -dir dist -base $(BASE)

bin/server: FORCE
	$(GO) build -o bin/server ./cmd/server

## test: gofmt, go vet, and every test, browser tests included
test: browser check
	$(GO) test -count=1 -timeout 20m ./...

check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## browser: install Debian's chromium when no Chromium is on the machine
browser:
	@./.ci/ensure-browser

clean:
	rm -rf dist bin

FORCE:
