package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/redraft-server replaces itself with the JVM (same pid, so signals reach the server) and
 * passes redis-server's arguments through untouched. A fake java prints what it was given.
 * bin/redraft-cluster returns from {@code start} only once its cluster serves.
 */
class LauncherScriptTest {
    @TempDir
    Path tmp;

    private static final String SHENANDOAH = "arg=-XX:+UseShenandoahGC\narg=-XX:+UnlockExperimentalVMOptions\n"
            + "arg=-XX:ShenandoahUncommitDelay=5000\narg=-XX:ShenandoahGuaranteedGCInterval=30000\n";

    private static Path launcher() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("bin/redraft-server"))) p = p.getParent();
        return p.resolve("bin/redraft-server");
    }

    private Path fakeJdk(String version) throws Exception {
        Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                case "$1" in -version) echo 'openjdk version "%s"' >&2; exit 0;; esac
                # A JDK built without Shenandoah (Oracle's) refuses the flag; this one when told to.
                if [ "$1" = -XX:+UseShenandoahGC ] && [ "$2" = -version ]; then [ -z "$NO_SHENANDOAH" ]; exit $?; fi
                echo "pid=$$"
                for a in "$@"; do echo "arg=$a"; done
                """.formatted(version));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tmp.resolve("jdk");
    }

    private String run(String version, String... args) throws Exception {
        return runWithOpts(version, "-Xmx64m -Dx=y", args);
    }

    private String runWithOpts(String version, String jvmOpts, String... args) throws Exception {
        return runWithOpts(version, jvmOpts, false, args);
    }

    private String runWithOpts(String version, String jvmOpts, boolean noShenandoah, String... args) throws Exception {
        Path jar = Files.writeString(tmp.resolve("fake.jar"), "");
        String[] cmd = new String[args.length + 1];
        cmd[0] = launcher().toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", fakeJdk(version).toString());
        pb.environment().put("REDRAFT_JAR", jar.toString());
        pb.environment().put("REDRAFT_JVM_OPTS", jvmOpts);
        if (noShenandoah) pb.environment().put("NO_SHENANDOAH", "1");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("pid=" + p.pid());
        return out;
    }

    @Test
    void execsTheJvmWithTheArgumentsUntouched() throws Exception {
        String out = run("25.0.1", "--port", "5001", "--save", "", "--requirepass", "a b");
        assertThat(out).contains("arg=-XX:+ExitOnOutOfMemoryError\narg=-Dio.netty.leakDetection.level=disabled\narg=--enable-native-access=ALL-UNNAMED\n"
                + "arg=--sun-misc-unsafe-memory-access=allow\n"
                // one class-data archive per port, beside the jar
                + "arg=-XX:+AutoCreateSharedArchive\narg=-XX:SharedArchiveFile=" + tmp.resolve("redraft-server-jdk25-5001.jsa")
                + "\n" + SHENANDOAH + "arg=-Xmx64m\narg=-Dx=y\narg=-jar\narg=" + tmp.resolve("fake.jar")
                + "\narg=--port\narg=5001\narg=--save\narg=\narg=--requirepass\narg=a b\n");
    }

    /**
     * bin/redraft-cluster start, run again on the stopped cluster, returns only once a leader
     * serves and says which node it is: a write sent right after it is not refused with
     * CLUSTERDOWN. The nodes are real servers, run from the classes under test by a java
     * wrapper that stands in for {@code -jar}.
     */
    @Test
    void clusterStartReturnsOnceALeaderServes() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        String portList = ports[0] + " " + ports[1] + " " + ports[2];
        Path jdk = realJdkRunningTheClassesUnderTest();
        try {
            String first = cluster(jdk, portList, "start");
            assertThat(first).contains("RAFT.CLUSTER INIT on " + ports[0] + ": +OK ");
            int leader = leaderPort(first);
            assertThat(call(leader, "SET", "k", "v")).isEqualTo("+OK");
            assertThat(cluster(jdk, portList, "stop")).contains("stopped node " + ports[0]);

            String again = cluster(jdk, portList, "start");
            assertThat(again).doesNotContain("RAFT.CLUSTER INIT");
            leader = leaderPort(again);
            // Right away, with no retry: the leader serves, the others redirect to it.
            assertThat(call(leader, "GET", "k")).isEqualTo("$1");
            for (int p : ports) {
                if (p != leader) assertThat(call(p, "SET", "k", "w")).isEqualTo("-MOVED 0 127.0.0.1:" + leader);
            }
        } finally {
            cluster(jdk, portList, "stop");
        }
    }

    /**
     * {@code start --shards 2 --replicas 1}: two groups, the slots split in halves, linked to each
     * other before the script returns, so each node redirects the other half's keys at once.
     */
    @Test
    void shardedStartLinksEveryGroupBeforeReturning() throws Exception {
        int[] ports = {freePort(), freePort()};
        String portList = ports[0] + " " + ports[1];
        Path jdk = realJdkRunningTheClassesUnderTest();
        try {
            String out = cluster(jdk, portList, "start", "--shards", "2", "--replicas", "1");
            assertThat(out).contains("group 0: slots 0-8191 ").contains("group 1: slots 8192-16383 ")
                    .contains("RAFT.SHARDGROUP LINK on " + ports[0] + " to " + ports[1] + ": +OK");
            // "foo" hashes to slot 12182, in group 1.
            assertThat(call(ports[0], "SET", "foo", "v")).isEqualTo("-MOVED 12182 127.0.0.1:" + ports[1]);
            assertThat(call(ports[1], "SET", "foo", "v")).isEqualTo("+OK");
            assertThat(cluster(jdk, portList, "stop")).contains("stopped node " + ports[1]);
            // The layout is remembered: a plain start restarts both groups, already linked.
            String again = cluster(jdk, portList, "start");
            assertThat(again).doesNotContain("RAFT.CLUSTER INIT").doesNotContain("LINK").contains("group 1: slots 8192-16383 ");
            assertThat(call(ports[0], "GET", "foo")).isEqualTo("-MOVED 12182 127.0.0.1:" + ports[1]);
        } finally {
            cluster(jdk, portList, "stop");
        }
    }

    private static int freePort() throws Exception {
        return io.redraft.server.TestPorts.free();
    }

    /** The port in the script's "leader: node <port> (raft id <id>)" line. */
    private static int leaderPort(String out) {
        var m = java.util.regex.Pattern.compile("(?m)^leader: node (\\d+) \\(raft id \\d+\\)$").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The first line of the reply to one command. */
    private static String call(int port, String... args) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) req.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return in.readLine();
        }
    }

    private Path realJdkRunningTheClassesUnderTest() throws Exception {
        Path java = Files.createDirectories(tmp.resolve("real-jdk/bin")).resolve("java");
        Path real = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                case "$1" in -version) exec '%s' -version;; esac
                flags=()
                while [ $# -gt 0 ]; do
                    if [ "$1" = -jar ]; then shift 2; break; fi
                    flags+=("$1"); shift
                done
                exec '%s' "${flags[@]}" -cp '%s' io.redraft.server.Main "$@"
                """.formatted(real, real, System.getProperty("java.class.path")));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tmp.resolve("real-jdk");
    }

    private String cluster(Path jdk, String ports, String... command) throws Exception {
        Path script = launcher().resolveSibling("redraft-cluster");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(script.toString()));
        cmd.addAll(java.util.List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("REDRAFT_JAR", Files.writeString(tmp.resolve("unused.jar"), "").toString());
        pb.environment().put("REDRAFT_JVM_OPTS", "-Xmx256m");
        pb.environment().put("REDRAFT_CLUSTER_DIR", tmp.resolve("cluster").toString());
        pb.environment().put("REDRAFT_CLUSTER_PORTS", ports);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /**
     * maxmemory sizes the heap (twice the limit plus 256 MB), from the config file or the command
     * line, the last one winning; a heap the user sized in REDRAFT_JVM_OPTS is left alone.
     */
    @Test
    void theHeapIsSizedFromMaxmemory() throws Exception {
        assertThat(runWithOpts("25.0.1", "-Dx=y", "--port", "5001", "--maxmemory", "100mb")).contains("arg=-Xmx456m\n");
        assertThat(runWithOpts("25.0.1", "-Dx=y", "--port", "5001", "--maxmemory", "1G")).contains("arg=-Xmx2163m\n");
        Path conf = Files.writeString(tmp.resolve("redis.conf"), "port 5001\nMAXMEMORY 1gb\n");
        assertThat(runWithOpts("25.0.1", "-Dx=y", conf.toString())).contains("arg=-Xmx2304m\n");
        assertThat(runWithOpts("25.0.1", "-Dx=y", conf.toString(), "--maxmemory", "512mb")).contains("arg=-Xmx1280m\n");
        assertThat(runWithOpts("25.0.1", "-Dx=y", conf.toString(), "--maxmemory", "0")).doesNotContain("-Xmx");
        assertThat(runWithOpts("25.0.1", "-Dx=y", "--port", "5001")).doesNotContain("-Xmx");
        assertThat(runWithOpts("25.0.1", "-Xmx3g", "--maxmemory", "100mb")).contains("arg=-Xmx3g\n").doesNotContain("-Xmx456m");
    }

    /** Shenandoah by default; not when the JDK lacks it, nor when REDRAFT_JVM_OPTS picks a collector. */
    @Test
    void shenandoahUnlessTheJdkLacksItOrTheUserChoseACollector() throws Exception {
        assertThat(runWithOpts("25.0.1", "-Dx=y", "--port", "5001")).contains(SHENANDOAH);
        assertThat(runWithOpts("25.0.1", "-Dx=y", true, "--port", "5001")).doesNotContain("Shenandoah");
        assertThat(runWithOpts("25.0.1", "-XX:+UseG1GC", "--port", "5001")).doesNotContain("Shenandoah").contains("arg=-XX:+UseG1GC\n");
        assertThat(runWithOpts("25.0.1", "-XX:+UseZGC -Dx=y", "--port", "5001")).doesNotContain("Shenandoah");
    }

    @Test
    void olderJdksDoNotGetFlagsTheyWouldRefuse() throws Exception {
        String out = run("21.0.4", "--port", "5001");
        assertThat(out).contains("arg=-XX:+ExitOnOutOfMemoryError\narg=-Dio.netty.leakDetection.level=disabled\n"
                        + "arg=-XX:+AutoCreateSharedArchive\narg=-XX:SharedArchiveFile=" + tmp.resolve("redraft-server-jdk21-5001.jsa")
                        + "\n" + SHENANDOAH + "arg=-Xmx64m")
                .doesNotContain("--sun-misc-unsafe-memory-access");
    }
}
