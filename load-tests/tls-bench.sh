#!/usr/bin/env bash
# Issue 8's TLS and HTTP/3 benchmarks in one run: new TLS connections per second at the PoP (full
# and resumed handshakes, next to cleartext connections and to openssl s_server with the same
# certificate), then the hello-world worker's latency over HTTP/3 and HTTP/2 side by side.
# Build first (no install needed):
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -q -pl cli,load-tests -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
jar=cli/target/meridian.jar
classes=load-tests/target/classes
mvn -q -o -pl load-tests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="$classes:$(cat load-tests/target/classpath.txt)"
echo "== TLS: new connections per second (S=${TLS_SECONDS:-10} s each, ${TLS_THREADS:-4} client threads)"
"$java" -cp "$classes" dev.meridian.load.TlsHandshakeBenchmark "$jar" examples/hello "${TLS_SECONDS:-10}" "${TLS_THREADS:-4}"
echo "== hello world latency: HTTP/3 vs HTTP/2"
"$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.meridian.load.Http3LatencyBenchmark "$jar" examples/hello "${H3_REQUESTS:-5000}"
