package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** CONFIG GET and CONFIG SET as a client sees them. */
class ConfigGetSetTest {
    private final ServerConfig config = ServerConfig.defaults();

    private Map<String, String> get(String pattern) {
        return config.get(pattern).stream().collect(Collectors.toMap(p -> p[0], p -> p[1], (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    private static String failed(String name, String reason) {
        return "CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }

    @Test
    void exactNameIsCaseInsensitiveAndFindsHiddenParameters() {
        assertThat(get("port")).containsExactly(Map.entry("port", "6379"));
        assertThat(get("PORT")).containsExactly(Map.entry("PORT", "6379"));
        assertThat(get("raft.cluster-password")).containsExactly(Map.entry("raft.cluster-password", ""));
        assertThat(get("raft.log-delay-apply")).containsExactly(Map.entry("raft.log-delay-apply", "0"));
        assertThat(get("no-such-thing")).isEmpty();
    }

    @Test
    void globsSkipHiddenParameters() {
        Map<String, String> raft = get("raft.*");
        assertThat(raft).containsEntry("raft.request-timeout", "200")
                .containsEntry("raft.log-max-file-size", "128000000")
                .containsEntry("raft.trace", "off")
                .containsEntry("raft.loglevel", "notice")
                .doesNotContainKeys("raft.cluster-password", "raft.log-delay-apply", "raft.log-disable-apply",
                        "raft.snapshot-delay", "raft.snapshot-fail", "raft.snapshot-disable",
                        "raft.snapshot-disable-load", "raft.migration-debug");
        assertThat(get("*")).containsKeys("port", "raft.addr", "dbfilename").doesNotContainKey("raft.cluster-password");
        assertThat(get("*timeout")).containsKeys("timeout", "raft.request-timeout", "raft.election-timeout");
        assertThat(get("raft.[ai]*")).containsOnlyKeys("raft.addr", "raft.append-req-max-count", "raft.append-req-max-size",
                "raft.id", "raft.ignored-commands");
    }

    @Test
    void aliasesAnswerUnderTheNameAsked() {
        assertThat(get("slaveof")).containsExactly(Map.entry("slaveof", ""));
        assertThat(get("lua-time-limit")).containsExactly(Map.entry("lua-time-limit", "5000"));
        assertThat(get("*ziplist-entries")).containsKeys("hash-max-ziplist-entries", "zset-max-ziplist-entries");
    }

    @Test
    void memoryValuesAreShownInBytes() throws Exception {
        config.set("raft.log-max-cache-size", "1mb");
        assertThat(get("raft.log-max-cache-size")).containsEntry("raft.log-max-cache-size", "1048576");
        config.set("maxmemory", "1gb");
        assertThat(config.maxmemory()).isEqualTo(1L << 30);
    }

    @Test
    void setChangesTypedValues() throws Exception {
        config.set("raft.request-timeout", "50");
        config.set("raft.follower-proxy", "YES");
        config.set("loglevel", "debug");
        config.set("raft.ignored-commands", "ping,echo");
        assertThat(config.requestTimeoutMs()).isEqualTo(50);
        assertThat(config.followerProxy()).isTrue();
        assertThat(config.loglevel()).isEqualTo(LogLevel.DEBUG);
        assertThat(config.ignoredCommands()).containsExactly("ping", "echo");
        assertThat(get("raft.follower-proxy")).containsEntry("raft.follower-proxy", "yes");
    }

    @Test
    void errorTextsAreRedis72s() {
        assertThatThrownBy(() -> config.set("raft.request-timeout", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(failed("raft.request-timeout", "argument must be between 1 and 2147483647 inclusive"));
        assertThatThrownBy(() -> config.set("raft.request-timeout", "fast"))
                .hasMessage(failed("raft.request-timeout", "argument couldn't be parsed into an integer"));
        assertThatThrownBy(() -> config.set("raft.log-max-file-size", "-1"))
                .hasMessage(failed("raft.log-max-file-size", "argument must be a memory value"));
        assertThatThrownBy(() -> config.set("raft.quorum-reads", "true"))
                .hasMessage(failed("raft.quorum-reads", "argument must be 'yes' or 'no'"));
        assertThatThrownBy(() -> config.set("raft.loglevel", "loud"))
                .hasMessage(failed("raft.loglevel", "argument(s) must be one of the following: debug, verbose, notice, warning"));
        assertThatThrownBy(() -> config.set("raft.trace", "nodes"))
                .hasMessage(failed("raft.trace",
                        "argument(s) must be one of the following: off, node, conn, raftlib, raftlog, generic, migration, all"));
        assertThatThrownBy(() -> config.set("raft.scan-size", "0"))
                .hasMessage(failed("raft.scan-size", "argument must be between 1 and 9223372036854775807 inclusive"));
        assertThatThrownBy(() -> config.set("raft.id", "-1"))
                .hasMessage(failed("raft.id", "argument must be between 0 and 2147483647 inclusive"));
        assertThatThrownBy(() -> config.set("foo", "1"))
                .hasMessage("Unknown option or number of arguments for CONFIG SET - 'foo'");
        assertThatThrownBy(() -> config.set("Daemonize", "no"))
                .hasMessage(failed("Daemonize", "can't set immutable config"));
        assertThatThrownBy(() -> config.set("dir", "/tmp"))
                .hasMessage(failed("dir", "can't set protected config"));
        assertThatThrownBy(() -> config.set("dbfilename", "x.rdb"))
                .hasMessage(failed("dbfilename", "can't set protected config"));
        assertThatThrownBy(() -> config.set("maxmemory-policy", "lru"))
                .hasMessage(failed("maxmemory-policy", "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                        + "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"));
    }

    @Test
    void aliasErrorsNameTheCanonicalParameter() {
        assertThatThrownBy(() -> config.set("lua-time-limit", "x"))
                .hasMessage(failed("busy-reply-threshold", "argument couldn't be parsed into an integer"));
    }

    @Test
    void raftSpecificRulesUseRedisRaftTexts() {
        assertThatThrownBy(() -> config.set("raft.addr", "10.0.0.3"))
                .hasMessage(failed("raft.addr", "Address is invalid. It must be in the form of 10.0.0.3:8000"));
        assertThatThrownBy(() -> config.set("raft.addr", "10.0.0.3:0"))
                .hasMessage(failed("raft.addr", "Address is invalid. It must be in the form of 10.0.0.3:8000"));
        assertThatThrownBy(() -> config.set("raft.addr", "10.0.0.3:65536"))
                .hasMessage(failed("raft.addr", "Address is invalid. It must be in the form of 10.0.0.3:8000"));
        assertThatThrownBy(() -> config.set("raft.addr", "10.0.0.3:80x"))
                .hasMessage(failed("raft.addr", "Address is invalid. It must be in the form of 10.0.0.3:8000"));
        assertThatThrownBy(() -> config.set("raft.slot-config", "0:16384"))
                .hasMessage(failed("raft.slot-config", "Not a valid slot config"));
        assertThatThrownBy(() -> config.set("raft.slot-config", "10:5"))
                .hasMessage(failed("raft.slot-config", "Not a valid slot config"));
        assertThatThrownBy(() -> config.set("raft.slot-config", "0:100,50"))
                .hasMessage(failed("raft.slot-config", "Not a valid slot config"));
    }

    @Test
    void keyspaceEventClassesReadBackAsRedisPrintsThem() throws Exception {
        config.set("notify-keyspace-events", "KEA");
        assertThat(get("notify-keyspace-events")).containsEntry("notify-keyspace-events", "AKE");
        config.set("notify-keyspace-events", "Elx$");
        assertThat(get("notify-keyspace-events")).containsEntry("notify-keyspace-events", "$lxE");
        assertThatThrownBy(() -> config.set("notify-keyspace-events", "KQ")).hasMessage(
                failed("notify-keyspace-events", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."));
        assertThat(get("notify-keyspace-events")).containsEntry("notify-keyspace-events", "$lxE");
    }

    @Test
    void validAddressesAndSlots() throws Exception {
        config.set("raft.addr", "[::1]:5001");
        assertThat(config.raftAddr()).isEqualTo("[::1]:5001");
        config.set("raft.addr", "node-1.example:65535");
        config.set("raft.addr", "");
        assertThat(config.raftAddr()).isEmpty();
        config.set("raft.slot-config", "100");
        config.set("raft.slot-config", "0:100");
        config.set("raft.slot-config", "0:100,200,300:400");
        assertThat(config.slotConfig()).isEqualTo("0:100,200,300:400");
        config.set("raft.slot-config", "");
        assertThat(config.slotConfig()).isEmpty();
    }

    @Test
    void failedSetKeepsTheOldValue() throws Exception {
        config.set("raft.request-timeout", "300");
        assertThatThrownBy(() -> config.set("raft.request-timeout", "0")).isInstanceOf(ConfigException.class);
        assertThat(config.requestTimeoutMs()).isEqualTo(300);
        assertThat(get("raft.request-timeout")).containsEntry("raft.request-timeout", "300");
    }

    @Test
    void setAllIsAllOrNothing() throws Exception {
        assertThatThrownBy(() -> config.setAll(List.of(new String[] {"raft.request-timeout", "300"},
                new String[] {"raft.election-timeout", "0"}))).isInstanceOf(ConfigException.class);
        assertThat(config.requestTimeoutMs()).isEqualTo(200);
        assertThatThrownBy(() -> config.setAll(List.of(new String[] {"port", "1"}, new String[] {"PORT", "2"})))
                .hasMessage(failed("PORT", "duplicate parameter"));
        config.setAll(List.of(new String[] {"raft.request-timeout", "300"}, new String[] {"raft.election-timeout", "3000"}));
        assertThat(config.electionTimeoutMs()).isEqualTo(3000);
    }

    @Test
    void listenersSeeLiveChanges() throws Exception {
        List<String> seen = new ArrayList<>();
        config.onChange("raft.request-timeout", seen::add);
        config.set("raft.request-timeout", "200"); // unchanged: not applied again
        config.set("RAFT.REQUEST-TIMEOUT", "75");
        assertThatThrownBy(() -> config.set("raft.request-timeout", "0")).isInstanceOf(ConfigException.class);
        assertThat(seen).containsExactly("75");
    }

    @Test
    void aListenerCanRefuseAndTheOldValueComesBack() throws Exception {
        List<String> seen = new ArrayList<>();
        config.onChange("raft.election-timeout", seen::add);
        config.onChange("port", v -> {
            throw new IllegalStateException("Unable to listen on this port");
        });
        assertThatThrownBy(() -> config.setAll(List.of(new String[] {"raft.election-timeout", "5000"},
                new String[] {"port", "7000"}))).hasMessage(failed("port", "Unable to listen on this port"));
        assertThat(config.port()).isEqualTo(6379);
        assertThat(config.electionTimeoutMs()).isEqualTo(1000);
        assertThat(seen).containsExactly("5000", "1000");
    }

    @Test
    void aRefusedChangeIsUndoneForTheParametersOtherListenersToo() {
        List<String> seen = new ArrayList<>();
        config.onChange("port", seen::add);
        config.onChange("port", v -> {
            if (!v.equals("6379")) throw new IllegalStateException("Unable to listen on this port");
        });
        assertThatThrownBy(() -> config.set("port", "7000")).hasMessage(failed("port", "Unable to listen on this port"));
        assertThat(seen).containsExactly("7000", "6379");
    }

    @Test
    void clusterParamsLockAfterInit() throws Exception {
        config.set("raft.addr", "127.0.0.1:5001");
        config.lockClusterParams();
        String locked = "Configuration change is not allowed after init/join for this parameter";
        for (String[] p : new String[][] {{"raft.id", "3"}, {"raft.addr", "127.0.0.1:5002"},
                {"raft.log-filename", "x.db"}, {"raft.slot-config", "0:10"}, {"raft.external-sharding", "yes"}}) {
            assertThatThrownBy(() -> config.set(p[0], p[1])).hasMessage(failed(p[0], locked));
        }
        // Redis skips the module's setter when the value does not change, so the lock does not fire.
        config.set("raft.addr", "127.0.0.1:5001");
        // A bad value still gets the type's error first.
        assertThatThrownBy(() -> config.set("raft.id", "x"))
                .hasMessage(failed("raft.id", "argument couldn't be parsed into an integer"));
        config.set("raft.request-timeout", "10");
        assertThat(config.raftAddr()).isEqualTo("127.0.0.1:5001");
    }

    @Test
    void lockedStringParamsRefuseBeforeLookingAtTheValue() throws Exception {
        config.set("raft.addr", "127.0.0.1:5001");
        config.lockClusterParams();
        String locked = "Configuration change is not allowed after init/join for this parameter";
        // RedisRaft's string setter checks "after init/join" first: an invalid value gets the lock error.
        assertThatThrownBy(() -> config.set("raft.slot-config", "0:16384")).hasMessage(failed("raft.slot-config", locked));
        assertThatThrownBy(() -> config.set("raft.addr", "nocolon")).hasMessage(failed("raft.addr", locked));
        // Numbers and booleans are checked by Redis before the module's setter sees them.
        assertThatThrownBy(() -> config.set("raft.external-sharding", "maybe"))
                .hasMessage(failed("raft.external-sharding", "argument must be 'yes' or 'no'"));
    }

    @Test
    void tlsEnabledIsAcceptedAsByARedisRaftBuiltWithTls() throws Exception {
        // The certificates are checked when a node starts with it (TlsClusterTest), not by the table.
        config.set("raft.tls-enabled", "yes");
        assertThat(config.tlsEnabled()).isTrue();
        config.set("raft.tls-enabled", "no");
        assertThat(config.tlsEnabled()).isFalse();
    }

    @Test
    void markInitializedRecordsTheIdAndLocks() {
        assertThat(config.clusterParamsLocked()).isFalse();
        config.markInitialized(1733428433);
        assertThat(config.raftId()).isEqualTo(1733428433);
        assertThat(config.value("raft.id")).hasValue("1733428433");
        assertThat(config.clusterParamsLocked()).isTrue();
        assertThatThrownBy(() -> config.set("raft.id", "5"))
                .hasMessage(failed("raft.id", "Configuration change is not allowed after init/join for this parameter"));
    }

    @Test
    void traceTogglesComponentsAndOffAllReplace() throws Exception {
        config.set("raft.trace", "node");
        assertThat(get("raft.trace")).containsEntry("raft.trace", "node");
        // The same value again is no change for Redis: the setter is not called, nothing toggles.
        config.set("raft.trace", "node");
        assertThat(get("raft.trace")).containsEntry("raft.trace", "node");
        config.set("raft.trace", "conn raftlog");
        assertThat(get("raft.trace")).containsEntry("raft.trace", "node conn raftlog");
        config.set("raft.trace", "node");
        assertThat(get("raft.trace")).containsEntry("raft.trace", "conn raftlog");
        assertThat(config.trace()).containsExactly(TraceComponent.CONN, TraceComponent.RAFTLOG);
        config.set("raft.trace", "all");
        assertThat(get("raft.trace")).containsEntry("raft.trace", "all");
        config.set("raft.trace", "migration");
        assertThat(get("raft.trace")).containsEntry("raft.trace", "node conn raftlib raftlog generic");
        config.set("raft.trace", "off");
        assertThat(get("raft.trace")).containsEntry("raft.trace", "off");
        assertThat(config.trace()).isEmpty();
        assertThatThrownBy(() -> config.set("raft.trace", "")).hasMessageContaining("argument(s) must be one of the following");
    }

    @Test
    void requiredRedisSettingsCannotBeChangedAtRunTime() {
        assertThatThrownBy(() -> config.set("appendonly", "yes"))
                .hasMessage(failed("appendonly", "appendonly must be no: the Raft log is Redraft's only append-only file"));
        assertThatThrownBy(() -> config.set("save", "900 1"))
                .hasMessage(failed("save", "save must be \"\": Redraft snapshots through Raft, Redis save points would bypass the log"));
        assertThatThrownBy(() -> config.set("save", "900"))
                .hasMessage(failed("save", "Invalid save parameters"));
        assertThatThrownBy(() -> config.set("maxmemory-policy", "allkeys-lru"))
                .hasMessage(failed("maxmemory-policy",
                        "maxmemory-policy must be noeviction: evicting keys on one node would make the replicas diverge"));
        assertThatThrownBy(() -> config.set("replicaof", "h 1")).hasMessage(failed("replicaof", "can't set immutable config"));
        assertThat(config.value("appendonly")).hasValue("no");
    }

    @Test
    void emptyRaftAddrIsResolvedToAnInterfaceAndThePort() throws Exception {
        config.set("port", "7777");
        var host = LocalAddress.firstNonLoopback();
        if (host.isEmpty()) {
            assertThatThrownBy(config::resolveRaftAddr)
                    .hasMessage("Failed to determine local address, please set 'raft.addr'.");
            return;
        }
        config.resolveRaftAddr();
        assertThat(config.raftAddr()).isEqualTo(host.get() + ":7777");
        config.set("raft.addr", "10.0.0.1:5");
        config.resolveRaftAddr(); // an explicit address stays
        assertThat(config.raftAddr()).isEqualTo("10.0.0.1:5");
    }

    @Test
    void clientOutputBufferLimitMergesClasses() throws Exception {
        assertThat(config.value("client-output-buffer-limit"))
                .hasValue("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        config.set("client-output-buffer-limit", "pubsub 64mb 16mb 30 replica 1gb 1gb 0");
        assertThat(config.value("client-output-buffer-limit"))
                .hasValue("normal 0 0 0 slave 1073741824 1073741824 0 pubsub 67108864 16777216 30");
        assertThatThrownBy(() -> config.set("client-output-buffer-limit", "master 1 1 1"))
                .hasMessage(failed("client-output-buffer-limit", "Invalid client class specified in buffer limit configuration."));
        assertThatThrownBy(() -> config.set("client-output-buffer-limit", "normal 1 1"))
                .hasMessage(failed("client-output-buffer-limit", "Wrong number of arguments in buffer limit configuration."));
        assertThatThrownBy(() -> config.set("client-output-buffer-limit", "normal 1x 1 1"))
                .hasMessage(failed("client-output-buffer-limit",
                        "Error in hard, soft or soft_seconds setting in buffer limit configuration."));
    }

    @Test
    void sensitiveParameters() {
        assertThat(config.isSensitive("requirepass")).isTrue();
        assertThat(config.isSensitive("RAFT.CLUSTER-PASSWORD")).isTrue();
        assertThat(config.isSensitive("masterauth")).isTrue();
        assertThat(config.isSensitive("port")).isFalse();
        assertThat(config.isSensitive("nope")).isFalse();
    }

    @Test
    void multiWordValuesSplitOnSpaces() throws Exception {
        config.set("bind", "127.0.0.1 ::1");
        assertThat(config.bind()).containsExactly("127.0.0.1", "::1");
        assertThat(get("bind")).containsEntry("bind", "127.0.0.1 ::1");
        config.set("save", "");
        assertThat(get("save")).containsEntry("save", "");
    }
}
