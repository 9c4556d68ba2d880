package io.redraft.store.rdb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-built files for forms redis-server 7.0 does not produce here: 7.2 types, modules, functions. */
class RdbReaderFormsTest {
    interface Body {
        void write(RdbOutput o) throws Exception;
    }

    private static byte[] file(Body body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbOutput o = new RdbOutput(bytes);
        o.write("REDIS0011".getBytes(StandardCharsets.US_ASCII));
        body.write(o);
        o.writeByte(Rdb.OPCODE_EOF);
        o.writeTrailer(o.crc());
        return bytes.toByteArray();
    }

    private static RdbContents read(byte[] f) throws Exception {
        return RdbReader.read(new ByteArrayInputStream(f), "hand.rdb");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A listpack of "a", "bc", 5 (7-bit), -100 (13-bit), 1000 (int16), "" : every short form. */
    static byte[] listpack() {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.writeBytes(new byte[] {(byte) 0x81, 'a', 2});
        e.writeBytes(new byte[] {(byte) 0x82, 'b', 'c', 3});
        e.writeBytes(new byte[] {5, 1});
        int v = -100 & 0x1FFF;
        e.writeBytes(new byte[] {(byte) (0xC0 | (v >> 8)), (byte) v, 2});
        e.writeBytes(new byte[] {(byte) 0xF1, (byte) 1000, (byte) (1000 >> 8), 3});
        e.writeBytes(new byte[] {(byte) 0x80, 1});
        e.write(0xFF);
        byte[] entries = e.toByteArray();
        int total = 6 + entries.length;
        ByteArrayOutputStream lp = new ByteArrayOutputStream();
        lp.writeBytes(new byte[] {(byte) total, (byte) (total >> 8), 0, 0, 6, 0});
        lp.writeBytes(entries);
        return lp.toByteArray();
    }

    @Test
    void setListpackOfRedis72() throws Exception {
        RdbContents c = read(file(o -> {
            o.writeByte(Rdb.OPCODE_SELECTDB);
            o.writeLength(0);
            o.writeByte(Rdb.TYPE_SET_LISTPACK);
            o.writeString(b("s"));
            o.writeString(listpack());
        }));
        assertThat(KeyspaceView.of(c.keyspace()).get("s").content()).containsExactly("a", "bc", "5", "-100", "1000", "");
        assertThat(c.version()).isEqualTo(11);
    }

    @Test
    void wideIntsetAndLegacyExpiry() throws Exception {
        RdbContents c = read(file(o -> {
            o.writeByte(Rdb.OPCODE_EXPIRETIME);
            for (int i = 0; i < 4; i++) {
                o.writeByte(2_000_000_000 >>> (8 * i));
            }
            o.writeByte(Rdb.TYPE_SET_INTSET);
            o.writeString(b("i"));
            ByteArrayOutputStream is = new ByteArrayOutputStream();
            is.writeBytes(new byte[] {8, 0, 0, 0, 2, 0, 0, 0});
            for (long v : new long[] {Long.MIN_VALUE, 7}) {
                for (int i = 0; i < 8; i++) {
                    is.write((int) (v >>> (8 * i)));
                }
            }
            o.writeString(is.toByteArray());
        }));
        KeyspaceView.Val v = KeyspaceView.of(c.keyspace()).get("i");
        assertThat(v.content()).containsExactly(Long.toString(Long.MIN_VALUE), "7");
        assertThat(v.expireAt()).isEqualTo(2_000_000_000_000L);
    }

    /** A RedisRaft-style dump: module aux data and LRU/LFU hints are skipped, the function library kept for scripting. */
    @Test
    void skipsModuleAuxFunctionsAndHints() throws Exception {
        RdbContents c = read(file(o -> {
            o.writeByte(Rdb.OPCODE_MODULE_AUX);
            o.writeLength(0x1234_5678_9abcL); // module id
            o.writeLength(Rdb.MODULE_OPCODE_UINT);
            o.writeLength(1); // when: before the keyspace
            o.writeLength(Rdb.MODULE_OPCODE_STRING);
            o.writeString(b("dbid"));
            o.writeLength(Rdb.MODULE_OPCODE_UINT);
            o.writeLength(42);
            o.writeLength(Rdb.MODULE_OPCODE_DOUBLE);
            o.writeDouble(1.5);
            o.writeLength(Rdb.MODULE_OPCODE_FLOAT);
            o.write(new byte[4]);
            o.writeLength(Rdb.MODULE_OPCODE_EOF);
            o.writeByte(Rdb.OPCODE_FUNCTION2);
            o.writeString(b("#!lua name=lib\nredis.register_function('f', function() return 1 end)"));
            o.writeByte(Rdb.OPCODE_SELECTDB);
            o.writeLength(0);
            o.writeByte(Rdb.OPCODE_IDLE);
            o.writeLength(100);
            o.writeByte(Rdb.OPCODE_FREQ);
            o.writeByte(5);
            o.writeByte(Rdb.TYPE_STRING);
            o.writeString(b("k"));
            o.writeString(b("v"));
        }));
        assertThat(KeyspaceView.of(c.keyspace())).containsOnlyKeys("k");
        assertThat(c.functions()).singleElement().satisfies(code -> assertThat(new String(code, java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("#!lua name=lib"));
    }

    /**
     * RedisRaft's real module id: "redisraft" puts bits in the top of the 64-bit id (as every
     * type name from 'g' does), which a signed length check took for an overflow. Module integers
     * may use all 64 bits too. Both reach the module AUX consumer intact.
     */
    @Test
    void moduleIdsAndIntegersUseAll64Bits() throws Exception {
        long id = ModuleAux.idOf("redisraft", 1);
        assertThat(id).isNegative();
        byte[] f = file(o -> {
            o.writeByte(Rdb.OPCODE_MODULE_AUX);
            o.writeByte(Rdb.LEN_64BIT);
            for (int i = 7; i >= 0; i--) o.writeByte((int) (id >>> (8 * i)));
            o.writeLength(Rdb.MODULE_OPCODE_UINT);
            o.writeLength(1);
            o.writeLength(Rdb.MODULE_OPCODE_UINT);
            o.writeByte(Rdb.LEN_64BIT);
            for (int i = 0; i < 8; i++) o.writeByte(0xff);
            o.writeLength(Rdb.MODULE_OPCODE_STRING);
            o.writeString(b("abc"));
            o.writeLength(Rdb.MODULE_OPCODE_EOF);
            o.writeByte(Rdb.OPCODE_SELECTDB);
            o.writeLength(0);
            o.writeByte(Rdb.TYPE_STRING);
            o.writeString(b("k"));
            o.writeString(b("v"));
        });
        java.nio.file.Path p = java.nio.file.Files.createTempFile("module", ".rdb");
        try {
            java.nio.file.Files.write(p, f);
            java.util.List<ModuleAux> seen = new java.util.ArrayList<>();
            RdbContents c = RdbReader.read(p, seen::add);
            assertThat(KeyspaceView.of(c.keyspace())).containsOnlyKeys("k");
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).moduleName()).isEqualTo("redisraft");
            assertThat(seen.get(0).encodingVersion()).isEqualTo(1);
            assertThat(seen.get(0).when()).isEqualTo(1);
            assertThat(seen.get(0).values().get(0)).isEqualTo(-1L);
            assertThat((byte[]) seen.get(0).values().get(1)).isEqualTo(b("abc"));
            assertThat(seen.get(0).offset()).isEqualTo(9);
            assertThat(KeyspaceView.of(RdbReader.read(p).keyspace())).containsOnlyKeys("k"); // skipped without a consumer
        } finally {
            java.nio.file.Files.delete(p);
        }
    }

    @Test
    void aBrokenStreamIsRefusedNamingTheKey() {
        // Streams load (StreamRdbInteropTest); a body whose node key is not a 16-byte ID does not.
        assertThatThrownBy(() -> read(file(o -> {
            o.writeByte(Rdb.TYPE_STREAM_LISTPACKS_2);
            o.writeString(b("events"));
            o.writeLength(1);
            o.writeString(b("abc"));
        }))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("hand.rdb: at offset")
                .hasMessageContaining("stream node key of 3 bytes")
                .hasMessageContaining("'events'");
    }

    @Test
    void otherDatabasesAreRefused() {
        assertThatThrownBy(() -> read(file(o -> {
            o.writeByte(Rdb.OPCODE_SELECTDB);
            o.writeLength(3);
        }))).isInstanceOf(RdbFormatException.class).hasMessageContaining("database 3; Redraft has only database 0");
    }

    @Test
    void duplicateMembersAreCorruption() {
        assertThatThrownBy(() -> read(file(o -> {
            o.writeByte(Rdb.TYPE_SET);
            o.writeString(b("dup"));
            o.writeLength(2);
            o.writeString(b("x"));
            o.writeString(b("x"));
        }))).isInstanceOf(RdbFormatException.class).hasMessageContaining("duplicate set member 'x'")
                .hasMessageContaining("key 'dup'");
    }

    @Test
    void listpackRejectsABadHeader() {
        byte[] lp = listpack();
        lp[0]++;
        assertThatThrownBy(() -> Listpack.decode(lp)).hasMessageContaining("header says");
        assertThat(Listpack.decode(listpack())).hasSize(6);
    }
}
