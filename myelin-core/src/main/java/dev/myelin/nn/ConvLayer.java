package dev.myelin.nn;

import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/**
 * What the convolution layers share ({@link Conv1d}, {@link Conv2d}, {@link ConvTranspose2d}):
 * sizes, options, the weight and bias with PyTorch's default initialisation (Kaiming uniform
 * with a = √5, bias U(-1/√fan_in, 1/√fan_in)), and the check of the input's shape. Inputs may be
 * batched (N, C, *) or a single example (C, *).
 */
public abstract sealed class ConvLayer extends Module permits Conv1d, Conv2d, ConvTranspose2d {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final ConvOptions options;

    ConvLayer(int inChannels, int outChannels, int[] kernel, ConvOptions options, boolean bias, boolean transposed) {
        String name = getClass().getSimpleName();
        Layers.positive(name, "inChannels", inChannels);
        Layers.positive(name, "outChannels", outChannels);
        for (int k : kernel) {
            Layers.positive(name, "each kernel size", k);
        }
        int groups = options.groups();
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": inChannels (" + inChannels + ") and outChannels ("
                    + outChannels + ") must be divisible by groups (" + groups + ")");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.options = options;
        int[] shape = new int[kernel.length + 2];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(kernel, 0, shape, 2, kernel.length);
        Tensor weight = registerParameter("weight", Layers.kaimingWeight(shape));
        registerParameter("bias", bias ? Layers.fanInUniform(outChannels, Init.fanIn(weight)) : null);
    }

    /** The weight: (out, in/groups, k...) for a convolution, (in, out/groups, k...) for a transposed one. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** The bias (out), or {@code null}. */
    public Tensor bias() {
        return parameter("bias");
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public ConvOptions options() {
        return options;
    }

    /** The convolution of a batched input. */
    abstract Tensor convolve(Tensor x);

    /** The spatial dimensions' names for messages, e.g. "H, W". */
    abstract String spatial();

    @Override
    public Tensor forward(Tensor x) {
        int rank = kernel.length + 2;
        boolean batched = x.dim() == rank;
        if ((!batched && x.dim() != rank - 1) || x.size(batched ? 1 : 0) != inChannels) {
            throw new IllegalArgumentException(describe() + ": expected input of shape (N, " + inChannels + ", "
                    + spatial() + ") or (" + inChannels + ", " + spatial() + "), got " + x.shape());
        }
        Tensor y = convolve(batched ? x : x.unsqueeze(0));
        return hooked(batched ? y : y.squeeze(0));
    }

    @Override
    protected String extraRepr() {
        return "in=" + inChannels + ", out=" + outChannels + ", kernel=" + ConvOptions.tuple(kernel)
                + options.describe(kernel.length) + (bias() == null ? ", bias=false" : "");
    }
}
