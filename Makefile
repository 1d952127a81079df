# make test runs every check CI runs. Later issues extend it with the
# services their tests need (PostgreSQL, chromium).
SHELL := /bin/bash
GO ?= go

.PHONY: test fmt-check vet unit generate check-generated bench

test: fmt-check vet check-generated unit

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	cd calendar/internal/gen && $(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./calendar
