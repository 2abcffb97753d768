package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * Returns its input: a placeholder, for example where a model's head is removed for transfer
 * learning. PyTorch's {@code nn.Identity}.
 *
 * <pre>{@code
 * Module head = new Identity();
 * }</pre>
 */
public final class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return hooked(x);
    }
}
