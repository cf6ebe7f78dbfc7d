#!/usr/bin/env bash
# Package test (ctest label "package"): packs the built tree with CPack, inspects
# the .deb files (dpkg-deb -I/-c), runs lintian (no errors allowed) and
# systemd-analyze verify on the unit, then extracts trialdesk-server into a
# temporary root and starts the packaged binary with the packaged configuration
# (data dir and port overridden) until GET /healthz answers, checking the
# sd_notify READY=1/STOPPING=1 messages on the way.
# Usage: check-packages.sh BUILD_DIR EXPECT_DESKTOP(0|1)
set -euo pipefail
build=$1
expect_desktop=$2
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "cpack"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; fail "cpack"; }
server_deb=$(ls "$tmp"/out/trialdesk-server_*.deb)
desktop_deb=$(ls "$tmp"/out/trialdesk_*.deb 2>/dev/null || true)
[ "$expect_desktop" = 1 ] && [ -z "$desktop_deb" ] && fail "no desktop package"

step "dpkg-deb -I $server_deb"
info=$(dpkg-deb -I "$server_deb")
echo "$info" | sed -n '/Package:/,$p'
depends=$(dpkg-deb -f "$server_deb" Depends)
# From dpkg-shlibdeps (linked libraries) and the explicit runtime plugin.
for dep in libqt6core6 libqt6httpserver6 libqt6sql6 libsodium23 libsystemd0 libc6 libqt6sql6-sqlite adduser; do
  echo "$depends" | grep -Eq "(^|, )$dep( |,|$)" || fail "Depends lacks $dep: $depends"
done
recommends=$(dpkg-deb -f "$server_deb" Recommends)
echo "$recommends" | grep -Eq "(^|, )libqt6sql6-psql( |,|$)" || fail "Recommends lacks libqt6sql6-psql: $recommends"
[ "$(dpkg-deb -f "$server_deb" Package)" = trialdesk-server ] || fail "package name"
[ "$(dpkg-deb -f "$server_deb" Description | head -1)" = "TrialDesk clinical study server" ] || fail "summary"
dpkg-deb --ctrl-tarfile "$server_deb" | tar -t | grep -qx './conffiles' || fail "no conffiles"
dpkg-deb --ctrl-tarfile "$server_deb" | tar -xO ./conffiles | grep -qx '/etc/trialdesk/server.conf' || fail "server.conf is not a conffile"
for script in postinst prerm postrm; do
  dpkg-deb --ctrl-tarfile "$server_deb" | tar -tv "./$script" | grep -q '^-rwxr-xr-x' || fail "$script missing or not executable"
done

step "dpkg-deb -c $server_deb"
contents=$(dpkg-deb -c "$server_deb" | awk '{print $6}')
for f in ./usr/bin/trialdesk-server ./lib/systemd/system/trialdesk-server.service ./etc/trialdesk/server.conf \
         ./usr/share/doc/trialdesk-server/copyright ./usr/share/doc/trialdesk-server/changelog.Debian.gz \
         ./usr/share/doc/trialdesk-server/README.md ./usr/share/man/man8/trialdesk-server.8.gz; do
  echo "$contents" | grep -qx "$f" || fail "server package lacks $f"
done

if [ -n "$desktop_deb" ]; then
  step "dpkg-deb -I/-c $desktop_deb"
  dpkg-deb -I "$desktop_deb" | sed -n '/Package:/,$p'
  [ "$(dpkg-deb -f "$desktop_deb" Description | head -1)" = "Clinical study desktop app for TrialDesk staff" ] || fail "summary"
  desktop_depends=$(dpkg-deb -f "$desktop_deb" Depends)
  for dep in libqt6widgets6 libqt6charts6 libqt6network6; do
    echo "$desktop_depends" | grep -Eq "(^|, )$dep( |,|$)" || fail "desktop Depends lacks $dep: $desktop_depends"
  done
  # What it loads at run time (fresh-machine-test.sh's --startup-check names both).
  desktop_recommends=$(dpkg-deb -f "$desktop_deb" Recommends)
  for dep in fonts-noto-cjk qt6-translations-l10n; do
    echo "$desktop_recommends" | grep -Eq "(^|, )$dep( |,|$)" || fail "desktop Recommends lacks $dep: $desktop_recommends"
  done
  contents=$(dpkg-deb -c "$desktop_deb" | awk '{print $6}')
  for f in ./usr/bin/trialdesk ./usr/share/applications/trialdesk.desktop \
           ./usr/share/icons/hicolor/48x48/apps/trialdesk.png ./usr/share/icons/hicolor/256x256/apps/trialdesk.png \
           ./usr/share/icons/hicolor/scalable/apps/trialdesk.svg ./usr/share/doc/trialdesk/copyright; do
    echo "$contents" | grep -qx "$f" || fail "desktop package lacks $f"
  done
