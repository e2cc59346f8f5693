#!/usr/bin/env bash
# deps.sh makes sure the Debian packages that the build and the tests need are installed:
# cgo, X11/GL headers and Xvfb for the desktop app and its display-less tests, tshark,
# which checks that the pcap files synq writes parse cleanly, and for the browser page:
# zopfli and brotli (precompressing the page), chromium and Node.js (its end-to-end test),
# and for the kernel lab (make kernels): qemu, a static busybox for the guest, and xz and zstd,
# which decompress the kernels' modules.
# It is idempotent: with everything present it runs one dpkg-query and exits.
# As root it installs what is missing; otherwise it prints the sudo command and fails.
set -euo pipefail

packages=(
	gcc pkg-config
	libgl1-mesa-dev libx11-dev libxcursor-dev libxi-dev libxinerama-dev libxrandr-dev libxxf86vm-dev
	xvfb xauth
	tshark
	zopfli brotli chromium nodejs
	qemu-system-x86 busybox-static xz-utils zstd
)

# One dpkg-query for all packages; names it does not know are simply not printed.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '$NF == "installed" { print $1 }' || true)
missing=()
for p in "${packages[@]}"; do
	grep -qxF "$p" <<<"$installed" || missing+=("$p")
done
# npm comes with some Node.js builds (NodeSource's) and is a package of its own in Debian's;
# ask for Debian's only when there is no npm at all, since it conflicts with NodeSource's nodejs.
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]} == 0)); then
	exit 0
fi

echo "deps: missing Debian packages: ${missing[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
	echo "deps: install them with:" >&2
	echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -q --no-install-recommends "${missing[@]}"; }

# apt-get update only when the package lists cannot provide every missing package.
need_update=0
for p in "${missing[@]}"; do
	candidate=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	if [[ -z $candidate || $candidate == "(none)" ]]; then
		need_update=1
		break
	fi
done
if ((need_update)); then
	apt-get update -q
	install
elif ! install; then
	# The lists were there but stale (files gone from the mirror): refresh and retry once.
	apt-get update -q
	install
fi
