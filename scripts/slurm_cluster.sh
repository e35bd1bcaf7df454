#!/usr/bin/env bash
# Starts and stops a real single-node SLURM cluster (Debian 12: slurm-wlm
# 22.05 + munge 0.5.15) for TraceScope's tests. Run as root.
#
# Usage:
#   eval "$(scripts/slurm_cluster.sh start DIR)"   # prints: export SLURM_CONF=DIR/slurm.conf
#   scripts/slurm_cluster.sh status DIR            # sinfo + squeue of that cluster
#   scripts/slurm_cluster.sh stop DIR              # idempotent; exit 0 if nothing ran
#
# `start` installs slurm-wlm and munge if missing, then runs munged, slurmctld
# and slurmd with everything they write under DIR:
#   DIR/slurm.conf          generated config (this host is the only node)
#   DIR/munge/              key, socket, pid, seed, log of a private munged
#   DIR/state/              StateSaveLocation (job ids survive a stop/start)
#   DIR/spool/              SlurmdSpoolDir
#   DIR/run/  DIR/log/      pid files; daemon logs (*.log, stderr in *.out)
#                           and the job completion log jobcomp.log
# Nothing outside DIR changes except what the packages install. (On a
# machine whose /usr/sbin/policy-rc.d does not deny it, installing the
# packages may also start Debian's own munge/slurm services; those use the
# default socket and ports 6817/6818 and do not disturb this cluster.)
# Progress goes to stderr; stdout carries only the export line. If a daemon
# dies or the node is not idle within SLURM_CLUSTER_TIMEOUT seconds (60),
# the daemon logs are printed to stderr, the daemons are stopped and the
# exit status is 1. `start` on a DIR whose daemons still run restarts them.
#
# Non-obvious settings in the generated slurm.conf:
#   AuthInfo=socket=...     slurmctld, slurmd, slurmstepd and the client
#                           commands (sbatch, squeue...) all reach the private
#                           munged through this; it also covers cred/munge.
#   SlurmctldHost=H(127.0.0.1), NodeAddr=127.0.0.1
#                           all traffic stays on loopback, whatever the
#                           host name resolves to.
#   SlurmctldPort/SlurmdPort 16817/16818 (env SLURM_CLUSTER_PORT=base gives
#                           base/base+1) so a system slurm on 6817/6818 is
#                           left alone.
#   SlurmUser=root/SlurmdUser=root  no need for the `slurm` user to own DIR.
#   SelectType=select/cons_tres + CR_Core  allocates single cores, so the
#                           1-CPU tasks of a job array run side by side
#                           (the default select/linear gives whole nodes).
#   ProctrackType=proctrack/linuxproc, TaskPlugin=task/none,
#   JobAcctGatherType=jobacct_gather/none
#                           none of these needs cgroups, which a
#                           container-like sandbox may not delegate.
#   AccountingStorageType=accounting_storage/none  no slurmdbd: `sacct`
#                           does not work. Use squeue for live jobs and
#                           `scontrol show job ID` for finished ones, which
#                           slurmctld keeps for MinJobAge=3600 s; the
#                           jobcomp/filetxt log DIR/log/jobcomp.log keeps
#                           one line per finished job for good.
#   CPUs=$(nproc), RealMemory=95% of `free -m`  slurmd drains a node that
#                           reports less than configured, so stay below.
#   ReturnToService=2       a node DOWN for any reason comes back as soon as
#                           slurmd registers again (e.g. after a restart).
#   MailProg=/bin/true      Debian has no /bin/mail by default; slurmctld
#                           logs an error on every start without it.
set -euo pipefail

TIMEOUT=${SLURM_CLUSTER_TIMEOUT:-60}
PORT=${SLURM_CLUSTER_PORT:-16817}

log() { echo "slurm_cluster: $*" >&2; }

usage() {
  echo "usage: $0 start|stop|status DIR" >&2
  exit 2
}

ensure_packages() {
  local p missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# True if process $1 exists and is not a zombie (this sandbox's pid 1 reaps
# orphans only now and then, so `kill -0` alone would wait for that).
alive() {
  local st
  st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $st && $st != Z ]]
}

