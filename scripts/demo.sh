#!/usr/bin/env bash
# Runs the quick start on the embedded (in-memory) default: no services needed.
# Optional arguments: a folder of .md/.txt/.html files and a query.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl examples -am
mvn -B -q -pl examples exec:java -Dexec.args="$*"
