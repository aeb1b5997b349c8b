#!/usr/bin/env bash
# Builds the two images with no container registry reachable and no Docker: a base image from
# Debian packages plus the machine's .NET runtime (what Microsoft's aspnet image holds), served
# by Debian's docker-registry on loopback, then `dotnet publish -t:PublishContainer` of the API
# and the worker on top of it, written as tarballs and unpacked as root filesystems.
#
#   deploy/images/build-offline.sh <work-dir>
#
# Leaves in <work-dir>: ingestion-api.tar.gz, ingestion-worker.tar.gz (the SDK's image archives),
# and unpacked/<image>/{rootfs,config.json}. Stops the registry it started. On AWS the same
# publish runs on Microsoft's base image (the csproj default); only the base differs here.
set -euo pipefail

work=${1:?usage: build-offline.sh <work-dir>}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
work=$(cd "$work" && pwd)
suite=bookworm
# What Microsoft's runtime-deps image installs for .NET on Debian 12.
packages=ca-certificates,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g
app_uid=1654

step() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
seconds() { echo $(( $(date +%s) - $1 )); }

registry_pid=
stop_registry() { if [[ -n $registry_pid ]]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; registry_pid=; fi; }
trap stop_registry EXIT

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime_version=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -1)

# 1. The base: a minimal Debian with .NET's dependencies, the ASP.NET Core and .NET runtimes,
#    and the non-root user `app` (uid 1654, as in Microsoft's images).
started=$(date +%s)
step "base: mmdebstrap $suite + .NET $runtime_version"
rm -rf "$work/base-rootfs.tar" "$work/oci"
mmdebstrap --quiet --variant=essential --include="$packages" \
  --customize-hook="mkdir -p \"\$1/usr/share/dotnet/shared\" \"\$1/usr/share/dotnet/host\"" \
  --customize-hook="cp -a '$dotnet_root/dotnet' \"\$1/usr/share/dotnet/\"" \
  --customize-hook="cp -a '$dotnet_root/host/fxr' \"\$1/usr/share/dotnet/host/\"" \
  --customize-hook="cp -a '$dotnet_root/shared/Microsoft.NETCore.App' '$dotnet_root/shared/Microsoft.AspNetCore.App' \"\$1/usr/share/dotnet/shared/\"" \
  --customize-hook="ln -s /usr/share/dotnet/dotnet \"\$1/usr/bin/dotnet\"" \
  --customize-hook="echo 'app:x:$app_uid:$app_uid::/home/app:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
  --customize-hook="echo 'app:x:$app_uid:' >> \"\$1/etc/group\"" \
  --customize-hook="mkdir -p \"\$1/home/app\" && chown $app_uid:$app_uid \"\$1/home/app\"" \
  --customize-hook="rm -rf \"\$1/var/cache/apt\"/* \"\$1/var/lib/apt/lists\"/*" \
  "$suite" "$work/base-rootfs.tar"
umoci init --layout "$work/oci"
umoci new --image "$work/oci:base"
umoci raw add-layer --image "$work/oci:base" "$work/base-rootfs.tar"
umoci config --image "$work/oci:base" --config.workingdir=/app \
  --config.env="APP_UID=$app_uid" --config.env=ASPNETCORE_HTTP_PORTS=8080 --config.env=DOTNET_RUNNING_IN_CONTAINER=true \
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
rm -f "$work/base-rootfs.tar"
step "base built in $(seconds "$started") s"

# 2. A registry on loopback only, its storage in the work directory.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YAML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: 127.0.0.1:$port }
YAML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null

# 3. Push the OCI layout with the registry's HTTP API (no skopeo needed): blobs, then the manifest.
registry="http://127.0.0.1:$port/v2/ingestion-base"
manifest_digest=$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1])); print([m for m in i["manifests"] if m.get("annotations",{}).get("org.opencontainers.image.ref.name")=="base"][0]["digest"])' "$work/oci/index.json")
blob() { echo "$work/oci/blobs/${1%%:*}/${1#*:}"; }
for digest in $(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["config"]["digest"]); [print(l["digest"]) for l in m["layers"]]' "$(blob "$manifest_digest")"); do
  location=$(curl -fsS -X POST -D - -o /dev/null "$registry/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
  [[ $location == http* ]] || location="http://127.0.0.1:$port$location"
  separator='?'; [[ $location == *\?* ]] && separator='&'
  curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$(blob "$digest")" "$location${separator}digest=$digest" >/dev/null
done
curl -fsS -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
  --data-binary @"$(blob "$manifest_digest")" "$registry/manifests/10.0" >/dev/null
step "base pushed to 127.0.0.1:$port"

# 4. The images, as the SDK builds them; the base image is the only override.
for image in api worker; do
  started=$(date +%s)
  project=$([[ $image == api ]] && echo Ingestion.Api || echo Ingestion.Workers)
  dotnet publish "$repo/$project/$project.csproj" -c Release -t:PublishContainer --nologo -v:q \
    -p:ContainerBaseImage="localhost:$port/ingestion-base:10.0" \
    -p:ContainerArchiveOutputPath="$work/ingestion-$image.tar.gz" >&2
  step "ingestion-$image published in $(seconds "$started") s"
done
stop_registry

# 5. Unpack each archive into a root filesystem with its config beside it.
for image in api worker; do
  python3 "$repo/deploy/images/unpack-image.py" "$work/ingestion-$image.tar.gz" "$work/unpacked/ingestion-$image"
done
step "unpacked into $work/unpacked"
