package io.redraft.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline request (what nc or telnet send) into arguments the way Redis's
 * {@code sdssplitargs} does: whitespace separates words, "double quotes" understand the
 * escapes \n \r \t \b \a \\ and \xHH, 'single quotes' only \', and a closing quote must be
 * followed by whitespace or the end of the line. The line is read as a C string, so a NUL byte
 * ends it. Redis splits config file lines with the same function, and so does our config loader.
 */
public final class InlineSplitter {
    private InlineSplitter() {}

    /** Returns the arguments, or null when the quotes do not balance. */
    public static byte[][] split(byte[] line, int len) {
        int end = 0;
        while (end < len && line[end] != 0) end++;
        List<byte[]> args = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        int p = 0;
        while (true) {
            while (p < end && isSpace(line[p])) p++;
            if (p >= end) return args.toArray(new byte[0][]);
            current.reset();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                int c = p < end ? line[p] & 0xff : 0;
                int next = p + 1 < end ? line[p + 1] & 0xff : 0;
                if (inDouble) {
                    if (c == '\\' && next == 'x' && p + 3 < end && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        current.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        current.write(switch (next) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> next;
                        });
                    } else if (c == '"') {
                        if (next != 0 && !isSpace((byte) next)) return null;
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else if (inSingle) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) return null;
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> current.write(c);
                    }
                }
                if (p < end) p++;
            }
            args.add(current.toByteArray());
        }
    }

    /** C's isspace in the "C" locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        return b - 'A' + 10;
    }
}
