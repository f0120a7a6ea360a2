#!/usr/bin/env bash
# Issue 3's API benchmarks side by side in one run: URL parsing, TextEncoder/TextDecoder (1 KB),
# SHA-256 of 1 MiB and 100 MiB piped through a TransformStream, each as operations per second
# under Meridian, Deno and workerd (installed by ../shared/bench/compare.sh into BENCH_HOME).
# Build Meridian first (README, command 1). Timing is in-worker with performance.now(); workerd
# and Deno coarsen or freeze timers less than a real deployment would, so read ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
BENCH_HOME=${BENCH_HOME:-$HOME/.cache/meridian-bench}
W=$BENCH_HOME/node_modules/@cloudflare/workerd-linux-64/bin/workerd
D=$BENCH_HOME/node_modules/@deno/linux-x64-glibc/deno
[ -x "$W" ] && [ -x "$D" ] || { echo "run ../shared/bench/compare.sh once to install workerd and deno"; exit 1; }
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cp load-tests/workers/api-bench.js "$work/worker.js"
printf 'name = "apibench"\nmain = "worker.js"\n[limits]\ncpu_ms = 300000\n' > "$work/meridian.toml"
cat > "$work/config.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:18281", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2024-01-01",
);
CAPNP
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar cli/target/meridian.jar dev "$work" --port 18280 --no-tls --no-watch >"$work/meridian.log" 2>&1 &
"$W" serve "$work/config.capnp" config >"$work/workerd.log" 2>&1 &
DENO_NO_UPDATE_CHECK=1 "$D" serve --no-config --host 127.0.0.1 --port 18282 "$work/worker.js" >"$work/deno.log" 2>&1 &
for port in 18280 18281 18282; do
  for i in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/?op=url&n=1" && break; sleep 0.05; done
done
printf "%-8s %14s %14s %14s %10s %10s\n" op meridian deno workerd "vs deno" "vs workerd"
for spec in url:100000 encode:100000 decode:100000 sha256:100 pipe:100; do
  op=${spec%%:*}; n=${spec##*:}
  m=$(curl -s "http://127.0.0.1:18280/?op=$op&n=$n" | awk '{print $2}')
  d=$(curl -s "http://127.0.0.1:18282/?op=$op&n=$n" | awk '{print $2}')
  w=$(curl -s "http://127.0.0.1:18281/?op=$op&n=$n" | awk '{print $2}')
  awk -v op="$op" -v m="$m" -v d="$d" -v w="$w" 'BEGIN { printf "%-8s %14s %14s %14s %10.2f %10.2f\n", op, m, d, w, (d>0?m/d:0), (w>0?m/w:0) }'
done
