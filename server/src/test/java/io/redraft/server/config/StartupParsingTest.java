package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redis-server's command line and redis.conf as Redraft reads them at start-up. */
class StartupParsingTest {
    @TempDir
    Path dir;

    private ServerConfig parse(String... args) throws ConfigException {
        return ServerConfig.parse(args, InputStream.nullInputStream(), dir);
    }

    private static String fatal(int line, String text, String reason) {
        return "\n*** FATAL CONFIG FILE ERROR (Redis " + ServerConfig.REDIS_VERSION + ") ***\n"
                + "Reading the configuration file, at line " + line + "\n>>> '" + text + "'\n" + reason;
    }

    @Test
    void noArgumentsGivesDefaults() throws Exception {
        ServerConfig c = parse();
        assertThat(c.port()).isEqualTo(6379);
        assertThat(c.bind()).containsExactly("*", "-::*");
        assertThat(c.dbfilename()).isEqualTo("dump.rdb");
        assertThat(c.dir()).isEqualTo(dir.toAbsolutePath());
        assertThat(c.loglevel()).isEqualTo(LogLevel.NOTICE);
        assertThat(c.logfile()).isEmpty();
        assertThat(c.protectedMode()).isTrue();
        assertThat(c.protoMaxBulkLen()).isEqualTo(512L * 1024 * 1024);
        assertThat(c.clientQueryBufferLimit()).isEqualTo(1L << 30);
        assertThat(c.value("databases")).hasValue("1");
        assertThat(c.value("save")).hasValue("");
        assertThat(c.value("appendonly")).hasValue("no");
        assertThat(c.value("maxmemory-policy")).hasValue("noeviction");
        assertThat(c.value("cluster-enabled")).hasValue("no");
        assertThat(c.value("replicaof")).hasValue("");
        assertThat(c.configFile()).isEmpty();
    }

    @Test
    void raftDefaultsMatchRedisRaft() throws Exception {
        ServerConfig c = parse();
        assertThat(c.raftId()).isZero();
        assertThat(c.raftAddr()).isEmpty();
        assertThat(c.raftLogFilename()).isEqualTo("redisraft.db");
        assertThat(c.periodicIntervalMs()).isEqualTo(100);
        assertThat(c.requestTimeoutMs()).isEqualTo(200);
        assertThat(c.electionTimeoutMs()).isEqualTo(1000);
        assertThat(c.connectionTimeoutMs()).isEqualTo(3000);
        assertThat(c.joinTimeoutMs()).isEqualTo(120000);
        assertThat(c.responseTimeoutMs()).isEqualTo(1000);
        assertThat(c.proxyResponseTimeoutMs()).isEqualTo(10000);
        assertThat(c.reconnectIntervalMs()).isEqualTo(100);
        assertThat(c.followerProxy()).isFalse();
        assertThat(c.quorumReads()).isTrue();
        assertThat(c.logFsync()).isTrue();
        assertThat(c.logMaxFileSize()).isEqualTo(128_000_000);
        assertThat(c.logMaxCacheSize()).isEqualTo(64_000_000);
        assertThat(c.appendReqMaxCount()).isEqualTo(2);
        assertThat(c.appendReqMaxSize()).isEqualTo(2097152);
        assertThat(c.snapshotReqMaxCount()).isEqualTo(32);
        assertThat(c.snapshotReqMaxSize()).isEqualTo(65536);
        assertThat(c.sharding()).isFalse();
        assertThat(c.externalSharding()).isFalse();
        assertThat(c.slotConfig()).isEqualTo("0:16383");
        assertThat(c.shardgroupUpdateIntervalMs()).isEqualTo(5000);
        assertThat(c.ignoredCommands()).isEmpty();
        assertThat(c.scanSize()).isEqualTo(1000);
        assertThat(c.tlsEnabled()).isFalse();
        assertThat(c.clusterUser()).isEqualTo("default");
        assertThat(c.clusterPassword()).isEmpty();
        assertThat(c.raftLoglevel()).isEqualTo(LogLevel.NOTICE);
        assertThat(c.trace()).isEmpty();
        assertThat(c.logDelayApplyMicros()).isZero();
        assertThat(c.logDisableApply()).isFalse();
        assertThat(c.snapshotDelaySeconds()).isZero();
        assertThat(c.snapshotFail()).isFalse();
        assertThat(c.snapshotDisable()).isFalse();
        assertThat(c.snapshotDisableLoad()).isFalse();
        assertThat(c.migrationDebug()).isEqualTo("none");
    }

