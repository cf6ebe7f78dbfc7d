# Sourced by scripts/run and scripts/test: the one way both configure a build
# directory, so that the two commands compile every file with the same flags.
#   trialdesk_configure ROOT BUILD_DIR [extra cmake arguments]
# Same flags are what lets ccache (installed by scripts/install-deps) serve the
# second command from the first one's objects: a newcomer who runs scripts/test,
# then scripts/run, compiles the code once. CCACHE_BASEDIR and CCACHE_NOHASHDIR
# make the cache key independent of which build directory a file is compiled in
# (build/ or build-test/: paths become relative, the directory is not hashed).
# A setting in the user's own ccache.conf or environment wins.
trialdesk_configure() {
  local root=$1 build=$2
  shift 2
  local launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
    export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
  fi
  # Warnings as errors in both: Debian 12's g++ 12 is the one supported compiler and
  # CI proves the code warning-free with it.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIALDESK_DEVELOPER_MODE=ON \
    "${launcher[@]}" "$@"
}
