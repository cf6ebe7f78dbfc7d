#!/usr/bin/env bash
# Fresh-machine test (issue #12): the README's two commands, run as a newcomer
# would, on a Debian 12 that has nothing but debootstrap's minimal base with git
# and sudo, and the checkout. Proves scripts/install-deps installs everything the
# build, the tests, the server and the desktop need; a package installed by hand
# on the CI machine cannot hide a gap here.
#
#   tests/package/fresh-machine-test.sh [--build-only | --no-suite] [--ref REF] [SOURCE_DIR]
#
# Steps, each timed, stopping at the first FAIL (which names the missing package
# where it can tell):
#   1. the cached root: debootstrap --variant=minbase --include=sudo,git,ca-certificates
#      (first run only), from the mirror this machine's own apt uses;
#   2. a user `newcomer` with sudo rights, and `git archive REF` (default HEAD) of
#      SOURCE_DIR unpacked in its home: untracked or uncommitted files cannot help;
#   3. as newcomer: scripts/install-deps (it calls sudo apt-get), with the root's
#      apt archive kept in the cache, so a warm run downloads nothing;
#   4. as newcomer: scripts/test, which configures and builds every target
#      (server, desktop, tests, bench) from scratch with warnings as errors, starts
#      a PostgreSQL test cluster and runs the whole suite with ctest, less what
#      needs root (package_install and this test; CMake leaves them out for a
#      non-root user). --build-only runs `scripts/test -N` instead: everything but
#      running the tests; --no-suite leaves this step out (to work on the others);
#   5. as newcomer: scripts/run with no display: it builds (from ccache: after
#      step 4 at most a tenth of the files may be compiled again), starts the server with
#      demo data; /healthz answers, a demo account signs in and
#      GET /api/v1/projects/active lists the demo studies; then SIGINT to its
#      process group (what Ctrl-C does) stops it cleanly;
#   6. the desktop app, as built by scripts/run, starts offscreen in Chinese and
#      checks its own sign-in window (trialdesk --startup-check): the platform
#      plugin, our translation and Qt's, a CJK font; the picture is kept when
#      TRIALDESK_FRESH_MACHINE_ARTIFACTS names a directory.
# Steps 3 to 6 run in systemd-nspawn (not booted: a newcomer's shell needs no
# init); step 3 with this machine's network for apt, the others in a network
# namespace with nothing but loopback, so the server's port 8080 collides with
# nothing here.
#
# Cache: TRIALDESK_FRESH_MACHINE_CACHE (default /var/tmp/trialdesk-fresh-machine-cache)
# keeps the root (rootfs/, never changed after debootstrap: each run writes to an
# overlay of its own) and apt's downloaded packages (apt-archives/). Delete it to
# start cold. Needs root, debootstrap, systemd-nspawn (package systemd-container),
# git and the network to the mirror for apt. ctest runs it as fresh_machine
# (tests/package/CMakeLists.txt).
set -euo pipefail -o errtrace
here=$(cd "$(dirname "$0")" && pwd)
test_name="fresh-machine test"
# shellcheck source=nspawn-common.sh
source "$here/nspawn-common.sh"

cache=${TRIALDESK_FRESH_MACHINE_CACHE:-/var/tmp/trialdesk-fresh-machine-cache}
run_prefix=/var/tmp/trialdesk-fresh-machine
artifacts=${TRIALDESK_FRESH_MACHINE_ARTIFACTS:-}
rootfs=$cache/rootfs
archives=$cache/apt-archives
user=newcomer
home=/home/$user
checkout=$home/trialdesk

usage() {
  echo "usage: $0 [--build-only | --no-suite] [--ref REF] [SOURCE_DIR]" >&2
  exit 2
}
build_only=0
suite=1
ref=HEAD
while [ $# -gt 0 ]; do
  case "$1" in
    --build-only) build_only=1 ;;
    --no-suite) suite=0 ;;
    --ref) ref=${2:-}; [ -n "$ref" ] || usage; shift ;;
    -*) usage ;;
    *) break ;;
  esac
  shift
