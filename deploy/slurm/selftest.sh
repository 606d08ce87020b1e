#!/bin/bash
# Proves the Slurm path for real (make test-slurm; not part of make test): installs slurm-wlm and munge
# with apt when missing, starts a single-node cluster on this machine (its own slurm.conf in a temporary
# folder), submits the simulation array and the dependent merge, waits, checks the merged file equals a
# single-process run byte for byte, and stops the daemons it started.
#   FUNDCAST=.build/release/fundcast PATHS=12 SHARDS=3 deploy/slurm/selftest.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
FUNDCAST=${FUNDCAST:-$root/.build/release/fundcast}
[ -x "$FUNDCAST" ] || FUNDCAST=$root/.build/debug/fundcast
[ -x "$FUNDCAST" ] || { echo "selftest: build fundcast first (swift build -c release)" >&2; exit 1; }
FUNDCAST=$(cd "$(dirname "$FUNDCAST")" && pwd)/$(basename "$FUNDCAST")
SCENARIO=${SCENARIO:-$root/Scenarios/china-national.yaml}
PATHS=${PATHS:-12}
SHARDS=${SHARDS:-3}
SEED=${SEED:-2026}
say() { echo "selftest: $*"; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq slurm-wlm munge >/dev/null
fi
say "$(slurmctld -V), munge $(munged -V 2>&1 | head -1 | awk '{print $2}')"

work=$(mktemp -d /tmp/fundcast-slurm.XXXXXX)
chmod 755 "$work"
started=()
cleanup() {
  for pidfile in "${started[@]}"; do
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile"); say "stopping $(basename "$pidfile" .pid) (pid $pid)"; kill "$pid" 2>/dev/null || true
    fi
  done
  sleep 1
}
trap cleanup EXIT

# munge: reuse a running daemon, else start one with a fresh key in the temporary folder.
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "munged already running: reusing it"
else
  mkdir -p "$work/munge" /run/munge
  dd if=/dev/urandom bs=1 count=1024 of="$work/munge/munge.key" 2>/dev/null
  chmod 700 "$work/munge"; chmod 400 "$work/munge/munge.key"
  munged --force --key-file="$work/munge/munge.key" --pid-file="$work/munged.pid" \
         --log-file="$work/munged.log" --seed-file="$work/munge/seed" --socket=/run/munge/munge.socket.2
  started+=("$work/munged.pid")
  for _ in $(seq 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.5; done
  say "started munged (pid $(cat "$work/munged.pid"))"
fi

host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/spool/ctld" "$work/spool/d" "$work/out"
export SLURM_CONF=$work/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=fundcast-selftest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
SlurmctldPort=${SLURMCTLD_PORT:-6917}
SlurmdPort=${SLURMD_PORT:-6918}
StateSaveLocation=$work/spool/ctld
SlurmdSpoolDir=$work/spool/d
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=60
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=selftest Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF"; started+=("$work/slurmctld.pid")
slurmd -f "$SLURM_CONF"; started+=("$work/slurmd.pid")
for _ in $(seq 60); do
  state=$(sinfo -h -N -o %T 2>/dev/null | head -1 || true)
  [ "$state" = idle ] && break; sleep 1
done
say "cluster up: node $host ($cpus CPUs) is ${state:-unknown}"
[ "$state" = idle ] || { tail -20 "$work/slurmctld.log" "$work/slurmd.log" >&2; exit 1; }

read -r array merge < <(SCENARIO=$SCENARIO OUT_DIR=$work/out PATHS=$PATHS SEED=$SEED SHARDS=$SHARDS FUNDCAST=$FUNDCAST \
  RESULT=$work/out/merged.json "$root/deploy/slurm/submit.sh")
say "submitted array job $array ($SHARDS shards × $((PATHS / SHARDS)) paths) and merge job $merge (afterok:$array)"
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break; sleep 1
done
say "queue drained; partial files: $(cd "$work/out" && ls part-*.fcsim | tr '\n' ' ')"
[ -f "$work/out/merged.json" ] || { say "FAILED: no merged result"; cat "$work/out"/*.log >&2 || true; exit 1; }

"$FUNDCAST" simulate "$SCENARIO" --paths "$PATHS" --seed "$SEED" --format json --output "$work/single.json"
if cmp -s "$work/out/merged.json" "$work/single.json"; then
  say "PASS: merged result of $SHARDS Slurm array tasks equals the single-process run byte for byte ($(wc -c < "$work/single.json") bytes, sha256 $(sha256sum < "$work/single.json" | cut -c1-16))"
else
  say "FAILED: merged result differs from the single-process run"; diff <(head -c 2000 "$work/out/merged.json") <(head -c 2000 "$work/single.json") | head >&2
  exit 1
fi
