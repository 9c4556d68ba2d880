package io.redraft.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTableTest {
    private static List<byte[]> argv(String... a) {
        return java.util.Arrays.stream(a).map(String::getBytes).toList();
    }

    @Test
    void keyPositionsForFixedAndMovableKeys() {
        CommandTable t = Store.commands();
        assertThat(t.lookup(argv("MSET", "a", "1", "b", "2")).keyPositions(argv("MSET", "a", "1", "b", "2")))
                .containsExactly(1, 3);
        assertThat(t.lookup(argv("ZUNIONSTORE", "d", "2", "a", "b")).keyPositions(argv("ZUNIONSTORE", "d", "2", "a", "b")))
                .containsExactly(1, 3, 4);
        assertThat(t.lookup(argv("LMPOP", "2", "a", "b", "LEFT")).keyPositions(argv("LMPOP", "2", "a", "b", "LEFT")))
                .containsExactly(2, 3);
        assertThat(t.lookup(argv("object", "encoding", "k")).name()).isEqualTo("object|encoding");
        assertThat(t.lookup("get").has(CommandFlag.READONLY)).isTrue();
        assertThat(t.lookup("spop").has(CommandFlag.RANDOM)).isTrue();
    }

    @Test
    void errorsForUnknownAndMisusedCommands() {
        TestClient c = new TestClient();
        assertThat(c.run("OBJECT", "nope", "k")).isEqualTo("-ERR unknown subcommand 'nope'. Try OBJECT HELP.\r\n");
        assertThat(c.run("OBJECT")).isEqualTo("-ERR wrong number of arguments for 'object' command\r\n");
        assertThat(c.run("OBJECT", "ENCODING")).isEqualTo("-ERR wrong number of arguments for 'object|encoding' command\r\n");
        assertThat(c.run("nosuch")).isEqualTo("-ERR unknown command 'nosuch', with args beginning with: \r\n");
        assertThat(c.run("SET", "k", "v", "EX", "10", "PX", "5")).isEqualTo("-ERR syntax error\r\n");
    }
}
