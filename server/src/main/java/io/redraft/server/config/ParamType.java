package io.redraft.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How a parameter's words become a value and the value becomes CONFIG GET's text. Each kind
 * refuses bad input with the reason Redis 7.2 gives for the same kind of config.
 */
sealed interface ParamType {

    /** Parses the words of one setting (exactly one word unless {@link #multiArg()}). */
    Object parse(List<String> words) throws InvalidValue;

    String render(Object value);

    /** For docs/configuration.md. */
    String describe();

    /** Multi-word values (bind, save, raft.trace): CONFIG SET splits its value on spaces. */
    default boolean multiArg() {
        return false;
    }

    record Bool() implements ParamType {
        @Override
        public Object parse(List<String> words) throws InvalidValue {
            return switch (words.get(0).toLowerCase(Locale.ROOT)) {
                case "yes" -> Boolean.TRUE;
                case "no" -> Boolean.FALSE;
                default -> throw new InvalidValue("argument must be 'yes' or 'no'");
            };
        }

        @Override
        public String render(Object value) {
            return (Boolean) value ? "yes" : "no";
        }

        @Override
        public String describe() {
            return "bool";
        }
    }

    /** A signed 64-bit integer in [min, max]; {@code memory} accepts units and nothing else. */
    record Number(long min, long max, boolean memory, String unit) implements ParamType {
        @Override
        public Object parse(List<String> words) throws InvalidValue {
            String text = words.get(0);
            OptionalLong parsed = memory ? MemoryValue.parse(text) : MemoryValue.parseInteger(text);
            if (parsed.isEmpty()) {
                throw new InvalidValue(memory ? "argument must be a memory value" : "argument couldn't be parsed into an integer");
            }
            long v = parsed.getAsLong();
            if (v < min || v > max) {
                throw new InvalidValue("argument must be between " + min + " and " + max + " inclusive");
            }
            return v;
        }

        @Override
        public String render(Object value) {
            return Long.toString((Long) value);
        }

        @Override
        public String describe() {
            String kind = memory ? "memory" : "integer";
            String u = unit.isEmpty() ? "" : " (" + unit + ")";
            return kind + u + ", " + bound(min) + ".." + bound(max);
        }

        private static String bound(long v) {
            if (v == Integer.MAX_VALUE) return "INT_MAX";
            if (v == Long.MAX_VALUE) return "LLONG_MAX";
            if (v == Integer.MIN_VALUE) return "INT_MIN";
            return Long.toString(v);
        }
    }

    /** One of a fixed list of lower-case names; the value is the name. */
    record Choice(List<String> names) implements ParamType {
        @Override
        public Object parse(List<String> words) throws InvalidValue {
            String w = words.get(0).toLowerCase(Locale.ROOT);
            if (!names.contains(w)) {
                throw new InvalidValue("argument(s) must be one of the following: " + String.join(", ", names));
            }
            return w;
        }

        @Override
        public String render(Object value) {
            return (String) value;
        }

        @Override
        public String describe() {
            return "enum: " + String.join(", ", names);
        }
    }

    /**
     * Redis's bitflags enum (raft.trace): several names OR-ed together; rendered as the names of
     * the set bits in table order, or the single name whose value matches exactly.
     */
    record Flags(Map<String, Integer> bits) implements ParamType {
        public Flags {
            bits = new LinkedHashMap<>(bits);
        }

        @Override
        public Object parse(List<String> words) throws InvalidValue {
            if (words.isEmpty()) throw new InvalidValue(error());
            int v = 0;
            for (String w : words) {
                Integer bit = bits.get(w.toLowerCase(Locale.ROOT));
                if (bit == null) throw new InvalidValue(error());
                v |= bit;
            }
            return v;
        }

        private String error() {
            return "argument(s) must be one of the following: " + String.join(", ", bits.keySet());
        }

