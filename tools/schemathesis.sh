#!/usr/bin/env bash
# Fuzz the HTTP API against its own OpenAPI document (issue 14, fault 9; NFR-03).
#
# A live server (gunicorn) on PostgreSQL with the small demo loaded, fuzzed by schemathesis
# once with an administrator's token and once with a case worker's. Bounded examples per
# operation, so a run takes minutes. Any 5xx or any response that violates its schema is a
# failure; the exit code is non-zero then. Reports (JUnit, NDJSON) go to var/fuzz/.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/anliegen_fuzz tools/schemathesis.sh
#
# Settings: FUZZ_EXAMPLES (default 20), FUZZ_PORT (8765), FUZZ_ORG (jc-berlin-lichtenberg),
# FUZZ_ADMIN (admin.lichtenberg), FUZZ_WORKER (fass.lichtenberg), FUZZ_CHECKS (all),
# FUZZ_SEED (4711), PY and SCHEMATHESIS (the virtualenv's).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database the fuzzer may fill}"
PY=${PY:-.venv/bin/python}
SCHEMATHESIS=${SCHEMATHESIS:-$(dirname "$PY")/schemathesis}
GUNICORN=${GUNICORN:-$(dirname "$PY")/gunicorn}
PORT=${FUZZ_PORT:-8765}
EXAMPLES=${FUZZ_EXAMPLES:-20}
CHECKS=${FUZZ_CHECKS:-all}
SEED=${FUZZ_SEED:-4711}
ADMIN=${FUZZ_ADMIN:-admin.lichtenberg}
WORKER=${FUZZ_WORKER:-fass.lichtenberg}
export FUZZ_ORG=${FUZZ_ORG:-jc-berlin-lichtenberg}
OUT=var/fuzz
mkdir -p "$OUT"

export DJANGO_SETTINGS_MODULE=anliegen.settings
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_demo --small >/dev/null
admin_token=$("$PY" manage.py api_token "$ADMIN" --label fuzz | tail -n 1)
worker_token=$("$PY" manage.py api_token "$WORKER" --label fuzz | tail -n 1)

"$GUNICORN" anliegen.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --threads 2 \
    --log-level warning --error-logfile "$OUT/server.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$PORT/api/v1/" >/dev/null && break
    sleep 0.5
done

status=0
for who in admin worker; do
    token_var="${who}_token"
    echo "== schemathesis as $who (${EXAMPLES} examples per operation)"
    "$SCHEMATHESIS" --config-file tools/schemathesis.toml run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
        --header "Authorization: Bearer ${!token_var}" \
        --checks "$CHECKS" \
        --max-examples "$EXAMPLES" \
        --seed "$SEED" \
        --generation-deterministic \
        --workers 2 \
        --request-timeout 30 \
        --continue-on-failure \
        --suppress-health-check all \
        --report junit,ndjson \
        --report-junit-path "$OUT/$who.junit.xml" \
        --report-ndjson-path "$OUT/$who.ndjson" \
        || status=1
done
exit "$status"