    @Test
    void redisRaftDeploymentCommandLineWorksUnchanged() throws Exception {
        ServerConfig c = parse("--bind", "0.0.0.0", "--port", "5001", "--dbfilename", "raft1.rdb",
                "--loadmodule", "/opt/redisraft.so", "--raft.log-filename", "raftlog1.db", "--raft.addr", "127.0.0.1:5001");
        assertThat(c.bind()).containsExactly("0.0.0.0");
        assertThat(c.port()).isEqualTo(5001);
        assertThat(c.dbfilename()).isEqualTo("raft1.rdb");
        assertThat(c.raftLogFilename()).isEqualTo("raftlog1.db");
        assertThat(c.raftAddr()).isEqualTo("127.0.0.1:5001");
        assertThat(c.startupNotices()).anyMatch(n -> n.contains("loadmodule /opt/redisraft.so"));
    }

    @Test
    void positionalModuleArgumentsAreIgnoredWithANotice() throws Exception {
        ServerConfig c = parse("--loadmodule", "redisraft.so", "addr=1.2.3.4:5", "id", "3", "--port", "7000");
        assertThat(c.port()).isEqualTo(7000);
        assertThat(c.raftAddr()).isEmpty();
        assertThat(c.raftId()).isZero();
        assertThat(c.startupNotices()).anyMatch(n -> n.contains("'addr=1.2.3.4:5 id 3'"));
    }

    @Test
    void multipleValuesAreJoinedAndSplitAgain() throws Exception {
        ServerConfig c = parse("--bind", "127.0.0.1", "::1", "--raft.trace", "node", "conn");
        assertThat(c.bind()).containsExactly("127.0.0.1", "::1");
        assertThat(c.trace()).containsExactly(TraceComponent.NODE, TraceComponent.CONN);
        assertThat(parse("--bind", "127.0.0.1 ::1").bind()).containsExactly("127.0.0.1", "::1");
        assertThat(parse("--port 7001").port()).isEqualTo(7001);
    }

    @Test
    void saveWithoutValueMeansEmpty() throws Exception {
        assertThat(parse("--save", "", "--port", "1").value("save")).hasValue("");
        assertThat(parse("--save", "--port", "2").port()).isEqualTo(2);
        assertThat(parse("--port", "3", "--save").port()).isEqualTo(3);
    }

    @Test
    void aBareOptionTakesTheNextWordEvenIfItLooksLikeAnOption() throws Exception {
        assertThat(parse("--requirepass", "--secret", "--port", "4").requirepass()).isEqualTo("--secret");
    }

