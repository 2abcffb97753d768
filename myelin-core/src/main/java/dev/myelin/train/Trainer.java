package dev.myelin.train;

import dev.myelin.autograd.Grad;
import dev.myelin.data.Batch;
import dev.myelin.data.BatchIterator;
import dev.myelin.data.DataLoader;
import dev.myelin.io.Checkpoint;
import dev.myelin.nn.Module;
import dev.myelin.optim.Clip;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.lr.LRScheduler;
import dev.myelin.optim.lr.ReduceLROnPlateau;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * Keras's {@code fit}/{@code evaluate}/{@code predict} for any module, loss and optimizer. Each
 * epoch trains on every batch of the training loader (forward, loss, backward, optional gradient
 * clipping, optimizer step every {@code gradientAccumulation} batches, scheduler step), then
 * evaluates on the validation loader, records the {@link History} and calls the
 * {@link Callback}s.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), F::crossEntropy)
 *         .epochs(10)
 *         .metrics(Metric.accuracy())
 *         .scheduler(new CosineAnnealingLR(opt, 10, 0), Trainer.Interval.EPOCH)
 *         .callbacks(new EarlyStopping("val_loss", 3, true), new ProgressBar(System.out))
 *         .seed(0)
 *         .build();
 * History history = trainer.fit(trainLoader, validationLoader);
 * Map<String, Double> test = trainer.evaluate(testLoader);     // {loss=..., accuracy=...}
 * }</pre>
 *
 * <p><b>Reproducibility.</b> A run depends on the model's initial weights, the loaders' seeds
 * (epoch e's batches depend only on (seed, e)) and the default {@link Generator} (dropout masks):
 * {@code seed(s)} re-seeds the default generator when a fresh run starts; seed it before building
 * the model as well for the same initial weights. Then the same seed gives the same loss curve,
 * bit for bit: the kernels' sums and vector exp, log, tanh and sigmoid give the same bits before
 * and after the JIT compiles them (see {@code DeterminismTest}; only the vector sin, cos and pow,
 * which training rarely meets, do not).
 *
 * <p><b>Resuming.</b> {@link #saveCheckpoint} writes a {@link Checkpoint} (model, optimizer,
 * scheduler, epochs done, generator state, loader seed, history, callback state); on a trainer
 * built the same way, {@link #restore} loads it and the next {@link #fit} continues with the
 * following epoch, ending with the weights an uninterrupted run would have.
 */
public final class Trainer {
    /** When a learning-rate schedule steps: after every epoch or after every optimizer step. */
    public enum Interval { EPOCH, STEP }

    private final Module model;
    private final Optimizer optimizer;
    private final BinaryOperator<Tensor> loss;
    private final Builder settings;
    private History history = new History();
    private int epochsDone;
    private long steps;
    private Long resumedLoaderSeed;
    private Long loaderSeed;
    private boolean stopRequested;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.settings = b;
    }

    /**
     * The settings of a trainer for {@code model}, updated by {@code optimizer} to minimise
     * {@code loss(outputs, targets)} ({@code F::crossEntropy}, {@code new MSELoss()::forward}, a lambda).
     */
    public static Builder builder(Module model, Optimizer optimizer, BinaryOperator<Tensor> loss) {
        return new Builder(model, optimizer, loss);
    }

    // ------------------------------------------------------------------ fit

    /**
     * Trains from the current epoch (0, or the one after a {@link #restore}d checkpoint) to
     * {@code epochs}, or until a callback stops it.
     *
     * @param train the training batches
     * @param validation the validation batches, or null
     * @return the history of every epoch done so far
     * @throws IllegalStateException if the loss becomes NaN or infinite, or a resumed run's loader
     *     has another seed than the checkpoint's
     */
    public History fit(DataLoader<Batch> train, DataLoader<Batch> validation) {
        Objects.requireNonNull(train, "Trainer.fit: the training loader is null");
        if (resumedLoaderSeed != null && resumedLoaderSeed != train.seed()) {
            throw new IllegalStateException("Trainer.fit: the training loader's seed " + train.seed() + " differs from the"
                    + " checkpoint's " + resumedLoaderSeed + "; build it with .seed(" + resumedLoaderSeed + ") to resume the run");
        }
        loaderSeed = train.seed();
        if (epochsDone == 0 && settings.seed != null) {
            Generator.seedDefault(settings.seed);
        }
        stopRequested = false;
        settings.callbacks.forEach(c -> c.onTrainBegin(this));
        for (int e = epochsDone; e < settings.epochs && !stopRequested; e++) {
            int epoch = e;
            long start = System.nanoTime();
            settings.callbacks.forEach(c -> c.onEpochBegin(this, epoch));
            Map<String, Double> logs = trainEpoch(train, epoch, start);
            if (validation != null) {
                evaluate(validation).forEach((k, v) -> logs.put("val_" + k, v));
            }
            logs.put("lr", optimizer.paramGroups().getFirst().lr());
            if (settings.scheduler != null && settings.interval == Interval.EPOCH) {
                settings.scheduler.step();
            }
            if (settings.plateau != null) {
                Double monitored = logs.get(settings.plateauMonitor);
                if (monitored == null) {
                    throw new IllegalStateException("Trainer: ReduceLROnPlateau monitors '" + settings.plateauMonitor
                            + "', which this run does not record; it records " + logs.keySet());
                }
                settings.plateau.step(monitored);
            }
            logs.put("seconds", (System.nanoTime() - start) / 1e9);
            history.add(logs);
            epochsDone = epoch + 1;
            Map<String, Double> recorded = history.last();
            settings.callbacks.forEach(c -> c.onEpochEnd(this, epoch, recorded));
        }
        settings.callbacks.forEach(c -> c.onTrainEnd(this));
        return history;
    }

    private Map<String, Double> trainEpoch(DataLoader<Batch> train, int epoch, long start) {
        model.train();
        int batches = train.numBatches();
        int accumulate = settings.accumulation;
        List<Tensor> outputs = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        Map<String, Double> sums = new LinkedHashMap<>();
        long samples = 0;
        optimizer.zeroGrad();
        try (BatchIterator<Batch> it = train.iterator(epoch, 0)) {
            int i = 0;
            while (it.hasNext()) {
                Batch b = it.next();
                Tensor out = model.forward(b.x());
                Tensor l = loss.apply(out, b.y());
                double value = l.item();
                if (!Double.isFinite(value)) {
                    throw new IllegalStateException("Trainer: the loss became " + value + " at epoch " + (epoch + 1)
                            + ", batch " + (i + 1) + "; lower the learning rate or clip the gradients");
                }
                (accumulate > 1 ? l.div(accumulate) : l).backward();
                i++;
                if (i % accumulate == 0 || i == batches) {
                    step();
                }
                int n = b.x().size(0);
                samples += n;
                sums.merge("loss", value * n, Double::sum);
                Tensor o = out.detach();
                for (Metric m : settings.trainMetrics ? settings.metrics : List.<Metric>of()) {
                    if (m.perSample()) {
                        sums.merge(m.name(), m.compute(o, b.y()) * n, Double::sum);
                    }
                }
                if (settings.trainMetrics && !settings.metrics.isEmpty()) {
                    outputs.add(o);
                    targets.add(b.y());
                }
                Map<String, Double> running = new LinkedHashMap<>();
                long seen = samples;
                sums.forEach((k, v) -> running.put(k, v / seen));
                Callback.BatchProgress p = new Callback.BatchProgress(epoch, settings.epochs, i, batches, samples,
                        (System.nanoTime() - start) / 1e9, running);
                settings.callbacks.forEach(c -> c.onBatchEnd(this, p));
            }
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", sums.getOrDefault("loss", Double.NaN) / samples);
        if (!outputs.isEmpty()) {
            Tensor o = Tensor.cat(outputs, 0);
            Tensor t = Tensor.cat(targets, 0);
            for (Metric m : settings.metrics) {
                logs.put(m.name(), m.perSample() ? sums.get(m.name()) / samples : m.compute(o, t));
            }
        }
        return logs;
    }

    private void step() {
        if (settings.clipNorm > 0) {
            Clip.gradNorm(model.parameters(), settings.clipNorm);
        }
        if (settings.clipValue > 0) {
            Clip.gradValue(model.parameters(), settings.clipValue);
        }
        optimizer.step();
        optimizer.zeroGrad();
        steps++;
        if (settings.scheduler != null && settings.interval == Interval.STEP) {
            settings.scheduler.step();
        }
    }

    // ------------------------------------------------------------------ evaluate and predict

    /**
     * The mean loss and the metrics over every batch of {@code data}, in evaluation mode without
     * recording gradients: {@code {loss=..., accuracy=...}}.
     */
    public Map<String, Double> evaluate(DataLoader<Batch> data) {
        Predictions p = predict(data);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", p.loss());
        for (Metric m : settings.metrics) {
            out.put(m.name(), m.compute(p.outputs(), p.targets()));
        }
        return out;
    }

    /**
     * The model's outputs on every batch of {@code data} with the batches' targets, in order, and
     * the mean loss: in evaluation mode without recording gradients (the mode is restored).
     *
     * @param outputs (N, ...) the concatenated outputs
     * @param targets (N, ...) the concatenated targets
     * @param loss the loss averaged over examples
     */
    public record Predictions(Tensor outputs, Tensor targets, double loss) {}

    /** See {@link Predictions}. */
    public Predictions predict(DataLoader<Batch> data) {
        boolean wasTraining = model.isTraining();
        List<Tensor> outputs = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        double lossSum = 0;
        long samples = 0;
        model.eval();
        try (var off = Grad.off(); BatchIterator<Batch> it = data.iterator(0, 0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                Tensor out = model.forward(b.x());
                lossSum += loss.apply(out, b.y()).item() * b.x().size(0);
                samples += b.x().size(0);
                outputs.add(out);
                targets.add(b.y());
            }
        } finally {
            model.train(wasTraining);
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("Trainer.predict: the data loader gave no batches");
        }
        return new Predictions(Tensor.cat(outputs, 0), Tensor.cat(targets, 0), lossSum / samples);
    }

    /** The model's outputs for inputs {@code x} (N, ...), {@code batchSize} rows at a time, in evaluation mode. */
    public Tensor predict(Tensor x, int batchSize) {
        return Trainer.predict(model, x, batchSize);
    }

    /** {@link #predict(Tensor, int)} for any module. */
    public static Tensor predict(Module model, Tensor x, int batchSize) {
        if (batchSize < 1 || x.dim() == 0) {
            throw new IllegalArgumentException("predict: expected inputs (N, ...) and a positive batch size, got shape "
                    + x.shape() + " and " + batchSize);
        }
        boolean wasTraining = model.isTraining();
        List<Tensor> outputs = new ArrayList<>();
        model.eval();
        try (var off = Grad.off()) {
            for (int from = 0; from < x.size(0); from += batchSize) {
                outputs.add(model.forward(x.narrow(0, from, Math.min(batchSize, x.size(0) - from))));
            }
        } finally {
            model.train(wasTraining);
        }
        return Tensor.cat(outputs, 0);
    }

    // ------------------------------------------------------------------ checkpoints

    /** The full training state now, as {@link #saveCheckpoint} writes it. */
    public Checkpoint checkpoint() {
        Map<String, String> extras = new LinkedHashMap<>(settings.info);
        for (int i = 0; i < settings.callbacks.size(); i++) {
            String prefix = "callback." + i + ".";
            settings.callbacks.get(i).state().forEach((k, v) -> extras.put(prefix + k, v));
        }
        return new Checkpoint(model.stateDict(), optimizer.stateDict(), schedulerState(), epochsDone, steps,
                Map.of("default", Generator.defaultGenerator().state()), loaderSeed, history.epochs(), extras);
    }

    private Map<String, Tensor> schedulerState() {
        Map<String, Tensor> sched = new LinkedHashMap<>();
        if (settings.scheduler != null) {
            sched.putAll(settings.scheduler.stateDict());
        }
        if (settings.plateau != null) {
            settings.plateau.stateDict().forEach((k, v) -> sched.put("plateau." + k, v));
        }
        return sched;
    }

    /**
     * Writes the full training state to {@code file}, atomically, with the seed of the training
     * loader of the last {@link #fit} (checked when the run resumes).
     */
    public void saveCheckpoint(Path file) throws IOException {
        Checkpoint.save(file, checkpoint());
    }

    /**
     * Loads a checkpoint written by {@link #saveCheckpoint} into this trainer's model, optimizer
     * and scheduler and the default generator; the next {@link #fit} continues after its last epoch.
     *
     * @throws dev.myelin.io.InvalidFileException if the file is not a valid checkpoint
     * @throws IllegalArgumentException if it does not fit this model, optimizer or scheduler;
     *     nothing is changed then
     */
    public void restore(Path file) throws IOException {
        restore(Checkpoint.load(file), "checkpoint " + file);
    }

    /** {@link #restore(Path)} from a checkpoint in memory. */
    public void restore(Checkpoint c, String what) {
        Map<String, Tensor> modelBefore = copy(model.stateDict());
        Map<String, Tensor> optimBefore = copy(optimizer.stateDict());
        Map<String, Tensor> schedBefore = copy(schedulerState());
        try {
            model.loadStateDict(c.model());
            optimizer.loadStateDict(c.optimizer());
            loadScheduler(c.scheduler());
        } catch (RuntimeException e) {
            model.loadStateDict(modelBefore);
            optimizer.loadStateDict(optimBefore);
            loadScheduler(schedBefore);
            throw new IllegalArgumentException(what + " does not fit this training setup: " + e.getMessage(), e);
        }
        long[] rng = c.rng().get("default");
        if (rng != null) {
            Generator.defaultGenerator().setState(rng);
        }
        epochsDone = c.epoch();
        steps = c.step();
        history = new History(c.history());
        resumedLoaderSeed = c.loaderSeed();
        loaderSeed = c.loaderSeed();
        for (int i = 0; i < settings.callbacks.size(); i++) {
            String prefix = "callback." + i + ".";
            Map<String, String> state = new LinkedHashMap<>();
            c.extras().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    state.put(k.substring(prefix.length()), v);
                }
            });
            if (!state.isEmpty()) {
                settings.callbacks.get(i).restoreState(state);
            }
        }
    }

    private void loadScheduler(Map<String, Tensor> state) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        Map<String, Tensor> plateau = new LinkedHashMap<>();
        state.forEach((k, v) -> (k.startsWith("plateau.") ? plateau : own).put(k.replaceFirst("^plateau\\.", ""), v));
        if (!own.isEmpty() != (settings.scheduler != null) || !plateau.isEmpty() != (settings.plateau != null)) {
            throw new IllegalArgumentException("the checkpoint's learning-rate schedule (" + (state.isEmpty() ? "none"
                    : state.keySet()) + ") does not match this trainer's");
        }
        if (settings.scheduler != null) {
            settings.scheduler.loadStateDict(own);
        }
        if (settings.plateau != null) {
            settings.plateau.loadStateDict(plateau);
        }
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    // ------------------------------------------------------------------ state

    /** Asks {@link #fit} to stop after the current epoch (early stopping does this). */
    public void stop() {
        stopRequested = true;
    }

    /** Whether {@link #stop()} was called during the current or last fit. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** The number of epochs done. */
    public int epoch() {
        return epochsDone;
    }

    /** The number of epochs a {@link #fit} runs to. */
    public int epochs() {
        return settings.epochs;
    }

    /** The number of optimizer steps taken. */
    public long steps() {
        return steps;
    }

    /** The values of every epoch done. */
    public History history() {
        return history;
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The metrics computed each epoch. */
    public List<Metric> metrics() {
        return settings.metrics;
    }

    /** Free-form facts about the run (the model's name, the class names) stored with checkpoints and weights. */
    public Map<String, String> info() {
        return settings.info;
    }

    /** The settings of a {@link Trainer}; every one is optional. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final BinaryOperator<Tensor> loss;
        private int epochs = 1;
        private List<Metric> metrics = List.of();
        private LRScheduler scheduler;
        private Interval interval = Interval.EPOCH;
        private ReduceLROnPlateau plateau;
        private String plateauMonitor;
        private int accumulation = 1;
        private double clipNorm;
        private double clipValue;
        private Long seed;
        private boolean trainMetrics = true;
        private final List<Callback> callbacks = new ArrayList<>();
        private final Map<String, String> info = new LinkedHashMap<>();

        private Builder(Module model, Optimizer optimizer, BinaryOperator<Tensor> loss) {
            this.model = Objects.requireNonNull(model, "Trainer: model is null");
            this.optimizer = Objects.requireNonNull(optimizer, "Trainer: optimizer is null");
            this.loss = Objects.requireNonNull(loss, "Trainer: loss is null");
        }

        /** The number of epochs (default 1). */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** The metrics to compute on the training and validation data each epoch. */
        public Builder metrics(Metric... metrics) {
            this.metrics = List.of(metrics);
            return this;
        }

        /** A learning-rate schedule, stepped after every epoch or after every optimizer step. */
        public Builder scheduler(LRScheduler scheduler, Interval interval) {
            if (scheduler.optimizer() != optimizer) {
                throw new IllegalArgumentException("Trainer: the scheduler drives another optimizer than the trainer's");
            }
            this.scheduler = scheduler;
            this.interval = Objects.requireNonNull(interval, "Trainer: interval is null");
            return this;
        }

        /** Cuts the learning rate when {@code monitor} (e.g. {@code val_loss}) stalls, checked after every epoch. */
        public Builder plateau(ReduceLROnPlateau plateau, String monitor) {
            this.plateau = Objects.requireNonNull(plateau, "Trainer: plateau is null");
            this.plateauMonitor = Objects.requireNonNull(monitor, "Trainer: monitor is null");
            return this;
        }

        /**
         * Steps the optimizer once every {@code batches} batches, with the loss divided by
         * {@code batches}: the gradient of a batch {@code batches} times larger (default 1).
         */
        public Builder gradientAccumulation(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("Trainer: gradient accumulation needs at least 1 batch, got " + batches);
            }
            this.accumulation = batches;
            return this;
        }

        /** Rescales the gradients before each step so that their global L2 norm is at most {@code maxNorm}. */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm > 0)) {
                throw new IllegalArgumentException("Trainer: the clipping norm must be positive, got " + maxNorm);
            }
            this.clipNorm = maxNorm;
            return this;
        }

        /** Clamps every gradient element to [-value, value] before each step. */
        public Builder clipGradValue(double value) {
            if (!(value > 0)) {
                throw new IllegalArgumentException("Trainer: the clipping value must be positive, got " + value);
            }
            this.clipValue = value;
            return this;
        }

        /** Re-seeds the default generator when a fresh run starts (see the class comment). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to compute the metrics on the training data too (default true; costs keeping the epoch's outputs). */
        public Builder trainMetrics(boolean trainMetrics) {
            this.trainMetrics = trainMetrics;
            return this;
        }

        /** Callbacks, called in the order given. */
        public Builder callbacks(Callback... callbacks) {
            this.callbacks.addAll(List.of(callbacks));
            return this;
        }

        /** A fact about the run to store with checkpoints and weights ({@code model}: the zoo name). */
        public Builder info(String key, String value) {
            info.put(key, value);
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
