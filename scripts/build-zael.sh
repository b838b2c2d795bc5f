#!/usr/bin/env bash
# The `zael` binary as shipped and benchmarked, at target/shipped/zael:
# - static and position-dependent (`cargo build-zael`, .cargo/config.toml): no dynamic loader
#   runs at start;
# - profile-guided: built once instrumented (target/pgo/gen), run on the work it exists for
#   (every blueprint and snapshot variant, `synth --all` over 200 generated profiles,
#   `check`), then built again with what that run measured (target/pgo/use), so the compiler
#   lays out and inlines for the paths synth really takes (README, Performance).
# Without llvm-profdata from rustup's llvm-tools (it must match rustc's LLVM), or with
# ZAEL_PGO=0, the binary is static only, and the script says so on stderr.
#
# A step whose input has not changed is skipped, so the benchmarks call this freely.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
shipped=$repo/target/shipped/zael
mkdir -p "$(dirname "$shipped")"

static_only() {
  echo "build-zael: $1: target/shipped/zael is static, without profile guidance" >&2
  cargo --quiet build-zael
  install -m 755 target/release/zael "$shipped"
  exit 0
}

[[ ${ZAEL_PGO:-1} != 0 ]] || static_only "ZAEL_PGO=0"
host=$(rustc -vV | sed -n 's/^host: //p')
profdata=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata
[[ -x $profdata ]] || rustup component add llvm-tools >&2 || true
[[ -x $profdata ]] || static_only "no llvm-profdata (rustup component add llvm-tools)"

pgo=$repo/target/pgo
CARGO_TARGET_DIR=$pgo/gen RUSTFLAGS="-Cprofile-generate=$pgo/raw" \
  cargo build --quiet --release --locked --bin zael
instrumented=$pgo/gen/release/zael

# The training run: what users run most, each blueprint and option path once or more.
# Warnings (the API variants') are kept out of the way; a failure prints its stderr.
train() {
  local work=$pgo/train
  rm -rf "$pgo/raw" "$work"
  mkdir -p "$work"
  run() { "$instrumented" "$@" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }; }
  grep -v '^#' snapshots/variants.txt | while IFS=$'\t' read -r name flags; do
    [[ -z $name ]] && continue
    # shellcheck disable=SC2086 # flags are words
    run synth $flags >/dev/null
    # shellcheck disable=SC2086
    run synth --format json $flags >/dev/null
  done
  for blueprint in limiter redis api; do
    run synth --blueprint "$blueprint" >"$work/$blueprint.yaml"
    run check --template "$work/$blueprint.yaml" >/dev/null
  done
  scripts/gen-profiles.sh 200 "$work/stacks"
  run synth --all --stacks-dir "$work/stacks" --out "$work/out"
  "$profdata" merge -o "$pgo/zael.profdata" "$pgo/raw"
}

# Trained again only when the instrumented binary changed.
stamp=$pgo/trained-on
sum=$(sha256sum "$instrumented" | cut -d' ' -f1)
if [[ ! -f $pgo/zael.profdata || ! -f $stamp || $(cat "$stamp") != "$sum" ]]; then
  train
  echo "$sum" >"$stamp"
fi

# The profile's path carries its digest: cargo sees RUSTFLAGS change, not a file's content.
digest=$(sha256sum "$pgo/zael.profdata" | cut -c1-16)
profile=$pgo/zael-$digest.profdata
[[ -f $profile ]] || { rm -f "$pgo"/zael-*.profdata; cp "$pgo/zael.profdata" "$profile"; }
CARGO_TARGET_DIR=$pgo/use RUSTFLAGS="-Cprofile-use=$profile" cargo --quiet build-zael
install -m 755 "$pgo/use/release/zael" "$shipped"
