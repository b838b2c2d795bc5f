#!/usr/bin/env bash
# Usage: scripts/check-glibc.sh PATH [MAX=2.34]
#
# Fails if the ELF binary at PATH needs a glibc symbol version newer than MAX (default
# 2.34, what Lambda's provided.al2023 runtime offers), naming the offending symbols.
# Otherwise prints the highest GLIBC_x.y it needs and exits 0. Reads the dynamic symbol
# table with `objdump -T`, or `readelf --dyn-syms -W` when objdump is missing (binutils).
set -euo pipefail

bin=${1:?usage: check-glibc.sh PATH [MAX=2.34]}
max=${2:-2.34}
if [[ ! -f $bin ]]; then
  echo "check-glibc: no such file: $bin" >&2
  exit 2
fi
if ! [[ $max =~ ^[0-9]+(\.[0-9]+)+$ ]]; then
  echo "check-glibc: MAX must look like 2.34, got '$max'" >&2
  exit 2
fi

if command -v objdump >/dev/null 2>&1; then
  table=$(objdump -T "$bin")
elif command -v readelf >/dev/null 2>&1; then
  table=$(readelf --dyn-syms -W "$bin")
else
  echo "check-glibc: needs objdump or readelf (Debian package binutils)" >&2
  exit 2
fi

# "VERSION SYMBOL" per versioned glibc symbol. objdump: `... (GLIBC_2.34) name` or
# `... GLIBC_2.2.5 name`; readelf: `... name@GLIBC_2.34 (2)`.
pairs=$(awk '{
  for (i = 1; i <= NF; i++) {
    if (match($i, /GLIBC_[0-9]+(\.[0-9]+)+/)) {
      ver = substr($i, RSTART + 6, RLENGTH - 6)
      if (index($i, "@") > 0) { sym = substr($i, 1, index($i, "@") - 1) } else { sym = $NF }
      print ver, sym
      break
    }
  }
}' <<<"$table" | sort -u)

if [[ -z $pairs ]]; then
  echo "check-glibc: $bin needs no versioned glibc symbol (static or not linked against glibc)"
  exit 0
fi

newer() { # $1 > $2 in version order
  [[ $1 != "$2" ]] && [[ $(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n 1) == "$1" ]]
}

highest=$(cut -d' ' -f1 <<<"$pairs" | sort -uV | tail -n 1)
offending=""
while read -r ver sym; do
  if newer "$ver" "$max"; then
    offending+="  $sym@GLIBC_$ver"$'\n'
  fi
done <<<"$pairs"

if [[ -n $offending ]]; then
  echo "check-glibc: $bin needs glibc symbols newer than GLIBC_$max:" >&2
  printf '%s' "$offending" >&2
  exit 1
fi
echo "check-glibc: ok: highest glibc symbol version in $bin is GLIBC_$highest (max GLIBC_$max)"
