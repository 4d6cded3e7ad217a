#!/usr/bin/env bash
# make soak (issue 14, "Faults and load"): two app servers and two task workers on one
# PostgreSQL database under load from locust, while a task worker is killed, PostgreSQL
# restarts and an app server stops; afterwards every acknowledged write, every notification
# e-mail and every booking is checked. Not part of CI. RESTARTS THE POSTGRESQL SERVER of the
# machine once (SOAK_PG_RESTART= to skip that fault).
#
#   make soak                          # 3 minutes, 24 users
#   SOAK_DURATION=60 SOAK_PG_RESTART= tools/soak/run.sh
#
# Settings: SOAK_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/anliegen_soak; it is
# dropped and created, migrated and gets the small demo; SOAK_FRESH=0 reuses it),
# SOAK_DURATION (s, 180), SOAK_USERS (24), SOAK_PORT (18741; the second server on +1),
# SOAK_GUNICORN_WORKERS (2), SOAK_GUNICORN_THREADS (4), SOAK_PG_RESTART (the command,
# default "pg_ctlcluster 15 main restart"), SOAK_OUT (var/soak), PY (the virtualenv's python).
# Results: $SOAK_OUT/report.md and report.json; the exit code is 1 if a check failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PY=${PY:-$ROOT/.venv/bin/python}
export PY
export DATABASE_URL=${SOAK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/anliegen_soak}
export SOAK_OUT=${SOAK_OUT:-$ROOT/var/soak}
export PYTHONPATH=$ROOT/src:$ROOT/tools/soak${PYTHONPATH:+:$PYTHONPATH}
export DJANGO_SETTINGS_MODULE=soak_settings
export ANLIEGEN_LOG_LEVEL=${ANLIEGEN_LOG_LEVEL:-WARNING}

dbname=${DATABASE_URL##*/}
pg="psql -h 127.0.0.1 -U postgres -qAt"
if [ "${SOAK_FRESH:-1}" = 1 ]; then
    $pg -c "DROP DATABASE IF EXISTS \"$dbname\" WITH (FORCE)"
fi
if [ -z "$($pg -c "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" ]; then
    $pg -c "CREATE DATABASE \"$dbname\""
fi
rm -rf "$SOAK_OUT"
mkdir -p "$SOAK_OUT/mail" "$SOAK_OUT/mail-before"
echo "== database $dbname: migrate, demo"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_demo --small >"$SOAK_OUT/demo.log"
"$PY" tools/soak/prepare.py
echo "== e-mails still queued from before the run (the demo's) are sent first"
SOAK_MAIL_DIR=$SOAK_OUT/mail-before "$PY" manage.py db_worker --batch --no-startup-delay -v0
echo "== soak: ${SOAK_DURATION:-180} s"
"$PY" tools/soak/run.py
echo "== verify"
"$PY" tools/soak/verify.py
