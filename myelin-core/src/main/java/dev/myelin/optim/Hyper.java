package dev.myelin.optim;

/** The valid ranges of hyper-parameters, by PyTorch's names, checked in one place for every optimizer. */
final class Hyper {
    private Hyper() {}

    /**
     * Throws if {@code value} is not valid for the hyper-parameter {@code key}.
     *
     * @param optimizer the optimizer's name, for the message
     */
    static void check(String optimizer, String key, double value) {
        String rule = switch (key) {
            case "lr", "initial_lr" -> value >= 0 && value < Double.POSITIVE_INFINITY ? null : "must be >= 0 and finite";
            case "weight_decay", "eps", "alpha", "lr_decay", "momentum_decay", "initial_accumulator_value",
                 "momentum" -> value >= 0 && value < Double.POSITIVE_INFINITY ? null : "must be >= 0";
            case "beta1", "beta2" -> value >= 0 && value < 1 ? null : "must lie in [0, 1)";
            case "rho", "dampening" -> value >= 0 && value <= 1 ? null : "must lie in [0, 1]";
            default -> Double.isNaN(value) ? "must be a number" : null;
        };
        if (rule != null) {
            throw new IllegalArgumentException(optimizer + ": invalid " + describe(key) + " " + value + " (" + rule + ")");
        }
    }

    private static String describe(String key) {
        return switch (key) {
            case "lr" -> "learning rate";
            case "weight_decay" -> "weight decay";
            default -> key;
        };
    }
}
