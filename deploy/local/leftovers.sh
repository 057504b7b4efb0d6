#!/usr/bin/env bash
# Stops what a test or bench run started and did not stop itself, as an interrupted run leaves it: the
# database servers of its own (a postmaster.pid under the run folder) and every node, java or postgres
# process whose environment names the run folder (services, brokers, the suites' own brokers).
#
# Usage: deploy/local/leftovers.sh RUN_DIR
set -uo pipefail

run_dir=${1:?usage: $0 RUN_DIR}
[[ -d $run_dir ]] || exit 0

# Immediate shutdown of each PostgreSQL server of the run: SIGQUIT to its postmaster, which takes its
# backends with it.
while IFS= read -r pidfile; do
  pid=$(head -n1 "$pidfile" 2>/dev/null)
  [[ $pid =~ ^[0-9]+$ ]] && kill -QUIT "$pid" 2>/dev/null && echo "leftovers: stopped PostgreSQL $pid ($(dirname "$pidfile"))"
done < <(find "$run_dir" -name postmaster.pid 2>/dev/null)

for environ in /proc/[0-9]*/environ; do
  pid=${environ#/proc/}
  pid=${pid%/environ}
  [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
  [[ $comm == node || $comm == java || $comm == postgres ]] || continue
  # The run folder itself or one inside it (a suite's own broker), never another run's whose name it prefixes.
  if tr '\0' '\n' 2>/dev/null <"$environ" |
    awk -v d="ATALAYA_RUN_DIR=$run_dir" '$0 == d || index($0, d "/") == 1 { found = 1 } END { exit !found }'; then
    kill -KILL "$pid" 2>/dev/null && echo "leftovers: killed $comm $pid"
  fi
done
exit 0
