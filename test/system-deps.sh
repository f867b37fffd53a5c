#!/usr/bin/env bash
# Installs the Debian packages the integration and e2e tests need, if missing.
# On a machine that already has them all it does nothing (no apt-get update).
# Safe to run any number of times.
#
#   dovecot-*, postfix, openssl  the real mail servers of test/servers/
#   chromium                     e2e tests drive it
#   gnome-keyring, dbus*, libsecret-tools
#                                a Secret Service for credential storage tests
#                                (dbus-run-session comes from dbus-daemon)
#   procps                       pgrep, to stop the keyring daemon
set -euo pipefail

packages=(
  dovecot-imapd dovecot-pop3d dovecot-lmtpd
  postfix
  openssl ca-certificates
  chromium
  gnome-keyring dbus dbus-daemon dbus-x11 libsecret-tools
  procps
)

missing=()
for pkg in "${packages[@]}"; do
  # dpkg -s succeeds for removed-but-configured packages too; check the status.
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

# Postfix asks what kind of mail server this is; "No configuration" leaves
# /etc/postfix/main.cf absent and the system instance unstarted. The tests run
# their own instances with their own config.
echo 'postfix postfix/main_mailer_type select No configuration' | "${sudo[@]}" debconf-set-selections

# Keep package scripts from starting the system's own Dovecot/Postfix (they
# would listen on 143, 993, ... on all interfaces for nothing). Only if the
# machine has no policy of its own, and removed again afterwards.
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi

"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
