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

    /** The entry a request carries is the one the store itself resolves, for every command shape. */
    @Test
    void theCarriedStoreEntryIsTheStoresOwnResolution() {
        var store = io.redraft.server.command.DataCommands.table();
        java.util.List<byte[][]> shapes = new java.util.ArrayList<>();
        for (var c : io.redraft.server.command.ServerCommandTable.get().all()) {
            String[] words = c.name().split("\\|");
            shapes.add(argv(words));
            shapes.add(argv(words[0], "nosuchsub"));
            shapes.add(argv(words[0].toUpperCase(java.util.Locale.ROOT)));
            if (words.length == 2) shapes.add(argv(words[0], words[1].toUpperCase(java.util.Locale.ROOT), "x"));
        }
        for (byte[][] a : shapes) {
            ClientRequest r = ClientRequest.decoded(a);
            if (r.route() == Route.INTERNAL || r.route() == Route.NODE || r.classification().prefixed()) continue;
            assertThat(r.storeEntry()).as(new String(a[0]) + (a.length > 1 ? " " + new String(a[1]) : ""))
                    .isSameAs(store.resolve(r.commandList()));
        }
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
