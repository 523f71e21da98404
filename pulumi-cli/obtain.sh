#!/usr/bin/env bash
# Puts a real Pulumi CLI where the demo, the tests and the benchmarks use it, and prints the directory holding
# `pulumi` as its last line of output. In order:
#   1. $PULUMI_TRTC_CLI_DIR, if set: a directory holding `pulumi` (the caller's choice, used as it is);
#   2. a `pulumi` on PATH at version $MIN_VERSION or later;
#   3. the cached build of the pinned version, in a per-user cache outside the clone, with @pulumi/pulumi's
#      dynamic-provider launcher (pulumi-resource-pulumi-nodejs) put beside it;
#   4. a build of the pinned version from its Go module (github.com/pulumi/pulumi/pkg/v3) through the Go module
#      proxy, into that cache (about 10-15 min on 2 cores the first time; progress goes to stderr);
#   5. otherwise a message saying how to install Pulumi, and exit status 1.
# Idempotent, and safe to run concurrently: builds are serialized by a lock and installed by an atomic rename.
# Release binaries are not downloaded: `go` builds the CLI from source, as Pulumi's own release does
# (CGO_ENABLED=0, tags osusergo grpcnotrace, the version stamped with -ldflags).
#
# The Node.js language host (pulumi-language-nodejs) is a separate Go module with no version tags, and the module
# proxy does not serve it, so programs run as Automation API inline programs (same engine, same state): see
# pulumi-cli/README.md.
set -euo pipefail

PINNED_VERSION=3.274.1
MIN_VERSION=3.220.0

log() { printf 'pulumi-cli: %s\n' "$*" >&2; }

# with_launcher DIR: puts @pulumi/pulumi's dynamic-provider launcher beside DIR/pulumi when the directory is ours
# (the CLI prefers plugins bundled next to itself, and warns when it finds one elsewhere on PATH), then prints DIR.
with_launcher() {
  local launcher
  if [ -w "$1" ] && launcher=$(cd "$(dirname "$0")/.." && node -p 'require.resolve("@pulumi/pulumi/package.json")' 2>/dev/null); then
    launcher="$(dirname "$launcher")/pulumi-resource-pulumi-nodejs"
    if ! cmp -s "$launcher" "$1/pulumi-resource-pulumi-nodejs"; then
      cp "$launcher" "$1/.launcher.$$" && chmod +x "$1/.launcher.$$" && mv "$1/.launcher.$$" "$1/pulumi-resource-pulumi-nodejs"
    fi
  fi
  echo "$1"
}

# version_of DIR: the version `DIR/pulumi version` prints, without the leading v (empty if it prints none).
version_of() { "$1/pulumi" version 2>/dev/null | sed -n 's/^v\{0,1\}\([0-9][0-9.]*\).*/\1/p' | head -n 1; }

# at_least A B: A >= B as dotted versions.
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

if [ -n "${PULUMI_TRTC_CLI_DIR:-}" ]; then
  if [ -x "$PULUMI_TRTC_CLI_DIR/pulumi" ]; then echo "$PULUMI_TRTC_CLI_DIR"; exit 0; fi
  log "PULUMI_TRTC_CLI_DIR=$PULUMI_TRTC_CLI_DIR holds no executable pulumi"; exit 1
fi

if on_path=$(command -v pulumi 2>/dev/null); then
  dir=$(dirname "$(readlink -f "$on_path")")
  version=$(version_of "$dir")
  if [ -n "$version" ] && at_least "$version" "$MIN_VERSION"; then echo "$dir"; exit 0; fi
  log "ignoring $on_path (version '${version:-unknown}'; at least $MIN_VERSION is needed)"
fi

cache_root="${PULUMI_TRTC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-trtc}"
install_dir="$cache_root/pulumi-v$PINNED_VERSION"
if [ "$(version_of "$install_dir/bin" 2>/dev/null)" = "$PINNED_VERSION" ]; then with_launcher "$install_dir/bin"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
pulumi-cli: no Pulumi CLI found, and no Go toolchain to build one.
  Install Pulumi $MIN_VERSION or later (https://www.pulumi.com/docs/iac/download-install/), for example
    curl -fsSL https://get.pulumi.com | sh
  and put it on PATH, or point PULUMI_TRTC_CLI_DIR at the directory holding the pulumi binary.
  With Go 1.26 or later on PATH, this script builds Pulumi v$PINNED_VERSION from its Go module instead.
MSG
  exit 1
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/pulumi-v$PINNED_VERSION.lock"
if ! flock -n 9; then
  log "another process is building Pulumi v$PINNED_VERSION; waiting for it"
  flock 9
fi
# The build may have finished while this process waited for the lock.
if [ "$(version_of "$install_dir/bin" 2>/dev/null)" = "$PINNED_VERSION" ]; then with_launcher "$install_dir/bin"; exit 0; fi

started=$(date +%s)
work=$(mktemp -d "$cache_root/.build-XXXXXX")
trap 'rm -rf "$work"' EXIT
log "building Pulumi v$PINNED_VERSION from its Go module into $install_dir"
log "(the first build downloads ~300 modules and compiles for 10-15 min on 2 cores; later runs reuse it)"

# `go install pkg@version` refuses modules with replace directives, so a throwaway main module requires pkg and sdk
# at the pinned version and repeats their non-local replace directives, read from their own go.mod files.
cd "$work"
module=github.com/pulumi/pulumi
cat > go.mod <<MOD
module pulumitrtc.local/pulumicli

go 1.26
MOD
cat > tools.go <<'SRC'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
SRC
for m in pkg sdk; do
  mod_file=$(go mod download -json "$module/$m/v3@v$PINNED_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [ -f "$mod_file" ] || { log "could not download $module/$m/v3@v$PINNED_VERSION"; exit 1; }
  go mod edit -require="$module/$m/v3@v$PINNED_VERSION"
  # Each replace whose target is a module version (not a local path): "old => new version".
  go mod edit -json "$mod_file" |
    node -e 'for (const r of JSON.parse(require("fs").readFileSync(0, "utf8")).Replace ?? [])
               if (r.New.Version) console.log(`${r.Old.Path}${r.Old.Version ? "@" + r.Old.Version : ""}=${r.New.Path}@${r.New.Version}`)' |
    while read -r replace; do go mod edit -replace="$replace"; done
done
log "resolving the module graph (go mod tidy)"
if ! go mod tidy >"$work/tidy.log" 2>&1; then
  sed 's/^/  /' "$work/tidy.log" >&2
  log "go mod tidy failed (above)"; exit 1
fi
log "compiling (go build)"
mkdir -p "$work/out/bin"
CGO_ENABLED=0 go build -trimpath -tags "osusergo grpcnotrace" \
  -ldflags "-s -w -X $module/sdk/v3/go/common/version.Version=v$PINNED_VERSION" \
  -o "$work/out/bin/pulumi" "$module/pkg/v3/cmd/pulumi"
[ "$(version_of "$work/out/bin")" = "$PINNED_VERSION" ] || { log "the built pulumi does not report v$PINNED_VERSION"; exit 1; }

rm -rf "$install_dir.old"
[ -d "$install_dir" ] && mv "$install_dir" "$install_dir.old"
mv "$work/out" "$install_dir"
rm -rf "$install_dir.old"
log "built Pulumi v$PINNED_VERSION in $(( $(date +%s) - started )) s"
with_launcher "$install_dir/bin"
