package dev.myelin.nn.functional;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.Grad;
import dev.myelin.tensor.Convolution;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Fused;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Pooling;
import dev.myelin.tensor.Resampling;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * The functional API: PyTorch's {@code torch.nn.functional}. Every layer's forward pass is a call
 * to one of these functions with the layer's parameters, and every function is differentiable
 * (built from tensor ops, so gradients, including higher-order ones, come from autograd).
 *
 * <p>Shapes follow PyTorch: N is the batch size, C the number of channels or classes, and
 * {@code *} any number of further dimensions.
 *
 * <pre>{@code
 * Tensor h = F.relu(F.linear(x, w1, b1));                 // (N, hidden)
 * Tensor loss = F.crossEntropy(F.linear(h, w2, b2), y);    // y: int64 class indices (N)
 * }</pre>
 */
public final class F {
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double BCE_LOG_FLOOR = -100;

    private F() {}

    // ------------------------------------------------------------------ linear

    /** x·weightᵀ + bias: x (*, in), weight (out, in), bias (out) or {@code null}; gives (*, out). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return Fused.linear(x, weight, bias, false);
    }

    /**
     * y_k = x1ᵀ·W_k·x2 + b_k: x1 (*, in1), x2 (*, in2), weight (out, in1, in2), bias (out) or
     * {@code null}; gives (*, out).
     */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3 || x1.dim() == 0 || x1.size(-1) != weight.size(1) || x2.dim() == 0
                || x2.size(-1) != weight.size(2) || !x1.shape().remove(-1).equals(x2.shape().remove(-1))) {
            throw new IllegalArgumentException("bilinear: inputs of shapes " + x1.shape() + " and " + x2.shape()
                    + " do not fit a weight of shape " + weight.shape() + " (expected (*, in1), (*, in2) and"
                    + " (out, in1, in2) with the same leading dimensions)");
        }
        int out = weight.size(0);
        int in1 = weight.size(1);
        int in2 = weight.size(2);
        Shape lead = x1.shape().remove(-1);
        Tensor a = x1.reshape(-1, in1);
        Tensor b = x2.reshape(-1, in2);
        // (n, in1) @ (in1, out·in2) -> (n, out, in2), then contract in2 with x2.
        Tensor left = a.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).reshape(-1, out, in2);
        Tensor y = left.mul(b.unsqueeze(1)).sum(2);
        if (bias != null) {
            y = y.add(bias);
        }
        return y.reshape(lead.insert(lead.rank(), out).toArray());
    }

    // ------------------------------------------------------------------ activations

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** x for x &gt; 0, negativeSlope·x otherwise (PyTorch's default slope is 0.01). */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return Tensor.where(x.gt(0.0), x, x.mul(negativeSlope));
    }

    /** x for x &gt; 0, alpha·(eˣ - 1) otherwise. */
    public static Tensor elu(Tensor x, double alpha) {
        // expm1 of min(x, 0): the branch that where() discards must not overflow.
        return Tensor.where(x.gt(0.0), x, x.clamp(Double.NEGATIVE_INFINITY, 0).expm1().mul(alpha));
    }

    /** scale·elu(x, alpha) with the self-normalising constants alpha ≈ 1.6733, scale ≈ 1.0507. */
    public static Tensor selu(Tensor x) {
        return elu(x, SELU_ALPHA).mul(SELU_SCALE);
    }

    /**
     * x for x &gt; 0, a·x otherwise, with a learned slope per channel: weight (1) or (C), C being
     * dimension 1 of x (dimension 0 for 1-D x).
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        int channels = x.dim() >= 2 ? x.size(1) : x.dim() == 1 ? x.size(0) : 1;
        if (weight.dim() != 1 || (weight.size(0) != 1 && weight.size(0) != channels)) {
            throw new IllegalArgumentException("prelu: weight of shape " + weight.shape() + " does not fit input of shape "
                    + x.shape() + " (expected 1 or " + channels + " slopes)");
        }
        Tensor slope = weight.size(0) == 1 || x.dim() < 2 ? weight : channelView(weight, x.dim(), 1);
        return Tensor.where(x.gt(0.0), x, x.mul(slope));
    }

    /** 1 / (1 + e⁻ˣ). */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** x limited to [min, max] (PyTorch's defaults are -1 and 1). */
    public static Tensor hardtanh(Tensor x, double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("hardtanh: min must be below max, got " + min + " and " + max);
        }
        return x.clamp(min, max);
    }

    /** exp(x) / sum(exp(x)) along {@code dim}. */
    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    /** log(softmax(x)) along {@code dim}, computed stably. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /** The exact GELU, x·Φ(x). */
    public static Tensor gelu(Tensor x) {
        return x.gelu();
    }

    /** GELU's tanh approximation (PyTorch's {@code approximate='tanh'}). */
    public static Tensor geluTanh(Tensor x) {
        return x.geluTanh();
    }

    /** SiLU, also called swish: x·sigmoid(x). */
    public static Tensor silu(Tensor x) {
        return x.silu();
    }

    /** Mish: x·tanh(softplus(x)). */
    public static Tensor mish(Tensor x) {
        return x.mul(x.softplus().tanh());
    }

    /** log(1 + e^(beta·x)) / beta, and x where beta·x exceeds {@code threshold} (defaults 1 and 20). */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return x.softplus(beta, threshold);
    }

    // ------------------------------------------------------------------ dropout

    /** {@link #dropout(Tensor, double, boolean, Generator)} with the default generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return dropout(x, p, training, Generator.defaultGenerator());
    }

    /**
     * In training, zeroes each element with probability p and scales the others by 1 / (1 - p),
     * so that the expected value is unchanged; otherwise returns x.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
        return dropoutWithMask(x, x.shape(), p, training, generator, "dropout");
    }

    /**
     * Zeroes whole channels: for x (N, C, H, W) or (C, H, W), each channel of each sample is kept
     * (scaled by 1 / (1 - p)) or zeroed with probability p, in training only.
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator generator) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: expected input of shape (N, C, H, W) or (C, H, W), got "
                    + x.shape());
        }
        int[] mask = x.shape().toArray();
        mask[mask.length - 1] = 1;
        mask[mask.length - 2] = 1;
        return dropoutWithMask(x, Shape.of(mask), p, training, generator, "dropout2d");
    }

    private static Tensor dropoutWithMask(Tensor x, Shape maskShape, double p, boolean training, Generator g,
            String op) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": probability must lie in [0, 1], got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0.0);
        }
        Tensor keep = Tensor.bernoulli(maskShape, 1 - p, x.dtype().toFloatingPoint(), g);
        return x.mul(keep.mul(1 / (1 - p)));
    }

    // ------------------------------------------------------------------ normalisation

    /**
     * Batch normalisation over dimension 1 of x (N, C, *): (x - mean) / sqrt(var + eps)·weight +
     * bias. In training, mean and var are the batch's (biased var), and the running statistics,
     * when given, move towards them: running = (1 - momentum)·running + momentum·batch (with the
     * unbiased var). Otherwise the running statistics normalise.
     *
     * @param runningMean (C) or {@code null}; updated in place in training
     * @param runningVar (C) or {@code null}; updated in place in training
     * @param weight (C) or {@code null}
     * @param bias (C) or {@code null}
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: expected input of shape (N, C, *), got " + x.shape());
        }
        int channels = x.size(1);
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int d = 2; d < x.dim(); d++) {
            dims[d - 1] = d;
        }
        Tensor mean;
        Tensor var;
        if (training || runningMean == null) {
            int n = x.numel() / Math.max(channels, 1);
            if (n <= 1 && training) {
                throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training,"
                        + " got input of shape " + x.shape());
            }
            mean = x.mean(dims, true);
            var = x.var(dims, 0, true);
            if (training && runningMean != null) {
                try (var off = Grad.off()) {
                    runningMean.mulInPlace(1 - momentum).addInPlace(mean.detach().reshape(channels), momentum);
                    runningVar.mulInPlace(1 - momentum).addInPlace(var.detach().reshape(channels),
                            momentum * n / (n - 1.0));
                }
            }
        } else {
            mean = channelView(runningMean, x.dim(), 1);
            var = channelView(runningVar, x.dim(), 1);
        }
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        return affine(y, weight, bias, 1);
    }

    /**
     * Layer normalisation over the last dimensions of x, which must equal
     * {@code normalizedShape}: (x - mean) / sqrt(var + eps)·weight + bias, with weight and bias of
     * {@code normalizedShape} or {@code null}.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int[] dims = trailingDims("layerNorm", x, normalizedShape);
        if (dims.length == 1) {
            return Fused.layerNorm(x, weight, bias, eps);
        }
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, 0, true);
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        return bias == null ? y : y.add(bias);
    }

    /**
     * Group normalisation: the C channels of x (N, C, *) split into {@code numGroups} groups, each
     * normalised over its channels and positions; then weight and bias (C) per channel.
     */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2 || numGroups <= 0 || x.size(1) % numGroups != 0) {
            throw new IllegalArgumentException("groupNorm: expected input of shape (N, C, *) with C divisible by "
                    + numGroups + " groups, got " + x.shape());
        }
        Tensor grouped = x.reshape(x.size(0), numGroups, -1);
        Tensor mean = grouped.mean(2, true);
        Tensor var = grouped.var(new int[] {2}, 0, true);
        Tensor y = grouped.sub(mean).mul(var.add(eps).rsqrt()).reshape(x.shape().toArray());
        return affine(y, weight, bias, 1);
    }

    /**
     * Root-mean-square normalisation over the last dimensions (= {@code normalizedShape}):
     * x / sqrt(mean(x²) + eps)·weight, with weight of {@code normalizedShape} or {@code null}.
     */
    public static Tensor rmsNorm(Tensor x, int[] normalizedShape, Tensor weight, double eps) {
        int[] dims = trailingDims("rmsNorm", x, normalizedShape);
        Tensor y = x.mul(x.square().mean(dims, true).add(eps).rsqrt());
        return weight == null ? y : y.mul(weight);
    }

    private static int[] trailingDims(String op, Tensor x, int[] normalizedShape) {
        int k = normalizedShape.length;
        int[] shape = x.shape().toArray();
        if (k == 0 || k > shape.length
                || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException(op + ": expected input whose last dimensions are "
                    + Shape.of(normalizedShape) + ", got shape " + x.shape());
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = shape.length - k + i;
        }
        return dims;
    }

    /** y·weight + bias with weight and bias (C) applied along {@code dim}. */
    private static Tensor affine(Tensor y, Tensor weight, Tensor bias, int dim) {
        if (weight != null) {
            y = y.mul(channelView(weight, y.dim(), dim));
        }
        return bias == null ? y : y.add(channelView(bias, y.dim(), dim));
    }

    /** A 1-D tensor (C) as a view of shape (1, .., C, .., 1) of the given rank, C at {@code dim}. */
    private static Tensor channelView(Tensor v, int rank, int dim) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[dim] = v.numel();
        return v.reshape(shape);
    }

    // ------------------------------------------------------------------ convolution

    /** {@link #conv1d(Tensor, Tensor, Tensor, ConvOptions)} with stride 1 and no padding. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return conv1d(x, weight, bias, ConvOptions.defaults());
    }

    /**
     * The 1-D convolution (cross-correlation) of x (N, C_in, L) with weight (C_out, C_in/groups, k),
     * plus bias (C_out) or {@code null}: gives (N, C_out, L'),
     * L' = ⌊(L + 2·padding - dilation·(k - 1) - 1) / stride⌋ + 1.
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, ConvOptions o) {
        int[] stride = ConvOptions.expand("conv1d", "stride", o.stride(), 1);
        int[] dilation = ConvOptions.expand("conv1d", "dilation", o.dilation(), 1);
        int[] padding = ConvOptions.expand("conv1d", "padding", o.padding(), 1);
        if (o.samePadding()) {
            int[] pads = samePads(new int[] {weight.size(-1)}, dilation);
            if (pads[0] != pads[1]) {
                return Convolution.conv1d(x.pad(pads, 0), weight, bias, stride[0], 0, dilation[0], o.groups());
            }
            padding = new int[] {pads[0]};
        }
        return Convolution.conv1d(x, weight, bias, stride[0], padding[0], dilation[0], o.groups());
    }

    /** {@link #conv2d(Tensor, Tensor, Tensor, ConvOptions)} with stride 1 and no padding. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, ConvOptions.defaults());
    }

    /**
     * The 2-D convolution (cross-correlation) of x (N, C_in, H, W) with weight
     * (C_out, C_in/groups, kH, kW), plus bias (C_out) or {@code null}: gives (N, C_out, H', W'),
     * H' = ⌊(H + 2·padding - dilation·(kH - 1) - 1) / stride⌋ + 1.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, ConvOptions o) {
        int[] stride = ConvOptions.expand("conv2d", "stride", o.stride(), 2);
        int[] dilation = ConvOptions.expand("conv2d", "dilation", o.dilation(), 2);
        int[] padding = ConvOptions.expand("conv2d", "padding", o.padding(), 2);
        if (o.samePadding() && weight.dim() == 4) {
            int[] pads = samePads(new int[] {weight.size(2), weight.size(3)}, dilation);
            if (pads[0] != pads[1] || pads[2] != pads[3]) {
                return Convolution.conv2d(x.pad(pads, 0), weight, bias, stride, new int[] {0, 0}, dilation, o.groups());
            }
            padding = new int[] {pads[2], pads[0]};
        }
        return Convolution.conv2d(x, weight, bias, stride, padding, dilation, o.groups());
    }

    /**
     * The transposed 2-D convolution (the adjoint of conv2d, used to upsample) of x (N, C_in, H, W)
     * with weight (C_in, C_out/groups, kH, kW), plus bias (C_out) or {@code null}: gives
     * H' = (H - 1)·stride - 2·padding + dilation·(kH - 1) + outputPadding + 1.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, ConvOptions o) {
        if (o.samePadding()) {
            throw new IllegalArgumentException("convTranspose2d: 'same' padding is not supported");
        }
        return Convolution.convTranspose2d(x, weight, bias, ConvOptions.expand("convTranspose2d", "stride", o.stride(), 2),
                ConvOptions.expand("convTranspose2d", "padding", o.padding(), 2),
                ConvOptions.expand("convTranspose2d", "outputPadding", o.outputPadding(), 2),
                ConvOptions.expand("convTranspose2d", "dilation", o.dilation(), 2), o.groups());
    }

    /** F.pad's pads (last dimension first) that keep the size for a stride-1 convolution: the extra one after. */
    private static int[] samePads(int[] kernel, int[] dilation) {
        int[] pads = new int[2 * kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            int total = dilation[i] * (kernel[i] - 1);
            int d = kernel.length - 1 - i;
            pads[2 * d] = total / 2;
            pads[2 * d + 1] = total - total / 2;
        }
        return pads;
    }

    /**
     * x surrounded by {@code value}: {@code pads} gives (before, after) for the last dimension,
     * then the one before it, and so on (PyTorch's {@code F.pad}, constant mode).
     */
    public static Tensor pad(Tensor x, int[] pads, double value) {
        return x.pad(pads, value);
    }

    // ------------------------------------------------------------------ pooling and resizing

    /**
     * Max pooling of x (N, C, L) over windows of {@code kernel} with the given stride (0 for the
     * kernel size), padding and dilation; {@code ceilMode} rounds the output size up.
     */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return Pooling.maxPool1d(x, kernel, stride, padding, dilation, ceilMode);
    }

    /** Max pooling of x (N, C, H, W) over {@code kernel} x {@code kernel} windows with stride {@code kernel}. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return Pooling.maxPool2d(x, new int[] {kernel}, null, new int[] {0}, new int[] {1}, false);
    }

    /**
     * Max pooling of x (N, C, H, W); each size takes one or two values; a null stride means the
     * kernel size; padding (at most half the kernel) counts as -∞.
     */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        return Pooling.maxPool2d(x, kernel, stride, padding, dilation, ceilMode);
    }

    /** Average pooling of x (N, C, H, W) over {@code kernel} x {@code kernel} windows with stride {@code kernel}. */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return Pooling.avgPool2d(x, new int[] {kernel}, null, new int[] {0}, false, true);
    }

    /**
     * Average pooling of x (N, C, H, W); a null stride means the kernel size; {@code countIncludePad}
     * divides by the whole window, padding included.
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        return Pooling.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad);
    }

    /** Average pooling of x (N, C, H, W) to exactly (outH, outW), windows placed as PyTorch places them. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return Pooling.adaptiveAvgPool2d(x, outH, outW);
    }

    /**
     * Resizes x (N, C, H, W) to (outH, outW): PyTorch's {@code F.interpolate} with a size.
     *
     * @param alignCorners for {@link Interpolation#BILINEAR}: whether the corner pixels of input
     *     and output coincide (ignored for nearest)
     */
    public static Tensor interpolate(Tensor x, int outH, int outW, Interpolation mode, boolean alignCorners) {
        return mode == Interpolation.NEAREST ? Resampling.upsampleNearest2d(x, outH, outW)
                : Resampling.upsampleBilinear2d(x, outH, outW, alignCorners);
    }

    // ------------------------------------------------------------------ embedding

    /** Rows of weight (num_embeddings, dim) picked by integer indices of any shape: (*, dim). */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return Tensor.embedding(indices, weight);
    }

    /**
     * As {@link #embedding(Tensor, Tensor)}, but the row {@code paddingIdx} receives no gradient
     * (it stays as initialised, usually zeros: the vector of a padding token).
     */
    public static Tensor embedding(Tensor indices, Tensor weight, long paddingIdx) {
        Tensor out;
        try (var off = Grad.off()) {
            out = Tensor.embedding(indices, weight);
        }
        int dim = weight.size(1);
        return Autograd.recordShapeOnly("embedding", out, (g, needs) -> {
            Tensor flat = indices.reshape(-1);
            Tensor rows = g.reshape(-1, dim).maskedFill(flat.eq(Tensor.scalar(paddingIdx, DType.INT64)).unsqueeze(1), 0);
            return new Tensor[] {Tensor.zerosLike(weight).indexAdd(0, flat, rows)};
        }, weight);
    }

    // ------------------------------------------------------------------ distances

    /** ‖x1 - x2 + eps‖_p over the last dimension: (*, D) pairs give (*). */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps) {
        return x1.sub(x2).add(eps).norm(p, new int[] {-1}, false);
    }

    // ------------------------------------------------------------------ regression losses

    /** Mean squared error: mean((input - target)²); input and target of one shape. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /** Squared error (input - target)², reduced. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("mseLoss", input, target);
        return reduction.apply(input.sub(target).square());
    }

    /** Mean absolute error: mean(|input - target|). */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /** Absolute error |input - target|, reduced. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("l1Loss", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    /**
     * Smooth L1: 0.5·d²/beta where |d| &lt; beta, |d| - 0.5·beta elsewhere, d = input - target
     * (PyTorch's default beta is 1; beta 0 is the L1 loss).
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        sameShape("smoothL1Loss", input, target);
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("smoothL1Loss: beta must be >= 0, got " + beta);
        }
        Tensor d = input.sub(target);
        if (beta == 0) {
            return reduction.apply(d.abs());
        }
        Tensor ad = d.abs();
        return reduction.apply(Tensor.where(ad.lt(beta), d.square().mul(0.5 / beta), ad.sub(0.5 * beta)));
    }

    /** Huber: 0.5·d² where |d| &lt; delta, delta·(|d| - 0.5·delta) elsewhere (default delta 1). */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        sameShape("huberLoss", input, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huberLoss: delta must be > 0, got " + delta);
        }
        Tensor d = input.sub(target);
        Tensor ad = d.abs();
        return reduction.apply(Tensor.where(ad.lt(delta), d.square().mul(0.5), ad.sub(0.5 * delta).mul(delta)));
    }

    // ------------------------------------------------------------------ classification losses

    /** Cross-entropy with the defaults: see {@link #crossEntropy(Tensor, Tensor, CrossEntropyOptions)}. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, CrossEntropyOptions.defaults());
    }

    /**
     * Cross-entropy between logits and targets: -log softmax(input)[target], or with probability
     * targets -Σ target·log softmax(input). Computed as {@link #nllLoss} of {@link #logSoftmax}.
     *
     * @param input logits (N, C), (C) or (N, C, *)
     * @param target class indices (integer; (N), () or (N, *)), or class probabilities (floating,
     *     of the input's shape)
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyOptions options) {
        int classDim = classDim("crossEntropy", input);
        int classes = input.size(classDim);
        double smoothing = options.labelSmoothing();
        Tensor weight = options.weight();
        checkClassWeight("crossEntropy", weight, classes);
        if (weight == null && input.dim() == 2 && target.dtype().isIntegral()
                && options.ignoreIndex() == (int) options.ignoreIndex()) {
            return fusedCrossEntropy(input, target, options);
        }
        Tensor logp = input.logSoftmax(classDim);
        if (target.dtype().isFloatingPoint()) {
            if (!target.shape().equals(input.shape())) {
                throw new IllegalArgumentException("crossEntropy: probability targets must have the input's shape "
                        + input.shape() + ", got " + target.shape()
                        + " (class-index targets must be an integer tensor)");
            }
            Tensor t = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
            Tensor terms = logp.mul(t);
            if (weight != null) {
                terms = terms.mul(channelView(weight, input.dim(), classDim));
            }
            return switch (options.reduction()) {
                case NONE -> terms.sum(classDim).neg();
                case SUM -> terms.sum().neg();
                default -> terms.sum().neg().div(input.numel() / Math.max(classes, 1));
            };
        }
        ClassTargets t = classTargets("crossEntropy", input, classDim, target, options.ignoreIndex());
        Tensor nll = nll(logp, classDim, t, weight, options.reduction());
        if (smoothing == 0) {
            return nll;
        }
        Tensor spread = weight == null ? logp : logp.mul(channelView(weight, input.dim(), classDim));
        Tensor smooth = spread.sum(classDim).neg();
        if (t.anyIgnored) {
            smooth = smooth.maskedFill(t.ignored, 0);
        }
        Tensor reduced = switch (options.reduction()) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            default -> smooth.sum().div(t.totalWeight(weight, input.dtype()));
        };
        return nll.mul(1 - smoothing).add(reduced.mul(smoothing / classes));
    }

    /** Unweighted cross-entropy of logits (N, C) with the fused kernel, which computes the same per-row losses. */
    private static Tensor fusedCrossEntropy(Tensor input, Tensor target, CrossEntropyOptions options) {
        ClassTargets t = classTargets("crossEntropy", input, 1, target, options.ignoreIndex());
        Tensor losses = Fused.crossEntropy(input, target, (int) options.ignoreIndex(), options.labelSmoothing());
        return switch (options.reduction()) {
            case NONE -> losses;
            case SUM -> losses.sum();
            default -> losses.sum().div(t.totalWeight(null, losses.dtype()));
        };
    }

    /** Negative log-likelihood with the defaults: see {@link #nllLoss(Tensor, Tensor, CrossEntropyOptions)}. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, CrossEntropyOptions.defaults());
    }

    /**
     * Negative log-likelihood: -input[target]·weight[target], for input holding log-probabilities
     * (N, C), (C) or (N, C, *) and integer class targets (N), () or (N, *). Label smoothing does
     * not apply.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, CrossEntropyOptions options) {
        int classDim = classDim("nllLoss", input);
        checkClassWeight("nllLoss", options.weight(), input.size(classDim));
        ClassTargets t = classTargets("nllLoss", input, classDim, target, options.ignoreIndex());
        return nll(input, classDim, t, options.weight(), options.reduction());
    }

    /** Class-index targets, checked, with ignored entries replaced by class 0. */
    private record ClassTargets(Tensor safe, Tensor ignored, boolean anyIgnored) {
        /** The weight of the targets that count: their number, or the sum of their class weights. */
        Tensor totalWeight(Tensor weight, DType dtype) {
            if (weight == null) {
                Tensor kept = anyIgnored ? ignored.logicalNot().sum() : Tensor.scalar(safe.numel());
                return kept.to(dtype);
            }
            Tensor w = weight.indexSelect(0, safe.reshape(-1));
            return (anyIgnored ? w.maskedFill(ignored.reshape(-1), 0) : w).sum();
        }
    }

    private static Tensor nll(Tensor logp, int classDim, ClassTargets t, Tensor weight, Reduction reduction) {
        Tensor losses = logp.gather(classDim, t.safe.unsqueeze(classDim)).squeeze(classDim).neg();
        if (weight != null) {
            losses = losses.mul(weight.indexSelect(0, t.safe.reshape(-1)).reshape(t.safe.shape().toArray()));
        }
        if (t.anyIgnored) {
            losses = losses.maskedFill(t.ignored, 0);
        }
        return switch (reduction) {
            case NONE -> losses;
            case SUM -> losses.sum();
            default -> losses.sum().div(t.totalWeight(weight, logp.dtype()));
        };
    }

    private static int classDim(String op, Tensor input) {
        if (input.dim() == 0) {
            throw new IllegalArgumentException(op + ": expected input of shape (N, C), (C) or (N, C, *), got a scalar");
        }
        return input.dim() == 1 ? 0 : 1;
    }

    private static void checkClassWeight(String op, Tensor weight, int classes) {
        if (weight != null && weight.numel() != classes) {
            throw new IllegalArgumentException(op + ": expected a weight for each of the " + classes
                    + " classes, got shape " + weight.shape());
        }
    }

    private static ClassTargets classTargets(String op, Tensor input, int classDim, Tensor target, long ignoreIndex) {
        if (!target.dtype().isIntegral()) {
            throw new IllegalArgumentException(op + ": class targets must be an integer tensor, got " + target.dtype()
                    + " of shape " + target.shape());
        }
        Shape expected = input.shape().remove(classDim);
        if (!target.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": input of shape " + input.shape() + " needs class targets of shape "
                    + expected + ", got " + target.shape());
        }
        int classes = input.size(classDim);
        boolean anyIgnored = false;
        for (long v : target.toLongArray()) {
            if (v == ignoreIndex) {
                anyIgnored = true;
            } else if (v < 0 || v >= classes) {
                throw new IndexOutOfBoundsException(op + ": target class " + v + " is out of range for " + classes
                        + " classes (input of shape " + input.shape() + ")");
            }
        }
        Tensor t = target.to(DType.INT64);
        if (!anyIgnored) {
            return new ClassTargets(t, null, false);
        }
        Tensor ignored = t.eq(Tensor.scalar(ignoreIndex, DType.INT64));
        return new ClassTargets(t.maskedFill(ignored, 0), ignored, true);
    }

    /** Binary cross-entropy of probabilities: see {@link #binaryCrossEntropy(Tensor, Tensor, Tensor, Reduction)}. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy of probabilities: -weight·(y·log p + (1 - y)·log(1 - p)), with each log
     * floored at -100 as in PyTorch so that p = 0 or 1 stays finite.
     *
     * @param input probabilities in [0, 1]; for logits use {@link #binaryCrossEntropyWithLogits}
     * @param target of the input's shape, in [0, 1]
     * @param weight broadcast to the input's shape, or {@code null}
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        sameShape("binaryCrossEntropy", input, target);
        if (input.numel() > 0) {
            double lo = input.min().item();
            double hi = input.max().item();
            if (!(lo >= 0 && hi <= 1)) {
                throw new IllegalArgumentException("binaryCrossEntropy: input values must be probabilities in [0, 1],"
                        + " got values in [" + lo + ", " + hi + "]; for logits use binaryCrossEntropyWithLogits");
            }
        }
        Tensor losses = bce(input, target);
        return reduction.apply(weight == null ? losses : losses.mul(weight));
    }

    /** Elementwise BCE with PyTorch's gradient, whose denominator p(1 - p) is kept above 1e-12. */
    private static Tensor bce(Tensor p, Tensor y) {
        Tensor logP;
        Tensor log1mP;
        Tensor out;
        try (var off = Grad.off()) {
            logP = p.log().clamp(BCE_LOG_FLOOR, Double.POSITIVE_INFINITY);
            log1mP = p.neg().add(1.0).log().clamp(BCE_LOG_FLOOR, Double.POSITIVE_INFINITY);
            out = y.mul(logP).add(y.neg().add(1.0).mul(log1mP)).neg();
        }
        return Autograd.record("binaryCrossEntropy", out, (g, needs) -> new Tensor[] {
            needs[0] ? g.mul(p.sub(y)).div(p.mul(p.neg().add(1.0)).clamp(1e-12, Double.POSITIVE_INFINITY)) : null,
            needs[1] ? g.mul(p.neg().add(1.0).log().clamp(BCE_LOG_FLOOR, Double.POSITIVE_INFINITY)
                    .sub(p.log().clamp(BCE_LOG_FLOOR, Double.POSITIVE_INFINITY))) : null}, p, y);
    }

    /** Binary cross-entropy of logits, mean: see {@link #binaryCrossEntropyWithLogits(Tensor, Tensor, Tensor, Tensor, Reduction)}. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy of logits, computed stably: -weight·(pos_weight·y·log σ(x) + (1 - y)·log(1 - σ(x))).
     *
     * @param input logits
     * @param target of the input's shape, in [0, 1]
     * @param weight broadcast to the input's shape, or {@code null}
     * @param posWeight the weight of positive examples per class (broadcast along the last
     *     dimension), or {@code null}; above 1 raises recall
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        sameShape("binaryCrossEntropyWithLogits", input, target);
        // (1 - y)·x + w_y·softplus(-x), with w_y = (pos_weight - 1)·y + 1.
        Tensor softplus = input.neg().softplus();
        Tensor positive = posWeight == null ? softplus : posWeight.sub(1.0).mul(target).add(1.0).mul(softplus);
        Tensor losses = target.neg().add(1.0).mul(input).add(positive);
        return reduction.apply(weight == null ? losses : losses.mul(weight));
    }

    /**
     * The binary hinge loss of a classifier's scores: max(0, margin - y·x) with y = -1 or 1 (the
     * SVM loss for margin 1).
     */
    public static Tensor hingeLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        sameShape("hingeLoss", input, target);
        return reduction.apply(target.mul(input).neg().add(margin).relu());
    }

    /**
     * PyTorch's hinge embedding loss: x where y = 1, max(0, margin - x) where y = -1 (x usually a
     * distance; default margin 1).
     */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        sameShape("hingeEmbeddingLoss", input, target);
        Tensor zero = Tensor.zerosLike(input);
        Tensor positive = Tensor.where(target.eq(1.0), input, zero);
        Tensor negative = Tensor.where(target.eq(-1.0), input.neg().add(margin).relu(), zero);
        return reduction.apply(positive.add(negative));
    }

    /**
     * The multi-class hinge loss: for input (N, C) or (C) and class targets (N) or (),
     * Σ_{j≠y} max(0, margin - x_y + x_j)^p·weight_y / C.
     *
     * @param p 1 or 2
     * @param weight per class (C), or {@code null}
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight,
            Reduction reduction) {
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("multiMarginLoss: p must be 1 or 2, got " + p);
        }
        if (input.dim() > 2) {
            throw new IllegalArgumentException("multiMarginLoss: expected input of shape (N, C) or (C), got "
                    + input.shape());
        }
        int classDim = classDim("multiMarginLoss", input);
        int classes = input.size(classDim);
        checkClassWeight("multiMarginLoss", weight, classes);
        ClassTargets t = classTargets("multiMarginLoss", input, classDim, target, Long.MIN_VALUE);
        Tensor index = t.safe.unsqueeze(classDim);
        Tensor z = input.sub(input.gather(classDim, index)).add(margin).relu();
        if (p == 2) {
            z = z.square();
        }
        if (weight != null) {
            z = z.mul(weight.indexSelect(0, t.safe.reshape(-1)).reshape(index.shape().toArray()));
        }
        Tensor losses = z.scatter(classDim, index, 0.0).sum(classDim).div(classes);
        return reduction.apply(losses);
    }

    // ------------------------------------------------------------------ distribution and embedding losses

    /**
     * Kullback-Leibler divergence KL(target ‖ input) for input holding log-probabilities:
     * target·(log target - input), or with {@code logTarget} exp(target)·(target - input).
     * {@link Reduction#BATCH_MEAN} gives the mathematical KL divergence per sample; {@code MEAN}
     * averages over all elements.
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        sameShape("klDiv", input, target);
        Tensor losses = logTarget
                ? target.exp().mul(target.sub(input))
                : target.mul(target.maskedFill(target.le(0.0), 1).log().sub(input));   // 0·log 0 = 0
        return reduction.apply(losses);
    }

    /**
     * Cosine embedding loss of pairs x1, x2 (N, D) or (D) with y = 1 (similar: 1 - cos) or -1
     * (dissimilar: max(0, cos - margin)); y (N) or ().
     */
    public static Tensor cosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor target, double margin,
            Reduction reduction) {
        sameShape("cosineEmbeddingLoss", x1, x2);
        if (x1.dim() < 1 || x1.dim() > 2 || !target.shape().equals(x1.shape().remove(-1))) {
            throw new IllegalArgumentException("cosineEmbeddingLoss: expected inputs (N, D) or (D) and a target (N)"
                    + " or (), got " + x1.shape() + " and target " + target.shape());
        }
        double eps = 1e-12;
        int dim = x1.dim() - 1;
        Tensor dot = x1.mul(x2).sum(dim);
        Tensor norms = x1.square().sum(dim).add(eps).mul(x2.square().sum(dim).add(eps)).sqrt();
        Tensor cos = dot.div(norms);
        Tensor zero = Tensor.zerosLike(cos);
        Tensor similar = Tensor.where(target.eq(1.0), cos.neg().add(1.0), zero);
        Tensor dissimilar = Tensor.where(target.eq(-1.0), cos.sub(margin).relu(), zero);
        return reduction.apply(similar.add(dissimilar));
    }

    /**
     * Triplet margin loss max(0, margin + d(a, p) - d(a, n)) with d the p-norm pairwise distance;
     * {@code swap} uses min(d(a, n), d(p, n)) as the negative distance. Inputs (N, D) or (D).
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
            double eps, boolean swap, Reduction reduction) {
        sameShape("tripletMarginLoss", anchor, positive);
        sameShape("tripletMarginLoss", anchor, negative);
        Tensor dPos = pairwiseDistance(anchor, positive, p, eps);
        Tensor dNeg = pairwiseDistance(anchor, negative, p, eps);
        if (swap) {
            dNeg = dNeg.minimum(pairwiseDistance(positive, negative, p, eps));
        }
        return reduction.apply(dPos.sub(dNeg).add(margin).relu());
    }

    private static void sameShape(String op, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": input of shape " + input.shape() + " and target of shape "
                    + target.shape() + " differ; they must have the same shape (reshape one, e.g. squeeze a (N, 1)"
                    + " prediction to (N))");
        }
    }
}
