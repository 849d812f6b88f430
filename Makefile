# Two entry points: `make serve` (build and serve the app) and `make test` (everything CI runs).
SHELL := /bin/bash
export PATH := $(CURDIR)/e2e/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup serve test check-native lint build-release size e2e budgets bench dist

setup:
	@scripts/setup

serve: setup
	trunk serve

test: setup check-native lint build-release size e2e budgets

check-native:
	cargo test

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -- -D warnings

build-release:
	trunk build --release

dist: setup build-release size

size:
	@scripts/size-report

e2e:
	rm -f e2e/output/metrics.json
	cd e2e && npm test

budgets:
	@scripts/check-budgets

# Numbers, not verdicts: each beside its baseline from the same run (benches/*.rs), and the
# bundle sizes of dist/ beside their budget when a release build is there.
bench:
	cargo bench
	@if [ -f dist/index.html ]; then scripts/size-report; else echo "no dist/: run make build-release for bundle sizes"; fi
