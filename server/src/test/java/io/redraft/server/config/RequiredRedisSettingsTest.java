package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RedisRaft's deployment requirements on Redis's own settings are refused at start-up, with the reason. */
class RequiredRedisSettingsTest {
    @TempDir
    Path dir;

    private ServerConfig parse(String... args) throws ConfigException {
        return ServerConfig.parse(args, InputStream.nullInputStream(), dir);
    }

    private void refused(String option, String value, String reason) {
        String line = option + " " + ArgSplitter.repr(value);
        assertThatThrownBy(() -> parse("--" + option, value))
                .isInstanceOf(ConfigException.class)
                .hasMessage("\n*** FATAL CONFIG FILE ERROR (Redis " + ServerConfig.REDIS_VERSION + ") ***\n"
                        + "Reading the configuration file, at line 2\n>>> '" + line + "'\n" + reason);
    }

    @Test
    void conflictingValuesAreRefusedWithTheReason() {
        refused("databases", "16", "databases must be 1: Redraft keeps one database, replicated by Raft");
        refused("save", "900 1", "save must be \"\": Redraft snapshots through Raft, Redis save points would bypass the log");
        refused("appendonly", "yes", "appendonly must be no: the Raft log is Redraft's only append-only file");
        refused("maxmemory-policy", "allkeys-lru",
                "maxmemory-policy must be noeviction: evicting keys on one node would make the replicas diverge");
        refused("cluster-enabled", "yes",
                "cluster-enabled must be no: Redraft is not compatible with Redis Cluster, use raft.sharding");
        refused("replicaof", "10.0.0.1 6379",
                "replicaof is not supported: Redraft replicates through Raft, not Redis replication");
        refused("slaveof", "10.0.0.1 6379",
                "replicaof is not supported: Redraft replicates through Raft, not Redis replication");
        refused("daemonize", "yes",
                "daemonize must be no: Redraft runs in the foreground and keeps the launcher's pid, use a process supervisor");
        refused("dbfilename", "", "dbfilename must not be empty: Redraft keeps its Raft snapshot in it");
    }

    @Test
    void theRequiredValuesThemselvesAreAccepted() throws Exception {
        ServerConfig c = parse("--databases", "1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction",
                "--cluster-enabled", "no", "--replicaof", "no", "one", "--daemonize", "no");
        assertThat(c.value("databases")).hasValue("1");
        assertThat(c.value("replicaof")).hasValue("");
    }
}
