package io.redraft.store;

import io.redraft.resp.ReplySink;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** One command invocation: its arguments, context, keyspace and reply sink, plus parsing helpers. */
public final class Call {
    private final List<byte[]> argv;
    private final ExecContext ctx;
    private final Keyspace ks;
    private final ReplySink out;
    private final CommandSpec spec;
    private SplittableRandom random;

    Call(List<byte[]> argv, ExecContext ctx, Keyspace ks, ReplySink out, CommandSpec spec) {
        this.argv = argv;
        this.ctx = ctx;
        this.ks = ks;
        this.out = out;
        this.spec = spec;
    }

    /** The same invocation with other arguments: a blocking command runs its non-blocking form this way. */
    public Call withArgv(List<byte[]> other) {
        return new Call(other, ctx, ks, out, spec);
    }

    public int argc() {
        return argv.size();
    }

    public byte[] arg(int i) {
        return argv.get(i);
    }

    public List<byte[]> argv() {
        return argv;
    }

    public Bytes key(int i) {
        return Bytes.wrap(argv.get(i));
    }

    public String argString(int i) {
        return new String(argv.get(i), StandardCharsets.ISO_8859_1);
    }

    /**
     * Case-insensitive comparison with an option name, as Redis's strcasecmp on the argument:
     * the argument ends at its first NUL byte.
     */
    public boolean argIs(int i, String option) {
        byte[] a = argv.get(i);
        int len = 0;
        while (len < a.length && a[len] != 0) {
            len++;
        }
        if (len != option.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (Character.toLowerCase((char) (a[k] & 0xFF)) != Character.toLowerCase(option.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    public long longArg(int i) {
        return Nums.parseLong(argv.get(i));
    }

    public double doubleArg(int i) {
        return Nums.parseDouble(argv.get(i));
    }

    public long now() {
        return ctx.nowMillis();
    }

    public ExecContext ctx() {
        return ctx;
    }

    public Keyspace ks() {
        return ks;
    }

    public ReplySink out() {
        return out;
    }

    public CommandSpec spec() {
        return spec;
    }

    /** The command's deterministic random source, seeded by the leader. */
    public SplittableRandom random() {
        if (random == null) {
            random = new SplittableRandom(ctx.seed());
        }
        return random;
    }

    /** Reports a keyspace event (see {@link Keyspace#notify}); free when nobody listens. */
    public void notify(int type, String event, Bytes key) {
        ks.notify(type, event, key);
    }

    public void ok() {
        out.status("OK");
    }
}
