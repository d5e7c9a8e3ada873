#!/usr/bin/env bash
# Provisions PostgreSQL (+pgvector), Redis and Milvus Lite on this machine if missing, starts
# them, and runs the whole test suite against them. Idempotent; quick when all is in place.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/setup-services.sh)"
exec mvn -B verify "$@"