    @Test
    void unknownOptionIsReportedAsLineTwoOfTheVirtualFile() {
        assertThatThrownBy(() -> parse("--port", "7000", "--foo", "bar"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(fatal(3, "foo \"bar\"", "Bad directive or wrong number of arguments"));
        assertThatThrownBy(() -> parse("--foo", "bar"))
                .hasMessage(fatal(2, "foo \"bar\"", "Bad directive or wrong number of arguments"));
    }

    @Test
    void badValuesUseRedisReasons() {
        assertThatThrownBy(() -> parse("--port", "abc"))
                .hasMessage(fatal(2, "port \"abc\"", "argument couldn't be parsed into an integer"));
        assertThatThrownBy(() -> parse("--port", "70000"))
                .hasMessage(fatal(2, "port \"70000\"", "argument must be between 0 and 65535 inclusive"));
        assertThatThrownBy(() -> parse("--protected-mode", "maybe"))
                .hasMessage(fatal(2, "protected-mode \"maybe\"", "argument must be 'yes' or 'no'"));
        assertThatThrownBy(() -> parse("--loglevel", "loud"))
                .hasMessage(fatal(2, "loglevel \"loud\"",
                        "argument(s) must be one of the following: debug, verbose, notice, warning, nothing"));
        assertThatThrownBy(() -> parse("--maxmemory", "lots"))
                .hasMessage(fatal(2, "maxmemory \"lots\"", "argument must be a memory value"));
        assertThatThrownBy(() -> parse("--port", "1", "2"))
                .hasMessage(fatal(2, "port \"1\" \"2\"", "wrong number of arguments"));
        assertThatThrownBy(() -> parse("--port"))
                .hasMessage(fatal(2, "port", "wrong number of arguments"));
        assertThatThrownBy(() -> parse("--dbfilename", "a/b.rdb"))
                .hasMessage(fatal(2, "dbfilename \"a/b.rdb\"", "dbfilename can't be a path, just a filename"));
    }

    @Test
    void badRaftValuesAreReportedAtTheirLine() {
        assertThatThrownBy(() -> parse("--raft.request-timeout", "0"))
                .hasMessage(fatal(2, "raft.request-timeout \"0\"", "argument must be between 1 and 2147483647 inclusive"));
        assertThatThrownBy(() -> parse("--raft.addr", "nohost"))
                .hasMessage(fatal(2, "raft.addr \"nohost\"", "Address is invalid. It must be in the form of 10.0.0.3:8000"));
        assertThatThrownBy(() -> parse("--raft.no-such-thing", "1"))
                .hasMessage(fatal(2, "raft.no-such-thing \"1\"", "Bad directive or wrong number of arguments"));
        assertThatThrownBy(() -> parse("--raft.addr"))
                .hasMessage(fatal(2, "raft.addr", "Module config specified without value"));
    }

    @Test
    void raftSettingsUseUnits() throws Exception {
        ServerConfig c = parse("--raft.log-max-file-size", "64mb", "--raft.log-max-cache-size", "1k",
                "--raft.append-req-max-size", "1gb");
        assertThat(c.logMaxFileSize()).isEqualTo(64L << 20);
        assertThat(c.logMaxCacheSize()).isEqualTo(1000);
        assertThat(c.appendReqMaxSize()).isEqualTo(1L << 30);
    }

    @Test
    void configFileWithCommentsQuotesEscapesAndOverrides() throws Exception {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, """
                # a comment
                   port 7000
                bind 127.0.0.1 ::1

                requirepass "p\\x41ss word\\n"
                raft.cluster-password 'it\\'s'
                LOGLEVEL warning
                save ""
                raft.addr 10.0.0.3:8000
                """);
        ServerConfig c = parse(conf.toString(), "--port", "7001");
        assertThat(c.port()).isEqualTo(7001); // options come after the file
        assertThat(c.bind()).containsExactly("127.0.0.1", "::1");
        assertThat(c.requirepass()).isEqualTo("pAss word\n");
        assertThat(c.clusterPassword()).isEqualTo("it's");
        assertThat(c.loglevel()).isEqualTo(LogLevel.WARNING);
        assertThat(c.raftAddr()).isEqualTo("10.0.0.3:8000");
        assertThat(c.configFile()).hasValue(conf.toAbsolutePath());
    }

    @Test
    void errorsInTheFileNameTheirLineAndOptionsFollowTheFile() throws Exception {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "port 7000\n\nbogus 1\n");
        assertThatThrownBy(() -> parse(conf.toString()))
                .hasMessage(fatal(3, "bogus 1", "Bad directive or wrong number of arguments"));
        Files.writeString(conf, "port 7000\nrequirepass \"open\n");
        assertThatThrownBy(() -> parse(conf.toString()))
                .hasMessage(fatal(2, "requirepass \"open", "Unbalanced quotes in configuration line"));
        Files.writeString(conf, "port 7000\n");
        // The file's 2 lines (with the final newline), then the "\n" Redis adds, then the options.
        assertThatThrownBy(() -> parse(conf.toString(), "--nope", "x"))
                .hasMessage(fatal(3, "nope \"x\"", "Bad directive or wrong number of arguments"));
    }

    @Test
    void aStockRedisConfLoadsOnceTheRequiredSettingsAreFixed() throws Exception {
        // The uncommented directives of Redis 7.2's redis.conf, with databases set to 1.
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, """
                bind 127.0.0.1 -::1
                protected-mode yes
                port 6379
                tcp-backlog 511
                timeout 0
                tcp-keepalive 300
                daemonize no
                pidfile /var/run/redis_6379.pid
                loglevel notice
                logfile ""
                databases 1
                always-show-logo no
                set-proc-title yes
                proc-title-template "{title} {listen-addr} {server-mode}"
                locale-collate ""
                stop-writes-on-bgsave-error yes
                rdbcompression yes
                rdbchecksum yes
                dbfilename dump.rdb
                rdb-del-sync-files no
                dir ./
                replica-serve-stale-data yes
                replica-read-only yes
                repl-diskless-sync yes
                repl-diskless-sync-delay 5
                repl-diskless-sync-max-replicas 0
                repl-diskless-load disabled
                repl-disable-tcp-nodelay no
                replica-priority 100
                acllog-max-len 128
                lazyfree-lazy-eviction no
                lazyfree-lazy-expire no
                lazyfree-lazy-server-del no
                replica-lazy-flush no
                lazyfree-lazy-user-del no
                lazyfree-lazy-user-flush no
                oom-score-adj no
                oom-score-adj-values 0 200 800
                disable-thp yes
                appendonly no
                appendfilename "appendonly.aof"
                appenddirname "appendonlydir"
                appendfsync everysec
                no-appendfsync-on-rewrite no
                auto-aof-rewrite-percentage 100
                auto-aof-rewrite-min-size 64mb
                aof-load-truncated yes
                aof-use-rdb-preamble yes
                aof-timestamp-enabled no
                slowlog-log-slower-than 10000
                slowlog-max-len 128
                latency-monitor-threshold 0
                notify-keyspace-events ""
                hash-max-listpack-entries 128
                hash-max-listpack-value 64
                list-max-listpack-size -2
                list-compress-depth 0
                set-max-intset-entries 512
                set-max-listpack-entries 128
                set-max-listpack-value 64
                zset-max-listpack-entries 128
                zset-max-listpack-value 64
                hll-sparse-max-bytes 3000
                stream-node-max-bytes 4096
                stream-node-max-entries 100
                activerehashing yes
                client-output-buffer-limit normal 0 0 0
                client-output-buffer-limit replica 256mb 64mb 60
                client-output-buffer-limit pubsub 32mb 8mb 60
                hz 10
                dynamic-hz yes
                aof-rewrite-incremental-fsync yes
                rdb-save-incremental-fsync yes
                jemalloc-bg-thread yes
                """);
        ServerConfig c = parse(conf.toString());
        assertThat(c.bind()).containsExactly("127.0.0.1", "-::1");
        assertThat(c.dir()).isEqualTo(dir);
        assertThat(c.value("client-output-buffer-limit"))
                .hasValue("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    }

    @Test
    void missingConfigFileIsFatal() {
        Path missing = dir.resolve("missing.conf");
        assertThatThrownBy(() -> parse(missing.toString()))
                .hasMessage("Fatal error, can't open config file '" + missing.toAbsolutePath() + "': No such file or directory");
    }

    @Test
    void includeLoadsAnotherFileInPlace() throws Exception {
        Files.writeString(dir.resolve("extra.conf"), "port 7100\nraft.id 7\n");
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "port 7000\ninclude " + dir.resolve("extra.conf") + "\nmaxclients 5\n");
        ServerConfig c = parse(conf.toString());
        assertThat(c.port()).isEqualTo(7100);
        assertThat(c.raftId()).isEqualTo(7);
        assertThat(c.maxclients()).isEqualTo(5);
    }

