package dev.myelin.cli;

import dev.myelin.data.DataLoader;
import dev.myelin.data.SeriesWindows;
import dev.myelin.data.TensorDataset;
import dev.myelin.data.UsBirths;
import dev.myelin.models.LinearRegression;
import dev.myelin.models.LstmForecaster;
import dev.myelin.models.SeasonalNaive;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.optim.lr.CosineAnnealingLR;
import dev.myelin.plot.Plot;
import dev.myelin.plot.TrainingCurves;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.History;
import dev.myelin.train.Metrics;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forecasting a real series: US births per day (2000-2014), one day ahead, over the last 365 days
 * held out. An LSTM reads the 28 days before each target day (births, and the calendar of the day
 * after each: weekday, month, day of the month) and is compared with the seasonal-naive forecast
 * (the same weekday a week before) and a least-squares linear model on the same windows. Prints an
 * RMSE table and plots the forecasts against the actual births.
 */
@Command(name = "forecast", description = "An LSTM forecasts US births a day ahead over the held-out final year, against"
        + " seasonal-naive and linear baselines: an RMSE table and a plot of forecast vs actual.")
final class ForecastDemo implements Callable<Integer> {
    /** Features per day: the scaled births, then one-hot weekday (7), month (12) and day of the month (31) of the next day. */
    static final int FEATURES = 1 + 7 + 12 + 31;
    private static final int HELD_OUT = 365;
    private static final double RIDGE = 1e-3;
    private static final int PLOTTED = 70;

