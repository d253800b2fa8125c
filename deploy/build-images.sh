#!/usr/bin/env bash
# Builds the OCI image of every deployed app as a tarball, without a container daemon and without a registry:
#   1. deploy/build-base-image.sh assembles the base (jlink'ed Java 17 + Debian's glibc/libstdc++/zlib, user 10001)
#      as deploy/target/dropline-java-base.tar, unless it exists (FRESH_BASE=1 rebuilds it);
#   2. Maven packages the apps and Jib (`jib:buildTar`) layers each one on that base: <module>/target/jib-image.tar,
#      named dropline/<module>:<tag> (the names k8s/base uses; tag `dev` by default, as in k8s/overlays/dev).
#
#   deploy/build-images.sh                       # all six apps, tag dev
#   TAG=1.0.0 deploy/build-images.sh gateway     # some apps, another tag
#
# Load an image where a daemon or a cluster exists: `docker load -i gateway/target/jib-image.tar`,
# `kind load image-archive …`, `ctr -n k8s.io images import …`, or push it with `skopeo copy docker-archive:…`.
# Maven needs Maven Central once for the Jib plugin (then MAVEN_ARGS=-o works offline).
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=${TAG:-dev}
APPS=${*:-gateway experiences-service audience-service consumer-service commerce-service analytics-service}
BASE=deploy/target/dropline-java-base.tar

if [ ! -s "$BASE" ] || [ "${FRESH_BASE:-0}" = 1 ]; then
  deploy/build-base-image.sh
fi

started=$SECONDS
# shellcheck disable=SC2086
./mvnw -B -q ${MAVEN_ARGS:-} -DskipTests -Djib.disableUpdateChecks=true -Ddropline.image.tag="$TAG" \
  -pl "$(echo $APPS | tr ' ' ',')" -am \
  package com.google.cloud.tools:jib-maven-plugin:buildTar
echo "Built in $((SECONDS - started)) s:"
for app in $APPS; do
  tarball=$app/target/jib-image.tar
  [ -s "$tarball" ] || { echo "missing $tarball" >&2; exit 1; }
  printf '  %-48s %s\n' "dropline/$app:$TAG" "$tarball ($(du -h "$tarball" | cut -f1))"
done
