#!/usr/bin/env bash
# The whole test suite: unit and integration tests (PGlite and PostgreSQL 15), then Playwright in Chromium.
# Needs nothing running: it installs missing system packages (Debian), and starts its own PostgreSQL on a private
# port unless TEST_DATABASE_URL (or DATABASE_URL) points at one. Ends with one line "N passed, N failed, N skipped".
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export TZ=UTC PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/quittance-test.XXXXXX")
STARTED_PG=""
log() { printf '\n=== %s (%ss)\n' "$*" "$SECONDS"; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  set +e
  [ -n "$STARTED_PG" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# System packages: only what is missing, with one apt-get update.
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v redis-server >/dev/null || need+=(redis-server)   # the reminder worker tests start their own on a free port
command -v openssl >/dev/null || need+=(openssl)             # the fake Mollie server makes a throw-away certificate
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# PostgreSQL: the one given, else a private throw-away server (never the machine's :5432).
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if [ -n "${DATABASE_URL:-}" ]; then
    export TEST_DATABASE_URL=$DATABASE_URL
  else
    PG_PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    mkdir -p "$WORK/pgdata" "$WORK/pgsock"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WORK" "$WORK/pgdata" "$WORK/pgsock"
    log "starting PostgreSQL on :$PG_PORT"
    as_pg "$PGBIN/initdb" -D "$WORK/pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" -w -t 60 start \
      -o "-p $PG_PORT -k $WORK/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    STARTED_PG=1
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  fi
fi
unset DATABASE_URL
log "PostgreSQL: $TEST_DATABASE_URL ($("$PGBIN/postgres" --version))"

find "$ROOT/packages" "$ROOT/portal" -maxdepth 2 -name .vitest-report.json -delete 2>/dev/null || true
set +e
log "build"
pnpm exec turbo run build --output-logs=errors-only
build_rc=$?
log "lint"
pnpm exec eslint . --max-warnings=0
lint_rc=$?
log "typecheck"
pnpm exec turbo run typecheck --concurrency=2 --output-logs=errors-only
typecheck_rc=$?
log "unit and integration tests"
pnpm exec turbo run test --concurrency=2 --continue
unit_rc=$?
log "end-to-end tests (Chromium)"
(cd e2e && CHROMIUM_PATH=$(command -v chromium) PLAYWRIGHT_JSON_OUTPUT_NAME="$WORK/playwright.json" \
  pnpm exec playwright test --reporter=list,json)
e2e_rc=$?
set -e

node "$ROOT/scripts/summarize-test-reports.mjs" "$ROOT" "$WORK/playwright.json"
[ "$build_rc" -eq 0 ] && [ "$lint_rc" -eq 0 ] && [ "$typecheck_rc" -eq 0 ] && [ "$unit_rc" -eq 0 ] && [ "$e2e_rc" -eq 0 ]
