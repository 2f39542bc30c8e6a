#!/usr/bin/env bash
# Prepares this machine to build and run drydock's container image without a Docker
# engine or a registry: Podman (runc), its containers.conf for this sandbox, and a locally
# made debian:bookworm-slim base image. Idempotent: with everything in place it takes ~1 s.
#
# Usage: scripts/container-setup.sh          (as root, or with sudo)
# Env:   DRYDOCK_CACHE  where the base image tarball is cached (default /var/cache/drydock)
#        DEBIAN_MIRROR  mirror for debootstrap (default http://deb.debian.org/debian)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
cache=${DRYDOCK_CACHE:-/var/cache/drydock}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=docker.io/library/debian:bookworm-slim
log() { echo "container-setup: $*" >&2; }

# 1. Packages. runc, not crun: crun fails on this machine's hybrid cgroups. catatonit is
#    podman's --init; the image does not need it, but users may pass --init. curl and
#    docker-compose (v1, which talks to Podman's API socket) are for tests/container.
PKGS=(podman runc conmon containernetworking-plugins catatonit debootstrap iptables curl
      docker-compose)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. containers.conf: ulimits the sandbox can grant (Podman's defaults ask for more and the
#    container fails to start) and the runc runtime. The file is ours when it has the marker.
marker="# managed by drydock scripts/container-setup.sh"
nofile=$(ulimit -Hn)
[ "$nofile" = unlimited ] && nofile=1048576
[ "$nofile" -gt 1048576 ] && nofile=1048576
nproc=$(ulimit -Hu)
{ [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
conf=$(cat <<CONF
$marker
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
CONF
)
target=/etc/containers/containers.conf
if [ ! -f "$target" ] || [ "$(cat "$target")" != "$conf" ]; then
  if [ -f "$target" ] && ! grep -qF "$marker" "$target"; then
    log "keeping the previous $target as $target.orig"
    $SUDO cp -n "$target" "$target.orig"
  fi
  log "writing $target"
  printf '%s\n' "$conf" | $SUDO tee "$target" >/dev/null
fi

# 3. The base image, made locally: no registry is reachable.
if $SUDO podman image exists "$base"; then
  exit 0
fi
$SUDO mkdir -p "$cache"
tarball=$cache/debian-bookworm-slim.oci.tar
if [ -s "$tarball" ]; then
  log "loading $base from $tarball"
  $SUDO podman load -q -i "$tarball" >/dev/null
  $SUDO podman image exists "$base" && exit 0
  log "the cached tarball did not hold $base; making it anew"
fi

log "making $base with debootstrap (about 30 s)"
root=$(mktemp -d /var/tmp/drydock-rootfs.XXXXXX)
trap '$SUDO rm -rf "$root"' EXIT
$SUDO debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
  tail -20 "$root.log" >&2
  exit 1
}
rm -f "$root.log"

# Trim it the way the official -slim image is trimmed (docs, man pages, locales; dpkg told
# to leave them out of later installs), and give it apt's usual sources.
$SUDO tee "$root/etc/dpkg/dpkg.cfg.d/docker" >/dev/null <<'DPKG'
# Drop docs, man pages and translations, as the official debian:*-slim images do.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG
$SUDO tee "$root/etc/apt/apt.conf.d/docker-clean" >/dev/null <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
APT
echo 'Acquire::Languages "none";' | $SUDO tee "$root/etc/apt/apt.conf.d/docker-no-languages" >/dev/null
echo 'APT::AutoRemove::SuggestsImportant "false";' | $SUDO tee "$root/etc/apt/apt.conf.d/docker-autoremove-suggests" >/dev/null
$SUDO rm -f "$root/etc/apt/sources.list"
$SUDO tee "$root/etc/apt/sources.list.d/debian.sources" >/dev/null <<SRC
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
$SUDO find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
$SUDO find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
$SUDO rm -rf "$root"/usr/share/{man,groff,info,lintian,linda}/* 2>/dev/null || true
$SUDO find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
$SUDO rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
  "$root"/var/log/* "$root"/tmp/* "$root"/dev/* "$root"/proc/* "$root"/sys/* "$root"/run/*
echo debian | $SUDO tee "$root/etc/hostname" >/dev/null
: | $SUDO tee "$root/etc/resolv.conf" >/dev/null

$SUDO tar -C "$root" --numeric-owner -cf "$root.tar" . 
$SUDO podman import -q \
  --change 'CMD ["bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "$root.tar" "$base" >/dev/null
$SUDO rm -f "$root.tar"
$SUDO podman save -q --format oci-archive -o "$tarball.tmp" "$base"
$SUDO mv "$tarball.tmp" "$tarball"
log "made $base ($($SUDO podman image inspect --format '{{.Size}}' "$base") bytes), cached in $tarball"
