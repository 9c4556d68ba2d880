package io.redraft.resp;

/**
 * Bounds on one client's request, named after the Redis settings and constants they mirror.
 *
 * @param inlineMax          {@code PROTO_INLINE_MAX_SIZE}: longest inline request or count line (64 KiB)
 * @param maxBulkLen         {@code proto-max-bulk-len}: largest declared bulk argument (512 MiB)
 * @param queryBufferLimit   {@code client-query-buffer-limit}: bytes one pending request may hold (1 GiB)
 * @param unauthMaxArgs      arguments a client that still has to AUTH may send in one request (10)
 * @param unauthMaxBulkLen   bulk length a client that still has to AUTH may declare (16 KiB)
 */
public record RequestLimits(int inlineMax, long maxBulkLen, long queryBufferLimit, int unauthMaxArgs,
                            int unauthMaxBulkLen) {
    public static final RequestLimits REDIS_DEFAULTS =
            new RequestLimits(64 * 1024, 512L * 1024 * 1024, 1024L * 1024 * 1024, 10, 16 * 1024);

    public RequestLimits {
        if (inlineMax < 1 || maxBulkLen < 1 || queryBufferLimit < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxBulkLen > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a bulk argument must fit one Java array");
        }
    }

    public RequestLimits withMaxBulkLen(long v) {
        return new RequestLimits(inlineMax, v, queryBufferLimit, unauthMaxArgs, unauthMaxBulkLen);
    }

    public RequestLimits withQueryBufferLimit(long v) {
        return new RequestLimits(inlineMax, maxBulkLen, v, unauthMaxArgs, unauthMaxBulkLen);
    }
}
