package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * The rectified linear unit max(x, 0), elementwise. PyTorch's {@code nn.ReLU}; {@link F#relu} as a
 * function.
 *
 * <pre>{@code
 * new ReLU().forward(Tensor.of(-1f, 2f));   // [0, 2]
 * }</pre>
 */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.relu(x));
    }
}
