package io.redraft.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.server.command.Route;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a request carries from the decoder on: its route, the words that run, and the store's entry for the dry run. */
class ClientRequestTest {
    private static byte[][] argv(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        return out;
    }

    @Test
    void dataCommandsCarryTheirPathAndTheirDryRun() {
        ClientRequest get = ClientRequest.decoded(argv("GET", "k"));
        assertThat(get.route()).isEqualTo(Route.READ_INDEX);
        assertThat(get.runnable()).isNotNull();
        assertThat(get.classification().keys()).hasSize(1);
        ClientRequest set = ClientRequest.decoded(argv("set", "k"));
        assertThat(set.route()).isEqualTo(Route.REPLICATED);
        assertThat(set.storeEntry()).isNotNull();
        assertThat(set.runnable()).isNull(); // wrong arity: the dry run answers
        assertThat(ClientRequest.decoded(argv("nosuch")).storeEntry()).isNull();
    }

    @Test
    void aRaftPrefixRunsItsInnerCommandAsAProxiedRequestDoes() {
        ClientRequest prefixed = ClientRequest.decoded(argv("RAFT", "PING"));
        assertThat(prefixed.classification().prefixed()).isTrue();
        assertThat(prefixed.route()).isEqualTo(Route.REPLICATED); // the store's PING, through the log
        assertThat(prefixed.commandName()).isEqualTo("ping");
        assertThat(prefixed.command().length).isEqualTo(1);
        ClientRequest proxied = ClientRequest.intercepted(argv("PING"));
        assertThat(proxied.route()).isEqualTo(Route.REPLICATED);
        assertThat(proxied.command().length).isEqualTo(1);
        assertThat(ClientRequest.decoded(argv("PING")).route()).isEqualTo(Route.NODE);
    }

    @Test
    void internalAndNodeCommandsHaveNoStoreEntry() {
        for (String name : new String[] {"expire-sweep", "debug-populate", "exec-watched"}) {
            ClientRequest r = ClientRequest.decoded(argv(name, "1", "2", "3"));
            assertThat(r.route()).as(name).isEqualTo(Route.INTERNAL);
            assertThat(r.storeEntry()).as(name).isNull();
        }
        ClientRequest sessionNew = ClientRequest.decoded(argv("CLIENT", "SESSION", "NEW"));
        assertThat(sessionNew.route()).isEqualTo(Route.REPLICATED);
        assertThat(sessionNew.runnable()).isNull(); // never pipelined: the client path registers it
    }
}
