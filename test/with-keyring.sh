#!/usr/bin/env bash
# Inside a private D-Bus session: start gnome-keyring's Secret Service with a
# login keyring unlocked by a throwaway password, run the command, stop it.
set -euo pipefail
eval "$(printf 'tidings-test-keyring' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
keyring_pid=$(pgrep -n -u "$(id -u)" gnome-keyring-d || true)
status=0
"$@" || status=$?
[ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null || true
exit $status
