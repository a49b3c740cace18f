#!/usr/bin/env bash
# Sets up what the tests need on a fresh machine, then runs every test.
# Usage: ./scripts/test.sh
#
# - tmux (Debian package): the console's end-to-end tests drive the real
#   binary inside it.
# - the OpenSSH client (Debian package openssh-client): the server's
#   end-to-end tests connect with the real `ssh` and make keys with
#   `ssh-keygen`.
# - aiosmtpd (PyPI, into ./.venv): the email tests deliver to a real SMTP
#   server on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "installing system packages needs root or sudo: $*" >&2
    return 1
  fi
}

# Installs Debian packages that are missing.
need_packages() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "please install: $* (and run again)" >&2
    exit 1
  fi
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v tmux >/dev/null 2>&1 || need_packages tmux
command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1 || need_packages openssh-client
command -v python3 >/dev/null 2>&1 || need_packages python3

# A project-local virtualenv for the SMTP server the email tests talk to.
VENV=.venv
AIOSMTPD=aiosmtpd==1.4.6
if ! "$VENV/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1; then
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    # Debian ships venv's ensurepip separately.
    need_packages python3-venv
    rm -rf "$VENV"
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$AIOSMTPD"
fi
export TEAMDESK_TEST_PYTHON="$PWD/$VENV/bin/python"

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
