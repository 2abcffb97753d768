package dev.myelin.data;

import dev.myelin.tensor.Generator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The built-in samplers and the small random helpers they share. */
final class Samplers {
    private Samplers() {}

    static int[] identity(int size) {
        return IntStream.range(0, size).toArray();
    }

    /** A uniform random integer in [0, bound): 53 random bits, so the bias is below 2^-30. */
    static int below(Generator g, int bound) {
        return (int) (g.nextDouble() * bound);
    }

    static Sampler weighted(double[] weights, int numSamples, boolean replacement) {
        double[] w = weights.clone();
        double total = 0;
        int positive = 0;
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException("Sampler.weighted: weight " + i + " is " + w[i]
                        + "; weights must be finite and non-negative");
            }
            total += w[i];
            positive += w[i] > 0 ? 1 : 0;
        }
        if (positive == 0) {
            throw new IllegalArgumentException("Sampler.weighted: all " + w.length + " weights are zero");
        }
        if (numSamples < 1 || (!replacement && numSamples > positive)) {
            throw new IllegalArgumentException("Sampler.weighted: cannot draw " + numSamples + " samples "
                    + (replacement ? "(need at least 1)" : "without replacement from " + positive + " positive weights"));
        }
        double[] cumulative = new double[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i];
            cumulative[i] = sum;
        }
        double scale = total;
        return (size, g) -> {
            if (size != w.length) {
                throw new IllegalArgumentException("Sampler.weighted: " + w.length + " weights for a dataset of "
                        + size + " samples");
            }
            return replacement ? withReplacement(cumulative, scale, numSamples, g) : withoutReplacement(w, numSamples, g);
        };
    }

    private static int[] withReplacement(double[] cumulative, double total, int n, Generator g) {
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            double u = g.nextDouble() * total;
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {            // the first index whose cumulative weight exceeds u
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            out[k] = lo;
        }
        return out;
    }

    /** Efraimidis-Spirakis: the n largest keys log(u) / w are a weighted sample without replacement. */
    private static int[] withoutReplacement(double[] w, int n, Generator g) {
        double[] keys = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double u = 1 - g.nextDouble();   // in (0, 1]
            keys[i] = w[i] > 0 ? Math.log(u) / w[i] : Double.NEGATIVE_INFINITY;
        }
        Integer[] order = new Integer[w.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> keys[i]).reversed());
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = order[k];
        }
        return out;
    }
}
