# Shared by the tests that run TrialDesk in a throw-away Debian 12 root
# (install-test.sh, fresh-machine-test.sh); sourced, not run. Provides:
#   - step reporting: begin NAME / pass / fail MESSAGE, each step timed, a summary;
#   - the host's Debian 12 mirror, read from its own apt configuration;
#   - a debootstrapped root kept in a cache directory between runs;
#   - an overlay over that root for one run, removed at exit, and removal of what
#     a killed run left.
# The sourcing script sets `work` (its run directory) before using the overlay and
# may define `diagnostics` (called by fail) and `before_cleanup` (called at exit).

# --- step reporting
now_ms() { date +%s%3N; }
test_start=$(now_ms)
current_step="setup"
step_start=$test_start
summary=()

seconds_since() { awk -v ms=$(($(now_ms) - $1)) 'BEGIN { printf "%.1f", ms / 1000 }'; }
begin() {
  current_step=$1
  step_start=$(now_ms)
}
pass() {
  local line
  line=$(printf 'PASS  %-62s %7s s' "$current_step" "$(seconds_since "$step_start")")
  echo "$line"
  summary+=("$line")
}
fail() {
  trap - ERR
  # Inside $(...) the message must not become the captured value; the caller fails.
  if [ "$BASH_SUBSHELL" -gt 0 ]; then
    echo "      error: $*" >&2
    exit 1
  fi
  echo "FAIL  $current_step: $*"
  if declare -F diagnostics >/dev/null; then diagnostics; fi
  echo "${test_name:-test} FAILED at step: $current_step (after $(seconds_since "$test_start") s)"
  exit 1
}
print_summary() {
  echo "==== summary"
  printf '%s\n' "${summary[@]}"
  printf '%s passed in %s s\n' "${test_name:-test}" "$(seconds_since "$test_start")"
}

# --- the host's mirror
# "SITE SUITE" for each Debian 12 suite the host's apt is configured with
# (bookworm, bookworm-updates, bookworm-security), from apt's own view of its
# sources: whatever mirror, proxy or snapshot this machine uses, the root uses
# too. Nothing in the repository names a package host.
host_debian_suites() {
  # RELEASE is the suite as the sources name it; ORIGIN comes from the downloaded
  # Release file (empty before the first apt-get update).
  apt-get indextargets --format '$(SITE) $(RELEASE) $(COMPONENT) $(ORIGIN)' 'Identifier: Packages' 2>/dev/null |
    awk '$3 == "main" && ($4 == "Debian" || $4 == "") && $2 ~ /^bookworm(-updates|-security)?$/ { print $1, $2 }' |
    sort -u
}

# --- the cached root
# ensure_cached_root ROOTFS INCLUDE [SETUP_FUNCTION]: debootstraps a minimal
# Debian 12 (variant minbase plus the comma-separated INCLUDE packages) into
# ROOTFS unless a finished one is there, with the host's mirror in its sources.
# SETUP_FUNCTION, when given, is called with the new root's path before it is
# marked finished. A root left unfinished by an interrupted run is started again.
ensure_cached_root() {
  local rootfs=$1 include=$2 setup=${3:-}
  [ -f "$rootfs/.trialdesk-test-root" ] && return 0
  local suites mirror
  suites=$(host_debian_suites)
  mirror=$(awk '$2 == "bookworm" { print $1; exit }' <<<"$suites")
  [ -n "$mirror" ] || fail "this machine's apt knows no Debian 12 (bookworm) source; run apt-get update, or add one"
  echo "      mirror (from this machine's apt sources): $(tr '\n' ' ' <<<"$suites")"
  rm -rf "$rootfs.new" "$rootfs"
  timeout 900 debootstrap --variant=minbase --include="$include" bookworm "$rootfs.new" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log"; fail "debootstrap"; }
  awk '{ print "deb " $1 " " $2 " main" }' <<<"$suites" >"$rootfs.new/etc/apt/sources.list"
  if [ -n "$setup" ]; then "$setup" "$rootfs.new"; fi
  touch "$rootfs.new/.trialdesk-test-root"
  mv "$rootfs.new" "$rootfs"
}

# --- one run's overlay
# lock_cache CACHE: one run at a time uses a cache (its root is the lower layer of
# the running overlay and must not change under it); then removes what runs
# killed outright (SIGKILL, ctest's timeout) left: with the lock held, every other
# run directory of this PREFIX whose process is gone is such a leftover.
lock_cache() {
  local cache=$1 prefix=$2
  mkdir -p "$cache"
  exec 9>"$cache/lock"
  flock -w 900 9 || fail "another run holds $cache/lock"
  local stale
  for stale in "$prefix".*; do
    [ "$stale" != "$work" ] && [ -f "$stale/pid" ] || continue
    kill -0 "$(cat "$stale/pid")" 2>/dev/null && continue
    if mountpoint -q "$stale/root"; then umount "$stale/root" || umount --lazy "$stale/root"; fi
    rm -rf "$stale"
  done
}
# mount_overlay ROOTFS: $work/root shows ROOTFS with this run's writes in
# $work/upper, so the cached root stays as it was.
mount_overlay() {
  mkdir -p "$work/upper" "$work/overlay-work" "$work/root"
  mount -t overlay overlay -o "lowerdir=$1,upperdir=$work/upper,workdir=$work/overlay-work" "$work/root"
}
# The EXIT trap: the sourcing script's own clean-up first, then the overlay and
# the run directory go.
cleanup() {
  local status=$?
  trap - ERR
  if declare -F before_cleanup >/dev/null; then before_cleanup; fi
  if [ -n "${work:-}" ]; then
    if mountpoint -q "$work/root"; then umount "$work/root" || umount --lazy "$work/root"; fi
    rm -rf "$work"
  fi
  exit "$status"
}
