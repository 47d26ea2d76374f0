#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A single-node SLURM cluster on this machine, for the SLURM backend's tests and benchmark.
#   slurm_cluster.sh start DIR   installs slurm-wlm and munge if missing (apt-get, as root), writes
#                                DIR/slurm.conf and starts munged, slurmctld and slurmd on localhost
#   slurm_cluster.sh stop DIR    stops the daemons it started (by their pid files)
# After start, `export SLURM_CONF=DIR/slurm.conf` points sbatch, squeue, sacct and scancel at it.
# Exit status 77 (with a message on stderr): SLURM cannot be installed or started here.
set -euo pipefail

action=${1:?usage: slurm_cluster.sh start|stop DIR}
dir=$(mkdir -p "${2:?usage: slurm_cluster.sh start|stop DIR}" && cd "$2" && pwd)
cpus=${PHYLO_SLURM_CPUS:-4} # job slots: more than the cores is fine, the benchmark runs 4 jobs at once
ctld_port=${PHYLO_SLURMCTLD_PORT:-6817}
slurmd_port=${PHYLO_SLURMD_PORT:-6818}

skip() { echo "SKIP: $*" >&2; exit 77; }

stop_daemons() {
  for name in slurmd slurmctld munged; do
    local pidfile="$dir/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  done
}

install_if_missing() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || skip "slurm-wlm and munge are not installed and this is not root (apt-get install slurm-wlm munge)"
  command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; } \
    || skip "apt-get could not install slurm-wlm and munge"
}

start() {
  install_if_missing
  [ "$(id -u)" -eq 0 ] || skip "the test cluster's daemons run as root"
  stop_daemons
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 700 "$dir/munge"
  # munge: a fresh key for this cluster alone, its own socket.
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
  local socket="$dir/munge/munge.socket"
  munged --force --key-file="$dir/munge/munge.key" --socket="$socket" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munge.seed" \
    || skip "munged does not start (see $dir/munge/munged.log)"
  local host; host=$(hostname -s)
  cat >"$dir/slurm.conf" <<CONF
# Written by tests/slurm/slurm_cluster.sh: one node, no cgroups, no accounting daemon.
ClusterName=phylotest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MpiDefault=none
ReturnToService=2
MinJobAge=3600
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/jobcomp.txt
AccountingStorageType=accounting_storage/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1024 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF" || skip "slurmctld does not start (see $dir/slurmctld.log)"
  slurmd -f "$SLURM_CONF" -N "$host" || skip "slurmd does not start (see $dir/slurmd.log)"
  for _ in $(seq 100); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "SLURM cluster up: SLURM_CONF=$SLURM_CONF"
      return 0
    fi
    sleep 0.2
  done
  scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
  sinfo -h -o '%T' | grep -qE '^(idle|mixed|allocated)' && return 0
  skip "the node did not come up: $(sinfo -h -o '%T %E' 2>&1 | head -1) (see $dir/slurmctld.log)"
}

case "$action" in
  start) start ;;
  stop) stop_daemons ;;
  *) echo "usage: slurm_cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