fi

step "lintian"
# Errors fail the test; warnings are printed for the record.
lintian --fail-on error --tag-display-limit 0 $server_deb $desktop_deb || fail "lintian reported errors"

step "maintainer scripts"
root="$tmp/root"
dpkg-deb -x "$server_deb" "$root"
dpkg-deb -e "$server_deb" "$tmp/control"
for script in postinst prerm postrm; do sh -n "$tmp/control/$script" || fail "$script: syntax"; done

step "systemd-analyze verify"
unit="$root/lib/systemd/system/trialdesk-server.service"
grep -q '^Type=notify$' "$unit" || fail "unit is not Type=notify"
for setting in ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes PrivateTmp=yes CapabilityBoundingSet= \
               'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' StateDirectory=trialdesk ConfigurationDirectory=trialdesk \
               Restart=on-failure 'ExecStart=/usr/bin/trialdesk-server --config /etc/trialdesk/server.conf'; do
  grep -qxF "$setting" "$unit" || fail "unit lacks $setting"
done
# The unit as packaged, its ExecStart pointed at the extracted binary (verify
# checks that the command exists). verify exits 0 even when it warns, so any
# message about the unit fails the test.
sed "s|^ExecStart=/usr/bin/trialdesk-server|ExecStart=$root/usr/bin/trialdesk-server|" "$unit" >"$tmp/trialdesk-server.service"
systemd-analyze verify "$tmp/trialdesk-server.service" >"$tmp/verify.log" 2>&1 \
  || { cat "$tmp/verify.log"; fail "systemd-analyze verify"; }
if grep -q 'trialdesk-server.service' "$tmp/verify.log"; then cat "$tmp/verify.log"; fail "systemd-analyze verify warns about the unit"; fi

step "packaged binary with the packaged configuration"
conf="$root/etc/trialdesk/server.conf"
grep -qx 'data-dir = /var/lib/trialdesk' "$conf" || fail "packaged config has no data-dir = /var/lib/trialdesk"
binary="$root/usr/bin/trialdesk-server"
# The same configuration the service reads, with the paths moved into the temporary root.
args=(--config "$conf" --data-dir "$root/var/lib/trialdesk" --port 0)
"$binary" "${args[@]}" check >"$tmp/check-empty.log" 2>&1 && fail "check passed without a database"
grep -q "^ok    configuration: $conf" "$tmp/check-empty.log" || { cat "$tmp/check-empty.log"; fail "packaged config rejected"; }
# NOTIFY_SOCKET: a datagram socket that records what sd_notify sends.
python3 - "$tmp/notify.sock" "$tmp/notify.log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
with open(sys.argv[2], "w") as log:
    try:
        while True:
            msg = s.recv(4096).decode()
            log.write(msg + "\n---\n")
            log.flush()
            if "STOPPING=1" in msg:
                break
    except socket.timeout:
        pass
PY
listener_pid=$!
for _ in $(seq 50); do [ -S "$tmp/notify.sock" ] && break; sleep 0.1; done
NOTIFY_SOCKET="$tmp/notify.sock" "$binary" "${args[@]}" >"$tmp/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/server.log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log"; fail "server exited"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/server.log"; fail "server did not listen"; }
health=$(curl -sS --max-time 10 "http://127.0.0.1:$port/healthz")
echo "GET /healthz: $health"
echo "$health" | grep -q '"status":"ok"' || fail "healthz: $health"
metrics=$(curl -sS --max-time 10 "http://127.0.0.1:$port/metrics")
echo "$metrics" | grep -q '^trialdesk_http_requests_total{method="GET",route="/healthz",code="200"} 1$' || fail "metrics: $metrics"
for _ in $(seq 50); do grep -q 'READY=1' "$tmp/notify.log" 2>/dev/null && break; sleep 0.1; done
grep -q 'READY=1' "$tmp/notify.log" || fail "no READY=1 from sd_notify"
kill -TERM "$server_pid"
wait "$server_pid" || fail "server did not exit cleanly on SIGTERM"
server_pid=""
wait "$listener_pid" || true
grep -q 'STOPPING=1' "$tmp/notify.log" || fail "no STOPPING=1 from sd_notify"
"$binary" "${args[@]}" check || fail "check after a run"
echo "package checks passed"
