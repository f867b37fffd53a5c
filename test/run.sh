#!/usr/bin/env bash
# `npm test`: everything the tests need, then every test.
#  1. Debian packages (Dovecot, Postfix, Chromium, gnome-keyring, ...) when missing
#  2. npm packages when node_modules is missing or older than package-lock.json
#  3. a build of the app (out/), which the end-to-end tests run; typecheck and lint
#  4. a throwaway CA that Node trusts through NODE_EXTRA_CA_CERTS
#  5. a private D-Bus session with an unlocked gnome-keyring (the Secret Service)
#  6. vitest; test/servers/global-setup.ts starts and stops Dovecot and Postfix
# Arguments are passed on to vitest (e.g. `npm test -- --project unit`).
# TIDINGS_SKIP_STATIC=1 skips typecheck and lint (while iterating on one test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bash test/system-deps.sh

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  npm ci --no-fund --no-audit
fi
# The devDependency `node` puts Node 24 here; use it for everything below.
export PATH="$root/node_modules/.bin:$PATH"
node scripts/build-if-needed.mjs
# Static checks first: cheap, and a type or layering error fails the run at once.
if [ -z "${TIDINGS_SKIP_STATIC:-}" ]; then
  npm run --silent typecheck
  npm run --silent lint
fi

work=$(mktemp -d /tmp/tidings-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
bash test/servers/make-ca.sh "$work/ca" >/dev/null
export TIDINGS_TEST_CA_DIR="$work/ca"
export NODE_EXTRA_CA_CERTS="$work/ca/ca.pem"
# The keyring lives in the run's own folder, never in the user's.
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
mkdir -p test-output

dbus-run-session -- bash test/with-keyring.sh vitest run "$@"