    @Option(names = "--epochs", description = "Training epochs (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    int epochs;

    @Option(names = "--window", description = "Days the models read before each forecast (default: ${DEFAULT-VALUE}).",
            defaultValue = "28")
    int window;

    @Option(names = "--hidden", description = "LSTM hidden size (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int hidden;

    @Option(names = "--lr", description = "Peak learning rate, cosine decay (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.005")
    double lr;

    @Option(names = "--train-days", description = "Train on at most this many days before the validation year"
            + " (default: all).")
    Integer trainDays;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).", defaultValue = "runs")
    Path runs;

    /** The outcome: RMSE (births per day) over the held-out year by forecaster, and the run folder. */
    record Result(Map<String, Double> rmse, Path dir) {
        boolean lstmWins() {
            return rmse.get("LSTM") < Math.min(rmse.get("seasonal naive"), rmse.get("linear"));
        }
    }

    @Override
    public Integer call() throws Exception {
        return run(System.out).lstmWins() ? 0 : 1;
    }

    Result run(PrintStream out) throws Exception {
        DemoOptions.atLeast("--epochs", epochs, 1);
        DemoOptions.atLeast("--window", window, 1);
        DemoOptions.atLeast("--hidden", hidden, 1);
        DemoOptions.positive("--lr", lr);
        if (trainDays != null) {
            DemoOptions.atLeast("--train-days", trainDays, 1);
        }
        UsBirths data = UsBirths.load();
        double[] births = data.births();
        List<LocalDate> dates = data.days().stream().map(UsBirths.Day::date).toList();
        int testStart = births.length - HELD_OUT;
        int validationStart = testStart - HELD_OUT;
        int trainStart = trainDays == null ? window : Math.max(window, validationStart - trainDays);
        double scale = IntStream.range(0, validationStart).mapToDouble(i -> births[i]).average().orElseThrow();
        Tensor scaled = Tensor.fromArray(births, births.length).div(scale).sub(1.0).to(DType.FLOAT32);
        Tensor features = features(scaled, dates);
        TensorDataset train = SeriesWindows.of(features, scaled, window, trainStart, validationStart);
        TensorDataset validation = SeriesWindows.of(features, scaled, window, validationStart, testStart);
        TensorDataset test = SeriesWindows.of(features, scaled, window, testStart, births.length);
        out.println("Forecasting " + data.source());
        out.printf(Locale.ROOT, "one day ahead from the %d days before; train %s to %s (%d days), validate %s to %s,"
                + " test (held out) %s to %s%n", window, dates.get(trainStart), dates.get(validationStart - 1), train.size(),
                dates.get(validationStart), dates.get(testStart - 1), dates.get(testStart), dates.getLast());

        Generator.seedDefault(seed);
        LstmForecaster lstm = new LstmForecaster(FEATURES, hidden, 1);
        var opt = new Adam(lstm.parameters(), lr);
        out.printf(Locale.ROOT, "LSTM: %d features a day (births / %.0f - 1; weekday, month and day of the next day),"
                + " hidden %d, %,d parameters; Adam %s with cosine decay, %d epochs%n", FEATURES, scale, hidden,
                lstm.parameterCount(), lr, epochs);
        Trainer trainer = Trainer.builder(lstm, opt, F::mseLoss).epochs(epochs).seed(seed)
                .scheduler(new CosineAnnealingLR(opt, epochs, 0), Trainer.Interval.EPOCH)
                .callbacks(new ProgressBar(out)).build();
        History history = trainer.fit(DataLoader.builder(train).batchSize(64).shuffle(true).seed(seed).build(),
                Runs.ordered(validation, 500));

        double[] actual = Arrays.copyOfRange(births, testStart, births.length);
        Map<String, double[]> forecasts = new LinkedHashMap<>();
        forecasts.put("seasonal naive", new SeasonalNaive(7).forecast(births, testStart, births.length));
        LinearRegression linear = LinearRegression.fit(train.x().flatten(1), train.y(), RIDGE);
        forecasts.put("linear", unscale(linear.predict(test.x().flatten(1)), scale));
        forecasts.put("LSTM", unscale(trainer.predict(test.x(), 500), scale));

        Map<String, Double> rmse = new LinkedHashMap<>();
        out.printf(Locale.ROOT, "%nforecaster        RMSE     MAE   (births per day, %d held-out days; mean %.0f)%n",
                HELD_OUT, mean(actual));
        String[] what = {"same weekday a week before", "least squares on the same windows, ridge " + RIDGE,
            "the LSTM above"};
        int i = 0;
        Tensor truth = Tensor.fromArray(actual, actual.length);
        for (var e : forecasts.entrySet()) {
            Tensor predicted = Tensor.fromArray(e.getValue(), actual.length);
            rmse.put(e.getKey(), Metrics.rmse(predicted, truth));
            out.printf(Locale.ROOT, "%-15s %7.1f %7.1f   %s%n", e.getKey(), rmse.get(e.getKey()), Metrics.mae(predicted, truth),
                    what[i++]);
        }
        Result result = new Result(rmse, Runs.create(runs, "forecast"));
        plot(result.dir().resolve("forecast.png"), dates.subList(testStart, births.length), actual, forecasts, rmse);
        TrainingCurves.save(result.dir().resolve("curves.png"), history, "LSTM forecaster: mean squared error of scaled births");
        out.println(result.lstmWins() ? "the LSTM beats both baselines" : "the LSTM did not beat both baselines this time");
        out.println("forecast vs actual (the last " + PLOTTED + " days): " + result.dir().resolve("forecast.png"));
        out.println("training curves: " + result.dir().resolve("curves.png"));
        return result;
    }

    /** Per day k: the scaled births of day k, then the one-hot weekday, month and day of the month of day k + 1 (T, 51). */
    static Tensor features(Tensor scaled, List<LocalDate> dates) {
        float[] values = scaled.toFloatArray();
        float[] f = new float[values.length * FEATURES];
        for (int k = 0; k < values.length; k++) {
            LocalDate next = dates.get(k).plusDays(1);
            int row = k * FEATURES;
            f[row] = values[k];
            f[row + next.getDayOfWeek().getValue()] = 1;                 // 1..7
            f[row + 7 + next.getMonthValue()] = 1;                       // 8..19
            f[row + 19 + next.getDayOfMonth()] = 1;                      // 20..50
        }
        return Tensor.fromArray(f, values.length, FEATURES);
    }

    /** Plots the last {@value #PLOTTED} days: the actual births and each forecast, named with its RMSE over the year. */
    private static void plot(Path file, List<LocalDate> days, double[] actual, Map<String, double[]> forecasts,
            Map<String, Double> rmse) throws IOException {
        int from = days.size() - PLOTTED;
        double[] x = IntStream.range(from, days.size()).mapToDouble(i -> days.get(i).getDayOfYear()).toArray();
        Plot plot = Plot.of("US births per day, " + days.get(from) + " to " + days.getLast() + " (held out): forecasts a"
                + " day ahead", "day of " + days.getLast().getYear(), "births", 1200, 600)
                .line("actual", x, Arrays.copyOfRange(actual, from, days.size()));
        forecasts.forEach((name, forecast) -> plot.line(String.format(Locale.ROOT, "%s (RMSE %.0f over %d days)", name,
                rmse.get(name), days.size()), x, Arrays.copyOfRange(forecast, from, days.size())));
        plot.legend(org.knowm.xchart.style.Styler.LegendPosition.InsideSW).save(file);
    }

    private static double[] unscale(Tensor scaledForecast, double scale) {
        return scaledForecast.add(1.0).mul(scale).to(DType.FLOAT64).toDoubleArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
