package io.redraft.testkit.cluster;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A class histogram of an HPROF heap dump (what {@code jmap -histo} prints for a live JVM), so
 * that a node that died of an OutOfMemoryError in a fault run says what filled its heap without
 * a heap analyser on the machine. Shallow sizes only: headers and padding are not counted, which
 * is close enough to rank the culprits. Format: the JDK's {@code heapDumper.cpp} (HPROF 1.0.2).
 */
public final class HeapHistogram {
    /** One class's line: instances and the bytes of their fields or elements. */
    public record Row(String className, long count, long bytes) {}

    private static final int UTF8 = 0x01, LOAD_CLASS = 0x02, HEAP_DUMP = 0x0C, HEAP_DUMP_SEGMENT = 0x1C;

    private final DataInputStream in;
    private int idSize;
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, Long> classNameIds = new HashMap<>();
    private final Map<Long, long[]> byClass = new HashMap<>();
    private final Map<String, long[]> byPrimitive = new HashMap<>();

    private HeapHistogram(InputStream in) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 20));
    }

    /** The classes of {@code dump} by the bytes their instances take, largest first. */
    public static List<Row> of(Path dump) throws IOException {
        try (InputStream in = Files.newInputStream(dump)) {
            HeapHistogram h = new HeapHistogram(in);
            h.read();
            return h.rows();
        }
    }

    /** The first {@code top} rows as text, one per line. */
    public static String format(List<Row> rows, int top) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows.subList(0, Math.min(top, rows.size()))) {
            sb.append(String.format("%,14d B %,10d  %s%n", r.bytes(), r.count(), r.className()));
        }
        return sb.toString();
    }

    private void read() throws IOException {
        while (in.readByte() != 0) { } // "JAVA PROFILE 1.0.2\0"
        idSize = in.readInt();
        in.readLong();
        while (true) {
            int tag;
            try {
                tag = in.readUnsignedByte();
            } catch (EOFException e) {
                return;
            }
            in.readInt();
            long length = Integer.toUnsignedLong(in.readInt());
            switch (tag) {
                case UTF8 -> {
                    long id = id();
                    byte[] text = new byte[(int) (length - idSize)];
                    in.readFully(text);
                    strings.put(id, new String(text, StandardCharsets.UTF_8));
                }
                case LOAD_CLASS -> {
                    in.readInt();
                    long classId = id();
                    in.readInt();
                    classNameIds.put(classId, id());
                }
                case HEAP_DUMP, HEAP_DUMP_SEGMENT -> heapDump(length);
                default -> skip(length);
            }
        }
    }

    private void heapDump(long length) throws IOException {
        long end = length;
        long[] pos = {0};
        while (pos[0] < end) {
            int sub = in.readUnsignedByte();
            pos[0] += 1;
            pos[0] += switch (sub) {
                case 0xFF, 0x05, 0x07 -> skip(idSize);
                case 0x01 -> skip(2L * idSize);
                case 0x02, 0x03, 0x08 -> skip(idSize + 8L);
                case 0x04, 0x06 -> skip(idSize + 4L);
                case 0x20 -> classDump();
                case 0x21 -> instance(false);
                case 0x22 -> instance(true);
                case 0x23 -> primitiveArray();
                default -> throw new IOException("unknown heap dump record 0x" + Integer.toHexString(sub));
            };
        }
    }

    private long classDump() throws IOException {
        long n = 0;
        id();
        in.readInt();
        for (int i = 0; i < 6; i++) id();
        in.readInt();
        n += 7L * idSize + 8;
        int constants = in.readUnsignedShort();
        n += 2;
        for (int i = 0; i < constants; i++) {
            in.readUnsignedShort();
            n += 3 + skip(typeSize(in.readUnsignedByte()));
        }
        int statics = in.readUnsignedShort();
        n += 2;
        for (int i = 0; i < statics; i++) {
            id();
            n += idSize + 1 + skip(typeSize(in.readUnsignedByte()));
        }
        int fields = in.readUnsignedShort();
        n += 2;
        for (int i = 0; i < fields; i++) {
            id();
            in.readUnsignedByte();
            n += idSize + 1;
        }
        return n;
    }

    /** INSTANCE DUMP: id, stack serial, class id, field bytes; OBJ ARRAY DUMP: id, stack serial, length, class id, ids. */
    private long instance(boolean array) throws IOException {
        id();
        in.readInt();
        long classId;
        long bytes;
        if (array) {
            long elements = Integer.toUnsignedLong(in.readInt());
            classId = id();
            bytes = elements * idSize;
        } else {
            classId = id();
            bytes = Integer.toUnsignedLong(in.readInt());
        }
        skip(bytes);
        count(byClass.computeIfAbsent(classId, k -> new long[2]), bytes);
        return 2L * idSize + 8 + bytes;
    }

    private long primitiveArray() throws IOException {
        id();
        in.readInt();
        long elements = Integer.toUnsignedLong(in.readInt());
        int type = in.readUnsignedByte();
        long bytes = elements * typeSize(type);
        skip(bytes);
        count(byPrimitive.computeIfAbsent(primitiveName(type), k -> new long[2]), bytes);
        return idSize + 9 + bytes;
    }

    private static void count(long[] row, long bytes) {
        row[0]++;
        row[1] += bytes;
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        byClass.forEach((id, c) -> {
            Long nameId = classNameIds.get(id);
            String name = nameId == null ? null : strings.get(nameId);
            rows.add(new Row(name == null ? "class@" + Long.toHexString(id) : name.replace('/', '.'), c[0], c[1]));
        });
        byPrimitive.forEach((name, c) -> rows.add(new Row(name, c[0], c[1])));
        rows.sort(Comparator.comparingLong(Row::bytes).reversed());
        return rows;
    }

    private long id() throws IOException {
        return idSize == 4 ? Integer.toUnsignedLong(in.readInt()) : in.readLong();
    }

    private long skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                in.readByte();
                s = 1;
            }
            left -= s;
        }
        return n;
    }

    private int typeSize(int type) {
        return switch (type) {
            case 2 -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IllegalArgumentException("unknown basic type " + type);
        };
    }

    private static String primitiveName(int type) {
        return switch (type) {
            case 4 -> "boolean[]";
            case 5 -> "char[]";
            case 6 -> "float[]";
            case 7 -> "double[]";
            case 8 -> "byte[]";
            case 9 -> "short[]";
            case 10 -> "int[]";
            case 11 -> "long[]";
            default -> "type" + type + "[]";
        };
    }
}
