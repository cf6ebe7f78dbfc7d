#!/usr/bin/env bash
# Install test of the server package (issue #7) on a real Debian 12 whose PID 1
# is systemd: what installer/README.md tells an administrator to do, done for
# real, with the maintainer scripts and the hardened unit running under systemd.
#
#   tests/package/install-test.sh SERVER_DEB [DESKTOP_DEB]
#   tests/package/install-test.sh [--no-desktop] BUILD_DIR   (a CMake build tree: packs it with cpack first)
#   tests/package/install-test.sh [--no-desktop] DEB_DIR     (the trialdesk*.deb files in it)
# The desktop package, when there is one, is installed last and checked for
# missing libraries; --no-desktop leaves it out (ctest does: it takes 1-2 minutes
# more, unpacking its Qt, X and font dependencies).
#
# How: a minimal Debian 12 root made with debootstrap (systemd, dbus, curl,
# sqlite3) is booted with systemd-nspawn --boot. The container's root is an
# overlay: the cached root, unchanged, below; this run's writes in a directory
# of its own above (kept across the reboot step, deleted at the end). It has a
# network namespace of its own holding only loopback, so the packaged port 8080
# cannot collide with anything on this machine and the container reaches no
# network. Commands run inside it through nsenter. Steps run in order and stop
# at the first FAIL; each prints PASS or FAIL and its time.
#
# Cache: TRIALDESK_INSTALL_TEST_CACHE (default /var/tmp/trialdesk-install-test-cache)
# keeps the root and, in its apt archive, every package the server package
# depends on. The first run needs the Debian mirror this machine's apt is
# configured with (nothing in the repository names one) and takes minutes; later
# runs use no network as long as the package's dependencies do not change. Delete
# the directory to start afresh. The root, overlay and step reporting are shared
# with fresh-machine-test.sh (nspawn-common.sh).
#
# Needs root, debootstrap, systemd-nspawn (package systemd-container), nsenter,
# dpkg-deb and openssl. The host's PID 1 need not be systemd. ctest runs it as
# package_install where those are there (tests/package/CMakeLists.txt).
set -euo pipefail -o errtrace
here=$(cd "$(dirname "$0")" && pwd)
test_name="install test"
# shellcheck source=nspawn-common.sh
source "$here/nspawn-common.sh"

cache=${TRIALDESK_INSTALL_TEST_CACHE:-/var/tmp/trialdesk-install-test-cache}
rootfs=$cache/rootfs
base_packages=systemd,systemd-sysv,dbus,curl,sqlite3,ca-certificates

usage() {
  echo "usage: $0 SERVER_DEB [DESKTOP_DEB] | [--no-desktop] BUILD_DIR | [--no-desktop] DEB_DIR" >&2
  exit 2
}

work=""
nspawn_pid=""
leader=""
machine=trialdesk-it-$$

diagnostics() {
  if [ -n "$leader" ] && kill -0 "$leader" 2>/dev/null; then
    echo "---- systemctl status trialdesk-server"
    in_ct 15 systemctl --no-pager --full status trialdesk-server.service 2>&1 | tail -n 20 || true
    echo "---- journalctl -u trialdesk-server (last 40 lines)"
    in_ct 15 journalctl --no-pager -u trialdesk-server.service -n 40 2>&1 || true
    echo "---- failed units"
    in_ct 15 systemctl --no-pager --failed 2>&1 || true
  fi
  if [ -n "$work" ] && [ -f "$work/console.log" ]; then
    echo "---- container console (last 20 lines)"
    tail -n 20 "$work/console.log" || true
  fi
}
trap 'fail "command failed (line $LINENO): $BASH_COMMAND"' ERR

