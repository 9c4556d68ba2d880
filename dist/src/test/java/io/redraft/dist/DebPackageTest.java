package io.redraft.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb on this machine: dpkg installs it, the node starts from /usr/share/redraft/bin with
 * /etc/redraft/redraft.conf as the redraft user (as redraft.service runs it), tells systemd it is
 * ready through NOTIFY_SOCKET, serves redis-cli, stops cleanly on SIGTERM; dpkg removes it.
 * Needs root and dpkg (CI has both); skipped elsewhere with the reason, and where a redraft
 * package is already installed (a real installation is never touched).
 */
class DebPackageTest {
    private static void require(boolean condition, String reason) {
        if (!condition) System.out.println("DebPackageTest skipped: " + reason);
        assumeTrue(condition, reason);
    }

    private static Path deb() throws Exception {
        Path dir = Path.of(System.getProperty("redraft.deb.dir", "target"));
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("redraft_.*_amd64\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no redraft_*.deb in " + dir + " (dpkg-deb is on PATH, so `mvn package` should have built it)"));
        }
    }

    private static String owner(Path p) throws Exception {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        return a.owner().getName() + ":" + a.group().getName();
    }

    @Test
    void installsRunsTheNodeAsTheServiceWouldAndRemoves(@TempDir Path tmp) throws Exception {
        require(Shell.onPath("dpkg") && Shell.onPath("dpkg-deb"), "dpkg is missing (not a Debian machine)");
        require(Shell.root(), "not root: installing a package needs root");
        require(Shell.onPath("redis-cli"), "redis-cli is missing");
        require(Shell.onPath("setpriv"), "setpriv (util-linux) is missing");
        require(!Shell.run("dpkg-query", "-W", "-f=${Status}", "redraft").output().contains("ok installed"),
                "a redraft package is installed on this machine; the test leaves it alone");
        Path deb = deb();
        boolean userExisted = Shell.run("getent", "passwd", "redraft").status() == 0;
        boolean libExisted = Files.exists(Path.of("/var/lib/redraft"));
        boolean logExisted = Files.exists(Path.of("/var/log/redraft"));
        String name = "test-" + ProcessHandle.current().pid();
        Path data = Path.of("/var/lib/redraft", name);
        Path logfile = Path.of("/var/log/redraft", name + ".log");
        Process node = null;
        try {
            Shell.ok("dpkg", "-i", deb.toString());

            assertThat(Shell.ok("getent", "passwd", "redraft")).contains("/var/lib/redraft");
            assertThat(owner(Path.of("/var/lib/redraft"))).isEqualTo("redraft:redraft");
            assertThat(owner(Path.of("/var/log/redraft"))).isEqualTo("redraft:redraft");
            assertThat(owner(Path.of("/etc/redraft/redraft.conf"))).isEqualTo("root:redraft");
            assertThat(Files.readString(Path.of("/etc/redraft/redraft.conf")))
                    .contains("# raft.log-fsync yes", "\ndir /var/lib/redraft\n", "\nlogfile /var/log/redraft/redraft.log\n");
            assertThat(Path.of("/usr/share/redraft/bin/redraft-server")).isExecutable();
            assertThat(Path.of("/usr/share/redraft/lib/redraft-server.jar")).isRegularFile();
            // Debian's place for a package's terms: the LICENSE, through its link.
            assertThat(Files.readString(Path.of("/usr/share/doc/redraft/copyright"))).contains("Copyright (c)", "io.netty:netty-transport");
            for (String unit : new String[] {"redraft.service", "redraft@.service"}) {
                Path u = Path.of("/lib/systemd/system", unit);
                assertThat(Files.readString(u)).contains("Type=notify", "LimitNOFILE=", "Restart=on-failure", "KillSignal=SIGTERM");
                if (Shell.onPath("systemd-analyze")) {
                    Shell.Result verify = Shell.run("systemd-analyze", "verify", u.toString());
                    assertThat(verify.status()).as("systemd-analyze verify %s: %s", unit, verify.output()).isZero();
                } else {
                    System.out.println("DebPackageTest: systemd-analyze is missing, " + unit + " not verified");
                }
            }

            // As redraft.service: the redraft user, the packaged config, NOTIFY_SOCKET set. The port,
            // the directory and the log are the test's own (under the package's directories, so that
            // the redraft user's rights on them are what is tested), not to disturb anything on 6379.
            Shell.ok("setpriv", "--reuid=redraft", "--regid=redraft", "--init-groups", "mkdir", data.toString());
            int port = Shell.freePort();
            try (NotifySocket notify = new NotifySocket()) {
                List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=redraft", "--regid=redraft", "--init-groups",
                        "/usr/share/redraft/bin/redraft-server", "/etc/redraft/redraft.conf", "--port", Integer.toString(port),
                        "--dir", data.toString(), "--logfile", logfile.toString(), "--raft.addr", "127.0.0.1:" + port));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile());
                pb.environment().put("NOTIFY_SOCKET", notify.path.toString());
                node = pb.start();
                // setpriv and the launcher exec: the JVM keeps the pid systemd started, as NotifyAccess=main needs.
                String ready;
                try {
                    ready = notify.next(90);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; the node's output:\n" + Files.readString(tmp.resolve("out.log"))
                            + (Files.exists(logfile) ? "\nits log:\n" + Files.readString(logfile) : ""), e);
                }
                assertThat(ready).contains("READY=1", "MAINPID=" + node.pid());
                assertThat(Shell.cli(port, "PING")).isEqualTo("PONG");
                assertThat(Shell.cli(port, "RAFT.CLUSTER", "INIT")).startsWith("OK");
                Shell.await(30, () -> Shell.cli(port, "SET", "packaged", "yes"), "OK"::equals, "SET answered OK");
                assertThat(Shell.cli(port, "GET", "packaged")).isEqualTo("yes");
                try (Stream<Path> files = Files.list(data)) {
                    for (Path f : files.toList()) assertThat(owner(f)).as(f.toString()).isEqualTo("redraft:redraft");
                }

                node.destroy(); // SIGTERM, as systemctl stop sends it
                assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
                assertThat(node.exitValue()).as("exit status (SuccessExitStatus=143)").isEqualTo(143);
                assertThat(notify.next(10)).contains("STOPPING=1");
            }
            assertThat(Files.readString(logfile)).contains("Ready to accept connections");
        } finally {
            if (node != null && node.isAlive()) {
                node.destroyForcibly();
                node.waitFor();
            }
            Shell.Result purge = Shell.run("dpkg", "--purge", "redraft");
            Shell.run("rm", "-rf", data.toString(), logfile.toString());
            if (!libExisted) Shell.run("rm", "-rf", "/var/lib/redraft");
            if (!logExisted) Shell.run("rm", "-rf", "/var/log/redraft");
            if (!userExisted) Shell.run("deluser", "--system", "--quiet", "redraft");
            assertThat(purge.status()).as("dpkg --purge: %s", purge.output()).isZero();
        }
        assertThat(Path.of("/usr/share/redraft")).doesNotExist();
        assertThat(Path.of("/etc/redraft/redraft.conf")).doesNotExist();
        assertThat(Path.of("/lib/systemd/system/redraft.service")).doesNotExist();
    }
}
