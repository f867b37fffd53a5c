#!/usr/bin/env bash
# Runs a benchmark script (TypeScript, through tsx) in the same environment
# as the tests: a throwaway CA trusted through NODE_EXTRA_CA_CERTS, and a
# private D-Bus session with an unlocked gnome-keyring.
#   bash bench/run.sh bench/sync.ts --messages 20000
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
bash test/system-deps.sh
command -v mbsync >/dev/null || { echo "installing isync (mbsync) for the comparison" >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends isync >/dev/null; }
# swaks with the Perl modules it needs for TLS and AUTH (recommended, not required, by the package)
perl -MNet::SSLeay -MIO::Socket::SSL -MAuthen::SASL -e1 2>/dev/null && command -v swaks >/dev/null || { echo "installing swaks for the comparison" >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends swaks libnet-ssleay-perl libio-socket-ssl-perl libauthen-sasl-perl >/dev/null; }
node scripts/build-if-needed.mjs
work=$(mktemp -d /tmp/tidings-bench.XXXXXX)
chmod 755 "$work" # Dovecot and mbsync run as other users and must reach it
[ -n "${TIDINGS_KEEP_BENCH:-}" ] || trap 'rm -rf "$work"' EXIT
bash test/servers/make-ca.sh "$work/ca" >/dev/null
export TIDINGS_TEST_CA_DIR="$work/ca" NODE_EXTRA_CA_CERTS="$work/ca/ca.pem" TIDINGS_BENCH_WORK="$work"
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- bash test/with-keyring.sh tsx "$@" 2> >(grep -v 'fd limit' >&2)
