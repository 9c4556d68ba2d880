package io.redraft.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real writer process is killed with SIGKILL mid-stream; every entry it reported persisted must
 * be in the reopened log with its content. Holds with fsync off too, since the page cache
 * survives a process crash.
 */
class KillNineTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(strings = {"yes", "no"})
    void everyReportedEntrySurvivesKillMinusNine(String fsync) throws Exception {
        long reported = 0;
        // -Dredraft.kill9.rounds=N for a soak; each round kills a writer and checks the reopened log.
        int rounds = Integer.getInteger("redraft.kill9.rounds", 2);
        for (int round = 0; round < rounds; round++) {
            reported = Math.max(reported, runAndKill(fsync, reported + 1500));
            StorageConfig config = StorageConfig.defaults(dir).withFsync(fsync.equals("yes"));
            try (NodeStorage s = NodeStorage.open(config)) {
                assertThat(s.log().lastIndex()).isGreaterThanOrEqualTo(reported);
                long last = s.log().lastIndex();
                for (long from = 1; from <= last; from += 1000) {
                    long to = Math.min(last + 1, from + 1000);
                    var got = s.log().entries(from, to, Long.MAX_VALUE);
                    for (int k = 0; k < got.size(); k++) {
                        long i = from + k;
                        assertThat(got.get(k)).isEqualTo(Fixtures.entry(i, AppendingChild.termOf(i)));
                    }
                }
                assertThat(s.log().hardState().term()).isGreaterThanOrEqualTo(AppendingChild.termOf(reported));
                reported = last;
            }
        }
    }

    /** Starts a writer, kills it once it reported {@code killAfter}, returns the highest index it reported. */
    private long runAndKill(String fsync, long killAfter) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(AppendingChild.class.getName());
        cmd.add(dir.toString());
        cmd.add(fsync);
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // A child that hangs silently would block readLine forever; this ends its stdout instead.
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(child::destroyForcibly);
        long reported = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (!line.startsWith("persisted ")) continue;
                reported = Math.max(reported, Long.parseLong(line.substring("persisted ".length())));
                if (reported >= killAfter) break;
            }
            // SIGKILL while the child is still appending (destroy also closes our end of its stdout).
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(reported).isGreaterThanOrEqualTo(killAfter);
        return reported;
    }
}
