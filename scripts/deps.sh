#!/bin/sh
# deps.sh — install the Debian packages vanban needs to build and test.
# Checks each package; as root runs apt-get, otherwise prints the command.
# Cài các gói Debian còn thiếu để dựng và kiểm thử vanban.
set -eu

PKGS="gcc make pkg-config libicu-dev libxml2-dev libyaml-dev libsqlite3-dev
libzip-dev libhpdf-dev libmd4c-dev libqpdf-dev poppler-utils qpdf fontconfig
libxml2-utils unzip"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "vanban: missing Debian packages (thiếu gói):$missing" >&2
	echo "Run this, then try again (chạy lệnh sau rồi thử lại):" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "vanban: installing (đang cài):$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once.
apt-get update -qq >&2 || true
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
