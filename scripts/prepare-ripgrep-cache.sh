#!/usr/bin/env bash
# @vscode/ripgrep's postinstall downloads rg from GitHub unless the tarball is already in its
# cache ($TMPDIR/vscode-ripgrep-cache-<version>/). Pack Debian's /usr/bin/rg there.
set -euo pipefail
rg_bin=$(command -v rg || true)
if [ -z "$rg_bin" ]; then
  echo "sightline: ripgrep is missing: apt-get install ripgrep (code-server's install needs it)" >&2
  exit 1
fi
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$tarball" ]; then
  mkdir -p "$cache"
  work=$(mktemp -d)
  cp "$rg_bin" "$work/rg"
  tar -C "$work" -czf "$tarball" rg
  rm -rf "$work"
fi
