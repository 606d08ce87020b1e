#!/bin/bash
# Queues a sharded simulation as a job array and its merge as a job that depends on the whole array.
#   SCENARIO=… OUT_DIR=… [PATHS=100000] [SEED=1] [SHARDS=10] [FUNDCAST=fundcast] [RESULT=…] deploy/slurm/submit.sh
# Prints the two job ids (array, merge).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${SCENARIO:?}" "${OUT_DIR:?}"
SHARDS=${SHARDS:-10}
export SCENARIO OUT_DIR SHARDS PATHS="${PATHS:-100000}" SEED="${SEED:-1}" FUNDCAST="${FUNDCAST:-fundcast}" RESULT="${RESULT:-$OUT_DIR/result.json}"
mkdir -p "$OUT_DIR"
array=$(sbatch --parsable --export=ALL --array="1-$SHARDS" --chdir="$OUT_DIR" "$here/simulate-array.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" --kill-on-invalid-dep=yes --chdir="$OUT_DIR" "$here/merge.sbatch")
echo "$array ${merge%%;*}"
