package io.redraft.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A follower's snapshot chunks reuse the arrays of chunks already stored (#24). */
class ChunkArraysTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aDecodedChunkIsCarriedInAnArrayGivenBackAndOnlyAChunkIs() throws Exception {
        ChunkArrays chunks = new ChunkArrays();
        byte[] stored = new byte[65_536];
        chunks.give(stored);
        RequestDecoder d = new RequestDecoder(RequestLimits.REDIS_DEFAULTS, chunks);
        d.peerLink(true);
        byte[] data = new byte[65_536];
        java.util.Arrays.fill(data, (byte) 'z');
        assertThat(d.next(java.nio.ByteBuffer.wrap(b("*3\r\n$13\r\nRAFT.SNAPSHOT\r\n$3\r\n1 2\r\n$65536\r\n")))).isNull();
        assertThat(d.next(java.nio.ByteBuffer.wrap(data))).isNull();
        byte[][] argv = d.next(java.nio.ByteBuffer.wrap(b("\r\n")));
        assertThat(argv[2]).isSameAs(stored).isEqualTo(data);

        // a client's value of the same size is never taken from the pool
        byte[] spare = new byte[65_536];
        chunks.give(spare);
        RequestDecoder client = new RequestDecoder(RequestLimits.REDIS_DEFAULTS, chunks);
        client.peerLink(true); // even on a peer's link, only a chunk
        assertThat(client.next(java.nio.ByteBuffer.wrap(b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$65536\r\n")))).isNull();
        assertThat(chunks.take(65_536)).as("still in the pool").isSameAs(spare);
    }

    @Test
    void onlyArraysOfTheLengthAskedForAreReusedAndFewAreKept() {
        ChunkArrays chunks = new ChunkArrays();
        byte[] a = new byte[100];
        chunks.give(a);
        assertThat(chunks.take(100)).isSameAs(a);
        chunks.give(a);
        assertThat(chunks.take(64)).isNotSameAs(a).hasSize(64);

        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < ChunkArrays.MAX_KEPT + 10; i++) many.add(new byte[8]);
        many.forEach(chunks::give);
        int reused = 0;
        for (int i = 0; i < ChunkArrays.MAX_KEPT + 10; i++) {
            byte[] t = chunks.take(8);
            if (many.stream().anyMatch(m -> m == t)) reused++;
        }
        assertThat(reused).isEqualTo(ChunkArrays.MAX_KEPT);
    }
}
