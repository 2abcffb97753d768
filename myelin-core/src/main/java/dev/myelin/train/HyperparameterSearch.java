package dev.myelin.train;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.io.AtomicFiles;
import dev.myelin.tensor.Generator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Grid and random search over a declared space of hyper-parameters: scikit-learn's
 * {@code GridSearchCV}/{@code RandomizedSearchCV} or Keras Tuner, for the {@link Trainer}. Each
 * trial builds a fresh trainer from its values, trains it with {@link EarlyStopping} on the
 * monitored value, and is scored by the best value it reached; the results come back sorted,
 * best first, as a table and a CSV file.
 *
 * <pre>{@code
 * var search = HyperparameterSearch.of(
 *         HyperparameterSearch.logUniform("lr", 1e-4, 1e-2),
 *         HyperparameterSearch.choice("hidden", 64, 128, 256))
 *     .monitor("val_accuracy").patience(2).seed(0);
 * HyperparameterSearch.Results r = search.random(8, p -> {
 *     Module m = new Mlp(784, p.integer("hidden"), 10);
 *     return Trainer.builder(m, new Adam(m.parameters(), p.number("lr")), F::crossEntropy).epochs(10);
 * }, train, validation);
 * System.out.print(r.table());
 * r.saveCsv(Path.of("search.csv"));
 * }</pre>
 */
public final class HyperparameterSearch {
    private final List<Param> space;
    private String monitor = "val_loss";
    private int patience = 2;
    private long seed;

    private HyperparameterSearch(List<Param> space) {
        if (space.isEmpty()) {
            throw new IllegalArgumentException("HyperparameterSearch: the space has no parameter");
        }
        this.space = List.copyOf(space);
    }

    /** A search over these parameters, monitoring {@code val_loss} with patience 2 by default. */
    public static HyperparameterSearch of(Param... space) {
        return new HyperparameterSearch(List.of(space));
    }

    /** One dimension of the space. */
    public sealed interface Param permits Choice, Uniform, IntRange {
        String name();
    }

