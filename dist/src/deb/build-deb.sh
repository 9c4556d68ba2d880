#!/usr/bin/env bash
# Builds redraft_<version>_amd64.deb from the tarball with dpkg-deb (run by `mvn package` in dist/).
#   build-deb.sh <redraft-VERSION.tar.gz> <maven version> <output directory>
# Layout: the tarball's tree in /usr/share/redraft, conf/redraft.conf plus the package's settings
# as /etc/redraft/redraft.conf (a conffile), the systemd units in /lib/systemd/system. postinst
# creates the redraft user and /var/lib/redraft, /var/log/redraft (docs/operations.md, "Packaging").
set -euo pipefail
tarball=$1 version=$2 out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Debian versions sort '~' before anything: 0.1.0~SNAPSHOT comes before the 0.1.0 release.
deb_version=${version//-/\~}
stage=$out/deb-root
rm -rf "$stage"
mkdir -p "$stage/usr/share/redraft" "$stage/etc/redraft" "$stage/lib/systemd/system" "$stage/DEBIAN" \
    "$stage/usr/share/doc/redraft"
tar -xzf "$tarball" -C "$stage/usr/share/redraft" --strip-components=1

# The shipped config: every directive annotated (conf/redraft.conf), then what the package sets.
{
    cat "$stage/usr/share/redraft/conf/redraft.conf"
    cat <<'CONF'

##################################################################################################
# Set by the Debian package: where redraft.service keeps the node's files and log.
# (redraft@NAME.service sets dir and logfile per instance on its command line instead.)
##################################################################################################

dir /var/lib/redraft
logfile /var/log/redraft/redraft.log
dbfilename redraft.rdb
raft.log-filename raftlog.db
bind 127.0.0.1 -::1
port 6379
CONF
} >"$stage/etc/redraft/redraft.conf"
chmod 0644 "$stage/etc/redraft/redraft.conf"

install -m 0644 "$here/systemd/redraft.service" "$here/systemd/redraft@.service" "$stage/lib/systemd/system/"
for f in postinst prerm postrm; do install -m 0755 "$here/$f" "$stage/DEBIAN/$f"; done
echo /etc/redraft/redraft.conf >"$stage/DEBIAN/conffiles"
[ -f "$stage/usr/share/redraft/LICENSE" ] && ln -s ../../redraft/LICENSE "$stage/usr/share/doc/redraft/copyright"

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: redraft
Version: $deb_version
Architecture: amd64
Maintainer: Redraft <dev@redraft.io>
Installed-Size: $size
Depends: adduser
Recommends: redis-tools
Section: database
Priority: optional
Description: Redis-compatible database server replicated by Raft consensus
 Redraft speaks RESP2 and RESP3 and takes RedisRaft's command line, configuration
 directives and RAFT.* commands. Every write is replicated by Raft across a cluster of
 nodes before it is acknowledged. Needs a Java runtime 21 or newer (found under
 /usr/lib/jvm, or through JAVA_HOME).
CONTROL

deb=$out/redraft_${deb_version}_amd64.deb
# --root-owner-group: every file root:root, whoever builds it (no fakeroot needed).
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >/dev/null
echo "built $deb"