before_cleanup() {
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    # A clean shutdown first (SIGTERM makes nspawn ask the container's systemd to
    # halt). Failing that, SIGKILL the container's init: its PID namespace dies
    # with it and nspawn exits. Never SIGKILL nspawn itself: the container would
    # live on, adopted by this machine's init.
    if [ -z "$leader" ] || ! in_ct 15 systemctl poweroff >/dev/null 2>&1; then kill -TERM "$nspawn_pid" 2>/dev/null || true; fi
    for _ in $(seq 60); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$nspawn_pid" 2>/dev/null; then
      for pid in $(pgrep -P "$nspawn_pid" || true); do kill -KILL "$pid" 2>/dev/null || true; done
      for _ in $(seq 20); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.5; done
    fi
    wait "$nspawn_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
# Interrupted (Ctrl-C, ctest's timeout): still shut the container down.
trap 'exit 130' INT TERM

# Runs a command inside the booted container (all its namespaces, its root),
# with a clean environment, killed after LIMIT seconds.
in_ct() {
  local limit=$1
  shift
  timeout --kill-after=5 "$limit" nsenter --target "$leader" --all --root --wd -- \
    /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}
# in_ct with a shell script; further arguments become $1, $2... of the script.
ct_sh() {
  local limit=$1 script=$2
  shift 2
  in_ct "$limit" /bin/sh -c "$script" sh "$@"
}
# Runs a command in the cached root (or the one being made, ROOT_DIR), not
# booted, with the host's network (only to fill the cache).
in_cache_root() {
  timeout --kill-after=10 600 systemd-nspawn --quiet --register=no --keep-unit --resolv-conf=copy-host \
    -D "${ROOT_DIR:-$rootfs}" --setenv=DEBIAN_FRONTEND=noninteractive "$@"
}

# --- arguments
with_desktop=1
if [ "${1:-}" = --no-desktop ]; then
  with_desktop=0
  shift
  [ -d "${1:-}" ] || usage
fi
if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ -d "$1" ] && [ $# -ne 1 ]; }; then usage; fi
[ "$(id -u)" = 0 ] || { echo "$0 needs root (debootstrap, systemd-nspawn)" >&2; exit 2; }
for tool in debootstrap systemd-nspawn nsenter dpkg-deb openssl timeout flock; do
  command -v "$tool" >/dev/null || { echo "$0 needs $tool (apt-get install debootstrap systemd-container)" >&2; exit 2; }
done
work=$(mktemp -d /var/tmp/trialdesk-install-test.XXXXXX)
echo $$ >"$work/pid"

# --- the packages under test, and an "upgrade" of the server package: the same
# files under a higher version, so apt runs the maintainer scripts' upgrade path.
begin "prepare packages"
if [ -f "$1/CPackConfig.cmake" ]; then
  components=()
  [ "$with_desktop" = 1 ] || components=(-D CPACK_COMPONENTS_ALL=server)
  cpack -G DEB --config "$1/CPackConfig.cmake" "${components[@]}" -B "$work/cpack" >"$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log"; fail "cpack"; }
  set -- "$work/cpack"
fi
if [ -d "$1" ]; then
  server_deb=$(find "$1" -maxdepth 1 -name 'trialdesk-server_*.deb' | head -1)
  desktop_deb=""
  [ "$with_desktop" = 0 ] || desktop_deb=$(find "$1" -maxdepth 1 -name 'trialdesk_*.deb' | head -1)
  [ -n "$server_deb" ] || { echo "no trialdesk-server_*.deb in $1 (run scripts/package)" >&2; exit 2; }
else
  server_deb=$1
  desktop_deb=${2:-}
fi
for deb in "$server_deb" $desktop_deb; do
  [ -f "$deb" ] || { echo "no such file: $deb" >&2; exit 2; }
done

debs=$work/debs
mkdir -p "$debs"

cp "$server_deb" "$debs/"
server_file=$(basename "$server_deb")
version=$(dpkg-deb -f "$server_deb" Version)
arch=$(dpkg-deb -f "$server_deb" Architecture)
upgrade_version="$version+installtest1"
dpkg-deb -R "$server_deb" "$work/repack"
sed -i "s/^Version: .*/Version: $upgrade_version/" "$work/repack/DEBIAN/control"
upgrade_file=trialdesk-server_${upgrade_version}_$arch.deb
dpkg-deb --build --root-owner-group "$work/repack" "$debs/$upgrade_file" >/dev/null
rm -rf "$work/repack"
desktop_file=""
if [ -n "$desktop_deb" ]; then
  cp "$desktop_deb" "$debs/"
  desktop_file=$(basename "$desktop_deb")
fi
pass

