# Shared by deploy.sh and teardown.sh: run a command, or in a dry run print it (shell-quoted) instead.
# shellcheck shell=bash

step() { echo "== $*"; }

run() {
  if [[ "${dry_run:-false}" == true ]]; then
    echo "+ $(printf '%q ' "$@")"
  else
    "$@"
  fi
}

# A command whose output the script needs; a dry run prints it and stands in the first argument.
capture() {
  local stand_in="$1"; shift
  if [[ "${dry_run:-false}" == true ]]; then
    echo "+ $(printf '%q ' "$@")" >&2
    echo "$stand_in"
  else
    "$@"
  fi
}

# A check that may fail (does it exist?); a dry run prints it and answers no.
quietly() {
  if [[ "${dry_run:-false}" == true ]]; then
    echo "+ $(printf '%q ' "$@")"
    return 1
  fi
  "$@" > /dev/null 2>&1
}
