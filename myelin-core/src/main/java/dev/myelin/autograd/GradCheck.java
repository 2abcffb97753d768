package dev.myelin.autograd;

import dev.myelin.kernels.Elements;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks gradients against finite differences: PyTorch's {@code gradcheck} and
 * {@code gradgradcheck}.
 *
 * <p>The function's output is contracted with a fixed random tensor v into a scalar
 * s = sum(f(x)·v). Its analytic gradient (one backward pass) is compared, element by element,
 * with the central difference (s(x + eps) - s(x - eps)) / 2eps. Use float64 inputs: float32 has
 * too few digits for finite differences. Inputs may be non-contiguous views: each element is
 * perturbed where it lives in storage.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(Shape.of(3, 4), DType.FLOAT64, g).requiresGrad(true);
 * GradCheck.check(in -> in.get(0).tanh(), List.of(x));      // throws with details on mismatch
 * }</pre>
 */
public final class GradCheck {
    /** Default step and tolerances, as in PyTorch: eps 1e-6, atol 1e-5, rtol 1e-3. */
    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-3;

    private GradCheck() {}

    /** Checks first derivatives with the default step and tolerances. */
    public static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        check(f, inputs, EPS, ATOL, RTOL);
    }

    /**
     * Checks first derivatives with respect to every input that requires grad.
     *
     * @throws AssertionError naming the input, the element, both values and the tolerance
     */
    public static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double atol,
            double rtol) {
        List<Tensor> wrt = new ArrayList<>();
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                if (t.dtype() != DType.FLOAT64) {
                    throw new IllegalArgumentException("gradcheck: inputs must be float64, got " + t.dtype());
                }
                wrt.add(t);
            }
        }
        if (wrt.isEmpty()) {
            throw new IllegalArgumentException("gradcheck: no input requires grad");
        }
        Tensor out = f.apply(inputs);
        Tensor v = Tensor.randnLike(out.detach().to(DType.FLOAT64), new Generator(1234)).to(out.dtype());
        // Evaluated in grad mode: a second-order check takes gradients inside f.
        Function<List<Tensor>, Double> scalar = in -> f.apply(in).mul(v).sum().item();
        List<Tensor> analytic = out.requiresGrad()
                ? Autograd.grad(List.of(out), wrt, List.of(v), false, false, true)
                : new ArrayList<>(java.util.Collections.nCopies(wrt.size(), null));
        for (int i = 0; i < wrt.size(); i++) {
            Tensor x = wrt.get(i);
            double[] numeric = numericGradient(scalar, inputs, x, eps);
            double[] exact = analytic.get(i) == null ? new double[x.numel()] : analytic.get(i).toDoubleArray();
            for (int j = 0; j < numeric.length; j++) {
                double err = Math.abs(numeric[j] - exact[j]);
                if (!(err <= atol + rtol * Math.abs(numeric[j]))) {
                    throw new AssertionError("gradcheck: input " + inputs.indexOf(x) + " (shape " + x.shape()
                            + "), element " + j + ": analytic " + exact[j] + " vs numeric " + numeric[j]
                            + " (error " + err + " > " + (atol + rtol * Math.abs(numeric[j])) + ")");
                }
            }
        }
    }

    /**
     * Checks second derivatives: the gradient of sum(grad_x(sum(f·v))·w), taken through a
     * backward pass recorded with {@code createGraph}, against finite differences.
     */
    public static void checkSecondOrder(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        Generator g = new Generator(4321);
        List<Tensor> wrt = inputs.stream().filter(Tensor::requiresGrad).toList();
        Tensor probe = f.apply(inputs);
        Tensor v = Tensor.randnLike(probe.detach().to(DType.FLOAT64), g);
        List<Tensor> w = wrt.stream().map(t -> Tensor.randnLike(t.detach(), g)).toList();
        check(in -> {
            Tensor out = f.apply(in);
            List<Tensor> grads = Autograd.grad(List.of(out), wrt, List.of(v.to(out.dtype())), true, true, true);
            Tensor total = Tensor.scalar(0, DType.FLOAT64);
            for (int k = 0; k < grads.size(); k++) {
                if (grads.get(k) != null) {
                    total = total.add(grads.get(k).mul(w.get(k)).sum());
                }
            }
            return total;
        }, inputs);
    }

    /** d(scalar)/dx by central differences, perturbing each element of x in its storage. */
    private static double[] numericGradient(Function<List<Tensor>, Double> scalar, List<Tensor> inputs, Tensor x,
            double eps) {
        double[] grad = new double[x.numel()];
        Object data = x.storage().array();
        int[] shape = x.shape().toArray();
        int[] strides = x.strides();
        int[] index = new int[shape.length];
        for (int j = 0; j < grad.length; j++) {
            int at = x.storageOffset();
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * strides[d];
            }
            double original = Elements.getDouble(data, at);
            Elements.setDouble(data, at, original + eps);
            double plus = scalar.apply(inputs);
            Elements.setDouble(data, at, original - eps);
            double minus = scalar.apply(inputs);
            Elements.setDouble(data, at, original);
            grad[j] = (plus - minus) / (2 * eps);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return grad;
    }
}