# pid from pid file $1 if that process is alive and its command starts with $2.
live_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$2"* ]] || return 1
  echo "$pid"
}

# Args: pidfile:name pairs. SIGTERMs those daemons together (each takes 1-2 s
# to exit), waits up to 15 s for all, then SIGKILLs the rest.
stop_daemons() {
  local spec pid pids=() i
  for spec in "$@"; do
    if pid=$(live_pid "${spec%%:*}" "${spec##*:}"); then
      log "stopping ${spec##*:} (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "${spec%%:*}"
  done
  for ((i = 0; i < 150; i++)); do
    any_alive "${pids[@]}" || return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    alive "$pid" && { log "killing pid $pid"; kill -KILL "$pid" 2>/dev/null || true; }
  done
  return 0
}

any_alive() {
  local pid
  for pid in "$@"; do alive "$pid" && return 0; done
  return 1
}

# Cancels this cluster's jobs so no slurmstepd outlives slurmd (at most ~25 s).
cancel_jobs() {
  live_pid "$DIR/run/slurmctld.pid" slurmctld >/dev/null || return 0
  local ids end=$((SECONDS + 10))
  mapfile -t ids < <(timeout 5 squeue -h -o %F 2>/dev/null | sort -u || true)
  ((${#ids[@]} == 0)) && return 0
  log "cancelling jobs: ${ids[*]}"
  timeout 5 scancel "${ids[@]}" 2>/dev/null || true
  while ((SECONDS < end)); do
    [[ -z $(timeout 3 squeue -h -t running,completing -o %A 2>/dev/null) ]] && return 0
    sleep 0.5
  done
}

# SIGKILLs any slurmstepd left over from this cluster: it holds DIR/log/slurmd.log open.
kill_stepds() {
  local pid fd
  for pid in $(pgrep -x slurmstepd || true); do
    for fd in "/proc/$pid/fd/"*; do
      [[ $(readlink "$fd" 2>/dev/null) == "$DIR/log/slurmd.log" ]] || continue
      log "killing leftover slurmstepd (pid $pid)"
      kill -KILL "$pid" 2>/dev/null || true
      break
    done
  done
}

stop_all() {
  cancel_jobs
  stop_daemons "$DIR/run/slurmd.pid:slurmd" "$DIR/run/slurmctld.pid:slurmctld" \
    "$DIR/munge/munged.pid:munged"
  kill_stepds
}

# For a daemon's subshell: closes every fd above 2, so no pipe of the caller
# (e.g. a CI log pipe) is held open by a daemon and keeps the caller waiting.
close_fds() {
  local fd
  for fd in "/proc/$BASHPID/fd/"*; do
    fd=${fd##*/}
    ((fd > 2)) && [[ -e /proc/$BASHPID/fd/$fd ]] && exec {fd}>&-
  done
  return 0
}

make_dirs() {
  mkdir -p "$DIR"/{munge,state,spool,run,log}
  # munged rejects a key or socket dir that others can write to.
  chown root:root "$DIR/munge"
  chmod 0755 "$DIR/munge"
  chmod go-w "$DIR"
}

start_munged() {
  local key=$DIR/munge/munge.key sock=$DIR/munge/munge.socket i
  if [[ ! -s $key ]]; then
    if command -v mungekey >/dev/null; then
      mungekey --create --keyfile="$key" >&2 || return 1
    else
      dd if=/dev/urandom of="$key" bs=1 count=1024 status=none || return 1
    fi
  fi
  chown root:root "$key"
  chmod 0400 "$key"
  rm -f "$sock" "$sock.lock"
  log "starting munged"
  # --force: munged refuses to start when any directory above DIR is group- or
  # world-writable without the sticky bit ("PRNG seed dir is insecure").
  (close_fds; exec munged --force --key-file="$key" --socket="$sock" \
    --pid-file="$DIR/munge/munged.pid" --seed-file="$DIR/munge/munged.seed" \
    --log-file="$DIR/munge/munged.log") >&2 || return 1
  for ((i = 0; i < 50; i++)); do
    munge -n -S "$sock" 2>/dev/null | unmunge -S "$sock" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  log "munged does not answer on $sock"
  return 1
}

write_conf() {
  local host=$1 cpus mem
  cpus=$(nproc)
  mem=$(free -m | awk '/^Mem:/ { print int($2 * 0.95) }')
  cat >"$DIR/slurm.conf" <<EOF
# Generated by scripts/slurm_cluster.sh; see its header for why.
ClusterName=tracescope
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
MpiDefault=none
ReturnToService=2
MinJobAge=3600
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

# Runs slurmctld or slurmd in the foreground (-D) in the background, so its pid
# is known at once: a forking daemon writes its pid file only later, which made
# "is it still alive?" checks racy. setsid keeps it out of the caller's
# process group (no Ctrl-C or hangup from the caller's terminal).
start_daemon() {
  local name=$1 pid i
  log "starting $name"
  (close_fds; exec setsid "$name" -D -f "$SLURM_CONF") </dev/null >>"$DIR/log/$name.out" 2>&1 &
  pid=$!
  echo "$pid" >"$DIR/run/$name.pid"
  for ((i = 0; i < 50; i++)); do  # until exec'd, so live_pid matches its name
    live_pid "$DIR/run/$name.pid" "$name" >/dev/null && return 0
    alive "$pid" || return 1
    sleep 0.1
  done
  return 1
}

dump_logs() {
  local f
  for f in "$DIR/munge/munged.log" "$DIR"/log/slurm{ctld,d}.{log,out}; do
    echo "===== last 50 lines of $f =====" >&2
    tail -n 50 "$f" >&2 2>/dev/null || echo "(missing)" >&2
  done
}

# Stops first: munged only flushes its log when it exits.
fail() {
  log "$*"
  stop_all
  dump_logs
  exit 1
}

# Waits until sinfo reports node $1 idle; fails early if a daemon died.
wait_idle() {
  local host=$1 state="" end=$((SECONDS + TIMEOUT))
  while ((SECONDS < end)); do
    live_pid "$DIR/run/slurmctld.pid" slurmctld >/dev/null || fail "slurmctld died"
    live_pid "$DIR/run/slurmd.pid" slurmd >/dev/null || fail "slurmd died"
    state=$(timeout 10 sinfo -h -n "$host" -o %T 2>/dev/null || true)
    [[ $state == idle ]] && return 0
    sleep 0.5
  done
  fail "node $host not idle after ${TIMEOUT}s (state: ${state:-none})"
}

start() {
  local host
  host=$(hostname -s)
  ensure_packages
  if live_pid "$DIR/munge/munged.pid" munged >/dev/null ||
    live_pid "$DIR/run/slurmctld.pid" slurmctld >/dev/null ||
    live_pid "$DIR/run/slurmd.pid" slurmd >/dev/null; then
    log "daemons of $DIR still running; restarting them"
    stop_all
  fi
  make_dirs
  start_munged || fail "munged failed to start"
  write_conf "$host"
  start_daemon slurmctld || fail "slurmctld failed to start"
  start_daemon slurmd || fail "slurmd failed to start"
  wait_idle "$host"
  log "node $host idle; start took ${SECONDS}s"
  echo "export SLURM_CONF=$SLURM_CONF"
}

status() {
  live_pid "$DIR/run/slurmctld.pid" slurmctld >/dev/null ||
    { log "no slurmctld of $DIR is running"; return 1; }
  sinfo -N -l
  squeue
}

(($# == 2)) || usage
[[ $(id -u) == 0 ]] || { log "must run as root"; exit 1; }
[[ $1 == start ]] && mkdir -p "$2"
[[ -d $2 ]] || { [[ $1 == stop ]] && exit 0; log "no such directory: $2"; exit 1; }
DIR=$(cd "$2" && pwd -P)
export SLURM_CONF=$DIR/slurm.conf
case $1 in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  *) usage ;;
esac
