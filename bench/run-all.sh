#!/usr/bin/env bash
# Runs the three benchmark sizes of bench/README.md one after another and writes their reports
# next to this script: results/synthetic-100k-384.md, results/synthetic-50k-1536.md and
# results/realtext-10k-384.md. Needs the services (scripts/setup-services.sh) and the RagStore
# modules installed (mvn -B -q install -DskipTests from the root). About 60-80 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
common=(--queries 100 --warmup 30 --repeats 3 --ef-search 120)
run() {
  mvn -B -q -f bench/pom.xml compile exec:java -Dexec.args="$*"
}
run --rows 100000 --dimension 384 "${common[@]}" --output bench/results/synthetic-100k-384.md
run --rows 50000 --dimension 1536 "${common[@]}" --output bench/results/synthetic-50k-1536.md
run --real-text --text-search-config english "${common[@]}" --output bench/results/realtext-10k-384.md
