package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/**
 * Parametric ReLU (He et al. 2015): x for x &gt; 0, a·x otherwise, with the slope a learned, one
 * for all channels or one per channel (dimension 1 of the input). PyTorch's {@code nn.PReLU};
 * {@link F#prelu} as a function. The slopes ({@code weight}) start at 0.25.
 *
 * <pre>{@code
 * PReLU act = new PReLU(64, 0.25);         // one slope per channel of (N, 64, H, W)
 * }</pre>
 */
public final class PReLU extends Module {
    private final int numParameters;

    /** One shared slope starting at 0.25. */
    public PReLU() {
        this(1, 0.25);
    }

    /** {@code numParameters} slopes (1, or the channel count) starting at {@code init}. */
    public PReLU(int numParameters, double init) {
        Layers.positive("PReLU", "numParameters", numParameters);
        this.numParameters = numParameters;
        registerParameter("weight", Init.constant(Tensor.zeros(numParameters), init));
    }

    /** The slopes (numParameters). */
    public Tensor weight() {
        return parameter("weight");
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.prelu(x, weight()));
    }

    @Override
    protected String extraRepr() {
        return "numParameters=" + numParameters;
    }
}
