package io.redraft.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1 helpers for DEBUG DIGEST-style content digests (Redis's digest is SHA-1 based too). */
public final class Digests {
    private Digests() {
    }

    public static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length-prefixed, so ("ab","c") and ("a","bc") differ. */
    public static void update(MessageDigest md, byte[] b) {
        long n = b.length;
        for (int i = 0; i < 8; i++) {
            md.update((byte) (n >>> (8 * i)));
        }
        md.update(b);
    }

    public static void updateLong(MessageDigest md, long v) {
        for (int i = 0; i < 8; i++) {
            md.update((byte) (v >>> (8 * i)));
        }
    }

    public static byte[] of(byte[]... parts) {
        MessageDigest md = sha1();
        for (byte[] p : parts) {
            update(md, p);
        }
        return md.digest();
    }

    public static void xorInto(byte[] acc, byte[] d) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] ^= d[i];
        }
    }

    public static String hex(byte[] d) {
        StringBuilder sb = new StringBuilder(d.length * 2);
        for (byte x : d) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}
