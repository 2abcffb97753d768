package dev.myelin.models;

/**
 * The seasonal-naive forecast, the baseline every forecaster of a seasonal series must beat: each
 * value is predicted to equal the one a season earlier, ŷ_t = y_{t-period} (for daily data with a
 * weekly cycle, the same weekday a week before).
 *
 * <pre>{@code
 * double[] forecast = new SeasonalNaive(7).forecast(births, 5114, 5479);   // the last 365 days
 * }</pre>
 *
 * @param period the length of a season in steps
 */
public record SeasonalNaive(int period) {
    /** Checks the period. */
    public SeasonalNaive {
        if (period < 1) {
            throw new IllegalArgumentException("SeasonalNaive: period must be >= 1, got " + period);
        }
    }

    /**
     * The forecasts of steps {@code from} to {@code to} (excluded) of {@code series}: series[t - period] for each t.
     *
     * @throws IllegalArgumentException unless period <= from <= to <= series.length
     */
    public double[] forecast(double[] series, int from, int to) {
        if (from < period || from > to || to > series.length) {
            throw new IllegalArgumentException("SeasonalNaive.forecast: steps [" + from + ", " + to + ") of a series of "
                    + series.length + " need " + period + " <= from <= to <= " + series.length);
        }
        double[] out = new double[to - from];
        for (int t = from; t < to; t++) {
            out[t - from] = series[t - period];
        }
        return out;
    }
}
