package io.redraft.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.server.config.ConfigException;
import io.redraft.server.config.LogLevel;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.config.TraceComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Logging set up from the configuration, written to a log file, following CONFIG SET changes. */
class LogSetupTest {
    @TempDir
    Path dir;

    private ServerConfig configWithLogfile(String... more) throws ConfigException {
        String[] args = new String[4 + more.length];
        args[0] = "--dir";
        args[1] = dir.toString();
        args[2] = "--logfile";
        args[3] = "redraft.log";
        System.arraycopy(more, 0, args, 4, more.length);
        ServerConfig c = ServerConfig.parse(args);
        LogSetup.install(c, Clock.fixed(Instant.parse("2026-11-25T15:22:01.123Z"), ZoneId.of("UTC")), 777);
        return c;
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(dir.resolve("redraft.log"));
    }

    @Test
    void writesRedisLinesToTheLogFileAtTheConfiguredLevel() throws Exception {
        configWithLogfile("--loglevel", "verbose", "--loadmodule", "redisraft.so");
        var log = LoggerFactory.getLogger("io.redraft.server.Test");
        log.trace("debug message");
        log.debug("verbose message");
        log.info("notice message");
        log.warn("warning message");
        log.error("error message");
        List<String> lines = lines();
        assertThat(lines.get(0)).matches("777:M \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\* Ignoring loadmodule redisraft.so.*");
        assertThat(lines.subList(1, lines.size())).hasSize(4);
        assertThat(lines.get(1)).endsWith(" - verbose message");
        assertThat(lines.get(2)).endsWith(" * notice message");
        assertThat(lines.get(3)).endsWith(" # warning message");
        assertThat(lines.get(4)).endsWith(" # error message");
    }

    @Test
    void raftLoggersAreFilteredByBothLevelsAndPrefixed() throws Exception {
        ServerConfig c = configWithLogfile("--loglevel", "debug", "--raft.loglevel", "warning");
        LogSetup.raft("node").info("hidden by raft.loglevel");
        LogSetup.raft("node").warn("Raft node is up");
        c.set("raft.loglevel", "debug");
        LogSetup.raft("node").trace("now visible");
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).endsWith(" # <redisraft> Raft node is up");
        assertThat(lines().get(1)).endsWith(" . <redisraft> now visible");
        c.set("loglevel", "notice");
        assertThat(LogSetup.enabled("raft.node", LogLevel.DEBUG)).isFalse();
        assertThat(LogSetup.enabled("raft.node", LogLevel.NOTICE)).isTrue();
    }

    @Test
    void traceComponentsFollowRaftTrace() throws Exception {
        ServerConfig c = configWithLogfile("--loglevel", "debug", "--raft.loglevel", "debug");
        assertThat(LogSetup.enabled("raft.trace.node", LogLevel.DEBUG)).isFalse();
        c.set("raft.trace", "node");
        LogSetup.trace(TraceComponent.NODE).trace("node trace");
        LogSetup.trace(TraceComponent.CONN).trace("conn trace");
        assertThat(lines()).singleElement().asString().endsWith(" . <redisraft> node trace");
        c.set("raft.trace", "all");
        assertThat(LogSetup.enabled("raft.trace.migration", LogLevel.DEBUG)).isTrue();
        c.set("raft.loglevel", "notice");
        // RedisRaft checks its own level before tracing too.
        assertThat(LogSetup.enabled("raft.trace.migration", LogLevel.DEBUG)).isFalse();
        c.set("raft.loglevel", "debug");
        c.set("loglevel", "notice");
        // Traces are debug-level: loglevel notice silences them even when switched on.
        assertThat(LogSetup.enabled("raft.trace.migration", LogLevel.DEBUG)).isFalse();
        c.set("raft.trace", "off");
        c.set("loglevel", "debug");
        assertThat(LogSetup.enabled("raft.trace.node", LogLevel.DEBUG)).isFalse();
    }

    @Test
    void librariesStayQuietAtDebug() throws Exception {
        configWithLogfile("--loglevel", "debug");
        assertThat(LogSetup.enabled("io.netty.channel.nio", LogLevel.VERBOSE)).isFalse();
        assertThat(LogSetup.enabled("io.netty.channel.nio", LogLevel.NOTICE)).isTrue();
        assertThat(LogSetup.enabled("io.redraft.server.net", LogLevel.DEBUG)).isTrue();
    }

    @Test
    void nothingSilencesEverything() throws Exception {
        configWithLogfile("--loglevel", "nothing");
        LoggerFactory.getLogger("x").error("not written");
        assertThat(lines()).isEmpty();
    }

    @Test
    void unwritableLogFileIsRefusedAtParseTime() {
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--logfile", dir.resolve("no/such/dir/x.log").toString()}))
                .hasMessage("\n*** FATAL CONFIG FILE ERROR (Redis " + ServerConfig.REDIS_VERSION + ") ***\n"
                        + "Can't open the log file: No such file or directory");
    }
}