done
[ $# -le 1 ] || usage
source_dir=$(cd "${1:-$here/../..}" && pwd)
[ "$(id -u)" = 0 ] || { echo "$0 needs root (debootstrap, systemd-nspawn, overlay mounts)" >&2; exit 2; }
for tool in debootstrap systemd-nspawn git timeout flock apt-get; do
  command -v "$tool" >/dev/null || { echo "$0 needs $tool (apt-get install debootstrap systemd-container git)" >&2; exit 2; }
done

work=$(mktemp -d "$run_prefix.XXXXXX")
echo $$ >"$work/pid"
trap 'fail "command failed (line $LINENO): $BASH_COMMAND"' ERR
trap cleanup EXIT
# Interrupted (Ctrl-C, ctest's timeout): the EXIT trap still unmounts.
trap 'exit 130' INT TERM

# --- naming what is missing
# The packages this machine (which has the project's dependencies) has for the
# files, CMake packages, pkg-config modules, libraries and commands a failed
# step's log says it could not find. A package absent from
# scripts/debian-packages.txt is the likely gap.
name_missing_packages() {
  local log=$1 pattern package listed
  local -A seen=()
  {
    sed -n 's/.*Could NOT find \([A-Za-z0-9_]*\).*/cmake \1/p' "$log"
    sed -n "s/.*No package '\\([^']*\\)' found.*/pc \\1/p; s/.*Package '\\([^']*\\)', required by .*, not found.*/pc \\1/p" "$log"
    sed -n 's/.*error while loading shared libraries: \([^:]*\):.*/lib \1/p' "$log"
    sed -n 's/.*: \([A-Za-z0-9_.+-]*\): command not found.*/bin \1/p; s/.*: \([A-Za-z0-9_.+-]*\): not found$/bin \1/p' "$log"
  } | sort -u | while read -r kind name; do
    case "$kind" in
      cmake) pattern="*/cmake/$name/*" ;;
      pc) pattern="*/pkgconfig/$name.pc" ;;
      lib) pattern="*/$name" ;;
      bin) pattern="*bin/$name" ;;
    esac
    package=$(dpkg -S "$pattern" 2>/dev/null | head -1 | cut -d: -f1 || true)
    if [ -z "$package" ]; then
      echo "      missing $kind $name: no package of this machine has it either"
      continue
    fi
    [ -n "${seen[$package]:-}" ] && continue
    seen[$package]=1
    # Installed in the root after all: not the cause (a dependency of it is).
    dpkg-query --admindir="$work/root/var/lib/dpkg" -W -f='${Status}' "$package" 2>/dev/null \
      | grep -q 'install ok installed' && continue
    listed="not in scripts/debian-packages.txt"
    grep -qx "$package" "$work/root$checkout/scripts/debian-packages.txt" && listed="listed, yet not installed"
    echo "      missing $kind $name: package $package ($listed)"
  done
}

# in_root NET LIMIT COMMAND...: runs COMMAND as the newcomer, in the checkout,
# with a login-like environment. NET is "host" (apt needs the mirror) or
# "loopback" (a network namespace of its own).
in_root() {
  local net=$1 limit=$2
  shift 2
  # --console=pipe: no terminal, as under ctest, so tools print plain logs.
  local args=(--quiet --register=no --keep-unit --machine=fresh-debian -D "$work/root" --console=pipe
    --user="$user" --chdir="$checkout" --bind="$archives:/var/cache/apt/archives"
    --setenv=LANG=C.UTF-8 --setenv=HOME="$home" --setenv=USER="$user" --setenv=LOGNAME="$user"
    --setenv=PATH=/usr/local/bin:/usr/bin:/bin)
  if [ "$net" = loopback ]; then args+=(--private-network); else args+=(--resolv-conf=copy-host); fi
  # The root is not booted: /run/systemd, which systemd makes at boot on every
  # Debian 12 machine, is an empty directory of root's, as there (systemd-analyze
  # verify, in package_debian, needs it to exist).
  args+=(--tmpfs=/run/systemd:mode=0755)
  timeout --kill-after=15 "$limit" systemd-nspawn "${args[@]}" "$@"
}
# run_step LOG LIMIT NET COMMAND...: in_root, output in LOG; on failure the log's
# end and the packages it lacks, then FAIL.
run_step() {
  local log=$1 limit=$2 net=$3
  shift 3
  local status=0
  in_root "$net" "$limit" "$@" >"$log" 2>&1 || status=$?
  [ -z "$artifacts" ] || { mkdir -p "$artifacts" && cp "$log" "$artifacts/"; }
  [ "$status" = 0 ] && return 0
  if grep -q '^The following tests FAILED' "$log"; then
    # ctest --output-on-failure: each failed test's output follows its result line.
    echo "---- output of the failed tests"
    awk '/Test +#[0-9]+: .*(\*\*\*|\(Failed|Timeout|Exception)/ { show = 1 } /^ +Start +[0-9]+: / { show = 0 } show' "$log" \
      | tail -n 300
  fi
  echo "---- last 40 lines of $(basename "$log")${artifacts:+ (whole log: $artifacts/$(basename "$log"))}"
  tail -n 40 "$log"
  echo "---- what is missing"
  name_missing_packages "$log"
  fail "$* exited with status $status"
}