    @Test
    void includeWithWildcardsReadsMatchesInOrderAndToleratesNone() throws Exception {
        Path confd = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(confd.resolve("10-port.conf"), "port 7400\n");
        Files.writeString(confd.resolve("20-port.conf"), "port 7401\n");
        Files.writeString(confd.resolve("ignored.txt"), "bogus\n");
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "include " + confd + "/*.conf\ninclude " + dir.resolve("empty.d") + "/*.conf\n");
        assertThat(parse(conf.toString()).port()).isEqualTo(7401);
    }

    @Test
    void dashReadsTheConfigFromStdin() throws Exception {
        InputStream in = new ByteArrayInputStream("port 7200\n".getBytes(StandardCharsets.UTF_8));
        ServerConfig c = ServerConfig.parse(new String[] {"-", "--maxclients", "9"}, in, dir);
        assertThat(c.port()).isEqualTo(7200);
        assertThat(c.maxclients()).isEqualTo(9);
    }

    @Test
    void laterModuleConfigLinesReplaceEarlierOnes() throws Exception {
        // Redis queues module configs by name, so only the last raft.trace line counts (no double toggle).
        assertThat(parse("--raft.trace", "node", "--raft.trace", "node").trace()).containsExactly(TraceComponent.NODE);
    }

    @Test
    void directivesAreCaseInsensitiveAndAliasesWork() throws Exception {
        ServerConfig c = parse("--PORT", "7300", "--lua-time-limit", "100", "--slaveof", "no", "one");
        assertThat(c.port()).isEqualTo(7300);
        assertThat(c.busyReplyThresholdMs()).isEqualTo(100);
    }

    @Test
    void renameCommandIsRefusedNotSilentlyIgnored() {
        assertThatThrownBy(() -> parse("--rename-command", "FLUSHALL", ""))
                .hasMessage(fatal(2, "rename-command \"FLUSHALL\" \"\"", "Bad directive or wrong number of arguments"));
    }

    @Test
    void deprecatedDirectivesAreSkipped() throws Exception {
        assertThat(parse("--list-max-ziplist-entries", "512").port()).isEqualTo(6379);
    }

    @Test
    void dirAndIncludesResolveFromTheLastDir() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(a.resolve("b"));
        Files.writeString(b.resolve("extra.conf"), "port 7500\n");
        ServerConfig c = parse("--dir", "a", "--dir", "b", "--include", "extra.conf");
        assertThat(c.dir()).isEqualTo(b);
        assertThat(c.port()).isEqualTo(7500);
    }

    @Test
    void dirMustExist() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> parse("--dir", "nope"))
                .hasMessage(fatal(2, "dir \"nope\"", "No such file or directory"));
        assertThatThrownBy(() -> parse("--dir", "file"))
                .hasMessage(fatal(2, "dir \"file\"", "Not a directory"));
    }
}
