package dev.myelin.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.myelin.optim.Adam;
import dev.myelin.optim.AdamW;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.RMSprop;
import dev.myelin.optim.SGD;
import dev.myelin.optim.lr.CosineAnnealingLR;
import dev.myelin.optim.lr.LRScheduler;
import dev.myelin.optim.lr.OneCycleLR;
import dev.myelin.optim.lr.StepLR;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A training run as {@code myelin train --config run.json} reads it. Every field but the model is
 * optional:
 *
 * <pre>{@code
 * {
 *   "model": "fashion-cnn",                    // a zoo name; or "layers": [{"type": "Linear", "in": 784, "out": 10}, ...]
 *   "args": {},                                // the zoo model's arguments
 *   "data": {"dataset": "fashion-mnist", "path": null, "embedded": false, "validation": 0.1, "limit": null,
 *            "augment": true},
 *   "epochs": 5, "batch_size": 128, "seed": 0,
 *   "optimizer": {"name": "adam", "lr": 0.001, "weight_decay": 0, "momentum": 0.9},
 *   "schedule": {"name": "onecycle"},          // none, step (step_size, gamma), cosine, onecycle
 *   "metrics": ["accuracy", "top5_accuracy", "f1"],
 *   "gradient_accumulation": 1, "clip_grad_norm": null,
 *   "early_stopping": {"monitor": "val_loss", "patience": 3, "restore_best": true},
 *   "checkpoint": {"every": 1, "best": "val_accuracy"},   // checkpoint.safetensors every N epochs; best-model.safetensors
 *   "output": "runs"
 * }
 * }</pre>
 */
record RunConfig(String model, Map<String, Object> args, List<Map<String, Object>> layers, DataConfig data, Integer epochs,
        Integer batchSize, Long seed, OptimizerConfig optimizer, ScheduleConfig schedule, List<String> metrics,
        Integer gradientAccumulation, Double clipGradNorm, EarlyStoppingConfig earlyStopping, CheckpointConfig checkpoint,
        String output) {

    record DataConfig(String dataset, String path, Boolean embedded, Double validation, Integer limit, Boolean augment) {}

    record CheckpointConfig(Integer every, String best) {}

    record OptimizerConfig(String name, Double lr, Double weightDecay, Double momentum) {}

    record ScheduleConfig(String name, Integer stepSize, Double gamma, Double maxLr) {}

    record EarlyStoppingConfig(String monitor, Integer patience, Boolean restoreBest) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * Reads and checks a configuration file.
     *
     * @throws IllegalArgumentException with one sentence naming the file and the problem
     */
    static RunConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (the configuration file does not exist)");
        }
        RunConfig c;
        try {
            c = JSON.readValue(file.toFile(), RunConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String in = where(e.getPath().subList(0, e.getPath().size() - 1));
            throw new IllegalArgumentException(file + ": unknown setting '" + e.getPropertyName() + "'"
                    + (in.isEmpty() ? "" : " in" + in) + "; the known settings there are " + e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(file + ": the setting" + where(e.getPath()) + " has the wrong type ("
                    + e.getOriginalMessage().split("\n")[0] + ")");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException(file + " is not valid JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")") + ": "
                    + e.getOriginalMessage());
        }
        if (c == null) {
            throw new IllegalArgumentException(file + " is empty; it should hold a JSON object with at least \"model\"");
        }
        return c.check(file);
    }

    private static String where(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path) {
        String p = path.stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "" : " '" + p + "'";
    }

    private RunConfig check(Path file) {
        if ((model == null) == (layers == null)) {
            throw new IllegalArgumentException(file + ": give either \"model\" (a zoo name such as fashion-cnn) or"
                    + " \"layers\" (a list of layers), " + (model == null ? "not neither" : "not both"));
        }
        positive(file, "epochs", epochs);
        positive(file, "batch_size", batchSize);
        positive(file, "gradient_accumulation", gradientAccumulation);
        if (data != null && data.dataset() != null && !data.dataset().equals("fashion-mnist")) {
            throw new IllegalArgumentException(file + ": unknown dataset '" + data.dataset()
                    + "'; the known datasets are fashion-mnist");
        }
        if (checkpoint != null) {
            positive(file, "checkpoint.every", checkpoint.every());
        }
        if (data != null && data.validation() != null && !(data.validation() > 0 && data.validation() < 1)) {
            throw new IllegalArgumentException(file + ": data.validation must be a fraction between 0 and 1, got "
                    + data.validation());
        }
        return this;
    }

    private static void positive(Path file, String name, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(file + ": " + name + " must be at least 1, got " + value);
        }
    }

    int epochCount() {
        return epochs == null ? 5 : epochs;
    }

    int batch() {
        return batchSize == null ? 128 : batchSize;
    }

    long seedValue() {
        return seed == null ? 0 : seed;
    }

    DataConfig dataConfig() {
        return data == null ? new DataConfig(null, null, null, null, null, null) : data;
    }

    /** The optimizer over the parameters that require grad. */
    Optimizer makeOptimizer(List<Tensor> params) {
        OptimizerConfig o = optimizer == null ? new OptimizerConfig(null, null, null, null) : optimizer;
        String name = o.name() == null ? "adam" : o.name().toLowerCase(java.util.Locale.ROOT);
        double lr = o.lr() == null ? (name.equals("sgd") ? 0.01 : 1e-3) : o.lr();
        double wd = o.weightDecay() == null ? 0 : o.weightDecay();
        double momentum = o.momentum() == null ? 0.9 : o.momentum();
        return switch (name) {
            case "sgd" -> new SGD(params, SGD.options(lr).momentum(momentum).weightDecay(wd));
            case "adam" -> new Adam(params, Adam.options(lr).weightDecay(wd));
            case "adamw" -> new AdamW(params, AdamW.options(lr).weightDecay(o.weightDecay() == null ? 0.01 : wd));
            case "rmsprop" -> new RMSprop(params, lr);
            default -> throw new IllegalArgumentException("unknown optimizer '" + o.name()
                    + "'; the known optimizers are sgd, adam, adamw, rmsprop");
        };
    }

    /** Adds the schedule to the trainer; none when absent. */
    void addSchedule(Trainer.Builder builder, Optimizer opt, int batchesPerEpoch) {
        if (schedule == null || schedule.name() == null || schedule.name().equals("none")) {
            return;
        }
        switch (schedule.name()) {
            case "step" -> builder.scheduler(new StepLR(opt, schedule.stepSize() == null ? 1 : schedule.stepSize(),
                    schedule.gamma() == null ? 0.5 : schedule.gamma()), Trainer.Interval.EPOCH);
            case "cosine" -> builder.scheduler(new CosineAnnealingLR(opt, epochCount() * batchesPerEpoch, 0),
                    Trainer.Interval.STEP);
            case "onecycle" -> builder.scheduler(new OneCycleLR(opt, schedule.maxLr() != null ? schedule.maxLr()
                    : opt.paramGroups().getFirst().lr(), epochCount() * batchesPerEpoch), Trainer.Interval.STEP);
            default -> throw new IllegalArgumentException("unknown schedule '" + schedule.name()
                    + "'; the known schedules are none, step, cosine, onecycle");
        }
    }
}
