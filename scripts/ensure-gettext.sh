#!/usr/bin/env bash
# Translations are compiled with GNU gettext's msgfmt; install it when it is missing and we may.
set -euo pipefail
if command -v msgfmt >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "gettext (msgfmt) ontbreekt; installeren met apt-get ..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext >/dev/null
  exit 0
fi
echo "gettext (msgfmt) ontbreekt. Installeer het met: sudo apt-get install gettext" >&2
exit 1
