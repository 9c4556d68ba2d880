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
 */
class LauncherScriptTest {
    @TempDir
    Path tmp;

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
                echo "pid=$$"
                for a in "$@"; do echo "arg=$a"; done
                """.formatted(version));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tmp.resolve("jdk");
    }

    private String run(String version, String... args) throws Exception {
        Path jar = Files.writeString(tmp.resolve("fake.jar"), "");
        String[] cmd = new String[args.length + 1];
        cmd[0] = launcher().toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", fakeJdk(version).toString());
        pb.environment().put("REDRAFT_JAR", jar.toString());
        pb.environment().put("REDRAFT_JVM_OPTS", "-Xmx64m -Dx=y");
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
                + "arg=--sun-misc-unsafe-memory-access=allow\narg=-Xmx64m\narg=-Dx=y\narg=-jar\narg=" + tmp.resolve("fake.jar")
                + "\narg=--port\narg=5001\narg=--save\narg=\narg=--requirepass\narg=a b\n");
    }

    @Test
    void olderJdksDoNotGetFlagsTheyWouldRefuse() throws Exception {
        String out = run("21.0.4", "--port", "5001");
        assertThat(out).contains("arg=-XX:+ExitOnOutOfMemoryError\narg=-Dio.netty.leakDetection.level=disabled\narg=-Xmx64m")
                .doesNotContain("--sun-misc-unsafe-memory-access");
    }
}
