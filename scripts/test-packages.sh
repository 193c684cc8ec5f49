# The Debian packages the tests use, installed in one apt-get run (sourced by test.sh, which starts it in the background
# while the solution builds, so the download overlaps the compile):
#   test_packages_install   installs whichever of postgresql, redis-server, chromium, iptables and libfaketime are
#                           missing; prints nothing when all are there.
# Each server script and fault test still installs its own package when it finds it missing, so a failure here only
# costs time.

test_packages_missing() {
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || echo postgresql
  command -v redis-server >/dev/null || echo redis-server
  command -v chromium >/dev/null || echo chromium
  command -v iptables >/dev/null || echo iptables
  dpkg-query -W -f='${Status}' libfaketime 2>/dev/null | grep -q "ok installed" || echo libfaketime
}

test_packages_install() {
  local missing
  missing=$(test_packages_missing | tr '\n' ' ')
  [ -n "${missing// /}" ] || return 0
  echo "installing Debian's $missing" >&2
  # Packages only: no PostgreSQL cluster of Debian's own, no service started.
  mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  local policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  # shellcheck disable=SC2086 # one word per package
  (apt-get -o DPkg::Lock::Timeout=120 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq $missing >/dev/null) >&2
  local rc=$?
  [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
  return $rc
}
