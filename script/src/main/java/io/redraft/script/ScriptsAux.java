package io.redraft.script;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The script cache as one AUX value: each body as a 4-byte big-endian length and its bytes, in
 * load order. SHA-1s are not stored: they are recomputed from the bodies on load.
 */
final class ScriptsAux {
    private ScriptsAux() {
    }

    static byte[] encode(Collection<byte[]> bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : bodies) {
            out.write(b.length >>> 24);
            out.write(b.length >>> 16);
            out.write(b.length >>> 8);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    static List<byte[]> decode(byte[] blob) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i + 4 <= blob.length) {
            int n = (blob[i] & 0xff) << 24 | (blob[i + 1] & 0xff) << 16 | (blob[i + 2] & 0xff) << 8 | (blob[i + 3] & 0xff);
            i += 4;
            if (n < 0 || n > blob.length - i) {
                throw new IllegalArgumentException("AUX " + Scripting.SCRIPTS_AUX + ": truncated at byte " + (i - 4));
            }
            out.add(java.util.Arrays.copyOfRange(blob, i, i + n));
            i += n;
        }
        if (i != blob.length) {
            throw new IllegalArgumentException("AUX " + Scripting.SCRIPTS_AUX + ": trailing bytes");
        }
        return out;
    }
}
