package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.server.config.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaxClientsTest {
    @Test
    void connectionsBeyondMaxclientsAreToldAndClosed(@TempDir Path dir) throws Exception {
        ServerConfig c = ServerConfig.parse(new String[] {"--port", "0", "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--maxclients", "2"});
        try (RedraftServer server = RedraftServer.start(c);
             RawClient a = new RawClient(server.port());
             RawClient b = new RawClient(server.port())) {
            assertThat(a.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(b.call("PING")).isEqualTo("+PONG\r\n");
            try (RawClient third = new RawClient(server.port())) {
                assertThat(third.readReply()).isEqualTo("-ERR max number of clients reached\r\n");
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(a.call("INFO", "stats")).contains("rejected_connections:1");
        }
    }
}
