#!/usr/bin/env bash
# Make throwaway TLS material for the test servers:
#
#   DIR/ca.pem, DIR/ca.key                      "Tidings Test CA" (the runner exports
#                                               NODE_EXTRA_CA_CERTS=DIR/ca.pem, so
#                                               Node trusts this CA and only this one)
#   DIR/server.pem, DIR/server.key              leaf for 127.0.0.1 / localhost, signed by it
#   DIR/untrusted-ca.pem                        "Untrusted Test CA", trusted by nobody
#   DIR/untrusted-server.pem, untrusted-server.key  leaf for the same names, signed by it
#
# Usage: bash test/servers/make-ca.sh DIR
# Safe to re-run: it overwrites everything in DIR.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
mkdir -p "$dir"
# The servers run their workers as unprivileged users (dovenull, postfix, ...);
# they must be able to reach these files, so the directory must be searchable.
chmod 755 "$dir"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# EC P-256 keys: generated instantly, and supported by Dovecot, Postfix, Node
# and Chromium alike.
newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# make_ca NAME CN: self-signed CA certificate, valid for a year.
make_ca() {
  local name=$1 cn=$2
  newkey "$dir/$name.key"
  cat >"$work/$name.ext" <<EOF
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
  openssl req -new -x509 -sha256 -days 365 -key "$dir/$name.key" \
    -subj "/O=Tidings tests/CN=$cn" \
    -extensions v3_ca -config <(printf '[req]\ndistinguished_name=dn\n[dn]\n[v3_ca]\n'; cat "$work/$name.ext") \
    -out "$dir/$name.pem"
}

# make_leaf NAME CA: server certificate for 127.0.0.1 (IP SAN) and localhost
# (DNS SAN), signed by CA. Node checks the IP SAN when connecting to an IP.
make_leaf() {
  local name=$1 ca=$2
  newkey "$dir/$name.key"
  openssl req -new -sha256 -key "$dir/$name.key" -subj "/O=Tidings tests/CN=127.0.0.1" \
    -config <(printf '[req]\ndistinguished_name=dn\n[dn]\n') -out "$work/$name.csr"
  cat >"$work/$name.ext" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  openssl x509 -req -sha256 -days 365 -in "$work/$name.csr" \
    -CA "$dir/$ca.pem" -CAkey "$dir/$ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -extfile "$work/$name.ext" -out "$dir/$name.pem" 2>/dev/null
}

make_ca ca "Tidings Test CA"
make_leaf server ca

make_ca untrusted-ca "Untrusted Test CA"
make_leaf untrusted-server untrusted-ca
# Nothing should ever sign with the untrusted CA again; drop its key so it
# cannot be mistaken for something to trust.
rm -f "$dir/untrusted-ca.key"

# Throwaway keys: world-readable so every server process (whatever user it
# drops to) can load them. Never do this with a real key.
chmod 644 "$dir"/*.pem "$dir"/*.key

