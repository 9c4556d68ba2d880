package io.redraft.resp;

/**
 * Where a command writes its reply. Commands describe the reply in Redis's own vocabulary
 * ({@code addReplyMapLen}, {@code addReplyNullArray}, …) and the sink renders it for the
 * client's protocol: RESP2 flattens maps into arrays of 2n elements, sends sets as arrays,
 * doubles as bulk strings and both nulls as {@code $-1} / {@code *-1}; RESP3 keeps the types.
 *
 * <p>Aggregates are written as a header followed by exactly that many elements (a map of n
 * pairs is followed by 2n elements).
 */
public interface ReplySink {
    /** {@code +OK}: a simple string; must not contain CR or LF. */
    void status(String s);

    /** {@code -ERR ...}: the whole error line including its code, without the leading '-'. */
    void error(String s);

    void integer(long v);

    void bulk(byte[] b);

    /** Null where a bulk string was expected: RESP2 {@code $-1}, RESP3 {@code _}. */
    void nullBulk();

    /** Null where an array was expected: RESP2 {@code *-1}, RESP3 {@code _}. */
    void nullArray();

    void arrayHeader(int n);

    /** A map of {@code n} key/value pairs: RESP3 {@code %n}, RESP2 {@code *2n}. */
    void mapHeader(int n);

    /** A set: RESP3 {@code ~n}, RESP2 {@code *n}. */
    void setHeader(int n);

    /**
     * An out-of-band message (Pub/Sub, invalidations): RESP3 {@code >n}, RESP2 {@code *n}, which is
     * how RESP2 clients in subscribed mode receive them.
     */
    default void pushHeader(int n) {
        arrayHeader(n);
    }

    /** A double: RESP3 {@code ,d}, RESP2 a bulk string formatted as Redis formats it. */
    void doubleValue(double d);

    /** A boolean: RESP3 {@code #t}/{@code #f}, RESP2 {@code :1}/{@code :0}. */
    void bool(boolean b);

    /** Verbatim text (e.g. INFO in RESP3): {@code =len\r\ntxt:...}, RESP2 a bulk string. */
    void verbatim(String format, byte[] text);

    /** The protocol the client speaks: 2 or 3. */
    int protocol();

    /**
     * A double already formatted as Redis prints it (e.g. addReplyHumanLongDouble's "%.17Lf"
     * without trailing zeros): a bulk string in RESP2, a {@code ,} line with this text in RESP3.
     */
    default void doubleText(String text) {
        if (protocol() == 2) {
            bulk(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else {
            doubleValue(Double.parseDouble(text));
        }
    }
}
