package io.redraft.server.acl;

import io.redraft.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * ACL LOG: this node's recent refusals, newest first, as Redis 7.0 keeps them. A refusal like one
 * already listed (same reason, context, object and user, within a minute) counts into that entry
 * and moves it to the front. Node-local, as in Redis: each node logs what it refused.
 */
final class AclLog {
    private static final long GROUPING_MILLIS = 60_000;

    private static final class Entry {
        long count = 1;
        final String reason, context, object, username;
        long createdMillis;
        String clientInfo;

        Entry(String reason, String context, String object, String username, long now, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.createdMillis = now;
            this.clientInfo = clientInfo;
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private int maxLen = 128;

    void maxLen(int n) {
        maxLen = n;
        while (entries.size() > maxLen) entries.removeLast();
    }

    void add(String reason, String context, String object, String username, String clientInfo, long now) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.reason.equals(reason) && e.context.equals(context) && e.object.equals(object)
                    && e.username.equals(username) && now - e.createdMillis < GROUPING_MILLIS) {
                it.remove();
                e.count++;
                e.createdMillis = now;
                e.clientInfo = clientInfo;
                entries.addFirst(e);
                return;
            }
        }
        entries.addFirst(new Entry(reason, context, object, username, now, clientInfo));
        while (entries.size() > maxLen) entries.removeLast();
    }

    void reset() {
        entries.clear();
    }

    void reply(long count, long now, ReplySink out) {
        int n = (int) Math.min(count, entries.size());
        out.arrayHeader(n);
        Iterator<Entry> it = entries.iterator();
        for (int i = 0; i < n; i++) {
            Entry e = it.next();
            out.mapHeader(7);
            bulk(out, "count");
            out.integer(e.count);
            bulk(out, "reason");
            bulk(out, e.reason);
            bulk(out, "context");
            bulk(out, e.context);
            bulk(out, "object");
            bulk(out, e.object);
            bulk(out, "username");
            bulk(out, e.username);
            bulk(out, "age-seconds");
            out.doubleValue((now - e.createdMillis) / 1000.0);
            bulk(out, "client-info");
            bulk(out, e.clientInfo);
        }
    }

    private static void bulk(ReplySink out, String s) {
        out.bulk(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