    /** A finite set of values (numbers, strings, booleans). */
    public record Choice(String name, List<Object> values) implements Param {
        public Choice {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("HyperparameterSearch: choice '" + name + "' has no value");
            }
            values = List.copyOf(values);
        }
    }

    /** A real interval [low, high], sampled uniformly, or uniformly in log space when {@code log}. */
    public record Uniform(String name, double low, double high, boolean log) implements Param {
        public Uniform {
            if (!(low <= high) || (log && !(low > 0))) {
                throw new IllegalArgumentException("HyperparameterSearch: '" + name + "' needs low <= high"
                        + (log ? " and low > 0 on a log scale" : "") + ", got " + low + " and " + high);
            }
        }
    }

    /** The integers low..high, both included. */
    public record IntRange(String name, int low, int high) implements Param {
        public IntRange {
            if (low > high) {
                throw new IllegalArgumentException("HyperparameterSearch: '" + name + "' needs low <= high, got " + low
                        + " and " + high);
            }
        }
    }

    /** A choice among values. */
    public static Param choice(String name, Object... values) {
        return new Choice(name, List.of(values));
    }

    /** Uniform on [low, high]. */
    public static Param uniform(String name, double low, double high) {
        return new Uniform(name, low, high, false);
    }

    /** Log-uniform on [low, high] (learning rates, weight decay). */
    public static Param logUniform(String name, double low, double high) {
        return new Uniform(name, low, high, true);
    }

    /** The integers low..high. */
    public static Param intRange(String name, int low, int high) {
        return new IntRange(name, low, high);
    }

    /** The value each trial is scored by (default {@code val_loss}); its direction as {@link Monitor#of}. */
    public HyperparameterSearch monitor(String key) {
        this.monitor = Objects.requireNonNull(key);
        return this;
    }

    /** Epochs without improvement before a trial stops (default 2). */
    public HyperparameterSearch patience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("HyperparameterSearch: patience must be non-negative, got " + patience);
        }
        this.patience = patience;
        return this;
    }

    /** The seed of random search's draws (default 0). */
    public HyperparameterSearch seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The values of one trial. */
    public record Params(Map<String, Object> values) {
        public Params {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** A numeric value. */
        public double number(String name) {
            return ((Number) get(name)).doubleValue();
        }

        /** An integer value. */
        public int integer(String name) {
            return ((Number) get(name)).intValue();
        }

        /** A value as a string. */
        public String string(String name) {
            return String.valueOf(get(name));
        }

        private Object get(String name) {
            Object v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("HyperparameterSearch: no parameter '" + name + "' in " + values.keySet());
            }
            return v;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(format(v)));
            return sb.toString();
        }
    }

    /**
     * One trial's outcome.
     *
     * @param index the trial's number (from 1, in the order run)
     * @param score the best monitored value over its epochs
     * @param bestEpoch the epoch (from 1) of that value
     * @param epochs the epochs it ran before stopping
     */
    public record Trial(int index, Params params, double score, int bestEpoch, int epochs, double seconds) {}

    /** Every trial, best first. */
    public record Results(String monitor, boolean higherIsBetter, List<Trial> trials) {
        public Results {
            trials = List.copyOf(trials);
        }

        /** The best trial. */
        public Trial best() {
            return trials.getFirst();
        }

        /** A table: rank, trial, the parameters, the score, its epoch, the epochs run and the time. */
        public String table() {
            List<String> names = names();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s %5s", "rank", "trial"));
            names.forEach(n -> sb.append(String.format(Locale.ROOT, " %12s", n)));
            sb.append(String.format(Locale.ROOT, " %12s %10s %6s %8s%n", monitor, "best epoch", "epochs", "seconds"));
            for (int r = 0; r < trials.size(); r++) {
                Trial t = trials.get(r);
                sb.append(String.format(Locale.ROOT, "%4d %5d", r + 1, t.index()));
                names.forEach(n -> sb.append(String.format(Locale.ROOT, " %12s", format(t.params().values().get(n)))));
                sb.append(String.format(Locale.ROOT, " %12.4f %10d %6d %8.1f%n", t.score(), t.bestEpoch(), t.epochs(),
                        t.seconds()));
            }
            return sb.toString();
        }

        /** The results as CSV, best first: {@code rank,trial,<params>,<monitor>,best_epoch,epochs,seconds}. */
        public String toCsv() {
            List<String> names = names();
            StringBuilder sb = new StringBuilder("rank,trial");
            names.forEach(n -> sb.append(',').append(n));
            sb.append(',').append(monitor).append(",best_epoch,epochs,seconds\n");
            for (int r = 0; r < trials.size(); r++) {
                Trial t = trials.get(r);
                sb.append(r + 1).append(',').append(t.index());
                names.forEach(n -> sb.append(',').append(t.params().values().get(n)));
                sb.append(',').append(t.score()).append(',').append(t.bestEpoch()).append(',').append(t.epochs())
                        .append(',').append(String.format(Locale.ROOT, "%.3f", t.seconds())).append('\n');
            }
            return sb.toString();
        }

        /** Writes {@link #toCsv()} to {@code file}, atomically. */
        public void saveCsv(Path file) throws IOException {
            byte[] csv = toCsv().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(file, out -> out.write(csv));
        }

        private List<String> names() {
            return trials.isEmpty() ? List.of() : new ArrayList<>(trials.getFirst().params().values().keySet());
        }
    }

    /**
     * Tries every combination of the space's values (which must all be {@link Choice} or {@link IntRange}).
     *
     * @param trial builds a trainer (with a fresh model and optimizer) for the given values; the search adds
     *     early stopping to it
     */
    public Results grid(Function<Params, Trainer.Builder> trial, DataLoader<Batch> train, DataLoader<Batch> validation) {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Param p : space) {
            List<Object> values = switch (p) {
                case Choice c -> c.values();
                case IntRange r -> java.util.stream.IntStream.rangeClosed(r.low(), r.high()).boxed()
                        .map(Object.class::cast).toList();
                case Uniform u -> throw new IllegalArgumentException("HyperparameterSearch: grid search needs a finite"
                        + " set of values, but '" + u.name() + "' is an interval; use choice(...) or random search");
            };
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> combo : combos) {
                for (Object v : values) {
                    Map<String, Object> m = new LinkedHashMap<>(combo);
                    m.put(p.name(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        return run(combos.stream().map(Params::new).toList(), trial, train, validation);
    }

    /** Tries {@code trials} points drawn at random from the space (reproducible from the seed). */
    public Results random(int trials, Function<Params, Trainer.Builder> trial, DataLoader<Batch> train,
            DataLoader<Batch> validation) {
        if (trials < 1) {
            throw new IllegalArgumentException("HyperparameterSearch: needs at least 1 trial, got " + trials);
        }
        Generator g = new Generator(seed);
        List<Params> points = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Param p : space) {
                double u = g.nextDouble();
                values.put(p.name(), switch (p) {
                    case Choice c -> c.values().get(Math.min((int) (u * c.values().size()), c.values().size() - 1));
                    case IntRange r -> r.low() + Math.min((int) (u * (r.high() - r.low() + 1)), r.high() - r.low());
                    case Uniform un -> un.log() ? Math.exp(Math.log(un.low()) + u * (Math.log(un.high()) - Math.log(un.low())))
                            : un.low() + u * (un.high() - un.low());
                });
            }
            points.add(new Params(values));
        }
        return run(points, trial, train, validation);
    }

    private Results run(List<Params> points, Function<Params, Trainer.Builder> trial, DataLoader<Batch> train,
            DataLoader<Batch> validation) {
        Monitor m = Monitor.of(monitor);
        List<Trial> done = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Params p = points.get(i);
            EarlyStopping stop = new EarlyStopping(m, patience, true);
            long start = System.nanoTime();
            History h = trial.apply(p).callbacks(stop).build().fit(train, validation);
            done.add(new Trial(i + 1, p, stop.best(), stop.bestEpoch() + 1, h.size(), (System.nanoTime() - start) / 1e9));
        }
        Comparator<Trial> byScore = Comparator.comparingDouble(Trial::score);
        done.sort(m.higherIsBetter() ? byScore.reversed() : byScore);
        return new Results(monitor, m.higherIsBetter(), done);
    }

    private static String format(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v);
    }
}
