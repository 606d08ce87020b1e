#!/usr/bin/env bash
# Installs the system libraries fundcast links against when they are missing (Debian/Ubuntu):
# OpenBLAS (cblas.h), LAPACKE, SQLite (the run history) and pkg-config. Safe to run repeatedly; does nothing when all are present.
set -euo pipefail

missing=()
pkg-config --version >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists openblas 2>/dev/null; then missing+=(libopenblas-dev); fi
if [ ! -f /usr/include/lapacke.h ] && ! pkg-config --exists lapacke 2>/dev/null; then missing+=(liblapacke-dev); fi
if ! pkg-config --exists sqlite3 2>/dev/null && [ ! -f /usr/include/sqlite3.h ]; then missing+=(libsqlite3-dev); fi  # run history (GRDB)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "fundcast: installing ${missing[*]} with apt-get" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "fundcast: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
