#!/bin/sh
# `npm run setup:test`: everything the tests need on a fresh Debian machine, then the npm
# packages. Chromium (browser tests) and Java 17 (AWS DynamoDB Local) come from apt where
# missing; without root (or passwordless sudo) it says so in one line and stops.
set -eu
cd "$(dirname "$0")/../.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=""
[ -x "$chromium" ] || missing=" chromium"
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || missing="$missing openjdk-17-jre-headless"

if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo"
  else
    echo "error: the tests need$missing; run as root, or first: sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: the tests need$missing and this machine has no apt-get; install them, or set CHROMIUM_PATH" >&2
    exit 1
  fi
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # Java 17 where the release has it; a newer Debian has only its default (newer) Java.
  if ! apt-cache policy openjdk-17-jre-headless 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    missing=$(echo "$missing" | sed 's/openjdk-17-jre-headless/default-jre-headless/')
  fi
  echo "Installing$missing with apt-get…"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

npm ci --no-audit --no-fund
