package io.redraft.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads one RESP2/RESP3 reply and returns its exact bytes as ISO-8859-1 text. */
final class Resp {
    private Resp() {
    }

    static String read(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        readInto(in, sb);
        return sb.toString();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        if (c == -1) {
            throw new IOException("connection closed");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void readInto(InputStream in, StringBuilder sb) throws IOException {
        String l = line(in);
        sb.append(l);
        char t = l.charAt(0);
        String body = l.substring(1, l.length() - 2);
        switch (t) {
            case '$', '=', '!' -> {
                int n = Integer.parseInt(body);
                if (n >= 0) {
                    sb.append(new String(in.readNBytes(n + 2), StandardCharsets.ISO_8859_1));
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(body);
                for (int i = 0; i < n; i++) {
                    readInto(in, sb);
                }
            }
            case '%', '|' -> {
                int n = Integer.parseInt(body);
                for (int i = 0; i < 2 * n; i++) {
                    readInto(in, sb);
                }
            }
            default -> {
            }
        }
    }
}
