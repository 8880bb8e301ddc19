#!/bin/sh
# deps.sh — install the Debian packages vanban needs to build and test.
# Checks each package; as root runs apt-get, otherwise prints the command.
# Cài các gói Debian còn thiếu để dựng và kiểm thử vanban.
set -eu

# To build: the compiler and the libraries vanban links.
BUILD="gcc make pkg-config libicu-dev libxml2-dev libyaml-dev libsqlite3-dev
libzip-dev libhpdf-dev libmd4c-dev"
# To test: PDF readers (poppler, qpdf, mupdf), OCR of rendered pages,
# LibreOffice to open the DOCX files, font tools, schema validation.
TEST="poppler-utils qpdf mupdf-tools tesseract-ocr tesseract-ocr-vie
libreoffice-writer-nogui fontconfig python3 python3-fonttools python3-docx
libxml2-utils
unzip clang libclang-rt-14-dev valgrind"
case "${1:-all}" in
build) PKGS=$BUILD ;;
*)     PKGS="$BUILD $TEST" ;;
esac

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
