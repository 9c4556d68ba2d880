package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** INFO raft's raft_version/raft_git_sha1 say which Redraft this is, from what the build recorded. */
class BuildInfoTest {
    @Test
    void theBuildRecordsTheProjectVersionAndTheCommit() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(BuildInfo.CURRENT.version()).isEqualTo(m.group(1));

        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (git.exitValue() == 0) assertThat(BuildInfo.CURRENT.gitSha1()).isEqualTo(head);
        else assertThat(BuildInfo.CURRENT.gitSha1()).isEqualTo(BuildInfo.UNKNOWN_SHA1); // not built from git
        assertThat(BuildInfo.CURRENT.shortSha1()).isEqualTo(BuildInfo.CURRENT.gitSha1().substring(0, 8));
    }

    @Test
    void anUnknownBuildSaysSoAsRedisRaftDoes() {
        BuildInfo none = BuildInfo.of(null, null);
        assertThat(none.shortSha1()).isEqualTo("00000000");
        assertThat(none.version()).isEqualTo("0.0.0");
        assertThat(BuildInfo.of("${project.version}", "${redraft.git.out}")).isEqualTo(none);
        assertThat(BuildInfo.of("1.2.3", "abc").shortSha1()).isEqualTo("00000000");
    }
}
