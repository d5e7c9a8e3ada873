#!/usr/bin/env bash
# Runs one seed application on RagStore against real services, started by the setup script:
#   bash scripts/example.sh aichat | docuchat | hyperion | layra | neuronip
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  aichat)   main=dev.ragstore.examples.aichat.AiChatApp ;;
  docuchat) main=dev.ragstore.examples.docuchat.DocuChatApi ;;
  hyperion) main=dev.ragstore.examples.hyperion.Hyperion ;;
  layra)    main=dev.ragstore.examples.layra.Layra ;;
  neuronip) main=dev.ragstore.examples.neuronip.NeuronIp ;;
  *) echo "usage: bash scripts/example.sh aichat|docuchat|hyperion|layra|neuronip" >&2; exit 2 ;;
esac
eval "$(bash scripts/setup-services.sh)"
mvn -B -q install -DskipTests -DskipITs -pl examples -am
mvn -B -q -pl examples exec:java -Dexec.mainClass="$main"
