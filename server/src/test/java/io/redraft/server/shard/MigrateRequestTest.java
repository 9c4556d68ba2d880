package io.redraft.server.shard;

import org.junit.jupiter.api.Test;

import static io.redraft.server.shard.ShardMapTest.argv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrateRequestTest {
    @Test
    void parsesOptionsCredentialsAndKeys() throws Exception {
        MigrateRequest m = MigrateRequest.parse(argv("MIGRATE", "h", "1", "", "0", "5000", "COPY", "AUTH2", "u", "p", "KEYS", "a", "b"));
        assertThat(m.copy()).isTrue();
        assertThat(m.replace()).isFalse();
        assertThat(m.user()).isEqualTo("u");
        assertThat(m.password()).isEqualTo("p");
        assertThat(m.keys()).hasSize(2);
        assertThat(MigrateRequest.parse(argv("MIGRATE", "h", "1", "", "0", "0", "REPLACE", "KEYS", "a")).user()).isEqualTo("default");
    }

    @Test
    void refusesWithRedisRaftsErrors() {
        assertThatThrownBy(() -> MigrateRequest.parse(argv("MIGRATE", "h", "1", "k", "0", "0", "KEYS", "a")))
                .hasMessage("ERR RedisRaft doesn't support old style single key migration");
        assertThatThrownBy(() -> MigrateRequest.parse(argv("MIGRATE", "h", "1", "", "0", "0", "COPY", "KEYS")))
                .hasMessage("ERR Didn't provide any keys to migrate");
        assertThatThrownBy(() -> MigrateRequest.parse(argv("MIGRATE", "h", "1", "", "0", "0", "COPY", "AUTH2", "u")))
                .hasMessage("ERR couldn't parse username/password");
        assertThatThrownBy(() -> MigrateRequest.parse(argv("MIGRATE", "h", "1", "", "0", "0", "AUTH2", "u".repeat(256), "p", "KEYS", "a")))
                .hasMessage("ERR username is too long: limited to 255 characters");
        assertThatThrownBy(() -> MigrateRequest.parse(argv("MIGRATE", "h", "1", "", "0", "0", "AUTH", "p".repeat(256), "KEYS", "a")))
                .hasMessage("ERR password is too long: limited to 255 characters");
        assertThatThrownBy(() -> MigrateRequest.parse(argv("MIGRATE", "h", "1", "", "0", "0", "KEYS")))
                .isInstanceOfSatisfying(ShardGroupError.class, e -> assertThat(e.arity).isTrue());
    }

    @Test
    void importCarriesTermSessionAndPairs() throws Exception {
        ImportRequest r = ImportRequest.parse(argv("RAFT.IMPORT", "3", "77", "k1", "d1", "k2", "d2"));
        assertThat(r.term()).isEqualTo(3);
        assertThat(r.sessionKey()).isEqualTo(77);
        assertThat(r.keys()).hasSize(2);
        assertThatThrownBy(() -> ImportRequest.parse(argv("RAFT.IMPORT", "x", "77", "k", "d")))
                .hasMessage("ERR failed to parse raft term");
        assertThatThrownBy(() -> ImportRequest.parse(argv("RAFT.IMPORT", "3", "-1", "k", "d")))
                .hasMessage("ERR failed to parse import migration session key");
        assertThatThrownBy(() -> ImportRequest.parse(argv("RAFT.IMPORT", "3", "7", "k")))
                .isInstanceOf(ShardGroupError.class);
    }
}
