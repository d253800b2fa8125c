#!/usr/bin/env bash
# Runs an image tarball without a container daemon, the way k8s/base runs it: the layers unpacked into a root
# filesystem that is mounted read-only, a fresh tmpfs on /tmp (the Deployments' emptyDir), uid:gid 10001 with no
# other groups, the image's own entrypoint, working directory and environment plus the variables given. It is a
# check of the image, not a sandbox: it shares the host's network (so ports and PostgreSQL/Redis on 127.0.0.1
# work as on a pod's loopback) and needs root (mount namespace, chroot).
#
#   deploy/run-image.sh IMAGE.tar [NAME=VALUE ...] [-- ARGS...]
#   deploy/run-image.sh audience-service/target/jib-image.tar PORT=9310 DROPLINE_SERVICE_DATABASE=my_db \
#       JAVA_TOOL_OPTIONS="-Xmx256m -XX:MaxDirectMemorySize=128m -XX:+UseSerialGC"
#   ENTRYPOINT='["java","-version"]' deploy/run-image.sh gateway/target/jib-image.tar   # another command
#   MOUNTS="/some/dir:/shared" deploy/run-image.sh …    # writable bind mounts (a pod's emptyDir volumes)
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "run-image.sh needs root (unshare --mount, chroot)" >&2; exit 1; }
tarball=$(realpath "$1"); shift
vars=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do vars+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift

work=$(mktemp -d /tmp/dropline-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/image" "$work/root"
tar -xf "$tarball" -C "$work/image"
blob() { echo "$work/image/blobs/${1/://}"; }
if [ -f "$work/image/manifest.json" ]; then        # docker-save layout
  config="$work/image/$(jq -r '.[0].Config' "$work/image/manifest.json")"
  mapfile -t layers < <(jq -r '.[0].Layers[]' "$work/image/manifest.json" | sed "s|^|$work/image/|")
else                                                # OCI layout
  manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/image/index.json")")
  config=$(blob "$(jq -r '.config.digest' "$manifest")")
  mapfile -t layers < <(jq -r '.layers[].digest' "$manifest" | while read -r d; do blob "$d"; done)
fi
for layer in "${layers[@]}"; do tar --warning=no-unknown-keyword -xf "$layer" -C "$work/root"; done

mapfile -t env < <(jq -r '.config.Env[]?' "$config")
if [ -n "${ENTRYPOINT:-}" ]; then
  mapfile -t cmd < <(jq -r '.[]' <<< "$ENTRYPOINT")
else
  mapfile -t cmd < <(jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' "$config")
fi
user=$(jq -r '.config.User // "0:0"' "$config")
workdir=$(jq -r '.config.WorkingDir // "/"' "$config")
echo "image user $user, workdir $workdir, entrypoint: ${cmd[*]} $*" >&2

mkdir -p "$work/root/proc" "$work/root/dev" "$work/root/sys" "$work/root/tmp" "$work/root/etc"
for m in ${MOUNTS:-}; do mkdir -p "$work/root/${m#*:}"; done
touch "$work/root/etc/resolv.conf" "$work/root/etc/hosts"
# shellcheck disable=SC2016
MOUNTS=${MOUNTS:-} unshare --mount --pid --fork --kill-child -- bash -c '
  set -euo pipefail
  root=$1; user=$2; workdir=$3; shift 3
  mount --bind "$root" "$root"
  mount --rbind /dev "$root/dev"
  mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
  mount --bind /etc/hosts "$root/etc/hosts"
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount -o remount,bind,ro "$root"
  mount -t tmpfs -o size=128m,mode=1777 tmpfs "$root/tmp"
  for m in $MOUNTS; do mount --bind "${m%%:*}" "$root/${m#*:}"; done
  n=$1; shift
  envs=("${@:1:$n}"); shift "$n"
  # chroot cannot change into the image working directory without a shell in the image; a relative path in the
  # app would resolve against / here and against $workdir in a pod (the apps use none).
  exec env -i "${envs[@]}" "$(command -v chroot)" --userspec="$user" --groups="${user#*:}" "$root" "$@"
' run-image "$work/root" "$user" "$workdir" "$(( ${#env[@]} + ${#vars[@]} ))" "${env[@]}" "${vars[@]}" "${cmd[@]}" "$@"
