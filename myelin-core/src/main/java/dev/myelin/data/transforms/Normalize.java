package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Standardises each channel: (x - mean[c]) / std[c] for channel c = dimension 1 of a (B, C, ...)
 * batch. torchvision's {@code Normalize}; {@link #fit} computes the statistics from a dataset.
 *
 * <pre>{@code
 * Normalize norm = Normalize.fit(train.x());       // per-channel mean and std of (N, C, H, W)
 * norm.mean()                                      // e.g. {0.2860} for Fashion-MNIST
 * Tensor z = norm.apply(x, null);                  // deterministic: the generator is not used
 * }</pre>
 */
public final class Normalize implements Transform {
    private final double[] mean;
    private final double[] std;

    /**
     * Normalisation with the given per-channel statistics.
     *
     * @throws IllegalArgumentException if the arrays are empty, of different lengths, or a std is not positive
     */
    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: expects one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || Double.isInfinite(std[c]) || !Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("Normalize: channel " + c + " has mean " + mean[c] + " and std "
                        + std[c] + "; the mean must be finite and the std positive");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * The per-channel mean and standard deviation of {@code images} (N, C, ...), computed in double
     * precision over every sample and position: the statistics to normalise a dataset with. The
     * standard deviation is the population one (divides by the count), as usual for these statistics;
     * a constant channel gets std 1 so that normalising it is well defined.
     */
    public static Normalize fit(Tensor images) {
        if (images.dim() < 2 || images.numel() == 0 || !images.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Normalize.fit: expects a non-empty floating-point tensor (N, C, ...), got "
                    + images.shape() + " " + images.dtype());
        }
        Tensor x = images.to(DType.FLOAT32).contiguous();
        int channels = x.size(1);
        double[] mean = new double[channels];
        double[] std = new double[channels];
        double count = (double) x.numel() / channels;
        for (int c = 0; c < channels; c++) {
            mean[c] = sumOfPowers(x, c, 0, 1) / count;                 // two passes: exact for large counts
            double sd = Math.sqrt(sumOfPowers(x, c, mean[c], 2) / count);
            std[c] = sd > 0 ? sd : 1;
        }
        return new Normalize(mean, std);
    }

    /** The sum over channel c of (v - center)^power, power 1 or 2, accumulated in double. */
    private static double sumOfPowers(Tensor x, int c, double center, int power) {
        float[] v = x.storage().floats();
        int channels = x.size(1);
        int inner = x.numel() / (x.size(0) * channels);
        double total = 0;
        for (int s = 0; s < x.size(0); s++) {
            int base = x.storageOffset() + (s * channels + c) * inner;
            double acc = 0;
            for (int i = base; i < base + inner; i++) {
                double d = v[i] - center;
                acc += power == 1 ? d : d * d;
            }
            total += acc;
        }
        return total;
    }

    /** The per-channel means (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The per-channel standard deviations (a copy). */
    public double[] std() {
        return std.clone();
    }

    /** (x - mean) / std along dimension 1; the generator is not used and may be null. */
    @Override
    public Tensor apply(Tensor x, Generator generator) {
        if (x.dim() < 2 || x.size(1) != mean.length || !x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Normalize: expects a floating-point batch (B, " + mean.length
                    + ", ...) for " + mean.length + " channels, got " + x.shape() + " " + x.dtype());
        }
        int[] dims = new int[x.dim() - 1];
        Arrays.fill(dims, 1);
        dims[0] = mean.length;
        Tensor m = Tensor.fromArray(mean, dims).to(x.dtype());
        Tensor s = Tensor.fromArray(std, dims).to(x.dtype());
        return x.sub(m).div(s);
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
