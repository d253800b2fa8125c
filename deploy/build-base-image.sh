#!/usr/bin/env bash
# Builds the images' base, offline and without a container daemon: a Java 17 runtime cut by jlink from the local
# JDK's jmods, the C libraries it links against from Debian's packages (apt-get download), a passwd entry for the
# runtime user 10001, written as a one-layer image tarball in `docker save` format that Jib reads as
# `tar://deploy/target/dropline-java-base.tar` (docs/adr/0020-images-and-manifests.md).
#
#   deploy/build-base-image.sh            # -> deploy/target/dropline-java-base.tar
#   JDK=/path/to/jdk-17 deploy/build-base-image.sh
#
# Reproducible: the layer's files carry fixed owners and mtimes and are sorted, the config has a fixed creation
# time, so the same JDK and the same Debian packages give the same image digest.
set -euo pipefail
cd "$(dirname "$0")/.."

JDK=${JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
OUT=deploy/target
WORK=$OUT/java-base
ROOT=$WORK/rootfs
TARBALL=$OUT/dropline-java-base.tar
IMAGE_NAME=dropline/java-base:17
# What the apps need, no more (checked by starting every app on this runtime; the ADR lists why each is here):
# java.desktop for java.beans (Spring's property binding), java.sql for JDBC (Flyway), java.naming and
# jdk.naming.dns for JNDI/DNS look-ups, jdk.crypto.ec for ES256 (access tokens, admission grants), jdk.unsupported
# for sun.misc.Unsafe (Netty), java.management/jdk.management for Micrometer's JVM and process metrics.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
# The shared libraries the runtime links against (ldd of bin/java and lib/**/*.so for these modules).
DEBS="libc6 libgcc-s1 libstdc++6 zlib1g"

[ -f "$JDK/jmods/java.base.jmod" ] || { echo "No jmods in $JDK (Debian: openjdk-17-jdk-headless); set JDK=" >&2; exit 1; }
for tool in dpkg-deb apt-get jq sha256sum tar; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

rm -rf "$WORK"
mkdir -p "$ROOT/opt" "$WORK/debs" "$OUT/debs"

echo "jlink: $MODULES"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$ROOT/opt/java"
# Debian's JDK keeps its CA store (and a few security files) outside the JDK as symlinks into /etc; the image
# needs the files themselves.
for f in "$ROOT"/opt/java/lib/security/* "$ROOT"/opt/java/conf/security/java.security; do
  if [ -L "$f" ]; then
    target=$(readlink -f "$f")
    rm "$f"
    if [ -e "$target" ]; then cp "$target" "$f"; fi
  fi
done
if [ ! -s "$ROOT/opt/java/lib/security/cacerts" ]; then
  cp -L /etc/ssl/certs/java/cacerts "$ROOT/opt/java/lib/security/cacerts" \
    || { echo "No CA store: install ca-certificates-java" >&2; exit 1; }
fi

echo "Debian packages: $DEBS"
(cd "$OUT/debs" && for p in $DEBS; do ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download -q -o APT::Sandbox::User=root "$p"; done)
for p in $DEBS; do
  deb=$(ls "$OUT"/debs/"${p}"_*.deb | sort -V | tail -n 1)
  dpkg-deb -x "$deb" "$ROOT"
  dpkg-deb -f "$deb" Package Version | sed -n 's/^Version: /=/p; s/^Package: //p' | paste -sd '' >> "$WORK/packages.txt"
done
# Documentation, locales and iconv modules are not used by the JVM.
rm -rf "$ROOT/usr/share" "$ROOT/usr/lib/x86_64-linux-gnu/gconv" "$ROOT/etc/ld.so.conf.d" "$ROOT/usr/libexec" \
  "$ROOT/sbin" "$ROOT/usr/bin" "$ROOT/usr/sbin" "$ROOT/etc/bindresvport.blacklist" "$ROOT/usr/lib/x86_64-linux-gnu/audit"

mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/app"
chmod 1777 "$ROOT/tmp"
cat > "$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
dropline:x:10001:10001:dropline:/tmp:/sbin/nologin
EOF
cat > "$ROOT/etc/group" <<'EOF'
root:x:0:
dropline:x:10001:
EOF
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
{
  echo "Dropline Java base: $("$ROOT/opt/java/bin/java" -version 2>&1 | sed -n 2p)"
  echo "jlink modules: $MODULES"
  echo "Debian packages:"; sed 's/^/  /' "$WORK/packages.txt"
} > "$ROOT/opt/java/dropline-base.txt"

# The layer: sorted, root-owned, every mtime at the epoch.
LAYER=$WORK/layer.tar
(cd "$ROOT" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort) \
  | tar -C "$ROOT" --no-recursion -T - --format=gnu --owner=0 --group=0 --numeric-owner --mtime='@0' -cf "$LAYER"
DIFF_ID=$(sha256sum "$LAYER" | cut -d' ' -f1)

IMG=$WORK/image
mkdir -p "$IMG/$DIFF_ID"
mv "$LAYER" "$IMG/$DIFF_ID/layer.tar"
jq -n --arg diff "sha256:$DIFF_ID" --arg modules "$MODULES" --arg packages "$(paste -sd, "$WORK/packages.txt")" '{
  architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
  config: {
    Env: ["PATH=/opt/java/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"],
    User: "10001:10001", WorkingDir: "/",
    Labels: {"org.opencontainers.image.title": "dropline-java-base", "io.dropline.jlink-modules": $modules,
             "io.dropline.debian-packages": $packages}
  },
  rootfs: {type: "layers", diff_ids: [$diff]},
  history: [{created: "1970-01-01T00:00:00Z", created_by: "deploy/build-base-image.sh"}]
}' > "$WORK/config.json"
CONFIG_ID=$(sha256sum "$WORK/config.json" | cut -d' ' -f1)
mv "$WORK/config.json" "$IMG/$CONFIG_ID.json"
jq -n --arg config "$CONFIG_ID.json" --arg layer "$DIFF_ID/layer.tar" --arg tag "$IMAGE_NAME" \
  '[{Config: $config, RepoTags: [$tag], Layers: [$layer]}]' > "$IMG/manifest.json"
(cd "$IMG" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort) \
  | tar -C "$IMG" --no-recursion -T - --format=gnu --owner=0 --group=0 --numeric-owner --mtime='@0' -cf "$TARBALL"
rm -rf "$IMG"

echo "Base image $IMAGE_NAME: $TARBALL ($(du -h "$TARBALL" | cut -f1), layer sha256:${DIFF_ID:0:12})"
