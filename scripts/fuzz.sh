#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of fundcast's readers: the scenario loader, one --set
# argument, and each CSV reader (history, year-to-date actuals, age-sex tables).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     default 60 s, every target
#
# Builds the FundcastFuzz product with -sanitize=fuzzer in .build/fuzz (apart from the normal
# build), seeds each target's corpus in .build/fuzz-corpus/TARGET from Scenarios/, the CSVs and
# Tests/FuzzCorpus/, and runs it for the given time. A crash, trap, out-of-memory (over 2 GB) or an
# input taking over 20 s fails the script (exit 1) and leaves the input in .build/fuzz-crashes/;
# reaching the time limit does not. Each run prints its executions and coverage (cov: edges, ft:
# features). To reproduce a crash: swift run FundcastFuzz --target TARGET .build/fuzz-crashes/FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario set history ytd agesex published shock partial)

# FUZZ_CONFIG=release for a long session (several times the executions a second; slower to build).
config="${FUZZ_CONFIG:-debug}"
swift build --build-path .build/fuzz -c "$config" --product FundcastFuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld 2>&1 | grep -E "error|warning: unre|Compiling FundcastFuzz|Build" >&2 || true
fuzzer=".build/fuzz/$config/FundcastFuzz"
[ -x "$fuzzer" ] || { echo "fuzz.sh: the fuzz build failed" >&2; exit 1; }

mkdir -p .build/fuzz-crashes
status=0
for target in "${targets[@]}"; do
  corpus=".build/fuzz-corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    scenario) cp Scenarios/*.yaml "$corpus"/ ;;
    set)      cp Tests/FuzzCorpus/set/* "$corpus"/ ;;
    history)  cp Scenarios/data/*history*.csv "$corpus"/ ;;
    ytd)      cp Scenarios/data/*ytd*.csv "$corpus"/ ;;
    agesex)   cp Tests/FuzzCorpus/agesex/* "$corpus"/ 2>/dev/null || true ;;
    published) cp Scenarios/published/*.csv "$corpus"/ ;;
    shock)    cp Scenarios/shocks/*.yaml Scenarios/assumptions/*.yaml "$corpus"/ ;;
    partial)  .build/debug/fundcast simulate Scenarios/example-city.yaml --paths 4 --seed 1 --shard 1/2 --output "$corpus/part-1.fcsim" >/dev/null 2>&1 || true ;;
    *) echo "fuzz.sh: unknown target $target" >&2; exit 2 ;;
  esac
  if [ -d "Tests/FuzzCorpus/$target" ]; then cp "Tests/FuzzCorpus/$target"/* "$corpus"/; fi
  dict=()
  case "$target" in scenario|set) dict=(-dict=Tests/FuzzCorpus/yaml.dict) ;; esac
  log=".build/fuzz-crashes/$target.log"
  if FUNDCAST_FUZZ_TARGET="$target" "$fuzzer" "$corpus" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
       -max_len=65536 "${dict[@]}" -artifact_prefix=".build/fuzz-crashes/$target-" -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || echo "cov: ?")
    echo "fuzz $target: ok, $runs executions in ${seconds} s, $cov"
  else
    echo "fuzz $target: FAILED — see $log and .build/fuzz-crashes/$target-*" >&2
    grep -E "ERROR|SUMMARY|Fatal|crash-|timeout-|oom-" "$log" | head -5 >&2 || true
    status=1
  fi
done
exit $status
