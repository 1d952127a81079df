# make test runs every check CI runs, starting what the tests need: the
# PostgreSQL tests start a throwaway cluster from Debian's postgresql
# package (installed here when missing) on 127.0.0.1.
SHELL := /bin/bash
GO ?= go

.PHONY: test deps fmt-check vet staticcheck openapi-lint unit generate check-generated bench

test: deps fmt-check vet staticcheck openapi-lint check-generated unit

# deps installs the Debian packages the tests need when they are missing:
# postgresql for the PostgreSQL tests, chromium and fonts-noto-cjk (so that
# Chinese renders in the screenshots) for the browser tests.
deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "installing postgresql (needed by the PostgreSQL tests)"; \
		if [ "$$(id -u)" != 0 ]; then echo "run as root, or install the postgresql package"; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	fi
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		echo "installing chromium and fonts-noto-cjk (needed by the browser tests)"; \
		if [ "$$(id -u)" != 0 ]; then echo "run as root, or install the chromium and fonts-noto-cjk packages"; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	fi

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	cd calendar/internal/gen && $(GO) vet ./...

# staticcheck runs honnef.co/go/tools' staticcheck over the module and the
# calendar generator (its own module). When it is neither on PATH nor where
# go install puts it, go install fetches it (STATICCHECK_VERSION pins it).
STATICCHECK_VERSION ?= latest

staticcheck:
	@bin=$$($(GO) env GOBIN); bin=$${bin:-$$($(GO) env GOPATH)/bin}; \
	sc=$$(command -v staticcheck || echo "$$bin/staticcheck"); \
	if [ ! -x "$$sc" ]; then \
		echo "installing staticcheck@$(STATICCHECK_VERSION)"; \
		$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) || exit 1; \
		sc="$$bin/staticcheck"; \
	fi; \
	"$$sc" ./... && (cd calendar/internal/gen && "$$sc" ./...)

# openapi-lint lints the API's OpenAPI document with the Redocly CLI under
# its recommended rules, every warning an error (recommended-strict), so the
# document stays clean. npx fetches the pinned CLI from npm on first use,
# with a Node.js of its own (npm's node package: the CLI needs Node 20.19 or
# later, newer than some distributions ship); when npm itself is missing,
# Debian's nodejs and npm packages are installed, as deps does for the
# tests' packages.
REDOCLY_VERSION ?= 2.77.0
REDOCLY_NODE ?= 22

openapi-lint:
	@if ! command -v npx >/dev/null 2>&1; then \
		echo "installing nodejs and npm (needed by openapi-lint)"; \
		if [ "$$(id -u)" != 0 ]; then echo "run as root, or install the nodejs and npm packages"; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
	fi
	npx --yes -p node@$(REDOCLY_NODE) -p @redocly/cli@$(REDOCLY_VERSION) -- \
		redocly lint --extends=recommended-strict --format=stylish examples/server/api/openapi.json

# unit runs every test with the race detector; SHOUHOU_TEST_POSTGRES=1
# turns on the tests against a real PostgreSQL server, SHOUHOU_TEST_BROWSER=1
# the browser tests in headless chromium (their screenshots go to the
# directory SHOUHOU_SCREENSHOTS names, if set).
SCREENSHOTS ?= $(or $(TMPDIR),/tmp)/shouhou-screenshots

unit:
	mkdir -p "$(SCREENSHOTS)"
	SHOUHOU_TEST_POSTGRES=1 SHOUHOU_TEST_BROWSER=1 SHOUHOU_SCREENSHOTS="$(SCREENSHOTS)" $(GO) test -race -count=1 ./...
	@echo "browser screenshots: $(SCREENSHOTS)"

# generate rewrites the embedded calendar data from calendar/testdata.
generate:
	$(GO) generate ./calendar

# check-generated fails when the committed data differs from what the
# generator makes of the committed reference files.
check-generated:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd calendar/internal/gen && $(GO) run . -ref ../../testdata/cn-holidays -out "$$tmp") && \
	diff -u calendar/schedule_data.go "$$tmp/schedule_data.go" && \
	diff -u calendar/lunar_data.go "$$tmp/lunar_data.go" && echo "generated calendar data is up to date"

# bench runs the benchmarks quoted in the issues' closing notes.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./calendar ./aftersales ./complaint ./aftersales/ledger
