#!/usr/bin/env bash
# Verifies the two images with no registry and no container runtime (CI's slower step, after
# `dotnet test`, which has built Ingestion.Tests.Integration): builds the base and both images offline
# (build-offline.sh), checks each image's config (non-root user, entrypoint, exposed port), then
# runs ServicesAsTasksTests on the unpacked images under chroot, as their user, against the
# emulators with the template deployed, the keys in Secrets Manager (moto) and a fake ECS
# container-credentials endpoint, all on loopback: a posted event is stored, and SIGTERM stops
# each task cleanly within ECS's stop timeout. Installs its apt packages when missing; removes
# everything it made.
#
#   deploy/images/verify-offline.sh [Debug|Release]   (the configuration Ingestion.Tests.Integration was built in)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
configuration=${1:-Debug}
[[ $(id -u) == 0 ]] || { echo "verify-offline.sh needs root (mmdebstrap, chroot, mounting /proc)" >&2; exit 1; }

missing=()
for package in mmdebstrap umoci docker-registry; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/ingestion-images.XXXXXX)
cleanup() {
  for rootfs in "$work"/unpacked/*/rootfs; do
    mountpoint -q "$rootfs/proc" 2>/dev/null && umount "$rootfs/proc"
  done
  rm -rf "$work"
}
trap cleanup EXIT

started=$(date +%s)
"$repo/deploy/images/build-offline.sh" "$work"
built=$(date +%s)

# The images as ECS will start them: a non-root user, the SDK's entrypoint, port 8080.
for image in ingestion-api:Ingestion.Api ingestion-worker:Ingestion.Workers; do
  python3 - "$work/unpacked/${image%%:*}/config.json" "${image#*:}" <<'PY'
import json, sys
config, project = json.load(open(sys.argv[1]))["config"], sys.argv[2]
user = config.get("User", "")
problems = []
if user.split(":")[0] in ("", "0", "root"):
    problems.append(f"runs as root (User={user!r})")
if config.get("Entrypoint") != ["dotnet", f"/app/{project}.dll"]:
    problems.append(f"entrypoint {config.get('Entrypoint')}")
if "8080/tcp" not in config.get("ExposedPorts", {}):
    problems.append(f"exposes {list(config.get('ExposedPorts', {}))}, not 8080/tcp")
if problems:
    sys.exit(f"{sys.argv[1]}: " + "; ".join(problems))
print(f"{project}: user {user}, entrypoint {' '.join(config['Entrypoint'])}, port 8080/tcp")
PY
done

# .NET reads /proc (its own memory maps, cgroups); a container runtime would mount it.
for rootfs in "$work"/unpacked/*/rootfs; do
  mount -t proc proc "$rootfs/proc"
done

INGESTION_TASK_IMAGES="$work/unpacked" dotnet test --project "$repo/Ingestion.Tests.Integration" -c "$configuration" --no-build -- \
  --filter-class '*ServicesAsTasksTests' --report-xunit-trx --results-directory "$work/results"
# The test's own timings (start, stored, each exit after SIGTERM), from its report.
grep -ho 'images: [^<]*\|event stored [^<]*\|[A-Za-z]* exited [^<]*' "$work"/results/*.trx || true
echo "images built and unpacked in $(( built - started )) s; verified in $(( $(date +%s) - built )) s"
