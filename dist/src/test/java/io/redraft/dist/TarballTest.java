package io.redraft.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * redraft-VERSION.tar.gz as `mvn package` leaves it: unpacked anywhere, its bin/redraft-server runs
 * the node from lib/ with conf/redraft.conf, without building anything.
 */
class TarballTest {
    static Path tarball() {
        Path t = Path.of(System.getProperty("redraft.tarball", "target/redraft.tar.gz"));
        assertThat(t).as("the tarball `mvn package` builds").exists();
        return t;
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("bin/redraft-server"))) p = p.getParent();
        assertThat(p).isNotNull();
        return p;
    }

    @Test
    void holdsTheScriptsTheJarTheAnnotatedConfigAndTheReadme(@TempDir Path dir) throws Exception {
        Shell.ok("tar", "-xzf", tarball().toString(), "-C", dir.toString());
        Path top = dir.resolve("redraft-" + System.getProperty("redraft.version"));
        for (String script : new String[] {"redraft-server", "redraft-cluster", "redraft-faults", "find-java"}) {
            assertThat(top.resolve("bin/" + script)).as(script).isExecutable();
        }
        // The admin tool ships as soon as it exists in the source tree.
        if (Files.exists(repoRoot().resolve("bin/redraft-admin"))) assertThat(top.resolve("bin/redraft-admin")).isExecutable();
        assertThat(top.resolve("lib/redraft-server.jar")).isRegularFile();
        assertThat(top.resolve("README.md")).isRegularFile();
        assertThat(top.resolve("LICENSE")).hasSameTextualContentAs(repoRoot().resolve("LICENSE"));
        assertThat(Files.readString(top.resolve("conf/redraft.conf")))
                .isEqualTo(Files.readString(repoRoot().resolve("dist/src/conf/redraft.conf")))
                .contains("# raft.log-fsync yes", "# metrics-port 0");
        try (var jars = Files.list(top.resolve("lib/faults"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("redraft-testkit-"))
                    .anyMatch(n -> n.startsWith("jedis-"));
        }
        // The fault harness starts from lib/ (its usage, without building anything).
        Shell.Result faults = Shell.run(top.resolve("bin/redraft-faults").toString(), "--help");
        assertThat(faults.output()).doesNotContain("building", "ClassNotFound", "NoClassDefFound").containsIgnoringCase("nemesis");
    }

    /**
     * A library bundled into the server's jar without a line in LICENSE would ship under terms the
     * package does not state: every third-party artifact the shade plugin recorded, and LuaJ (whose
     * jar records none), is named there by its Maven coordinates.
     */
    @Test
    void theLicenseNamesEveryBundledLibrary(@TempDir Path dir) throws Exception {
        Shell.ok("tar", "-xzf", tarball().toString(), "-C", dir.toString());
        Path top = dir.resolve("redraft-" + System.getProperty("redraft.version"));
        String license = Files.readString(top.resolve("LICENSE"));
        List<String> bundled = new ArrayList<>();
        try (ZipFile jar = new ZipFile(top.resolve("lib/redraft-server.jar").toFile())) {
            Pattern pom = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");
            jar.stream().map(e -> pom.matcher(e.getName())).filter(Matcher::matches)
                    .filter(m -> !m.group(1).equals("io.redraft"))
                    .forEach(m -> bundled.add(m.group(1) + ":" + m.group(2)));
            if (jar.getEntry("org/luaj/vm2/LuaValue.class") != null) bundled.add("org.luaj:luaj-jse");
        }
        assertThat(bundled).as("third-party artifacts in lib/redraft-server.jar").isNotEmpty()
                .contains("io.netty:netty-transport", "org.luaj:luaj-jse");
        assertThat(bundled).allSatisfy(coordinates -> assertThat(license).as("LICENSE names " + coordinates)
                .containsPattern("(?m)^\\s+" + Pattern.quote(coordinates) + "$"));
    }

    @Test
    void theNodeRunsFromTheUnpackedTreeWithTheShippedConfig(@TempDir Path dir) throws Exception {
        assumeTrue(Shell.onPath("redis-cli"), "redis-cli is missing");
        Shell.ok("tar", "-xzf", tarball().toString(), "-C", dir.toString());
        Path top = dir.resolve("redraft-" + System.getProperty("redraft.version"));
        int port = Shell.freePort();
        Path data = Files.createDirectories(dir.resolve("data"));
        ProcessBuilder pb = new ProcessBuilder(top.resolve("bin/redraft-server").toString(), top.resolve("conf/redraft.conf").toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", data.toString(), "--raft.addr", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        Process node = pb.start();
        try {
            Shell.await(60, () -> Shell.cli(port, "PING"), "PONG"::equals, "PING answered");
            assertThat(Shell.cli(port, "RAFT.CLUSTER", "INIT")).startsWith("OK");
            Shell.await(30, () -> Shell.cli(port, "SET", "k", "v"), "OK"::equals, "SET answered OK");
            assertThat(Shell.cli(port, "GET", "k")).isEqualTo("v");
            assertThat(Files.readString(dir.resolve("out.log"))).doesNotContain("building");
        } finally {
            node.destroy();
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
