#!/usr/bin/env bash
# Issue 2's benchmarks, side by side in one run on this machine. Build first:
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -q install -DskipTests
# Needs ../shared/bench (workerd and deno are installed from npm on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
jar=cli/target/meridian.jar
shared=${SHARED:-../shared}
classes=load-tests/target/classes
meridian="$java --enable-native-access=ALL-UNNAMED -jar $PWD/$jar dev {worker} --port {port} --no-tls --no-watch"

echo "== hello world: requests/s and latency (wrk -t2 -c50), ratios to workerd"
"$shared/bench/compare.sh" "$shared/bench/workers/hello.js" --meridian "$meridian"
echo "== JSON with 100 keys"
"$shared/bench/compare.sh" "$shared/bench/workers/json.js" '/?n=100' --meridian "$meridian"
echo "== first request to a never-seen deployment"
"$java" -cp "$classes" dev.meridian.load.ColdStartBenchmark "$jar" 100
echo "== resident memory per warm idle isolate"
"$java" -cp "$classes" dev.meridian.load.IsolateMemoryBenchmark "$jar" 1000
echo "== meridian dev: process start to first answer"
"$java" -cp "$classes" dev.meridian.load.DevStartupBenchmark "$jar" examples/hello 5