# --- the cached Debian 12 root, from this machine's mirror (nspawn-common.sh).
# No timer may take the dpkg lock while the test installs (apt-daily would try
# the network from the container, which has none); then the root is brought up
# to date.
prepare_root() {
  local timer
  for timer in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer; do
    ln -sf /dev/null "$1/etc/systemd/system/$timer"
  done
  ROOT_DIR=$1 in_cache_root apt-get -q update >"$work/apt-update.log" 2>&1 \
    || { tail -n 30 "$work/apt-update.log"; fail "apt-get update"; }
  ROOT_DIR=$1 in_cache_root apt-get -q -y dist-upgrade >"$work/upgrade.log" 2>&1 \
    || { tail -n 30 "$work/upgrade.log"; fail "apt-get dist-upgrade"; }
}
lock_cache "$cache" /var/tmp/trialdesk-install-test
if [ ! -f "$rootfs/.trialdesk-test-root" ]; then
  begin "debootstrap Debian 12 into the cache (first run only)"
  ensure_cached_root "$rootfs" "$base_packages" prepare_root
  pass
fi

# The packages' dependencies, downloaded into the cached root's apt archive: the
# booted container then installs exactly as `apt-get install ./file.deb` does,
# without network. Nothing is fetched when the archive already holds them; if
# the cached package lists are too old for the new dependencies, they are
# refreshed once.
begin "dependencies in the cache"
cache_debs=()
for file in "$server_file" $desktop_file; do cache_debs+=("/mnt/debs/$file"); done
fetch() {
  in_cache_root --bind-ro="$debs:/mnt/debs" apt-get -q -y --download-only install "${cache_debs[@]}" \
    >"$work/fetch.log" 2>&1
}
if ! fetch; then
  in_cache_root apt-get -q update >"$work/apt-update.log" 2>&1 || { tail -n 30 "$work/apt-update.log"; fail "apt-get update"; }
  fetch || { tail -n 30 "$work/fetch.log"; fail "apt-get --download-only install"; }
fi
grep -E '^(Need to get|Download complete)' "$work/fetch.log" || true
pass

# --- boot. The container's root is an overlay: the cached root below, this
# run's changes in $work/upper above, so it survives a reboot of the container
# but not the run.
mount_overlay "$rootfs"

# Boots the container in the background and waits until systemd has finished
# starting everything (is-system-running --wait), at most 2 minutes.
boot_container() {
  systemd-nspawn --register=no --keep-unit --machine="$machine" -D "$work/root" --private-network \
    --bind-ro="$debs:/mnt/debs" --console=read-only --boot >>"$work/console.log" 2>&1 &
  nspawn_pid=$!
  # nspawn reaps the container's init as its only child; wait until that child
  # has become systemd (exec'd /sbin/init).
  local child="" init_name="" state=""
  for _ in $(seq 100); do
    child=$(pgrep -P "$nspawn_pid" | head -1 || true)
    init_name=$(cat "/proc/$child/comm" 2>/dev/null || true)
    [ "$init_name" = systemd ] && break
    kill -0 "$nspawn_pid" 2>/dev/null || fail "systemd-nspawn exited: $(tail -n 5 "$work/console.log")"
    sleep 0.2
  done
  [ "$init_name" = systemd ] || fail "the container's PID 1 is '$init_name' after 20 s, not systemd"
  leader=$child
  # Until systemd's private socket exists systemctl cannot connect and says nothing.
  local deadline=$((SECONDS + 120))
  while [ -z "$state" ] && [ $SECONDS -lt $deadline ]; do
    state=$(in_ct 120 systemctl is-system-running --wait 2>/dev/null || true)
    [ -n "$state" ] || sleep 0.5
  done
  case "$state" in
    running) ;;
    degraded) in_ct 15 systemctl --no-pager --failed ;; # someone else's unit: reported, not fatal
    *) fail "system state after boot: ${state:-none}" ;;
  esac
  echo "      system state: $state; $(in_ct 10 systemctl --version | head -1)"
}
# systemctl poweroff in the container; it must be gone within 30 s.
poweroff_container() {
  in_ct 15 systemctl poweroff
  for _ in $(seq 60); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$nspawn_pid" 2>/dev/null; then fail "still running 30 s after poweroff"; fi
  wait "$nspawn_pid" || true
  nspawn_pid=""
  leader=""
}

begin "boot Debian 12 with systemd as PID 1 (systemd-nspawn)"
boot_container
pass

# --- helpers for the checks
service=trialdesk-server.service
conf=/etc/trialdesk/server.conf
db=/var/lib/trialdesk/trialdesk.sqlite3

