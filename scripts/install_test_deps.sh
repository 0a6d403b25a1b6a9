#!/usr/bin/env bash
# Install the Debian packages the tests need, when missing: Java (Nu HTML
# Checker), Chromium (browser tests; Playwright cannot download its own browsers
# here), Noto CJK fonts (Chinese text in screenshots), nginx and openssl (the
# members-area test runs nginx on 127.0.0.1 with a self-signed certificate),
# rsync and OpenSSH (the deploy tests start their own sshd on a loopback port).
# Idempotent: when everything is present it only runs a few quick checks.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[[ -x /usr/bin/chromium ]] || need+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || need+=(fonts-noto-cjk)
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v rsync >/dev/null 2>&1 || need+=(rsync)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  echo "install_test_deps: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
