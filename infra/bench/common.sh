# Shared by the benchmark scripts: tools, build, and the bench module's classpath.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

install_tools() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} from Debian packages ..."
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  export PATH="$PATH:/usr/sbin"
}

build_bench() {
  ./keytrail build
}

# Builds one module and what it depends on (tests skipped); for benchmarks that need no stack.
# MVN_FLAGS passes extra Maven options, e.g. MVN_FLAGS=-o offline.
build_module() {
  echo "building $1 (mvn -B -q -DskipTests package -pl $1 -am) ..."
  mvn -B -q ${MVN_FLAGS:-} -DskipTests package -pl "$1" -am
}

bench_cp() {
  local jars=(infra/bench/target/bench-*.jar)
  echo "${jars[0]}:$(cat infra/bench/target/runtime-classpath.txt)"
}
