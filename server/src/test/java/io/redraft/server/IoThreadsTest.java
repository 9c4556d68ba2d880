package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoThreadsTest {
    private static ServerConfig config(Path dir, String... more) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        List<String> args = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--dir", dir.toString()));
        args.addAll(List.of(more));
        return ServerConfig.parse(args.toArray(String[]::new));
    }

    @Test
    void ioThreadsSizesTheEventLoopsAndDefaultsToRedissOne(@TempDir Path dir) throws Exception {
        try (RedraftServer server = RedraftServer.start(config(dir.resolve("a")))) {
            assertThat(server.ioThreads()).isEqualTo(1);
        }
        try (RedraftServer server = RedraftServer.start(config(dir.resolve("b"), "--io-threads", "3"))) {
            assertThat(server.ioThreads()).isEqualTo(3);
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) clients.add(new RawClient(server.port()));
                for (RawClient c : clients) assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
                assertThat(clients.get(0).call("CONFIG", "GET", "io-threads")).isEqualTo("*2\r\n$10\r\nio-threads\r\n$1\r\n3\r\n");
            } finally {
                for (RawClient c : clients) c.close();
            }
        }
    }
}