expect_eq() { # expect_eq WHAT ACTUAL EXPECTED
  [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}
stat_of() { in_ct 10 stat -c '%U:%G %a' "$1"; }
unit_prop() { in_ct 10 systemctl show -p "$1" --value "$service"; }
# Waits up to LIMIT seconds for `systemctl is-active` to say STATE.
wait_active_state() {
  local want=$1 limit=$2 got=""
  for _ in $(seq $((limit * 2))); do
    got=$(in_ct 10 systemctl is-active "$service" || true)
    [ "$got" = "$want" ] && return 0
    sleep 0.5
  done
  fail "$service is '$got' after ${limit} s, expected '$want'"
}
port() { ct_sh 10 "sed -n 's/^port *= *\\([0-9]*\\).*/\\1/p' $conf"; }
healthz() { in_ct 15 curl -sS --max-time 10 "http://127.0.0.1:$(port)/healthz"; }
# api METHOD PATH TOKEN [BODY]: prints the body, then the status on a line of its own.
api() {
  local method=$1 path=$2 token=$3 body=${4:-}
  local args=(curl -sS --max-time 15 -X "$method" -H 'Content-Type: application/json' -w '\n%{http_code}')
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(--data-raw "$body")
  in_ct 20 "${args[@]}" "http://127.0.0.1:$(port)$path"
}
# call METHOD PATH TOKEN BODY EXPECTED_STATUS: sets $reply to the body.
reply=""
call() {
  local out status
  out=$(api "$1" "$2" "$3" "${4:-}")
  status=${out##*$'\n'}
  reply=${out%$'\n'*}
  [ "$status" = "$5" ] || fail "$1 $2 answered $status, expected $5: $reply"
}
# The value of a string field in a compact JSON reply (QJsonDocument::Compact).
json_string() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$2" | head -1; }
as_trialdesk() { in_ct 60 runuser -u trialdesk -- "$@"; }
count_rows() { as_trialdesk sqlite3 "$db" "SELECT count(*) FROM $1"; }
# Row counts of the tables an administrator would miss, on one line.
data_fingerprint() {
  local t out=""
  for t in projects subjects questionnaire_submissions users; do out+="$t=$(count_rows "$t") "; done
  echo "$out"
}
# apt_get ARGS...: apt-get in /mnt/debs (the packages under test). Any warning
# or error printed on the way (from the maintainer scripts, adduser,
# deb-systemd-helper...) fails the step, not only a non-zero exit.
apt_get() {
  ct_sh 600 'cd /mnt/debs && apt-get -q -y "$@"' "$@" >"$work/apt.log" 2>&1 \
    || { tail -n 40 "$work/apt.log"; fail "apt-get $*"; }
  # (Not in apt's own progress lines and package lists: a package may be called libgpg-error0.)
  if grep -Ev '^(Get|Selecting|Preparing|Unpacking|Setting up|Processing|Removing|Purging) |^  ' "$work/apt.log" \
    | grep -Ei 'warn|error|fail'; then
    fail "apt-get $* printed the warnings above"
  fi
}

# --- installation, as installer/README.md documents it
begin "apt-get install ./$server_file"
apt_get install "./$server_file"
expect_eq "package status" "$(in_ct 10 dpkg-query -W -f='${db:Status-Abbrev}${Version}' trialdesk-server)" "ii $version"
pass

begin "system user and group trialdesk (no login, home /var/lib/trialdesk)"
IFS=: read -r _ _ uid gid _ home shell <<<"$(in_ct 10 getent passwd trialdesk)"
[ -n "$uid" ] && [ "$uid" -gt 0 ] && [ "$uid" -lt 1000 ] || fail "uid $uid is not a system uid"
expect_eq "home" "$home" /var/lib/trialdesk
expect_eq "shell" "$shell" /usr/sbin/nologin
expect_eq "primary group" "$(in_ct 10 getent group trialdesk | cut -d: -f3)" "$gid"
pass

begin "owners and modes of /etc/trialdesk and /var/lib/trialdesk"
expect_eq /etc/trialdesk "$(stat_of /etc/trialdesk)" "root:trialdesk 750"
expect_eq "$conf" "$(stat_of $conf)" "root:trialdesk 640"
expect_eq /var/lib/trialdesk "$(stat_of /var/lib/trialdesk)" "trialdesk:trialdesk 750"
expect_eq /var/lib/trialdesk/backups "$(stat_of /var/lib/trialdesk/backups)" "trialdesk:trialdesk 750"
pass

begin "service enabled and active"
expect_eq "is-enabled" "$(in_ct 10 systemctl is-enabled $service || true)" enabled
wait_active_state active 30
pass

begin "hardening in effect (systemctl show)"
for setting in Type=notify User=trialdesk Group=trialdesk NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
  PrivateTmp=yes PrivateDevices=yes ProtectKernelTunables=yes ProtectKernelModules=yes ProtectKernelLogs=yes \
  ProtectControlGroups=yes ProtectClock=yes ProtectHostname=yes ProtectProc=invisible RestrictNamespaces=yes \
  RestrictRealtime=yes RestrictSUIDSGID=yes LockPersonality=yes RemoveIPC=yes CapabilityBoundingSet= \
  AmbientCapabilities= SystemCallArchitectures=native UMask=0027 StateDirectory=trialdesk \
  ConfigurationDirectory=trialdesk; do
  expect_eq "${setting%%=*}" "${setting%%=*}=$(unit_prop "${setting%%=*}")" "$setting"
done
families=$(unit_prop RestrictAddressFamilies)
for family in AF_INET AF_INET6 AF_UNIX; do
  grep -qw "$family" <<<"$families" || fail "RestrictAddressFamilies=$families lacks $family"
done
[ "$(wc -w <<<"$families")" = 3 ] || fail "RestrictAddressFamilies=$families"
[ -n "$(unit_prop SystemCallFilter)" ] || fail "no SystemCallFilter"
exposure=$(in_ct 30 systemd-analyze security --no-pager "$service" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: //p')
echo "      systemd-analyze security: $exposure"
# 1.5 with systemd 252 when this was written; a unit losing its hardening rises.
awk -v e="${exposure%% *}" 'BEGIN { exit !(e != "" && e <= 2.0) }' || fail "exposure level '$exposure' above 2.0"
pass

begin "server process runs as trialdesk, without capabilities"
main_pid=$(unit_prop MainPID)
[ "$main_pid" -gt 0 ] || fail "MainPID=$main_pid"
status_file=$(in_ct 10 cat "/proc/$main_pid/status")
expect_eq "process name" "$(sed -n 's/^Name:\t//p' <<<"$status_file")" trialdesk-serve
expect_eq "real/effective/saved/fs uid" "$(sed -n 's/^Uid:\t//p' <<<"$status_file" | tr '\t' ' ')" "$uid $uid $uid $uid"
expect_eq "gid" "$(sed -n 's/^Gid:\t//p' <<<"$status_file" | tr '\t' ' ')" "$gid $gid $gid $gid"
expect_eq "effective capabilities" "$(sed -n 's/^CapEff:\t//p' <<<"$status_file")" 0000000000000000
expect_eq "capability bounding set" "$(sed -n 's/^CapBnd:\t//p' <<<"$status_file")" 0000000000000000
expect_eq "no_new_privs" "$(sed -n 's/^NoNewPrivs:\t//p' <<<"$status_file")" 1
expect_eq "seccomp mode" "$(sed -n 's/^Seccomp:\t//p' <<<"$status_file")" 2
# ProtectSystem=strict: the service sees / read-only, /var/lib/trialdesk writable.
mounts=$(in_ct 10 cat "/proc/$main_pid/mountinfo")
awk '$5 == "/" {print $6}' <<<"$mounts" | tail -1 | grep -q '^ro' || fail "/ is not read-only for the service"
awk '$5 == "/var/lib/trialdesk" {print $6}' <<<"$mounts" | tail -1 | grep -q '^rw' \
  || fail "/var/lib/trialdesk is not a writable mount for the service"
pass

begin "GET /healthz on the configured port ($(port))"
health=$(healthz) || fail "no answer on port $(port)"
echo "      $health"
grep -q '"status":"ok"' <<<"$health" || fail "healthz: $health"
pass

begin "journalctl -u trialdesk-server has the server's log"
in_ct 15 journalctl --no-pager -u "$service" -o cat | grep -q 'listening on http://127.0.0.1:' \
  || fail "no 'listening on' line in the journal"
pass

# --- administration, as the README documents it
password='install-test-password-1'
begin "users add as root refuses, as trialdesk works"
if out=$(printf '%s\n' "$password" | in_ct 60 trialdesk-server users add mallory --role admin --password-stdin 2>&1); then
  fail "users add as root succeeded: $out"
fi
grep -q 'runuser -u trialdesk' <<<"$out" || fail "as root: $out"
printf '%s\n' "$password" | in_ct 60 runuser -u trialdesk -- trialdesk-server users add alice --role admin \
  --display-name "Alice Chen" --password-stdin >/dev/null
as_trialdesk trialdesk-server users list | grep -qw alice || fail "users list lacks alice"
pass

begin "round trip: log in, create study, enrol, submit with the subject token"
call POST /api/v1/auth/login "" "{\"username\":\"alice\",\"password\":\"$password\"}" 200
token=$(json_string token "$reply")
[ -n "$token" ] || fail "no token in $reply"
call POST /api/v1/projects "$token" '{"code":"NCT900","title":"Pilot","phase":"II","status":"active","sites":["Beijing"]}' 201
call POST /api/v1/projects/NCT900/subjects "$token" \
  '{"name":"Li Si","phone":"13912345678","site":"Beijing","sex":"male","birthYear":1970}' 201
subject=$(json_string subjectId "$reply")
subject_token=$(json_string subjectToken "$reply")
[ -n "$subject" ] && [ -n "$subject_token" ] || fail "no subjectId/subjectToken in $reply"
submit() { # submit PAIN: one questionnaire from the patient app
  call POST "/api/v1/subjects/$subject/questionnaires" "$subject_token" \
    "{\"subjectId\":\"$subject\",\"questionnaire\":\"daily-symptoms\",\"answers\":{\"pain\":$1},\"submitAt\":\"$(date -u +%FT%TZ)\"}" 201
}
submit 2
call GET /api/v1/projects/NCT900/submissions "$token" "" 200
grep -q "\"subjectId\":\"$subject\"" <<<"$reply" || fail "the submission is not listed: $reply"
expect_eq "questionnaire_submissions rows in $db" "$(count_rows questionnaire_submissions)" 1
pass

begin "trialdesk-server check and audit verify (as trialdesk, server running)"
as_trialdesk trialdesk-server check >"$work/check.log" 2>&1 || { cat "$work/check.log"; fail "check"; }
sed 's/^/      /' "$work/check.log"
out=$(as_trialdesk trialdesk-server audit verify 2>&1) || fail "audit verify: $out"
echo "      audit verify: $out"
pass

# --- backup and restore
backup=/var/lib/trialdesk/backups/trialdesk-$(date +%F).sqlite3
begin "backup --to $backup (server running)"
out=$(as_trialdesk trialdesk-server backup --to "$backup" 2>&1) || fail "backup: $out"
echo "      $out"
expect_eq "backup file" "$(stat_of "$backup")" "trialdesk:trialdesk 600"
pass

begin "restore: refused while running; stop, restore --from, start"
submit 5 # a second submission after the backup: the restore must drop it
expect_eq "rows before the restore" "$(count_rows questionnaire_submissions)" 2
if out=$(as_trialdesk trialdesk-server restore --from "$backup" 2>&1); then fail "restore while running succeeded: $out"; fi
grep -q 'stop it first' <<<"$out" || fail "restore while running: $out"
in_ct 60 systemctl stop "$service"
# SIGTERM finishes in-flight work and exits 0: a clean stop, not a failure.
expect_eq "result of the stop" "$(unit_prop Result)/$(unit_prop ExecMainStatus)" "success/0"
out=$(as_trialdesk trialdesk-server restore --from "$backup" 2>&1) || fail "restore: $out"
sed 's/^/      /' <<<"$out"
in_ct 60 systemctl start "$service"
wait_active_state active 30
expect_eq "rows after the restore" "$(count_rows questionnaire_submissions)" 1
in_ct 10 sh -c 'ls -d /var/lib/trialdesk/backups/before-restore-*/trialdesk.sqlite3' >/dev/null \
  || fail "the replaced database was not kept in backups/before-restore-*"
healthz | grep -q '"status":"ok"' || fail "healthz after the restore"
call POST /api/v1/auth/login "" "{\"username\":\"alice\",\"password\":\"$password\"}" 200
pass

begin "Restart=on-failure: killed with SIGKILL, back within 15 s, data intact"
before=$(data_fingerprint)
old_pid=$(unit_prop MainPID)
in_ct 10 systemctl kill --kill-whom=main --signal=SIGKILL "$service"
for _ in $(seq 30); do
  new_pid=$(unit_prop MainPID)
  [ "$new_pid" != 0 ] && [ "$new_pid" != "$old_pid" ] && [ "$(in_ct 10 systemctl is-active $service || true)" = active ] && break
  sleep 0.5
done
[ "$new_pid" != 0 ] && [ "$new_pid" != "$old_pid" ] || fail "no new server process 15 s after SIGKILL"
expect_eq "NRestarts" "$(unit_prop NRestarts)" 1
healthz | grep -q '"status":"ok"' || fail "healthz after the restart"
expect_eq "data after SIGKILL" "$(data_fingerprint)" "$before"
pass

# --- HTTPS as the README documents it: files in /etc/trialdesk/tls/, readable by group trialdesk
begin "HTTPS with tls-cert/tls-key in /etc/trialdesk/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
in_ct 10 install -d -o root -g trialdesk -m 0750 /etc/trialdesk/tls
in_ct 10 sh -c 'cat >/etc/trialdesk/tls/server.crt' <"$work/tls.crt"
in_ct 10 sh -c 'cat >/etc/trialdesk/tls/server.key' <"$work/tls.key"
in_ct 10 chown root:trialdesk /etc/trialdesk/tls/server.crt /etc/trialdesk/tls/server.key
in_ct 10 chmod 0640 /etc/trialdesk/tls/server.crt /etc/trialdesk/tls/server.key
ct_sh 10 "sed -i 's/^#\\(tls-\\(cert\\|key\\) = \\)/\\1/' $conf"
[ "$(in_ct 10 grep -c '^tls-' "$conf")" = 2 ] || fail "could not set tls-cert and tls-key in $conf"
out=$(as_trialdesk trialdesk-server check 2>&1) || fail "check with TLS: $out"
in_ct 60 systemctl restart "$service"
wait_active_state active 30
health=$(in_ct 15 curl -sS --max-time 10 --cacert /etc/trialdesk/tls/server.crt "https://127.0.0.1:$(port)/healthz") \
  || fail "no HTTPS answer"
grep -q '"status":"ok"' <<<"$health" || fail "healthz over HTTPS: $health"
if healthz >/dev/null 2>&1; then fail "plain HTTP still answers with TLS configured"; fi
# Back to plain HTTP for the steps below.
ct_sh 10 "sed -i 's/^\\(tls-\\(cert\\|key\\) = \\)/#\\1/' $conf"
in_ct 60 systemctl restart "$service"
wait_active_state active 30
healthz | grep -q '"status":"ok"' || fail "healthz over HTTP after switching TLS off"
pass

# --- upgrade: an edited configuration and all data survive
begin "upgrade to $upgrade_version keeps data and the edited configuration"
submit 3
ct_sh 10 "sed -i 's/^#token-lifetime = 720\$/token-lifetime = 600/' $conf"
in_ct 10 grep -qx 'token-lifetime = 600' "$conf" || fail "could not edit $conf"
before=$(data_fingerprint)
old_pid=$(unit_prop MainPID)
apt_get install "./$upgrade_file"
expect_eq "package status" "$(in_ct 10 dpkg-query -W -f='${db:Status-Abbrev}${Version}' trialdesk-server)" "ii $upgrade_version"
wait_active_state active 30
[ "$(unit_prop MainPID)" != "$old_pid" ] || fail "the service was not restarted by the upgrade"
expect_eq "data after the upgrade" "$(data_fingerprint)" "$before"
echo "      $before"
in_ct 10 grep -qx 'token-lifetime = 600' "$conf" || fail "the upgrade lost the edit of $conf"
[ -z "$(in_ct 10 find /etc/trialdesk -name '*.dpkg-*')" ] || fail "dpkg left .dpkg-* files in /etc/trialdesk"
expect_eq "$conf" "$(stat_of $conf)" "root:trialdesk 640"
call POST /api/v1/auth/login "" "{\"username\":\"alice\",\"password\":\"$password\"}" 200
pass

# --- remove keeps configuration and data; installing again brings the service back
begin "apt-get remove: service stopped, configuration and data kept"
apt_get remove trialdesk-server
expect_eq "package status" "$(in_ct 10 dpkg-query -W -f='${db:Status-Abbrev}' trialdesk-server)" "rc "
state=$(in_ct 10 systemctl is-active "$service" || true)
[ "$state" = inactive ] || [ "$state" = unknown ] || fail "after remove the service is $state"
if in_ct 10 curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$(port)/healthz"; then fail "the port still answers"; fi
[ -z "$(in_ct 10 find /proc -mindepth 1 -maxdepth 1 -regex '/proc/[0-9]+' -uid "$uid")" ] \
  || fail "processes of user trialdesk still run"
in_ct 10 test ! -e /usr/bin/trialdesk-server || fail "/usr/bin/trialdesk-server still there"
in_ct 10 test -f "$db" || fail "$db was deleted"
in_ct 10 grep -qx 'token-lifetime = 600' "$conf" || fail "$conf was deleted or reset"
pass

begin "install again after remove: same data, service active"
apt_get install "./$upgrade_file"
expect_eq "is-enabled" "$(in_ct 10 systemctl is-enabled $service || true)" enabled
wait_active_state active 30
expect_eq "data after remove + install" "$(data_fingerprint)" "$before"
healthz | grep -q '"status":"ok"' || fail "healthz"
pass

begin "reboot: the service starts at boot, same data"
poweroff_container
boot_container
expect_eq "is-active after boot" "$(in_ct 10 systemctl is-active $service || true)" active
healthz | grep -q '"status":"ok"' || fail "healthz after the reboot"
expect_eq "data after the reboot" "$(data_fingerprint)" "$before"
pass

begin "an upgrade leaves a service the administrator disabled alone"
in_ct 60 systemctl disable --now "$service" 2>/dev/null
apt_get install --reinstall "./$upgrade_file"
expect_eq "is-enabled" "$(in_ct 10 systemctl is-enabled $service || true)" disabled
expect_eq "is-active" "$(in_ct 10 systemctl is-active $service || true)" inactive
in_ct 60 systemctl enable --now "$service" 2>/dev/null
wait_active_state active 30
pass

begin "apt-get purge: /etc/trialdesk and /var/lib/trialdesk deleted, user kept"
apt_get purge trialdesk-server
expect_eq "package status" "$(in_ct 10 dpkg-query -W -f='${db:Status-Abbrev}' trialdesk-server 2>/dev/null || true)" ""
in_ct 10 test ! -e /var/lib/trialdesk || fail "/var/lib/trialdesk still there"
in_ct 10 test ! -e /etc/trialdesk || fail "/etc/trialdesk still there"
in_ct 10 getent passwd trialdesk >/dev/null || fail "the user trialdesk was deleted (the README says it stays)"
leftovers=$(in_ct 10 find /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled \
  /var/lib/systemd/deb-systemd-helper-masked -name 'trialdesk-server*' 2>/dev/null || true)
[ -z "$leftovers" ] || fail "systemd state left behind: $leftovers"
expect_eq "unit" "$(in_ct 10 systemctl show -p LoadState --value "$service")" not-found
pass

# --- the desktop package, when given: installs and finds every library
if [ -n "$desktop_file" ]; then
  begin "apt-get install ./$desktop_file; trialdesk --version"
  apt_get install "./$desktop_file"
  expect_eq "package status" "$(in_ct 10 dpkg-query -W -f='${db:Status-Abbrev}' trialdesk)" "ii "
  missing=$(in_ct 10 ldd /usr/bin/trialdesk | grep 'not found' || true)
  [ -z "$missing" ] || fail "libraries missing: $missing"
  # The Qt platform plugin and the rest load: the app starts (offscreen, no display here).
  out=$(in_ct 60 env QT_QPA_PLATFORM=offscreen trialdesk --version 2>&1) || fail "trialdesk --version: $out"
  grep -qF "${version%%-*}" <<<"$out" || fail "trialdesk --version: $out"
  echo "      trialdesk --version: $(grep -F "${version%%-*}" <<<"$out")"
  pass
fi

begin "poweroff: the container stops within 30 s"
poweroff_container
pass

print_summary
