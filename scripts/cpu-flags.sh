#!/usr/bin/env bash
# Prints the `swift build` flags that compile fundcast for this CPU's x86-64 micro-architecture level
# (x86-64-v3: AVX2, FMA, BMI2), so the loops over paths and cells run 4 doubles wide instead of SSE2's 2.
# Prints nothing (the portable baseline) elsewhere, on other architectures, or with FUNDCAST_PORTABLE=1
# (for a binary copied to other machines). Outputs are the same bit for bit either way: Swift does not
# contract a·b + c into a fused multiply-add, and wider vectors only run the same operations in parallel.
set -euo pipefail
[ "${FUNDCAST_PORTABLE:-0}" = 1 ] && exit 0
[ "$(uname -m)" = x86_64 ] || exit 0
supported=0
if /lib64/ld-linux-x86-64.so.2 --help 2>/dev/null | grep -q 'x86-64-v3 (supported'; then
  supported=1
elif [ -r /proc/cpuinfo ]; then
  flags=" $(grep -m1 '^flags' /proc/cpuinfo) "
  supported=1
  for f in avx avx2 fma bmi1 bmi2 f16c movbe abm xsave; do
    case "$flags" in *" $f "*) ;; *) supported=0 ;; esac
  done
fi
[ "$supported" = 1 ] && echo "-Xswiftc -Xcc -Xswiftc -march=x86-64-v3 -Xcc -march=x86-64-v3"
exit 0
