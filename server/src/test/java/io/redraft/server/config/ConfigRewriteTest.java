package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONFIG REWRITE keeps the file's comments, order and unknown lines, rewrites known directives in
 * place (dropping their repeats), appends non-default ones after Redis's marker, and the result
 * loads back to the same values.
 */
class ConfigRewriteTest {
    @TempDir
    Path dir;

    @Test
    void rewritesInPlaceAndAppendsWhatChanged() throws Exception {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, """
                # my node
                port 7001
                loadmodule /opt/redisraft.so
                hz 10
                # hz again
                hz 20
                maxmemory-policy noeviction
                """);
        ServerConfig c = ServerConfig.parse(new String[] {conf.toString(), "--dir", dir.toString()});
        c.set("hz", "15");
        c.set("slowlog-max-len", "99");
        c.set("notify-keyspace-events", "KEA");
        c.set("client-output-buffer-limit", "normal 10mb 5mb 30");
        ConfigRewrite.rewrite(c);
        String text = Files.readString(conf);
        assertThat(text).startsWith("# my node\nport 7001\nloadmodule /opt/redisraft.so\nhz 15\n# hz again\nmaxmemory-policy noeviction\n");
        assertThat(text).contains(ConfigRewrite.MARKER + "\n").contains("\nslowlog-max-len 99\n")
                .contains("\nclient-output-buffer-limit normal 10485760 5242880 30\n")
                .contains("\nnotify-keyspace-events AKE\n").doesNotContain("\nhz 20");
        ServerConfig again = ServerConfig.parse(new String[] {conf.toString()});
        assertThat(again.number("hz")).isEqualTo(15);
        assertThat(again.slowlogMaxLen()).isEqualTo(99);
        assertThat(again.value("client-output-buffer-limit")).isEqualTo(c.value("client-output-buffer-limit"));
        // A second rewrite changes nothing and keeps one marker.
        ConfigRewrite.rewrite(again);
        assertThat(Files.readString(conf)).isEqualTo(text);
    }

    @Test
    void withoutAConfigFileItIsRedisError() throws Exception {
        ServerConfig c = ServerConfig.parse(new String[] {"--port", "0"});
        assertThatThrownBy(() -> ConfigRewrite.rewrite(c)).hasMessage("The server is running without a config file");
    }
}
