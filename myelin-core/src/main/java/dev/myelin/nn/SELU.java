package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * SELU, scale·ELU(x, alpha) with the self-normalising constants (Klambauer et al. 2017). PyTorch's
 * {@code nn.SELU}; {@link F#selu} as a function.
 *
 * <pre>{@code
 * new SELU().forward(x);
 * }</pre>
 */
public final class SELU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.selu(x));
    }
}
