package io.redraft.server.pubsub;

import io.redraft.resp.RedisNumbers;
import io.redraft.resp.ReplySink;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import io.redraft.server.node.Replies;
import io.redraft.store.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO, with Redis 7.0's checks and errors in its order. */
public final class TrackingCommands {
    private final NodeThread node;
    private final Tracking tracking;

    public TrackingCommands(NodeThread node, PubSub pubsub) {
        this.node = node;
        this.tracking = pubsub.tracking();
    }

    /** Runs CLIENT {@code sub} when it is one of these; false when it is not. */
    public boolean run(ClientSession s, String sub, byte[][] argv, ReplySink out) {
        switch (sub) {
            case "tracking" -> trackingCommand(s, argv, out);
            case "caching" -> caching(s, argv, out);
            case "getredir" -> {
                if (argv.length != 2) out.error(Replies.arity("client|getredir"));
                else {
                    Tracking.State st = tracking.state(s);
                    out.integer(st == null ? -1 : st.redirect);
                }
            }
            case "trackinginfo" -> {
                if (argv.length != 2) out.error(Replies.arity("client|trackinginfo"));
                else info(tracking.state(s), out);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void trackingCommand(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 3) {
            out.error(Replies.arity("client|tracking"));
            return;
        }
        long redirect = 0;
        boolean bcast = false, optin = false, optout = false, noloop = false;
        List<Bytes> prefixes = new ArrayList<>();
        for (int j = 3; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            String opt = lower(argv[j]);
            if (opt.equals("redirect") && more) {
                j++;
                if (redirect != 0) {
                    out.error("ERR A client can only redirect to a single other client");
                    return;
                }
                long[] id = new long[1];
                if (!RedisNumbers.parseLong(argv[j], id)) {
                    out.error(Replies.NOT_INTEGER);
                    return;
                }
                redirect = id[0];
                if (node.session(redirect) == null) {
                    out.error("ERR The client ID you want redirect to does not exist");
                    return;
                }
            } else if (opt.equals("bcast")) bcast = true;
            else if (opt.equals("optin")) optin = true;
            else if (opt.equals("optout")) optout = true;
            else if (opt.equals("noloop")) noloop = true;
            else if (opt.equals("prefix") && more) prefixes.add(Bytes.wrap(argv[++j]));
            else {
                out.error(Replies.SYNTAX);
                return;
            }
        }
        String mode = lower(argv[2]);
        Tracking.State st = tracking.state(s);
        if (mode.equals("on")) {
            String err = onError(st, bcast, optin, optout, prefixes);
            if (err != null) {
                out.error(err);
                return;
            }
            tracking.on(s, redirect, bcast, optin, optout, noloop, prefixes);
        } else if (mode.equals("off")) {
            tracking.off(s);
        } else {
            out.error(Replies.SYNTAX);
            return;
        }
        out.status("OK");
    }

    private static String onError(Tracking.State st, boolean bcast, boolean optin, boolean optout, List<Bytes> prefixes) {
        if (!bcast && !prefixes.isEmpty()) return "ERR PREFIX option requires BCAST mode to be enabled";
        if (st != null && st.bcast != bcast) {
            return "ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
                    + "and then re-enabling it with a different mode.";
        }
        if (bcast && (optin || optout)) return "ERR OPTIN and OPTOUT are not compatible with BCAST";
        if (optin && optout) return "ERR You can't specify both OPTIN mode and OPTOUT mode";
        if (st != null && ((optin && st.optout) || (optout && st.optin))) {
            return "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
                    + "and then re-enabling it with a different mode.";
        }
        if (bcast) return prefixCollision(st, prefixes);
        return null;
    }

    /** Redis's checkPrefixCollisionsOrReply: no prefix may be a prefix of another, old or new. */
    private static String prefixCollision(Tracking.State st, List<Bytes> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i).array();
            if (st != null) {
                for (Bytes old : st.prefixes) {
                    if (overlap(p, old.array())) {
                        return "ERR Prefix '" + text(p) + "' overlaps with an existing prefix '" + text(old.array())
                                + "'. Prefixes for a single client must not overlap.";
                    }
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                byte[] q = prefixes.get(j).array();
                if (overlap(p, q)) {
                    return "ERR Prefix '" + text(p) + "' overlaps with another provided prefix '" + text(q)
                            + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        return Tracking.startsWith(a, b) || Tracking.startsWith(b, a);
    }

    private void caching(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length != 3) {
            out.error(Replies.arity("client|caching"));
            return;
        }
        Tracking.State st = tracking.state(s);
        if (st == null) {
            out.error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
            return;
        }
        String v = lower(argv[2]);
        if (v.equals("yes")) {
            if (!st.optin) {
                out.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
                return;
            }
        } else if (v.equals("no")) {
            if (!st.optout) {
                out.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
                return;
            }
        } else {
            out.error(Replies.SYNTAX);
            return;
        }
        st.caching = true;
        out.status("OK");
    }

    private static void info(Tracking.State st, ReplySink out) {
        out.mapHeader(3);
        out.bulk(ascii("flags"));
        List<String> flags = new ArrayList<>();
        if (st == null) flags.add("off");
        else {
            flags.add("on");
            if (st.bcast) flags.add("bcast");
            if (st.optin) {
                flags.add("optin");
                if (st.caching) flags.add("caching-yes");
            }
            if (st.optout) {
                flags.add("optout");
                if (st.caching) flags.add("caching-no");
            }
            if (st.noloop) flags.add("noloop");
            if (st.brokenRedirect) flags.add("broken_redirect");
        }
        out.setHeader(flags.size());
        for (String f : flags) out.bulk(ascii(f));
        out.bulk(ascii("redirect"));
        out.integer(st == null ? -1 : st.redirect);
        out.bulk(ascii("prefixes"));
        List<Bytes> prefixes = st == null ? List.of() : List.copyOf(st.prefixes);
        out.arrayHeader(prefixes.size());
        for (Bytes p : prefixes) out.bulk(p.array());
    }

    private static String lower(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
