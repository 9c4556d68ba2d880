package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerAuthTest {
    @RegisterExtension
    static final StandaloneNode node = new StandaloneNode("requirepass", "s3cret");

    @Test
    void authGatesCommands() throws Exception {
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("INFO")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("AUTH", "wrong")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(c.call("AUTH", "a", "b", "c")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("HELLO", "3")).startsWith("-NOAUTH HELLO must be called with the client already authenticated");
            assertThat(c.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("HELLO", "3", "AUTH", "default", "s3cret")).startsWith("%7\r\n");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void unauthenticatedRequestsAreSmall() throws Exception {
        try (RawClient c = new RawClient(node.port())) {
            c.send("*11\r\n");
            assertThat(c.readReply()).isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(node.port())) {
            c.send("*2\r\n$4\r\nAUTH\r\n$16385\r\n");
            assertThat(c.readReply()).isEqualTo("-ERR Protocol error: unauthenticated bulk length\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(node.port())) {
            // AUTH pipelined before a large request: as in Redis, the request is read after AUTH ran.
            String[] big = new String[12];
            big[0] = "PING";
            for (int i = 1; i < big.length; i++) big[i] = "x";
            c.send(RawClient.command("AUTH", "s3cret") + RawClient.command(big) + RawClient.command("PING", "y".repeat(20_000)));
            assertThat(c.readReply()).isEqualTo("+OK\r\n");
            assertThat(c.readReply()).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
            assertThat(c.readReply()).startsWith("$20000\r\n");
        }
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("AUTH", "default", "nope")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        }
    }
}
