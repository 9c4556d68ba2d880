package io.redraft.server;

import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.resp.RawClient;
import io.redraft.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACL's configuration: {@code user} directives, {@code aclfile}, and requirepass as the default user's password. */
class AclConfigTest {
    @TempDir
    Path dir;

    private RedraftServer start(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(freePort()), "--bind", "127.0.0.1",
                "--dir", dir.toString()));
        args.addAll(List.of(extra));
        return RedraftServer.start(ServerConfig.parse(args.toArray(new String[0])));
    }

    @Test
    void userDirectivesDefineUsersAndRequirepassIsTheDefaultUsersPassword() throws Exception {
        Path conf = dir.resolve("redraft.conf");
        Files.writeString(conf, "requirepass s3cret\nuser alice on >apw ~a* +get\n");
        try (RedraftServer s = RedraftServer.start(ServerConfig.parse(new String[] {conf.toString(), "--port",
                Integer.toString(freePort()), "--bind", "127.0.0.1", "--dir", dir.toString()}));
             RawClient c = new RawClient(s.port())) {
            assertThat(c.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("AUTH", "alice", "apw")).isEqualTo("+OK\r\n");
            assertThat(c.call("ACL", "WHOAMI")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'acl|whoami' command\r\n");
            assertThat(c.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            assertThat(c.call("ACL", "WHOAMI")).isEqualTo("$7\r\ndefault\r\n");
            String alice = "user alice on #" + AclClusterTest.sha256("apw") + " ~a* resetchannels -@all +get";
            String dflt = "user default on #" + AclClusterTest.sha256("s3cret") + " ~* &* +@all";
            assertThat(c.call("ACL", "LIST")).isEqualTo("*2\r\n$" + alice.length() + "\r\n" + alice + "\r\n$"
                    + dflt.length() + "\r\n" + dflt + "\r\n");
            // CONFIG SET requirepass changes the default user's password, as in Redis
            assertThat(c.call("CONFIG", "SET", "requirepass", "other")).isEqualTo("+OK\r\n");
            try (RawClient d = new RawClient(s.port())) {
                assertThat(d.call("AUTH", "s3cret")).startsWith("-WRONGPASS");
                assertThat(d.call("AUTH", "other")).isEqualTo("+OK\r\n");
                assertThat(d.call("CLIENT", "INFO")).contains(" user=default ");
            }
            assertThat(c.call("CONFIG", "SET", "requirepass", "")).isEqualTo("+OK\r\n");
            try (RawClient d = new RawClient(s.port())) {
                assertThat(d.call("PING")).isEqualTo("+PONG\r\n");
            }
        }
    }

    @Test
    void anAclFileAndUserDirectivesTogetherRefuseToStart() throws Exception {
        Path acl = Files.writeString(dir.resolve("users.acl"), "user bob on >b +@all ~*\n");
        assertThatThrownBy(() -> start("--aclfile", acl.toString(), "--user", "x", "on")).hasMessageContaining(
                "Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid.");
        Files.writeString(acl, "user bob on bogus\n");
        assertThatThrownBy(() -> start("--aclfile", acl.toString())).hasMessageContaining(
                "Aborting Redis startup because of ACL errors: " + acl + ":1: Syntax error.");
        Files.writeString(acl, "user bob on >b +@all ~*\n");
        try (RedraftServer s = start("--aclfile", acl.toString()); RawClient c = new RawClient(s.port())) {
            assertThat(c.call("AUTH", "bob", "b")).isEqualTo("+OK\r\n");
            assertThat(c.call("ACL", "USERS")).isEqualTo("*2\r\n$3\r\nbob\r\n$7\r\ndefault\r\n");
        }
    }
}
