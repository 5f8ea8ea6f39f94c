#!/usr/bin/env bash
# `hiddenflow slurm` on a real one-node Slurm cluster: installs slurm-wlm and munge from the
# distribution's packages (when missing), starts munged, slurmctld and slurmd under a scratch
# folder (recipe: ../shared/notes/slurm-local-cluster.md), submits a 4-shard array and its
# merge job, waits by polling squeue, and checks that the merged results are byte-identical to
# a single-machine run with the same samples and seed. Not exit codes: bytes.
#
# Needs root (the daemons and apt-get). HIDDENFLOW_SKIP_SLURM=1 skips it, loudly.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${HIDDENFLOW_SKIP_SLURM:-0}" = 1 ]; then
    echo "slurm test: SKIPPED (HIDDENFLOW_SKIP_SLURM=1)"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "slurm test: needs root (apt-get, slurmd); run as root or set HIDDENFLOW_SKIP_SLURM=1" >&2
    exit 1
fi

SAMPLES=200000
SEED=9
SHARDS=4
WAIT_LIMIT=150 # seconds for the array and the merge

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_all=$(now)

# --- 1. packages ---------------------------------------------------------------------------
t=$(now)
if command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v munged >/dev/null; then
    install_note="already installed"
else
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
    install_note="apt-get update + install"
fi
install_s=$(since "$t")

# --- 2. the binary ---------------------------------------------------------------------------
t=$(now)
cargo build --release --quiet
BIN="$(pwd)/${CARGO_TARGET_DIR:-target}/release/hiddenflow"
case "${CARGO_TARGET_DIR:-}" in /*) BIN="$CARGO_TARGET_DIR/release/hiddenflow" ;; esac
build_s=$(since "$t")

# --- 3. a one-node cluster under a scratch folder ---------------------------------------------
T=$(mktemp -d /tmp/hf-slurm.XXXXXX)
PIDS=()
cleanup() {
    local rc=$?
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        kill "${PIDS[i]}" 2>/dev/null || true
    done
    for p in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    if [ "$rc" != 0 ]; then
        echo "slurm test: FAILED (exit $rc); logs kept in $T" >&2
    else
        rm -rf "$T"
    fi
}
trap cleanup EXIT

t=$(now)
mkdir -p "$T"/{etc,state,spool,log,munge}
chmod 755 "$T" "$T/munge"
export SLURM_CONF="$T/etc/slurm.conf"
# One deviation from the recipe: the node's RealMemory. Without it Slurm assumes 1 MB and
# rejects the --mem requests hiddenflow sizes ("Memory specification can not be satisfied");
# above the machine's memory, slurmd would drain the node. 90 % of MemTotal, in MB.
MEM_MB=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
cat >"$SLURM_CONF" <<EOF
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/munge.socket.2
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
DependencyParameters=kill_invalid_depend
NodeName=localhost CPUs=2 RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

mungekey --create --keyfile="$T/munge/munge.key" --force >/dev/null 2>&1 \
    || dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$T/munge/munge.key"
munged -F --socket="$T/munge/munge.socket.2" --key-file="$T/munge/munge.key" \
    --pid-file="$T/munge/munged.pid" --log-file="$T/munge/munged.log" \
    --seed-file="$T/munge/munged.seed" 2>"$T/log/munged.err" &
PIDS+=($!)
for _ in $(seq 100); do [ -S "$T/munge/munge.socket.2" ] && break; sleep 0.1; done
[ -S "$T/munge/munge.socket.2" ] || { echo "munged did not start" >&2; cat "$T/munge/munged.log" >&2 || true; exit 1; }
slurmctld -D -f "$SLURM_CONF" 2>"$T/log/slurmctld.err" &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" 2>"$T/log/slurmd.err" &
PIDS+=($!)
state=""
for _ in $(seq 300); do
    state=$(sinfo -h -o %t 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.1
done
if [ "$state" != idle ]; then
    echo "the node is not idle (sinfo: '$state')" >&2
    tail -n 20 "$T"/log/* >&2 || true
    exit 1
fi
daemons_s=$(since "$t")

# --- 4. the single-machine run ----------------------------------------------------------------
t=$(now)
"$BIN" run runs/baseline.toml --samples "$SAMPLES" --seed "$SEED" --out "$T/single" >/dev/null
single_s=$(since "$t")

# --- 5. the array and the merge on the cluster ------------------------------------------------
t=$(now)
"$BIN" slurm runs/baseline.toml --shards "$SHARDS" --samples "$SAMPLES" --seed "$SEED" \
    --out "$T/sharded" --submit | tee "$T/slurm.out"
submit_s=$(since "$t")
array=$(sed -n 's/^submitted: array job \([0-9]*\).*/\1/p' "$T/slurm.out")
merge=$(sed -n 's/.*merge job \([0-9]*\) (afterok.*/\1/p' "$T/slurm.out")
[ -n "$array" ] && [ -n "$merge" ] || { echo "no job ids in the output of hiddenflow slurm" >&2; exit 1; }
t=$(now)
deadline=$(($(date +%s) + WAIT_LIMIT))
while [ -n "$(squeue -h -j "$array,$merge" 2>/dev/null)" ]; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
        echo "timeout: jobs still queued after ${WAIT_LIMIT} s" >&2
        squeue >&2 || true
        scontrol show job "$merge" >&2 || true
        exit 1
    fi
    sleep 0.2
done
jobs_s=$(since "$t")
merge_state=$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1)

# --- 6. bytes ---------------------------------------------------------------------------------
status=0
for f in summary.csv breakdown.csv coefficients.csv comparisons.csv; do
    if cmp "$T/single/$f" "$T/sharded/merged/$f"; then
        echo "identical: $f ($(wc -c <"$T/single/$f") bytes)"
    else
        echo "DIFFERENT: $f" >&2
        status=1
    fi
done
if [ "$status" != 0 ]; then
    echo "merge job state: ${merge_state:-unknown}" >&2
    for log in "$T"/sharded/slurm/logs/*; do echo "--- $log" >&2; cat "$log" >&2; done
fi

shard_sps=$(sed -n 's/.*"samples_per_second": \([0-9.e+]*\).*/\1/p' "$T"/sharded/shards/shard_1/manifest.json)
shard_s=$(sed -n 's/.*"elapsed_seconds": \([0-9.e+]*\).*/\1/p' "$T"/sharded/shards/shard_1/manifest.json)
echo "slurm test timings (s): install ${install_s} (${install_note}), release build ${build_s}," \
    "daemons idle ${daemons_s}, single-machine run ${single_s}, slurm (calibration + sbatch) ${submit_s}," \
    "array + merge ${jobs_s} (merge job ${merge_state:-?}), shard 1 ${shard_s} at ${shard_sps} samples/s," \
    "total $(since "$t_all")"
if [ "$status" = 0 ]; then
    echo "slurm test: OK, the merged results of ${SHARDS} Slurm shards are byte-identical to the single-machine run"
fi
exit "$status"
