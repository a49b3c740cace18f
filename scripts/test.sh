#!/usr/bin/env bash
# Sets up what the tests need on a fresh machine, then runs every test.
# Usage: ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# The console's end-to-end test drives the real binary inside tmux.
if ! command -v tmux >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq tmux) >/dev/null
  else
    echo "tmux is needed for the console's end-to-end test; install it and run again" >&2
    exit 1
  fi
fi

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
