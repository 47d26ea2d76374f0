#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A single-node SLURM cluster on this machine, for the SLURM backend's tests and benchmark.
#   slurm_cluster.sh start DIR   installs slurm-wlm and munge if missing (apt-get, as root), writes
#                                DIR/slurm.conf and starts munged, slurmctld and slurmd on localhost
#   slurm_cluster.sh stop DIR    stops the daemons it started (by their pid files)
# After start, `export SLURM_CONF=DIR/slurm.conf` points sbatch, squeue, sacct and scancel at it.
# Options (environment):
#   PHYLO_SLURM_CPUS=N     job slots of the node (default 4)
#   PHYLO_SLURM_GPUS=N     the node has N generic resources "gpu" (GresTypes=gpu, Gres=gpu:N); gres.conf
#                          names N stand-in device files DIR/gpu/fakeN (character devices 1:3, like
#                          /dev/null: SLURM's gpu plugin drops file-less GPUs), so SLURM counts, allocates
#                          and sets CUDA_VISIBLE_DEVICES; nothing is bound. Default 0: no gres
#   PHYLO_SLURM_PREEMPT=1  partition-priority preemption: the default partition "debug" (PriorityTier=1,
#                          PreemptMode=REQUEUE; `scontrol update partitionname=debug preemptmode=cancel`
#                          changes it at run time) is preempted by jobs in "urgent" (PriorityTier=10)
#   PHYLO_SLURM_REQUEUE_DELAY=S  a requeued job may start again S seconds later (AuthInfo cred_expire,
#                          also the job credentials' lifetime; default SLURM's 120)
# Exit status 77 (with a message on stderr): SLURM cannot be installed or started here.
set -euo pipefail

action=${1:?usage: slurm_cluster.sh start|stop DIR}
dir=$(mkdir -p "${2:?usage: slurm_cluster.sh start|stop DIR}" && cd "$2" && pwd)
cpus=${PHYLO_SLURM_CPUS:-4} # job slots: more than the cores is fine, the benchmark runs 4 jobs at once
ctld_port=${PHYLO_SLURMCTLD_PORT:-6817}
slurmd_port=${PHYLO_SLURMD_PORT:-6818}
gpus=${PHYLO_SLURM_GPUS:-0}
preempt=${PHYLO_SLURM_PREEMPT:-0}
requeue_delay=${PHYLO_SLURM_REQUEUE_DELAY:-}

skip() { echo "SKIP: $*" >&2; exit 77; }
# A start that fails leaves nothing running.
fail_start() { stop_daemons; skip "$@"; }

stop_daemons() {
  # All at once (each takes a second or two to shut down), then whatever is left after 5 s is killed.
  local pids=() name pid
  for name in slurmd slurmctld munged; do
    [ -f "$dir/$name.pid" ] || continue
    pid=$(cat "$dir/$name.pid" 2>/dev/null || true)
    rm -f "$dir/$name.pid"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && pids+=("$pid")
  done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
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
    || fail_start "munged does not start (see $dir/munge/munged.log)"
  local host; host=$(hostname -s)
  local node_gres="" gres_types="" partitions preemption=""
  if [ "$gpus" -gt 0 ]; then
    gres_types="GresTypes=gpu"
    node_gres="Gres=gpu:$gpus"
    rm -rf "$dir/gpu" && mkdir -p "$dir/gpu"
    for i in $(seq 0 $((gpus - 1))); do
      # a character device if we may make one, else a plain file (slurmd logs an error, still counts it)
      mknod "$dir/gpu/fake$i" c 1 3 2>/dev/null || touch "$dir/gpu/fake$i"
    done
    echo "NodeName=$host Name=gpu File=$dir/gpu/fake[0-$((gpus - 1))]" >"$dir/gres.conf"
  else
    rm -f "$dir/gres.conf"
  fi
  partitions="PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP"
  if [ "$preempt" = 1 ]; then
    preemption="PreemptType=preempt/partition_prio
PreemptMode=REQUEUE"
    partitions="$partitions PriorityTier=1 PreemptMode=REQUEUE
PartitionName=urgent Nodes=$host MaxTime=INFINITE State=UP PriorityTier=10 PreemptMode=OFF"
  fi
  cat >"$dir/slurm.conf" <<CONF
# Written by tests/slurm/slurm_cluster.sh: one node, no cgroups, no accounting daemon.
ClusterName=phylotest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket${requeue_delay:+,cred_expire=$requeue_delay}
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
$gres_types
$preemption
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1024 $node_gres State=UNKNOWN
$partitions
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF" || fail_start "slurmctld does not start (see $dir/slurmctld.log)"
  slurmd -f "$SLURM_CONF" -N "$host" || fail_start "slurmd does not start (see $dir/slurmd.log)"
  for _ in $(seq 100); do
    kill -0 "$(cat "$dir/slurmctld.pid" 2>/dev/null || echo 0)" 2>/dev/null \
      || fail_start "slurmctld stopped: $(grep -m1 fatal "$dir/slurmctld.log" || echo "see $dir/slurmctld.log")"
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "SLURM cluster up: SLURM_CONF=$SLURM_CONF"
      return 0
    fi
    sleep 0.2
  done
  scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
  sinfo -h -o '%T' | grep -qE '^(idle|mixed|allocated)' && return 0
  fail_start "the node did not come up: $(sinfo -h -o '%T %E' 2>&1 | head -1) (see $dir/slurmctld.log)"
}

case "$action" in
  start) start ;;
  stop) stop_daemons ;;
  *) echo "usage: slurm_cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
