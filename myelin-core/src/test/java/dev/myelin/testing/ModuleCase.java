package dev.myelin.testing;

import dev.myelin.nn.Module;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One layer or loss as the tests see it: how to build it in Myelin and in PyTorch, the inputs to
 * call it on, and the mode. Declared once in {@link ModuleRegistry}; the PyTorch-parity test and
 * the gradient-check test iterate over the table.
 *
 * @param name a unique name
 * @param torch a Python expression building the same module with {@code nn}, {@code torch} and
 *     the helpers of {@code scripts/goldens/torch_nn.py} (its weights are then loaded from
 *     Myelin's state dict, so initial values do not matter)
 * @param factory builds the Myelin module
 * @param args the inputs
 * @param train whether the module runs in training mode
 * @param call how to call the module on its inputs (Python calls {@code m(*inputs)})
 * @param gradCheck whether finite differences apply (not where a gradient is zeroed by design)
 */
public record ModuleCase(String name, String torch, Supplier<Module> factory, List<Arg> args, boolean train,
        Call call, boolean gradCheck) {

    public ModuleCase(String name, String torch, Supplier<Module> factory, List<Arg> args, boolean train, Call call) {
        this(name, torch, factory, args, train, call, true);
    }

    /** A copy that the gradient-check test skips. */
    public ModuleCase withoutGradCheck() {
        return new ModuleCase(name, torch, factory, args, train, call, false);
    }

    /** The Myelin call of a module on its inputs. */
    @FunctionalInterface
    public interface Call {
        Tensor apply(Module module, List<Tensor> inputs);
    }

    /**
     * One input: its kind of values, its shape and, for indices, the exclusive bound.
     *
     * @param grad whether the input requires grad (floating inputs that are not targets)
     */
    public record Arg(Kind kind, int[] shape, int bound, boolean grad) {
        /** The kinds of values. */
        public enum Kind {
            /** Standard normal floats. */
            NORMAL,
            /** Floats uniform in [0.05, 0.95]: probabilities away from 0 and 1. */
            PROB,
            /** Softmax of normals along dimension 1 (0 for 1-D): a distribution per sample. */
            DIST,
            /** Log-softmax of normals along dimension 1: log-probabilities. */
            LOG_DIST,
            /** -1 or 1 as floats: binary labels for margin losses. */
            SIGN,
            /** int64 uniform in [0, bound). */
            INDEX,
            /** int64 uniform in [1, bound]: sequence lengths for recurrent layers. */
            LENGTHS,
            /** bool (B, S), true at padding: each row has a random length in [1, S] of real keys. */
            PADDING,
            /** float (T, T): 0 on and below the diagonal, -inf above (a causal attention mask). */
            CAUSAL,
            /** bool (T, T): true above the diagonal (a causal mask in nn.MultiheadAttention's convention). */
            CAUSAL_BOOL
        }

        /** Makes the input, deterministically for a given generator state. */
        public Tensor make(DType floatType, Generator g) {
            Shape s = Shape.of(shape);
            int dim = shape.length > 1 ? 1 : 0;
            Tensor t = switch (kind) {
                case NORMAL -> Tensor.randn(s, floatType, g);
                case PROB -> Tensor.rand(s, floatType, g).mul(0.9).add(0.05);
                case DIST -> Tensor.randn(s, floatType, g).softmax(dim);
                case LOG_DIST -> Tensor.randn(s, floatType, g).logSoftmax(dim);
                case SIGN -> Tensor.rand(s, floatType, g).gt(0.5).to(floatType).mul(2.0).sub(1.0);
                case INDEX -> Tensor.randint(0, bound, s, g);
                case LENGTHS -> Tensor.randint(1, bound + 1, s, g);
                case PADDING -> Tensor.arange(shape[1]).unsqueeze(0)
                        .ge(Tensor.randint(1, shape[1] + 1, Shape.of(shape[0], 1), g));
                case CAUSAL -> dev.myelin.nn.Transformer.causalMask(shape[0]);
                case CAUSAL_BOOL -> Tensor.arange(shape[0]).unsqueeze(0).gt(Tensor.arange(shape[0]).unsqueeze(1));
            };
            return grad ? t.detach().requiresGrad(true) : t.detach();
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase() + Arrays.toString(shape) + (grad ? "" : "(target)");
        }
    }

    /** The inputs for a float dtype, deterministic for the case's name. */
    public List<Tensor> makeInputs(DType floatType) {
        Generator g = new Generator(name.hashCode() * 31L + 7);
        List<Tensor> out = new ArrayList<>();
        for (Arg a : args) {
            out.add(a.make(floatType, g));
        }
        return out;
    }

    /** Builds the module in the case's mode. */
    public Module build() {
        Module m = factory.get();
        m.train(train);
        return m;
    }

    @Override
    public String toString() {
        return name + " " + args + (train ? "" : " eval");
    }
}
