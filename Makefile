# Everyday commands. `make test` is the test command of README.md; `make ci` is what CI runs.
SHELL := /bin/bash
VENV := .venv

.PHONY: synth zael test lint lint-templates venv lambda bench bench-check ci clean install

## synth: print the default rate-limiter template
synth:
	cargo run --quiet -- synth

## venv: Python tools for tests and CI (cfn-lint, moto server), pinned in requirements-dev.txt
venv: $(VENV)/.installed
$(VENV)/.installed: requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## test: every test of the workspace (the Lambda crates' integration tests start moto server)
test: venv
	cargo test --workspace --locked

## lint: formatting, clippy, and cfn-lint on every synthesized variant
lint: venv
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	scripts/lint-templates.sh

## lint-templates: cfn-lint on every synthesized variant only
lint-templates: venv
	scripts/lint-templates.sh

## lambda: the aggregator's and the API handler's bootstrap for provided.al2023 (lambda profile), glibc-checked and stamped
lambda:
	scripts/build-lambda.sh

## bench: criterion benchmarks and whole-process timings
bench:
	cargo bench --bench synth
	cargo bench -p zael-aggregator --bench aggregate
	scripts/bench-synth.sh
	scripts/bench-profiles.sh
	scripts/bench-fleet.sh

## bench-check: whole-process time of `zael check` vs cfn-lint and the cfn-guard CLI
bench-check:
	scripts/bench-check.sh

## zael: the binary as shipped, static and profile-guided (target/shipped/zael; scripts/build-zael.sh)
zael:
	scripts/build-zael.sh

## install: the shipped zael and zael-lifecycle (the AWS commands `zael deploy|status|delete|register` run) into ~/.cargo/bin
install: zael
	install -D -m 755 target/shipped/zael $${CARGO_HOME:-$$HOME/.cargo}/bin/zael
	cargo install --locked --path lifecycle

## ci: everything CI checks, from a clean clone
ci:
	bash .ci/run

clean:
	cargo clean
	rm -rf $(VENV)
