#!/usr/bin/env bash
# The demo experiment as a SLURM sweep on a real single-node cluster
# (scripts/slurm_cluster.sh: Debian's slurm-wlm + munge, as root):
#   1. `experiment submit --slurm` -> a 3-task job array (the demo experiment
#      with 6 epochs instead of 16, for CI time);
#   2. `scancel` cell 1's task once it is training;
#   3. `experiment status` shows it cancelled and the other two done;
#   4. `submit --resubmit-missing` -> an array of that one cell, which resumes
#      from the checkpoint the cancelled task saved and finishes;
#   5. `experiment collect` imports exactly three runs (again: none);
#   6. their summary (answer accuracy, trace x answer tables, statistics) equals
#      that of `experiment run` on this machine with the same seeds and threads.
# If the cluster cannot start, the test fails with the daemon logs.
#
# usage: slurm_sweep_test.sh CLI SOURCE_DIR WORK_DIR
set -euo pipefail
cli="$1" src="$2" work="$3"
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the test cluster's slurmctld/slurmd run as root (CI runs as root)"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work"
cluster="$work/cluster" sweep="$work/sweep" exp="$work/demo.json"
# The demo experiment with 6 epochs instead of 16 (450 steps a cell instead of
# 1200): the same cells and code paths in under half the CI time.
sed 's/"num_train_epochs": 16,/"num_train_epochs": 6,/' "$src/resources/experiments/demo.json" >"$exp"
grep -q '"num_train_epochs": 6,' "$exp" || { echo "FAIL: could not shorten the demo experiment"; exit 1; }
trap '"$src/scripts/slurm_cluster.sh" stop "$cluster" >/dev/null 2>&1 || true' EXIT
eval "$("$src/scripts/slurm_cluster.sh" start "$cluster")"
start=$SECONDS

fail() {
  echo "FAIL: $*"
  "$src/scripts/slurm_cluster.sh" status "$cluster" || true
  tail -n 30 "$sweep"/slurm/*.out 2>/dev/null || true
  exit 1
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls until COMMAND succeeds.
wait_for() {
  local limit="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "timed out after ${limit}s waiting for $what"
    sleep 1
  done
}

queue_empty() { [ -z "$(squeue -h -j "$1")" ]; }
training_started() { [ -d "$sweep/sample-babi/correct/s121/train" ]; }

echo "== submit"
out="$("$cli" experiment submit "$exp" --slurm --work-dir "$sweep" --cpus 1)"
echo "$out"
job="$(echo "$out" | sed -n 's/^submitted job \([0-9]*\):.*/\1/p')"
[ -n "$job" ] || fail "no job id in: $out"
echo "$out" | grep -q "3 task(s), cells 0-2" || fail "expected a 3-task array"

echo "== cancel cell 1 while it trains"
wait_for 180 "cell 1 to start training" training_started
sleep 5
scancel "${job}_1"
wait_for 300 "the array to leave the queue" queue_empty "$job"
status="$("$cli" experiment status "$exp" --work-dir "$sweep")"
echo "$status"
echo "$status" | grep -q "2 of 3 cells finished" || fail "expected two finished cells"
echo "$status" | grep -E "^ +1 .*CANCELLED" >/dev/null || fail "expected cell 1 CANCELLED"

echo "== resubmit the missing cell"
out="$("$cli" experiment submit "$exp" --slurm --work-dir "$sweep" --cpus 1 --resubmit-missing)"
echo "$out"
job2="$(echo "$out" | sed -n 's/^submitted job \([0-9]*\):.*/\1/p')"
echo "$out" | grep -q "1 task(s), cells 1 " || fail "expected only cell 1"
wait_for 300 "the resubmitted cell" queue_empty "$job2"
"$cli" experiment status "$exp" --work-dir "$sweep" | tee "$work/status.txt"
grep -q "3 of 3 cells finished" "$work/status.txt" || fail "expected three finished cells"
# scancel's SIGTERM made the task save a checkpoint; the resubmitted task went on from it.
grep -q "resumed at step" "$sweep/slurm/${job2}_1.out" || fail "the resubmitted cell did not resume"
echo "cluster part: $((SECONDS - start)) s"

echo "== collect"
"$cli" experiment collect "$exp" --work-dir "$sweep" --project "$work/cluster.tsproj" | tee "$work/collect.txt"
grep -q "3 run(s) imported, 0 already" "$work/collect.txt" || fail "expected three imported runs"
"$cli" experiment collect "$exp" --work-dir "$sweep" --project "$work/cluster.tsproj" | grep -q "0 run(s) imported, 3 already" ||
  fail "a second collect imported again"

echo "== the same experiment on this machine"
"$cli" experiment run "$exp" --project "$work/local.tsproj" --work-dir "$work/local" --threads 1 >"$work/local.txt"
"$cli" experiment summary "$exp" --project "$work/cluster.tsproj" >"$work/summary_cluster.txt"
"$cli" experiment summary "$exp" --project "$work/local.tsproj" >"$work/summary_local.txt"
diff "$work/summary_cluster.txt" "$work/summary_local.txt" || fail "the cluster's tables differ from the local run's"
[ "$(grep -c '^  demo/' "$work/summary_cluster.txt")" -ge 3 ] || fail "expected the three runs in the summary"
cat "$work/summary_cluster.txt"
echo "PASS in $((SECONDS - start)) s"