# --- 1. the cached root
lock_cache "$cache" "$run_prefix"
mkdir -p "$archives/partial"
if [ ! -f "$rootfs/.trialdesk-test-root" ]; then
  begin "debootstrap minimal Debian 12 with sudo and git (first run only)"
  ensure_cached_root "$rootfs" sudo,git,ca-certificates
  pass
fi

# --- 2. the newcomer and the checkout
begin "user $user with sudo rights; git archive $ref into $checkout"
mount_overlay "$rootfs"
commit=$(git -C "$source_dir" rev-parse --short "$ref^{commit}")
systemd-nspawn --quiet --register=no --keep-unit -D "$work/root" \
  useradd --create-home --shell /bin/bash --groups sudo "$user" >"$work/useradd.log" 2>&1 \
  || { cat "$work/useradd.log"; fail "useradd"; }
# A newcomer types their password at sudo's prompt; the test has no terminal.
printf '%s ALL=(ALL) NOPASSWD: ALL\n' "$user" >"$work/root/etc/sudoers.d/$user"
chmod 440 "$work/root/etc/sudoers.d/$user"
# What the Debian installer writes and debootstrap does not: without it
# "localhost" does not resolve (tst_tls connects to it).
echo fresh-debian >"$work/root/etc/hostname"
printf '%s\n' '127.0.0.1	localhost' '127.0.1.1	fresh-debian' '::1	localhost ip6-localhost ip6-loopback' \
  'ff02::1	ip6-allnodes' 'ff02::2	ip6-allrouters' >"$work/root/etc/hosts"
# The CAs this machine's administrator added (/usr/local/share/ca-certificates,
# e.g. a TLS-inspecting egress proxy's): a newcomer's machine on the same network
# has them too, installed the Debian way. Without them apt (plain http) works but
# npm's registry does not; the Debian root's own store is left otherwise as it is.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  mkdir -p "$work/root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$work/root/usr/local/share/ca-certificates/"
  systemd-nspawn --quiet --register=no --keep-unit -D "$work/root" update-ca-certificates \
    >"$work/update-ca.log" 2>&1 || { cat "$work/update-ca.log"; fail "update-ca-certificates"; }
  echo "      this machine's local CAs: $(cd /usr/local/share/ca-certificates && echo *.crt)"
fi
owner=$(stat -c %u:%g "$work/root$home")
mkdir "$work/root$checkout"
git -C "$source_dir" archive --format=tar "$ref" | tar -x -C "$work/root$checkout"
chown -R "$owner" "$work/root$checkout"
echo "      commit $commit of $source_dir"
pass

# --- 3. scripts/install-deps
begin "scripts/install-deps (sudo apt-get, host network)"
before=$(find "$archives" -maxdepth 1 -name '*.deb' | wc -l)
run_step "$work/install-deps.log" 1800 host scripts/install-deps
after=$(find "$archives" -maxdepth 1 -name '*.deb' | wc -l)
installed=$(in_root loopback 60 dpkg-query -W -f='${Status}\n' | grep -c 'install ok installed')
echo "      $installed packages installed in the root; $((after - before)) downloaded into the cache (now $after, $(du -sh "$archives" | cut -f1))"
pass

# --- 4. scripts/test
if [ "$suite" = 0 ]; then
  echo "      scripts/test left out (--no-suite)"
elif [ "$build_only" = 1 ]; then
  begin "scripts/test -N: configure and build every target, list the tests"
  run_step "$work/test.log" 3600 loopback scripts/test -N
  grep -E '^Total Tests:' "$work/test.log" | sed 's/^/      /'
else
  begin "scripts/test: build every target, run the whole suite"
  run_step "$work/test.log" 3600 loopback scripts/test
  grep -E 'tests passed|Total Test time' "$work/test.log" | sed 's/^/      /'
fi
if [ "$suite" = 1 ]; then
  grep -qE ': (package_install|fresh_machine)$' "$work/test.log" && fail "root-only tests were run as $user"
  pass
fi

