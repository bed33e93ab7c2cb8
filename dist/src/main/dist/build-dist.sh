#!/usr/bin/env bash
# Builds the self-contained download: keyport-<version>-linux-x64.tar.gz and its .sha256, from the packaged daemon
# (app/target/quarkus-app) and CLI (cli/target/keyport-cli). Run by the dist module (./mvnw -B -Pdist package); the
# settings come from its pom as environment variables:
#   VERSION     Keyport's version (the tarball's name and top folder)
#   JDK         the JDK whose runtime goes into the tarball (jlink, jdeps); its major decides the class-data archives
#   OUT         where the tarball is written (the stage is built in $OUT/stage)
#   APP, CLI    the packaged daemon and CLI folders
#   LAUNCHER    the keyport launcher script; README: the tarball's README
#   TIMESTAMP   the time every file in the tarball carries (project.build.outputTimestamp, ISO 8601)
#   CLASS_DATA  "auto": the archives below; "none": none, for a byte-for-byte reproducible tarball
#
# Reproducible: the same commit and JDK give the same bytes (sorted entries, fixed owner, times and modes, gzip without
# a name or time), except for the class-data archives, which the JDK writes differently on every run. With
# CLASS_DATA=none the whole tarball is the same bytes (DistributionIT checks both).
set -euo pipefail
# One locale for every build: jlink writes the runtime's modules differently under another default charset.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
: "${VERSION:?}" "${JDK:?}" "${OUT:?}" "${APP:?}" "${CLI:?}" "${LAUNCHER:?}" "${README:?}" "${TIMESTAMP:?}"
EPOCH="$(date -u -d "$TIMESTAMP" +%s)"
CLASS_DATA="${CLASS_DATA:-auto}"
name="keyport-$VERSION"
tarball="$OUT/$name-linux-x64.tar.gz"
stage="$OUT/stage"
root="$stage/$name"
say() { echo "[dist] $*"; }

if ! command -v unzip >/dev/null; then
  echo "[dist] unzip is needed to build the download (apt-get install unzip)" >&2
  exit 1
fi
for tool in jlink jdeps java; do
  if [ ! -x "$JDK/bin/$tool" ]; then
    echo "[dist] $JDK/bin/$tool is missing: keyport.dist.jdk must name a full JDK (17 or newer)" >&2
    exit 1
  fi
done
major="$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
say "runtime from $JDK (Java $major)"

rm -rf "$stage" "$tarball" "$tarball.sha256"
mkdir -p "$root/bin" "$root/lib" "$root/completions"
cp -R "$APP" "$root/lib/daemon"
cp -R "$CLI" "$root/lib/cli"
# A checkout's launcher may have made archives next to the jars: they belong to that JDK and path, not to this tarball.
find "$root/lib" -mindepth 2 -maxdepth 2 \( -name 'keyport-*.jsa' -o -name 'keyport-*.aot' -o -name 'keyport-*.lock' \
  -o -name 'keyport-*.tmp*' \) -exec rm -rf {} +
install -m 755 "$LAUNCHER" "$root/bin/keyport"
install -m 644 "$README" "$root/README.md"

# The runtime: the modules the jars use (jdeps), less jdk.compiler (only vertx-codegen's annotation processor, which
# runs at build time, refers to it), plus what is reached by name rather than by class: jdk.crypto.ec (TLS with EC
# keys, the usual for IdPs), jdk.charsets (IdP pages in legacy encodings), jdk.zipfs (for plugins that read zip files as file
# systems). jdeps cannot read a modular jar without its requirements, so it reads the classes with module-info left out.
scan="$stage/jdeps"
mkdir -p "$scan"
n=0
while IFS= read -r -d '' jar; do
  n=$((n + 1))
  unzip -q -o "$jar" -x 'module-info.class' 'META-INF/*' -d "$scan/$n" 2>/dev/null || [ $? -eq 11 ] # 11: only META-INF
