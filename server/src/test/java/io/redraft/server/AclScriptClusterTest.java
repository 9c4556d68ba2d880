package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user that called a script travels in its log entry: every node checks the script's calls
 * against that user when the entry applies, so a refused call changes nothing on any replica,
 * including when a follower proxies the script to the leader. EXEC's second check is made on the
 * node the client talks to, proxied transactions included.
 */
@Tag("cluster")
class AclScriptClusterTest {
    private static final String ZERO = "*1\r\n+" + "0".repeat(40) + "\r\n";

    @Test
    void scriptCallsAreRefusedOnEveryReplica(@TempDir Path dir) throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir)) {
            int[] p = cluster.form(3);
            try (RawClient admin = new RawClient(p[0]); RawClient f1 = new RawClient(p[1]); RawClient f2 = new RawClient(p[2])) {
                assertThat(admin.call("ACL", "SETUSER", "k", "on", ">p", "~a*", "&*", "+@all")).isEqualTo("+OK\r\n");
                assertThat(f1.call("CONFIG", "SET", "raft.follower-proxy", "yes")).isEqualTo("+OK\r\n");
                for (RawClient f : new RawClient[] {f1, f2}) {
                    InProcessCluster.await(() -> f.call("ACL", "USERS"), r -> r.contains("\r\nk\r\n"));
                }
                String script = "redis.pcall('set', ARGV[1], '1'); return redis.call('set', ARGV[2], 'v')";
                try (RawClient onLeader = new RawClient(p[0]); RawClient onFollower = new RawClient(p[1])) {
                    assertThat(onLeader.call("AUTH", "k", "p")).isEqualTo("+OK\r\n");
                    assertThat(onLeader.call("EVAL", script, "0", "secret1", "a1")).isEqualTo("+OK\r\n");
                    assertThat(onFollower.call("AUTH", "k", "p")).isEqualTo("+OK\r\n");
                    assertThat(onFollower.call("EVAL", script, "0", "secret2", "a2")).isEqualTo("+OK\r\n"); // proxied
                    assertThat(onFollower.call("EVAL", "return redis.call('get', 'secret1')", "0"))
                            .startsWith("-ERR The user executing the script can't access at least one of the keys");
                }
                for (RawClient n : new RawClient[] {admin, f1, f2}) {
                    InProcessCluster.await(() -> n.call("DEBUG", "DIGEST-VALUE", "a2"), r -> !r.equals(ZERO));
                    assertThat(n.call("DEBUG", "DIGEST-VALUE", "secret1")).isEqualTo(ZERO);
                    assertThat(n.call("DEBUG", "DIGEST-VALUE", "secret2")).isEqualTo(ZERO);
                }
                assertThat(f1.call("DEBUG", "DIGEST")).isEqualTo(admin.call("DEBUG", "DIGEST"));
                assertThat(f2.call("DEBUG", "DIGEST")).isEqualTo(admin.call("DEBUG", "DIGEST"));
                // The refusals are in the ACL LOG of the node that ran the client's script, not the others'.
                assertThat(admin.call("ACL", "LOG")).contains("lua").contains("secret1");
                assertThat(f2.call("ACL", "LOG")).doesNotContain("lua");
            }
        }
    }

    @Test
    void execRechecksThroughTheFollowerProxy(@TempDir Path dir) throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir)) {
            int[] p = cluster.form(3);
            try (RawClient admin = new RawClient(p[0]); RawClient f1 = new RawClient(p[1]); RawClient c = new RawClient(p[1])) {
                assertThat(admin.call("ACL", "SETUSER", "m", "on", ">p", "~*", "&*", "+@all")).isEqualTo("+OK\r\n");
                assertThat(f1.call("CONFIG", "SET", "raft.follower-proxy", "yes")).isEqualTo("+OK\r\n");
                InProcessCluster.await(() -> f1.call("ACL", "USERS"), r -> r.contains("\r\nm\r\n"));
                assertThat(c.call("AUTH", "m", "p")).isEqualTo("+OK\r\n");
                assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
                assertThat(c.call("SET", "x", "1")).isEqualTo("+QUEUED\r\n");
                assertThat(c.call("SET", "y", "1")).isEqualTo("+QUEUED\r\n");
                assertThat(admin.call("ACL", "SETUSER", "m", "resetkeys", "~y")).isEqualTo("+OK\r\n");
                InProcessCluster.await(() -> f1.call("ACL", "GETUSER", "m"), r -> !r.contains("~*"));
                assertThat(c.call("EXEC")).isEqualTo("*2\r\n-NOPERM ACLs rules changed between the moment the transaction was"
                        + " accumulated and the EXEC call. This command is no longer allowed for the following reason:"
                        + " no permission to touch the specified keys\r\n+OK\r\n");
                InProcessCluster.await(() -> admin.call("DEBUG", "DIGEST-VALUE", "y"), r -> !r.equals(ZERO));
                assertThat(admin.call("DEBUG", "DIGEST-VALUE", "x")).isEqualTo(ZERO);
            }
        }
    }
}
