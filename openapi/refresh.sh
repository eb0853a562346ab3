#!/usr/bin/env bash
# Rewrites openapi/suda.json from the /openapi that a freshly built Suda serves. Run it after adding or changing
# an endpoint (or merging a branch that did), then commit the file; OpenApiDocumentIT fails while they differ.
#   SUDA_SERVER  Liberty server name to use (default sudaopenapi; never one that is running)
#   HTTP_PORT / HTTPS_PORT  its ports (default 9380 / 9381)
# DB_URL / REDIS_URL are used when set; unset, the server runs on the embedded default (Derby, in-process store).
set -euo pipefail
cd "$(dirname "$0")/.."

server="${SUDA_SERVER:-sudaopenapi}"
export HTTP_PORT="${HTTP_PORT:-9380}" HTTPS_PORT="${HTTPS_PORT:-9381}"
url="http://127.0.0.1:${HTTP_PORT}/openapi?format=JSON"

# Tests are not compiled: the client generated from the old file must not stand in the way of the new one.
mvn -B -ntp -q -Dmaven.test.skip=true -Dcodegen.skip=true -Dexec.skip=true -Dsuda.server="$server" \
    package liberty:create liberty:deploy liberty:start
trap 'mvn -B -ntp -q -Dsuda.server="$server" liberty:stop' EXIT

# The server answers /openapi before the application has started; wait until the document lists the API.
for attempt in $(seq 1 300); do
  if curl -fsS "$url" 2>/dev/null | python3 -c 'import json, sys; sys.exit(0 if "/api/auth/login" in json.load(sys.stdin).get("paths", {}) else 1)'; then
    break
  fi
  if [ "$attempt" = 300 ]; then
    echo "Suda did not serve its API within 300 s; see target/liberty/wlp/usr/servers/$server/logs/messages.log" >&2
    exit 1
  fi
  sleep 1
done
curl -fsS "$url" | python3 -c 'import json, sys; json.dump(json.load(sys.stdin), sys.stdout, indent=2, ensure_ascii=False); print()' \
    > openapi/suda.json.new
mv openapi/suda.json.new openapi/suda.json
echo "openapi/suda.json rewritten from $url; review with git diff openapi/suda.json, then lint: (cd openapi && npm ci && npm run lint)"