done < <(find "$root/lib" -name '*.jar' -print0 | sort -z)
modules="$("$JDK/bin/jdeps" --ignore-missing-deps --print-module-deps -q "$scan"/* 2>/dev/null)"
rm -rf "$scan"
modules="$(echo "$modules,jdk.crypto.ec,jdk.charsets,jdk.zipfs" | tr ',' '\n' | grep -v -x -e jdk.compiler -e '' | sort -u | paste -sd, -)"
say "modules: $modules"
# Uncompressed modules: the tarball's gzip compresses them as well, and the JVM starts faster on them.
compress="--compress=zip-0"
if [ "$major" -lt 21 ]; then compress="--compress=0"; fi
"$JDK/bin/jlink" --add-modules "$modules" --output "$root/runtime" --strip-debug --no-header-files --no-man-pages \
  "$compress" 2>&1 | grep -v -e '^Warning' -e '^$' || true
java="$root/runtime/bin/java"
if [ "$CLASS_DATA" != none ]; then
  # The JDK's own classes, archived (what a JDK ships as lib/server/classes.jsa; jlink leaves it out).
  "$java" -Xshare:dump -Xlog:cds=off -Xlog:cds+map=off >/dev/null 2>&1
fi

"$java" -jar "$root/lib/cli/keyport-cli.jar" completion > "$root/completions/keyport.bash"

# Every file carries the same time (the JVM also checks the jars' times against the archives made below).
find "$root" -exec touch -h -d "@$EPOCH" {} +

if [ "$CLASS_DATA" != none ] && [ "$major" -ge 25 ]; then
  # JDK 25's AOT cache keeps working when the folder moves (it matches the jars' paths by their common prefix), so it
  # is made here, by training runs through the launcher itself (the same JVM options as a user's runs), and shipped.
  # (JDK 17's archives hold absolute paths: a tarball on 17 leaves them to the launcher's first runs.)
  home="$(mktemp -d)"
  chmod 700 "$home"
  log="$OUT/training.log"
  say "training the daemon and the CLI for their AOT caches (log: $log)"
  KEYPORT_HOME="$home" KEYPORT_CDS=off KEYPORT_JAVA_OPTS="-XX:AOTCacheOutput=$root/lib/daemon/keyport-daemon.aot" \
    "$root/bin/keyport" daemon >"$log" 2>&1 &
  daemon=$!
  for _ in $(seq 600); do
    if [ -S "$home/daemon.sock" ] || ! kill -0 "$daemon" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ ! -S "$home/daemon.sock" ]; then
    echo "[dist] the training daemon did not start; see $log" >&2
    kill "$daemon" 2>/dev/null || true
    exit 1
  fi
  # What a day's use asks of the daemon (a session added, listed, its credential_process refused as not started).
  KEYPORT_HOME="$home" KEYPORT_CDS=off "$root/bin/keyport" session add --alias training --region eu-west-1 \
    --saml-url https://idp.example.com/saml --idp-arn arn:aws:iam::123456789012:saml-provider/Example \
    --role-arn arn:aws:iam::123456789012:role/Example >>"$log" 2>&1
  KEYPORT_HOME="$home" KEYPORT_CDS=off "$root/bin/keyport" credential-process training >>"$log" 2>&1 || true
  KEYPORT_HOME="$home" KEYPORT_CDS=off KEYPORT_JAVA_OPTS="-XX:AOTCacheOutput=$root/lib/cli/keyport-cli.aot" \
    "$root/bin/keyport" session list --output json >>"$log" 2>&1
  kill -TERM "$daemon"
  wait "$daemon" || true
  rm -rf "$home"
  for cache in "$root/lib/daemon/keyport-daemon.aot" "$root/lib/cli/keyport-cli.aot"; do
    if [ ! -s "$cache" ]; then
      echo "[dist] $cache was not made; see $log" >&2
      exit 1
    fi
    rm -f "$cache.config"
    chmod 644 "$cache"
    touch -d "@$EPOCH" "$cache"
  done
fi

# Sorted entries, owner root, no access or change times, no write bit for others; gzip without name or time.
(cd "$stage" && tar --sort=name --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  --owner=0 --group=0 --numeric-owner --mode='u+rwX,go+rX,go-w' --mtime="@$EPOCH" \
  -cf - "$name") | gzip -9 -n > "$tarball"
(cd "$OUT" && sha256sum "${tarball##*/}" > "${tarball##*/}.sha256")
say "$(du -k "$tarball" | cut -f1) KiB: $tarball"
say "$(cut -d' ' -f1 "$tarball.sha256") (sha256)"
