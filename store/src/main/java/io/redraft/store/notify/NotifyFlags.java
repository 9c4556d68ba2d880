package io.redraft.store.notify;

/**
 * The event classes of {@code notify-keyspace-events} (Redis 7.0's notify.c): the bits an event
 * is tagged with, and the flag string CONFIG SET parses and CONFIG GET prints.
 */
public final class NotifyFlags {
    public static final int KEYSPACE = 1 << 0;   // K
    public static final int KEYEVENT = 1 << 1;   // E
    public static final int GENERIC = 1 << 2;    // g
    public static final int STRING = 1 << 3;     // $
    public static final int LIST = 1 << 4;       // l
    public static final int SET = 1 << 5;        // s
    public static final int HASH = 1 << 6;       // h
    public static final int ZSET = 1 << 7;       // z
    public static final int EXPIRED = 1 << 8;    // x
    public static final int EVICTED = 1 << 9;    // e
    public static final int STREAM = 1 << 10;    // t
    public static final int KEY_MISS = 1 << 11;  // m
    public static final int LOADED = 1 << 12;    // module key loaded: no flag character
    public static final int MODULE = 1 << 13;    // d
    public static final int NEW = 1 << 14;       // n
    /** 'A': every class except key-miss and new, which a client must ask for by name. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** CONFIG SET's error for a flag string with an unknown character. */
    public static final String INVALID = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    private NotifyFlags() {
    }

    /** The flags of a flag string, or -1 if it holds a character Redis rejects. */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            int bit = switch (classes.charAt(i)) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                default -> -1;
            };
            if (bit == -1) {
                return -1;
            }
            flags |= bit;
        }
        return flags;
    }

    /**
     * The flag string CONFIG GET prints, in Redis's order. A set covering {@link #ALL} prints as
     * "A", which then also hides 'n' (Redis's quirk: "KEAn" reads back as "AKE").
     */
    public static String format(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            append(sb, flags, GENERIC, 'g');
            append(sb, flags, STRING, '$');
            append(sb, flags, LIST, 'l');
            append(sb, flags, SET, 's');
            append(sb, flags, HASH, 'h');
            append(sb, flags, ZSET, 'z');
            append(sb, flags, EXPIRED, 'x');
            append(sb, flags, EVICTED, 'e');
            append(sb, flags, STREAM, 't');
            append(sb, flags, MODULE, 'd');
            append(sb, flags, NEW, 'n');
        }
        append(sb, flags, KEYSPACE, 'K');
        append(sb, flags, KEYEVENT, 'E');
        append(sb, flags, KEY_MISS, 'm');
        return sb.toString();
    }

    private static void append(StringBuilder sb, int flags, int bit, char c) {
        if ((flags & bit) != 0) {
            sb.append(c);
        }
    }

    /**
     * Whether an event of class {@code type} is published under {@code flags}: its class is
     * enabled and at least one of K (keyspace channel) or E (keyevent channel) is.
     */
    public static boolean publishes(int flags, int type) {
        return (flags & type) != 0 && (flags & (KEYSPACE | KEYEVENT)) != 0;
    }
}
