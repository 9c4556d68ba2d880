package io.redraft.server.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (the Java client 1.x has a
 * writer, no parser): every sample must belong to a family declared by {@code # TYPE} before it,
 * with the suffixes its type allows; histogram buckets must be cumulative and end at {@code +Inf}
 * equal to {@code _count}. Anything else fails the parse, so a malformed exposition fails the test.
 */
public final class PromText {
    public record Sample(String name, Map<String, String> labels, double value) {}

    public record Family(String name, String type, String help, List<Sample> samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    public static PromText parse(String text) {
        PromText p = new PromText();
        Family current = null;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ")) {
                String[] w = line.split(" ", 4);
                String help = w.length > 3 ? w[3] : "";
                p.families.computeIfAbsent(w[2], n -> new Family(n, null, help, new ArrayList<>()));
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] w = line.split(" ");
                check(w.length == 4, lineNo, line, "TYPE needs a name and a type");
                check(List.of("counter", "gauge", "histogram", "summary", "untyped").contains(w[3]), lineNo, line, "bad type");
                Family old = p.families.get(w[2]);
                check(old == null || old.type() == null, lineNo, line, "family typed twice");
                current = new Family(w[2], w[3], old == null ? "" : old.help(), new ArrayList<>());
                p.families.put(w[2], current);
                continue;
            }
            check(!line.startsWith("#"), lineNo, line, "unknown comment");
            Sample s = sample(line, lineNo);
            check(current != null && belongs(current, s.name()), lineNo, line, "sample outside its declared family");
            current.samples().add(s);
        }
        for (Family f : p.families.values()) {
            check(f.type() != null, 0, f.name(), "family without TYPE");
            if (f.type().equals("histogram")) checkHistogram(f);
        }
        return p;
    }

    private static boolean belongs(Family f, String sample) {
        return switch (f.type()) {
            // 0.0.4 as the Java client 1.x writes it names the family with its _total suffix.
            case "counter" -> f.name().endsWith("_total") ? sample.equals(f.name())
                    : sample.equals(f.name() + "_total") || sample.equals(f.name() + "_created");
            case "histogram" -> sample.equals(f.name() + "_bucket") || sample.equals(f.name() + "_sum")
                    || sample.equals(f.name() + "_count") || sample.equals(f.name() + "_created");
            case "summary" -> sample.equals(f.name()) || sample.equals(f.name() + "_sum") || sample.equals(f.name() + "_count");
            default -> sample.equals(f.name());
        };
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            Map<String, String> key = new TreeMap<>(s.labels());
            key.remove("le");
            if (s.name().endsWith("_bucket")) series.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            if (s.name().endsWith("_count")) counts.put(key, s.value());
        }
        for (var e : series.entrySet()) {
            double prevLe = Double.NEGATIVE_INFINITY, prev = 0;
            for (Sample b : e.getValue()) {
                String le = b.labels().get("le");
                check(le != null, 0, f.name(), "bucket without le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                check(bound > prevLe && b.value() >= prev, 0, f.name() + e.getKey(), "buckets not cumulative");
                prevLe = bound;
                prev = b.value();
            }
            check(prevLe == Double.POSITIVE_INFINITY, 0, f.name(), "no +Inf bucket");
            check(counts.get(e.getKey()) != null && counts.get(e.getKey()) == prev, 0, f.name(), "_count differs from +Inf");
        }
    }

    private static Sample sample(String line, int lineNo) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) i++;
        String name = line.substring(0, i);
        check(!name.isEmpty() && !Character.isDigit(name.charAt(0)), lineNo, line, "bad metric name");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                check(eq > i, lineNo, line, "bad label");
                String label = line.substring(i, eq);
                check(label.matches("[a-zA-Z_][a-zA-Z0-9_]*"), lineNo, line, "bad label name");
                check(line.charAt(eq + 1) == '"', lineNo, line, "label value not quoted");
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                }
                check(labels.put(label, v.toString()) == null, lineNo, line, "label twice");
                i = j + 1;
                if (line.charAt(i) == ',') i++;
            }
            i++;
        }
        check(i < line.length() && line.charAt(i) == ' ', lineNo, line, "no space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        check(rest.length <= 2, lineNo, line, "trailing text");
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name, labels, value);
    }

    private static void check(boolean ok, int lineNo, String line, String what) {
        if (!ok) throw new IllegalArgumentException("line " + lineNo + ": " + what + ": " + line);
    }

    public Family family(String name) {
        Family f = families.get(name);
        if (f == null) f = families.get(name + "_total");
        if (f == null) throw new AssertionError("no family " + name + "; have " + families.keySet());
        return f;
    }

    public Map<String, Family> families() {
        return families;
    }

    /** The value of the one sample named {@code sample} whose labels include {@code labels} (pairs); 0 if none. */
    public double value(String sample, String... labels) {
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (!s.name().equals(sample)) continue;
                boolean match = true;
                for (int k = 0; k < labels.length; k += 2) match &= labels[k + 1].equals(s.labels().get(labels[k]));
                if (match) return s.value();
            }
        }
        return 0;
    }
}
