package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/find-java picks a JDK >= 21 in the documented order, with fake JDKs that only print a version. */
class FindJavaScriptTest {
    @TempDir
    Path tmp;

    private static final Path SCRIPT = locate();

    private static Path locate() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("bin/find-java"))) p = p.getParent();
        return p == null ? null : p.resolve("bin/find-java");
    }

    private Path fakeJdk(String dirName, String version) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("jvm").resolve(dirName).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-01-01' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    /** Returns stdout ("JAVA JAVA_MAJOR JAVA_HOME"), or stderr followed by "rc=1". */
    private String run(String javaHome) throws Exception {
        Files.createDirectories(tmp.resolve("jvm"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". \"$0\" && echo \"$JAVA $JAVA_MAJOR $JAVA_HOME\" || echo rc=1", SCRIPT.toString());
        Map<String, String> env = pb.environment();
        env.put("REDRAFT_JVM_DIR", tmp.resolve("jvm").toString());
        env.put("PATH", Files.createDirectories(tmp.resolve("emptypath")) + ":/usr/bin:/bin");
        if (javaHome == null) env.remove("JAVA_HOME");
        else env.put("JAVA_HOME", javaHome);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void javaHomeComesFirstWhenNewEnough() throws Exception {
        fakeJdk("temurin-25-jdk", "25.0.1");
        Path home = fakeJdk("my-21", "21.0.2").getParent().getParent();
        assertThat(run(home.toString())).isEqualTo(home.resolve("bin/java") + " 21 " + home);
    }

    @Test
    void tooOldJavaHomeFallsThroughToTemurin25() throws Exception {
        Path old = fakeJdk("old-17", "17.0.15").getParent().getParent();
        Path t = fakeJdk("temurin-25-jdk-amd64", "25").getParent().getParent();
        fakeJdk("zulu-26", "26-ea");
        assertThat(run(old.toString())).isEqualTo(t.resolve("bin/java") + " 25 " + t);
    }

    @Test
    void otherwiseTheNewestJdkUnderTheJvmDirectory() throws Exception {
        fakeJdk("java-1.8.0", "1.8.0_402");
        fakeJdk("jdk-21", "21.0.5");
        Path best = fakeJdk("jdk-23", "23.0.1+11").getParent().getParent();
        fakeJdk("java-17", "17.0.15");
        assertThat(run(null)).isEqualTo(best.resolve("bin/java") + " 23 " + best);
    }

    @Test
    void noJdkIsAClearError() throws Exception {
        fakeJdk("java-17", "17.0.15");
        // java on PATH may exist on this machine; with PATH limited to /usr/bin:/bin it is 17 or absent.
        String out = run(null);
        if (!out.endsWith("rc=1")) {
            assertThat(out).doesNotContain(tmp.toString()); // only a real system java >= 21 may be found
            return;
        }
        assertThat(out).contains("redraft: no Java 21 or newer found (tried: " + tmp.resolve("jvm/java-17/bin/java"))
                .contains("set JAVA_HOME");
    }
}
