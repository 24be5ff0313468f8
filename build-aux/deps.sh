# Sourced by build-aux/run and build-aux/test: installs the Debian packages Bindery needs.
# SPDX-License-Identifier: GPL-3.0-or-later

BINDERY_BUILD_PACKAGES="meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libarchive-dev libzip-dev zlib1g-dev libwebp-dev libjpeg-dev
  libsqlite3-dev libpoppler-glib-dev libxml2-dev libjson-glib-dev libgdk-pixbuf-2.0-dev
  gettext desktop-file-utils appstream shared-mime-info"
BINDERY_RUN_PACKAGES="dbus dbus-user-session adwaita-icon-theme hicolor-icon-theme fonts-cantarell
  librsvg2-common libgdk-pixbuf2.0-bin"
BINDERY_TEST_PACKAGES="xvfb xauth dbus dbus-x11 imagemagick python3 sqlite3 webp libglib2.0-bin
  fonts-dejavu-core util-linux openssl tar man-db groff-base"
# build-aux/bench convert: 7-Zip makes its 7z books, bsdtar is its baseline
BINDERY_BENCH_PACKAGES="7zip libarchive-tools"

bindery_have_packages () {
  local missing=""
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
      missing="$missing $p"
    fi
  done
  echo "$missing"
}

bindery_install_packages () {
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "bindery: this is not a Debian-based system; install the equivalents of:" >&2
    echo "  $*" >&2
    echo "then run meson setup _build && ninja -C _build" >&2
    return 0
  fi
  local missing
  missing=$(bindery_have_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "bindery: missing packages:$missing — run as root or install sudo" >&2; return 1
    fi
  fi
  echo "bindery: installing$missing" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing || return 1
}

# bindery_build BUILDDIR [meson options…]
bindery_build () {
  local dir="$1"; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" || return 1
  elif [ "$#" -gt 0 ]; then
    meson configure "$dir" "$@" >/dev/null || return 1
  fi
  ninja -C "$dir" || return 1
}
