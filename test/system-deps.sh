#!/usr/bin/env bash
# Installs the Debian packages the integration and e2e tests need, if missing.
# On a machine that already has them all it does nothing (no apt-get update).
# Safe to run any number of times.
#
#   dovecot-*, postfix, openssl  the real mail servers of test/servers/
#   cyrus-common, sasl2-bin      a second IMAP server (test/servers/cyrus.ts):
#                                its master, libraries and tools; saslpasswd2
#                                writes its private sasldb of users. imapd
#                                itself comes from the cyrus-imapd package,
#                                which Conflicts with dovecot-imapd (both
#                                Provide imap-server): installing it would
#                                remove Dovecot. Its two binaries are unpacked
#                                into $CYRUS_DIR instead (see the end).
#   chromium                     e2e tests drive it
#   gnome-keyring, dbus*, libsecret-tools
#                                a Secret Service for credential storage tests
#                                (dbus-run-session comes from dbus-daemon)
#   procps                       pgrep, to stop the keyring daemon
set -euo pipefail

packages=(
  dovecot-imapd dovecot-pop3d dovecot-lmtpd
  postfix
  cyrus-common sasl2-bin
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

# Where test/servers/cyrus.ts looks for imapd and idled (keep in step).
CYRUS_DIR=/usr/local/lib/tidings-test/cyrus

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi

# cyrus-imapd's imapd and idled, unpacked from the package of the installed
# cyrus-common's version (they link against its libraries), never installed.
unpack_cyrus_imapd() {
  local version
  version=$(dpkg-query -W -f='${Version}' cyrus-common)
  if [[ -x $CYRUS_DIR/imapd && -x $CYRUS_DIR/idled && "$(cat "$CYRUS_DIR/version" 2>/dev/null)" == "$version" ]]; then
    return 0
  fi
  echo "system-deps: unpacking imapd, idled from cyrus-imapd $version into $CYRUS_DIR" >&2
  local tmp
  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt's download user (_apt) writes here
  (cd "$tmp" && apt-get download -q "cyrus-imapd=$version" >/dev/null)
  dpkg-deb -x "$tmp"/cyrus-imapd_*.deb "$tmp/root"
  "${sudo[@]}" mkdir -p "$CYRUS_DIR"
  "${sudo[@]}" install -m 755 "$tmp/root/usr/lib/cyrus/bin/imapd" "$tmp/root/usr/lib/cyrus/bin/idled" "$CYRUS_DIR/"
  echo "$version" | "${sudo[@]}" tee "$CYRUS_DIR/version" >/dev/null
  rm -rf "$tmp"
}

# cyrus-common's service (named cyrus-imapd) is never wanted: the tests start
# private instances on loopback ports. policy-rc.d keeps it from starting on
# install; this keeps it from starting at the next boot too.
disable_cyrus_service() {
  if command -v systemctl >/dev/null; then
    "${sudo[@]}" systemctl disable cyrus-imapd >/dev/null 2>&1 || true
  fi
  if [[ -e /etc/init.d/cyrus-imapd ]]; then
    "${sudo[@]}" update-rc.d cyrus-imapd disable >/dev/null 2>&1 || true
  fi
}

if [[ ${#missing[@]} -eq 0 ]]; then
  unpack_cyrus_imapd
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive

# Postfix asks what kind of mail server this is; "No configuration" leaves
# /etc/postfix/main.cf absent and the system instance unstarted. The tests run
# their own instances with their own config.
echo 'postfix postfix/main_mailer_type select No configuration' | "${sudo[@]}" debconf-set-selections

# Keep package scripts from starting the system's own Dovecot/Postfix/Cyrus (they
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
disable_cyrus_service
unpack_cyrus_imapd