        @Override
        public String render(Object value) {
            int v = (Integer) value;
            List<String> names = new ArrayList<>();
            int unmatched = v;
            for (Map.Entry<String, Integer> e : bits.entrySet()) {
                if (e.getValue() == v) return e.getKey();
                int b = e.getValue();
                if (b != 0 && (unmatched & b) == b) {
                    names.add(e.getKey());
                    unmatched &= ~b;
                }
            }
            return names.isEmpty() || unmatched != 0 ? "unknown" : String.join(" ", names);
        }

        @Override
        public String describe() {
            return "flags: " + String.join(", ", bits.keySet());
        }

        @Override
        public boolean multiArg() {
            return true;
        }
    }

    /** Free text, checked and normalised by {@code rule}. */
    record Text(TextRule rule, String what) implements ParamType {
        public Text() {
            this(v -> v, "string");
        }

        @Override
        public Object parse(List<String> words) throws InvalidValue {
            return rule.apply(words.get(0));
        }

        @Override
        public String render(Object value) {
            return (String) value;
        }

        @Override
        public String describe() {
            return what;
        }
    }

    /** Several words (bind, save, replicaof), checked and normalised by {@code rule}. */
    record Words(WordsRule rule, String what) implements ParamType {
        @Override
        public Object parse(List<String> words) throws InvalidValue {
            return List.copyOf(rule.apply(words));
        }

        @Override
        public String render(Object value) {
            @SuppressWarnings("unchecked")
            List<String> words = (List<String>) value;
            return String.join(" ", words);
        }

        @Override
        public String describe() {
            return what;
        }

        @Override
        public boolean multiArg() {
            return true;
        }
    }

    /**
     * client-output-buffer-limit: {@code <class> <hard> <soft> <seconds>} groups; a setting
     * replaces only the classes it names (merged by ServerConfig), all three are shown.
     */
    record BufferLimits() implements ParamType {
        static final List<String> CLASSES = List.of("normal", "slave", "pubsub");

        @Override
        public Object parse(List<String> words) throws InvalidValue {
            if (words.size() % 4 != 0) throw new InvalidValue("Wrong number of arguments in buffer limit configuration.");
            Map<String, List<Long>> limits = new LinkedHashMap<>();
            for (int i = 0; i < words.size(); i += 4) {
                String cls = words.get(i).toLowerCase(Locale.ROOT);
                if (cls.equals("replica")) cls = "slave";
                if (!CLASSES.contains(cls)) {
                    throw new InvalidValue("Invalid client class specified in buffer limit configuration.");
                }
                OptionalLong hard = MemoryValue.parse(words.get(i + 1));
                OptionalLong soft = MemoryValue.parse(words.get(i + 2));
                OptionalLong seconds = MemoryValue.parseInteger(words.get(i + 3));
                if (hard.isEmpty() || soft.isEmpty() || seconds.isEmpty() || seconds.getAsLong() < 0) {
                    throw new InvalidValue("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                limits.put(cls, List.of(hard.getAsLong(), soft.getAsLong(), seconds.getAsLong()));
            }
            return limits;
        }

        /** The classes of {@code update} replace those of {@code current}. */
        static Object merge(Object current, Object update) {
            @SuppressWarnings("unchecked")
            Map<String, List<Long>> merged = new LinkedHashMap<>((Map<String, List<Long>>) current);
            @SuppressWarnings("unchecked")
            Map<String, List<Long>> u = (Map<String, List<Long>>) update;
            merged.putAll(u);
            return merged;
        }

        @Override
        public String render(Object value) {
            @SuppressWarnings("unchecked")
            Map<String, List<Long>> limits = (Map<String, List<Long>>) value;
            List<String> out = new ArrayList<>();
            for (String cls : CLASSES) {
                List<Long> l = limits.get(cls);
                if (l != null) out.add(cls + " " + l.get(0) + " " + l.get(1) + " " + l.get(2));
            }
            return String.join(" ", out);
        }

        @Override
        public String describe() {
            return "class hard soft seconds";
        }

        @Override
        public boolean multiArg() {
            return true;
        }
    }

    @FunctionalInterface
    interface TextRule {
        String apply(String value) throws InvalidValue;
    }

    @FunctionalInterface
    interface WordsRule {
        List<String> apply(List<String> words) throws InvalidValue;
    }
}