# --- 5. scripts/run, no display; Ctrl-C
begin "scripts/run (no display): healthz, demo sign-in, active studies, Ctrl-C"
cat >"$work/root$home/drive-run.sh" <<'EOF'
#!/bin/bash
# Runs scripts/run as a person at a terminal would: in a process group of its own
# (job control), so that SIGINT to the group is what Ctrl-C sends.
set -eu -m
log=$HOME/run.log
# scripts/test compiled everything with the flags scripts/run uses: its objects
# should come from ccache (counted from zero here).
ccache -z >/dev/null
scripts/run >"$log" 2>&1 &
run_pid=$!
say() { echo "      $*"; }
die() { echo "drive-run: $*"; echo "---- scripts/run output"; tail -n 40 "$log"; kill -TERM -- -"$run_pid" 2>/dev/null; exit 1; }
# The first run builds before it serves.
for _ in $(seq 1800); do
  grep -q '^Server ready' "$log" && break
  kill -0 "$run_pid" 2>/dev/null || die "scripts/run exited before the server was ready"
  sleep 1
done
grep -q '^Server ready' "$log" || die "no 'Server ready' after 30 minutes"
ccache_stat() { ccache --print-stats | awk -v k="$1" '$1 == k { print $2 }'; }
hits=$(( $(ccache_stat direct_cache_hit) + $(ccache_stat preprocessed_cache_hit) ))
misses=$(ccache_stat cache_miss)
say "scripts/run compiled $misses files and took $hits from ccache"
# After scripts/test nearly everything is a hit; a miss per file means the two
# commands' flags drifted apart and the code is compiled twice again.
if [ "${EXPECT_WARM_CACHE:-0}" = 1 ] && [ "$misses" -gt $(( (hits + misses) / 10 )) ]; then
  die "scripts/run compiled $misses of $((hits + misses)) files again: its flags differ from scripts/test's"
fi
base=http://127.0.0.1:8080
health=$(curl -fsS --max-time 10 "$base/healthz") || die "GET /healthz failed"
grep -q '"status":"ok"' <<<"$health" || die "healthz: $health"
say "healthz: $health"
credentials=$HOME/.local/share/trialdesk-demo/demo-credentials.txt
[ "$(stat -c %a "$credentials")" = 600 ] || die "$credentials is not mode 600"
password=$(sed -n 's/^password: //p' "$credentials")
[ -n "$password" ] || die "no password in $credentials"
login=$(curl -sS --max-time 30 -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"nurse\",\"password\":\"$password\"}" -w '\n%{http_code}')
[ "${login##*$'\n'}" = 200 ] || die "demo sign-in answered: $login"
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"${login%$'\n'*}")
[ -n "$token" ] || die "no token in: $login"
say "demo account nurse signed in"
active=$(curl -fsS --max-time 30 -H "Authorization: Bearer $token" "$base/api/v1/projects/active") \
  || die "GET /api/v1/projects/active failed"
studies=$(grep -o '"code":"[^"]*"' <<<"$active" | wc -l)
[ "$studies" -ge 5 ] || die "active studies: $active"
say "GET /api/v1/projects/active: $studies demo studies ($(grep -o '"code":"[^"]*"' <<<"$active" | head -3 | tr '\n' ' ')...)"
kill -INT -- -"$run_pid"
status=0
wait "$run_pid" || status=$?
[ "$status" = 0 ] || die "scripts/run exited with status $status after SIGINT (0 after a clean shutdown)"
grep -q 'shutting down' "$log" || die "the server did not shut down gracefully"
grep -q 'stopped$' "$log" || die "the server did not report 'stopped'"
# Nothing left behind: the port is free again, no server process (procps is not
# in a minimal Debian: /proc is read directly).
if curl -s --max-time 2 -o /dev/null "$base/healthz"; then die "the server still answers after Ctrl-C"; fi
for comm in /proc/[0-9]*/comm; do
  [ "$(cat "$comm" 2>/dev/null)" = trialdesk-serve ] && die "a trialdesk-server process is still running"
done
say "server stopped cleanly ($(grep -c . "$log") lines of output)"
EOF
chmod 755 "$work/root$home/drive-run.sh"
run_step "$work/run.log" 2400 loopback env EXPECT_WARM_CACHE="$suite" "$home/drive-run.sh"
cat "$work/run.log"
pass

# --- 6. the desktop app
begin "desktop: sign-in window offscreen in Chinese (trialdesk --startup-check)"
run_step "$work/desktop.log" 120 loopback env QT_QPA_PLATFORM=offscreen \
  build/desktop/trialdesk --language zh_CN --startup-check --screenshot "$home/sign-in-zh_CN.png"
sed 's/^/      /' "$work/desktop.log"
if [ -n "$artifacts" ]; then
  mkdir -p "$artifacts"
  cp "$work/root$home/sign-in-zh_CN.png" "$artifacts/"
  echo "      picture: $artifacts/sign-in-zh_CN.png"
fi
pass

print_summary
