package dev.myelin.testing;

import static dev.myelin.testing.ModuleCase.Arg.Kind.CAUSAL;
import static dev.myelin.testing.ModuleCase.Arg.Kind.CAUSAL_BOOL;
import static dev.myelin.testing.ModuleCase.Arg.Kind.DIST;
import static dev.myelin.testing.ModuleCase.Arg.Kind.INDEX;
import static dev.myelin.testing.ModuleCase.Arg.Kind.LOG_DIST;
import static dev.myelin.testing.ModuleCase.Arg.Kind.NORMAL;
import static dev.myelin.testing.ModuleCase.Arg.Kind.PADDING;
import static dev.myelin.testing.ModuleCase.Arg.Kind.PROB;
import static dev.myelin.testing.ModuleCase.Arg.Kind.SIGN;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.*;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.CrossEntropyOptions;
import dev.myelin.nn.functional.Interpolation;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every layer, activation and loss, declared once: its Myelin constructor, the PyTorch
 * constructor that builds the same module, its inputs and mode. Losses are declared once and
 * expanded to each reduction. The PyTorch-parity test ({@code LayerParityTest}) and the
 * gradient-check test ({@code LayerGradCheckTest}) iterate over this table; the goldens come from
 * {@code scripts/make-goldens.sh}.
 */
public final class ModuleRegistry {
    private static final List<Reduction> REDUCTIONS = List.of(Reduction.NONE, Reduction.MEAN, Reduction.SUM);
    private static final List<ModuleCase> ALL = build();

    private ModuleRegistry() {}

    /** All cases, in declaration order. */
    public static List<ModuleCase> all() {
        return ALL;
    }

    private static List<ModuleCase> build() {
        List<ModuleCase> c = new ArrayList<>();
        // Linear maps and shape utilities.
        layer(c, "linear", "nn.Linear(5, 3)", () -> new Linear(5, 3), n(4, 5));
        layer(c, "linear3d", "nn.Linear(5, 3)", () -> new Linear(5, 3), n(2, 4, 5));
        layer(c, "linearNoBias", "nn.Linear(5, 3, bias=False)", () -> new Linear(5, 3, false), n(4, 5));
        c.add(new ModuleCase("bilinear", "nn.Bilinear(4, 3, 2)", () -> new Bilinear(4, 3, 2), List.of(n(5, 4), n(5, 3)),
                true, (m, in) -> ((Bilinear) m).forward(in.get(0), in.get(1))));
        layer(c, "identity", "nn.Identity()", Identity::new, n(2, 3));
        layer(c, "flatten", "nn.Flatten()", Flatten::new, n(2, 3, 4));
        layer(c, "flattenRange", "nn.Flatten(0, 1)", () -> new Flatten(0, 1), n(2, 3, 4));
        layer(c, "unflatten", "nn.Unflatten(1, (3, 4))", () -> new Unflatten(1, 3, 4), n(2, 12));
        layer(c, "sequential", "nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2))",
                () -> new Sequential(new Linear(4, 6), new Tanh(), new Linear(6, 2)), n(3, 4));

        // Dropout: deterministic modes only (masks are random; DropoutTest checks them).
        eval(c, "dropoutEval", "nn.Dropout(0.5)", () -> new Dropout(0.5), n(3, 4));
        layer(c, "dropoutZero", "nn.Dropout(0.0)", () -> new Dropout(0.0), n(3, 4));
        eval(c, "dropout2dEval", "nn.Dropout2d(0.5)", () -> new Dropout2d(0.5), n(2, 3, 4, 4));

        // Normalisation, with random affine parameters and running statistics.
        layer(c, "batchNorm1d", "nn.BatchNorm1d(4)", () -> randomized(new BatchNorm1d(4)), n(6, 4));
        layer(c, "batchNorm1d3d", "nn.BatchNorm1d(4, momentum=0.3)",
                () -> randomized(new BatchNorm1d(4, 1e-5, 0.3, true, true)), n(3, 4, 5));
        eval(c, "batchNorm1dEval", "nn.BatchNorm1d(4)", () -> randomized(new BatchNorm1d(4)), n(6, 4));
        layer(c, "batchNorm2d", "nn.BatchNorm2d(3)", () -> randomized(new BatchNorm2d(3)), n(2, 3, 4, 4));
        eval(c, "batchNorm2dEval", "nn.BatchNorm2d(3, eps=1e-3)",
                () -> randomized(new BatchNorm2d(3, 1e-3, 0.1, true, true)), n(2, 3, 4, 4));
        eval(c, "batchNorm2dNoStats", "nn.BatchNorm2d(3, affine=False, track_running_stats=False)",
                () -> new BatchNorm2d(3, 1e-5, 0.1, false, false), n(2, 3, 4, 4));
        layer(c, "layerNorm", "nn.LayerNorm(5)", () -> randomized(new LayerNorm(5)), n(2, 3, 5));
        layer(c, "layerNorm2d", "nn.LayerNorm((3, 5), eps=1e-6)",
                () -> randomized(new LayerNorm(new int[] {3, 5}, 1e-6, true)), n(2, 3, 5));
        layer(c, "layerNormNoAffine", "nn.LayerNorm(5, elementwise_affine=False)",
                () -> new LayerNorm(new int[] {5}, 1e-5, false), n(4, 5));
        layer(c, "groupNorm", "nn.GroupNorm(2, 4)", () -> randomized(new GroupNorm(2, 4)), n(2, 4, 3, 3));
        layer(c, "groupNormOneGroup", "nn.GroupNorm(1, 4, affine=False)", () -> new GroupNorm(1, 4, 1e-5, false),
                n(3, 4, 5));
        layer(c, "rmsNorm", "RMSNorm(5)", () -> randomized(new RMSNorm(5)), n(2, 3, 5));
        layer(c, "rmsNorm2d", "RMSNorm((3, 5), eps=1e-6)", () -> randomized(new RMSNorm(new int[] {3, 5}, 1e-6, true)),
                n(2, 3, 5));

        // Embedding.
        layer(c, "embedding", "nn.Embedding(10, 4)", () -> new Embedding(10, 4), idx(10, 3, 5));
        // The padding row gets no gradient by design, which finite differences cannot see.
        layer(c, "embeddingPadding", "nn.Embedding(6, 3, padding_idx=2)", () -> new Embedding(6, 3, 2), idx(4, 4, 5));
        c.set(c.size() - 1, c.getLast().withoutGradCheck());

        // Convolution.
        layer(c, "conv1d", "nn.Conv1d(3, 4, 3)", () -> new Conv1d(3, 4, 3), n(2, 3, 8));
        layer(c, "conv1dSameDilated", "nn.Conv1d(3, 4, 4, padding='same', dilation=2)",
                () -> new Conv1d(3, 4, 4, conv().paddingSame().dilation(2)), n(2, 3, 9));
        layer(c, "conv1dStrideGroups", "nn.Conv1d(4, 6, 3, stride=2, padding=1, groups=2, bias=False)",
                () -> new Conv1d(4, 6, 3, conv().stride(2).padding(1).groups(2), false), n(2, 4, 9));
        layer(c, "conv2d", "nn.Conv2d(3, 4, 3)", () -> new Conv2d(3, 4, 3), n(2, 3, 6, 6));
        layer(c, "conv2dStridePadding", "nn.Conv2d(3, 4, 3, stride=2, padding=1)",
                () -> new Conv2d(3, 4, 3, conv().stride(2).padding(1)), n(2, 3, 7, 7));
        layer(c, "conv2dSameEven", "nn.Conv2d(2, 3, (2, 3), padding='same')",
                () -> new Conv2d(2, 3, new int[] {2, 3}, conv().paddingSame(), true), n(1, 2, 5, 5));
        layer(c, "conv2dDepthwiseDilated", "nn.Conv2d(4, 4, 3, dilation=2, groups=4, bias=False)",
                () -> new Conv2d(4, 4, new int[] {3, 3}, conv().dilation(2).groups(4), false), n(2, 4, 7, 7));
        layer(c, "conv2dRectangular", "nn.Conv2d(2, 3, (3, 2), stride=(2, 1), padding=(1, 0))",
                () -> new Conv2d(2, 3, new int[] {3, 2}, conv().stride(2, 1).padding(1, 0), true), n(1, 2, 6, 5));
        layer(c, "conv2dUnbatched", "nn.Conv2d(3, 2, 3)", () -> new Conv2d(3, 2, 3), n(3, 5, 5));
        layer(c, "convTranspose2d", "nn.ConvTranspose2d(3, 2, 3)", () -> new ConvTranspose2d(3, 2, 3), n(2, 3, 4, 4));
        layer(c, "convTranspose2dStrideGroups", "nn.ConvTranspose2d(4, 2, 4, stride=2, padding=1, groups=2)",
                () -> new ConvTranspose2d(4, 2, 4, conv().stride(2).padding(1).groups(2)), n(1, 4, 3, 3));
        layer(c, "convTranspose2dOutputPadding",
                "nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1, bias=False)",
                () -> new ConvTranspose2d(2, 3, new int[] {3, 3}, conv().stride(2).padding(1).outputPadding(1), false),
                n(1, 2, 4, 4));
        layer(c, "cnn", "nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),"
                + " nn.Linear(16, 3))", () -> new Sequential(new Conv2d(1, 4, 3, conv().padding(1)), new ReLU(),
                        new MaxPool2d(2), new Flatten(), new Linear(16, 3)), n(2, 1, 4, 4));

        // Pooling and resizing.
        layer(c, "maxPool1d", "nn.MaxPool1d(2)", () -> new MaxPool1d(2), n(2, 3, 8));
        layer(c, "maxPool1dPadded", "nn.MaxPool1d(3, stride=2, padding=1, ceil_mode=True)",
                () -> new MaxPool1d(3, 2, 1, 1, true), n(2, 3, 8));
        layer(c, "maxPool2d", "nn.MaxPool2d(2)", () -> new MaxPool2d(2), n(2, 3, 6, 6));
        layer(c, "maxPool2dPadded", "nn.MaxPool2d(3, 2, 1)", () -> new MaxPool2d(3, 2, 1), n(1, 2, 7, 7));
        layer(c, "maxPool2dDilatedCeil", "nn.MaxPool2d((2, 3), stride=(1, 2), dilation=(1, 2), ceil_mode=True)",
                () -> new MaxPool2d(new int[] {2, 3}, new int[] {1, 2}, new int[] {0}, new int[] {1, 2}, true),
                n(1, 2, 5, 9));
        layer(c, "maxPool2dUnbatched", "nn.MaxPool2d(2)", () -> new MaxPool2d(2), n(3, 4, 4));
        layer(c, "avgPool2d", "nn.AvgPool2d(2)", () -> new AvgPool2d(2), n(2, 3, 6, 6));
        layer(c, "avgPool2dPadded", "nn.AvgPool2d(3, 2, 1)", () -> new AvgPool2d(3, 2, 1), n(1, 2, 7, 7));
        layer(c, "avgPool2dCeilExcludePad", "nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False)",
                () -> new AvgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, true, false), n(1, 2, 8, 8));
        layer(c, "adaptiveAvgPool2dGlobal", "nn.AdaptiveAvgPool2d(1)", () -> new AdaptiveAvgPool2d(1), n(2, 3, 5, 5));
        layer(c, "adaptiveAvgPool2d", "nn.AdaptiveAvgPool2d((3, 2))", () -> new AdaptiveAvgPool2d(3, 2), n(1, 2, 7, 5));
        layer(c, "upsampleNearest", "nn.Upsample(scale_factor=2, mode='nearest')",
                () -> new Upsample(2, Interpolation.NEAREST), n(1, 2, 3, 3));
        layer(c, "upsampleNearestSize", "nn.Upsample(size=(5, 7), mode='nearest')",
                () -> Upsample.toSize(5, 7, Interpolation.NEAREST, false), n(1, 2, 3, 4));
        layer(c, "upsampleBilinear", "nn.Upsample(scale_factor=2, mode='bilinear')",
                () -> new Upsample(2, Interpolation.BILINEAR), n(1, 2, 3, 3));
        layer(c, "upsampleBilinearAligned", "nn.Upsample(size=(5, 6), mode='bilinear', align_corners=True)",
                () -> Upsample.toSize(5, 6, Interpolation.BILINEAR, true), n(1, 2, 3, 4));

        // Activations.
        layer(c, "relu", "nn.ReLU()", ReLU::new, n(3, 4));
        layer(c, "leakyRelu", "nn.LeakyReLU(0.2)", () -> new LeakyReLU(0.2), n(3, 4));
        layer(c, "elu", "nn.ELU()", ELU::new, n(3, 4));
        layer(c, "eluAlpha", "nn.ELU(0.5)", () -> new ELU(0.5), n(3, 4));
        layer(c, "selu", "nn.SELU()", SELU::new, n(3, 4));
        layer(c, "prelu", "nn.PReLU()", PReLU::new, n(3, 4));
        layer(c, "preluChannels", "nn.PReLU(3, 0.1)", () -> new PReLU(3, 0.1), n(2, 3, 4));
        layer(c, "sigmoid", "nn.Sigmoid()", Sigmoid::new, n(3, 4));
        layer(c, "tanh", "nn.Tanh()", Tanh::new, n(3, 4));
        layer(c, "hardtanh", "nn.Hardtanh(-0.5, 0.7)", () -> new Hardtanh(-0.5, 0.7), n(3, 4));
        layer(c, "softmax", "nn.Softmax(1)", () -> new Softmax(1), n(3, 4));
        layer(c, "logSoftmax", "nn.LogSoftmax(-1)", () -> new LogSoftmax(-1), n(2, 3, 4));
        layer(c, "gelu", "nn.GELU()", GELU::new, n(3, 4));
        layer(c, "geluTanh", "nn.GELU(approximate='tanh')", () -> new GELU(GELU.Approximation.TANH), n(3, 4));
        layer(c, "silu", "nn.SiLU()", SiLU::new, n(3, 4));
        layer(c, "mish", "nn.Mish()", Mish::new, n(3, 4));
        layer(c, "softplus", "nn.Softplus()", Softplus::new, n(3, 4));
        layer(c, "softplusBeta", "nn.Softplus(2.0, 1.0)", () -> new Softplus(2, 1), n(3, 4));

        // Regression losses.
        loss(c, "mse", "nn.MSELoss(reduction={r})", MSELoss::new, n(3, 4), t(3, 4));
        loss(c, "l1", "nn.L1Loss(reduction={r})", L1Loss::new, n(3, 4), t(3, 4));
        loss(c, "smoothL1", "nn.SmoothL1Loss(reduction={r})", r -> new SmoothL1Loss(1.0, r), n(3, 4), t(3, 4));
        loss(c, "smoothL1Beta", "nn.SmoothL1Loss(reduction={r}, beta=0.5)", r -> new SmoothL1Loss(0.5, r), n(3, 4),
                t(3, 4));
        loss(c, "huber", "nn.HuberLoss(reduction={r})", r -> new HuberLoss(1.0, r), n(3, 4), t(3, 4));
        loss(c, "huberDelta", "nn.HuberLoss(reduction={r}, delta=0.4)", r -> new HuberLoss(0.4, r), n(3, 4), t(3, 4));

        // Classification losses.
        loss(c, "crossEntropy", "nn.CrossEntropyLoss(reduction={r})",
                r -> new CrossEntropyLoss(ce().reduction(r)), n(6, 5), idx(5, 6));
        loss(c, "crossEntropyWeight", "nn.CrossEntropyLoss(reduction={r}, weight=torch.ones(5))",
                r -> new CrossEntropyLoss(ce().weight(classWeights()).reduction(r)), n(6, 5), idx(5, 6));
        loss(c, "crossEntropyIgnore", "nn.CrossEntropyLoss(reduction={r}, ignore_index=1)",
                r -> new CrossEntropyLoss(ce().ignoreIndex(1).reduction(r)), n(8, 5), idx(3, 8));
        loss(c, "crossEntropySmoothing", "nn.CrossEntropyLoss(reduction={r}, label_smoothing=0.1)",
                r -> new CrossEntropyLoss(ce().labelSmoothing(0.1).reduction(r)), n(6, 5), idx(5, 6));
        loss(c, "crossEntropyAll",
                "nn.CrossEntropyLoss(reduction={r}, weight=torch.ones(5), ignore_index=0, label_smoothing=0.2)",
                r -> new CrossEntropyLoss(ce().weight(classWeights()).ignoreIndex(0).labelSmoothing(0.2).reduction(r)),
                n(8, 5), idx(3, 8));
        loss(c, "crossEntropyProbs", "nn.CrossEntropyLoss(reduction={r})",
                r -> new CrossEntropyLoss(ce().reduction(r)), n(4, 5), dist(4, 5));
        loss(c, "crossEntropyProbsAll", "nn.CrossEntropyLoss(reduction={r}, weight=torch.ones(5), label_smoothing=0.3)",
                r -> new CrossEntropyLoss(ce().weight(classWeights()).labelSmoothing(0.3).reduction(r)), n(4, 5),
                dist(4, 5));
        loss(c, "crossEntropySpatial", "nn.CrossEntropyLoss(reduction={r}, label_smoothing=0.1)",
                r -> new CrossEntropyLoss(ce().labelSmoothing(0.1).reduction(r)), n(2, 5, 3), idx(5, 2, 3));
        loss(c, "crossEntropyUnbatched", "nn.CrossEntropyLoss(reduction={r})",
                r -> new CrossEntropyLoss(ce().reduction(r)), n(5), idx(5));
        loss(c, "nll", "nn.NLLLoss(reduction={r})", r -> new NLLLoss(ce().reduction(r)), logdist(6, 5), idx(5, 6));
        loss(c, "nllWeightIgnore", "nn.NLLLoss(reduction={r}, weight=torch.ones(5), ignore_index=2)",
                r -> new NLLLoss(ce().weight(classWeights()).ignoreIndex(2).reduction(r)), logdist(8, 5), idx(4, 8));
        loss(c, "bce", "nn.BCELoss(reduction={r})", r -> new BCELoss(null, r), prob(3, 4), tprob(3, 4));
        loss(c, "bceWeight", "nn.BCELoss(reduction={r}, weight=torch.ones(4))",
                r -> new BCELoss(Tensor.of(0.5f, 1f, 2f, 1.5f), r), prob(3, 4), tprob(3, 4));
        loss(c, "bceWithLogits", "nn.BCEWithLogitsLoss(reduction={r})", r -> new BCEWithLogitsLoss(null, null, r),
                n(3, 4), tprob(3, 4));
        loss(c, "bceWithLogitsPosWeight", "nn.BCEWithLogitsLoss(reduction={r}, pos_weight=torch.ones(4))",
                r -> new BCEWithLogitsLoss(null, Tensor.of(3f, 0.5f, 1f, 2f), r), n(3, 4), tprob(3, 4));
        loss(c, "bceWithLogitsWeights",
                "nn.BCEWithLogitsLoss(reduction={r}, weight=torch.ones(3, 1), pos_weight=torch.ones(4))",
                r -> new BCEWithLogitsLoss(Tensor.of(new float[][] {{0.5f}, {1f}, {2f}}), Tensor.of(3f, 0.5f, 1f, 2f), r),
                n(3, 4), tprob(3, 4));
        loss(c, "hinge", "HingeLoss(reduction={r})", r -> new HingeLoss(1.0, r), n(3, 4), sign(3, 4));
        loss(c, "hingeMargin", "HingeLoss(reduction={r}, margin=0.5)", r -> new HingeLoss(0.5, r), n(6), sign(6));
        loss(c, "hingeEmbedding", "nn.HingeEmbeddingLoss(reduction={r}, margin=0.5)",
                r -> new HingeEmbeddingLoss(0.5, r), n(3, 4), sign(3, 4));
        loss(c, "multiMargin", "nn.MultiMarginLoss(reduction={r})", r -> new MultiMarginLoss(1, 1.0, null, r), n(6, 4),
                idx(4, 6));
        loss(c, "multiMarginSquared", "nn.MultiMarginLoss(reduction={r}, p=2, margin=0.7, weight=torch.ones(4))",
                r -> new MultiMarginLoss(2, 0.7, Tensor.of(0.5f, 1f, 2f, 1.5f), r), n(6, 4), idx(4, 6));

        // Distribution and embedding losses.
        losses(c, "klDiv", "nn.KLDivLoss(reduction={r})", r -> new KLDivLoss(r, false), List.of(Reduction.values()),
                logdist(4, 5), dist(4, 5));
        losses(c, "klDivLogTarget", "nn.KLDivLoss(reduction={r}, log_target=True)", r -> new KLDivLoss(r, true),
                List.of(Reduction.values()), logdist(4, 5), tlogdist(4, 5));
        threeInputLoss(c, "cosineEmbedding", "nn.CosineEmbeddingLoss(reduction={r}, margin=0.2)",
                r -> new CosineEmbeddingLoss(0.2, r), (m, in) -> ((CosineEmbeddingLoss) m).forward(in.get(0), in.get(1),
                        in.get(2)), n(5, 4), n(5, 4), sign(5));
        threeInputLoss(c, "tripletMargin", "nn.TripletMarginLoss(reduction={r})",
                r -> new TripletMarginLoss(1.0, 2.0, 1e-6, false, r), ModuleRegistry::triplet, n(5, 4), n(5, 4), n(5, 4));
        threeInputLoss(c, "tripletMarginSwapL1", "nn.TripletMarginLoss(reduction={r}, margin=0.5, p=1.0, swap=True)",
                r -> new TripletMarginLoss(0.5, 1.0, 1e-6, true, r), ModuleRegistry::triplet, n(5, 4), n(5, 4), n(5, 4));
        // Recurrent layers and cells: the output and the final states, flattened and joined on both
        // sides (flat(...) in torch_nn.py; "packed" cases take lengths as their second input).
        recurrent(c, "rnn", "flat(nn.RNN)(4, 5)", () -> new RNN(4, 5), false, n(6, 3, 4));
        recurrent(c, "rnnReluTwoLayers", "flat(nn.RNN)(4, 5, num_layers=2, nonlinearity='relu')",
                () -> new RNN(4, 5, RNN.defaults().numLayers(2), true), false, n(6, 3, 4));
        recurrent(c, "rnnState", "flat(nn.RNN)(4, 5)", () -> new RNN(4, 5), false, n(6, 3, 4), n(1, 3, 5));
        recurrent(c, "rnnLengths", "flat(nn.RNN, packed=True)(4, 5, bidirectional=True)",
                () -> new RNN(4, 5, RNN.defaults().bidirectional(true)), true, n(6, 3, 4), lengths(6, 3));
        recurrent(c, "lstm", "flat(nn.LSTM)(4, 5)", () -> new LSTM(4, 5), false, n(7, 3, 4));
        recurrent(c, "lstmDeepBidirectional", "flat(nn.LSTM)(4, 5, num_layers=2, bidirectional=True)",
                () -> new LSTM(4, 5, LSTM.defaults().numLayers(2).bidirectional(true)), false, n(6, 3, 4), n(4, 3, 5),
                n(4, 3, 5));
        recurrent(c, "lstmBatchFirst", "flat(nn.LSTM)(4, 5, batch_first=True, bias=False)",
                () -> new LSTM(4, 5, LSTM.defaults().batchFirst(true).bias(false)), false, n(3, 6, 4));
        recurrent(c, "lstmLengths", "flat(nn.LSTM, packed=True)(4, 5, num_layers=2, bidirectional=True)",
                () -> new LSTM(4, 5, LSTM.defaults().numLayers(2).bidirectional(true)), true, n(6, 4, 4), lengths(6, 4));
        recurrent(c, "lstmUnbatched", "flat(nn.LSTM)(4, 5)", () -> new LSTM(4, 5), false, n(5, 4));
        recurrent(c, "gru", "flat(nn.GRU)(4, 5)", () -> new GRU(4, 5), false, n(6, 3, 4));
        recurrent(c, "gruDeepBidirectionalBatchFirst", "flat(nn.GRU)(4, 5, num_layers=2, bidirectional=True, batch_first=True)",
                () -> new GRU(4, 5, GRU.defaults().numLayers(2).bidirectional(true).batchFirst(true)), false, n(3, 6, 4),
                n(4, 3, 5));
        recurrent(c, "gruLengths", "flat(nn.GRU, packed=True)(4, 5, num_layers=2)",
                () -> new GRU(4, 5, GRU.defaults().numLayers(2)), true, n(6, 3, 4), lengths(6, 3));
        recurrent(c, "rnnCell", "flat(nn.RNNCell)(4, 5)", () -> new RNNCell(4, 5), false, n(3, 4), n(3, 5));
        recurrent(c, "lstmCell", "flat(nn.LSTMCell)(4, 5)", () -> new LSTMCell(4, 5), false, n(3, 4), n(3, 5), n(3, 5));
        recurrent(c, "gruCell", "flat(nn.GRUCell)(4, 5)", () -> new GRUCell(4, 5), false, n(3, 4), n(3, 5));
        // Attention and Transformer layers, called with keyword arguments on the PyTorch side ("self"
        // passes one tensor as query, key and value); tuple results are flattened and joined.
        String ff = "dim_feedforward=16, dropout=0.0";
        TransformerOptions small = TransformerOptions.defaults().dimFeedforward(16).dropout(0);
        keywords(c, "mhaSelf", "nn.MultiheadAttention", "self", "(8, 2)", () -> new MultiheadAttention(8, 2), n(5, 3, 8));
        keywords(c, "mhaCross", "nn.MultiheadAttention", "query key value", "(8, 2)", () -> new MultiheadAttention(8, 2),
                n(4, 3, 8), n(6, 3, 8), n(6, 3, 8));
        keywords(c, "mhaBatchFirstPadding", "nn.MultiheadAttention", "query key value key_padding_mask",
                "(8, 4, batch_first=True)", () -> new MultiheadAttention(8, 4, MultiheadAttention.defaults().batchFirst(true)),
                n(3, 4, 8), n(3, 6, 8), n(3, 6, 8), arg(PADDING, false, 3, 6));
        keywords(c, "mhaCausalBool", "nn.MultiheadAttention", "self attn_mask", "(8, 2, bias=False)",
                () -> new MultiheadAttention(8, 2, MultiheadAttention.defaults().bias(false)), n(5, 2, 8),
                arg(CAUSAL_BOOL, false, 5, 5));
        keywords(c, "mhaFloatMaskAndPadding", "nn.MultiheadAttention", "query key value key_padding_mask attn_mask",
                "(8, 2)", () -> new MultiheadAttention(8, 2), n(4, 2, 8), n(6, 2, 8), n(6, 2, 8), arg(PADDING, false, 2, 6),
                t(4, 6));
        keywords(c, "encoderLayer", "nn.TransformerEncoderLayer", "src src_mask src_key_padding_mask", "(8, 2, " + ff + ")",
                () -> new TransformerEncoderLayer(8, 2, small), n(5, 3, 8), arg(CAUSAL, false, 5, 5),
                arg(PADDING, false, 3, 5));
        keywords(c, "encoderLayerPreNormGelu", "nn.TransformerEncoderLayer", "src src_mask",
                "(8, 2, " + ff + ", activation='gelu', norm_first=True, batch_first=True)",
                () -> new TransformerEncoderLayer(8, 2, small.gelu(true).normFirst(true).batchFirst(true)), n(3, 5, 8),
                arg(CAUSAL, false, 5, 5));
        keywords(c, "decoderLayer", "nn.TransformerDecoderLayer",
                "tgt memory tgt_mask tgt_key_padding_mask memory_key_padding_mask", "(8, 2, " + ff + ")",
                () -> new TransformerDecoderLayer(8, 2, small), n(4, 3, 8), n(6, 3, 8), arg(CAUSAL, false, 4, 4),
                arg(PADDING, false, 3, 4), arg(PADDING, false, 3, 6));
        keywords(c, "decoderLayerPreNorm", "nn.TransformerDecoderLayer", "tgt memory tgt_mask",
                "(8, 2, " + ff + ", activation='gelu', norm_first=True, batch_first=True)",
                () -> new TransformerDecoderLayer(8, 2, small.gelu(true).normFirst(true).batchFirst(true)), n(2, 4, 8),
                n(2, 6, 8), arg(CAUSAL, false, 4, 4));
        keywords(c, "encoderStack", "nn.TransformerEncoder", "src mask src_key_padding_mask",
                "(nn.TransformerEncoderLayer(8, 2, " + ff + ", norm_first=True), 2, norm=nn.LayerNorm(8),"
                        + " enable_nested_tensor=False)",
                () -> new TransformerEncoder(() -> new TransformerEncoderLayer(8, 2, small.normFirst(true)), 2,
                        new LayerNorm(8)), n(5, 2, 8), arg(CAUSAL, false, 5, 5), arg(PADDING, false, 2, 5));
        keywords(c, "transformer", "nn.Transformer",
                "src tgt tgt_mask src_key_padding_mask tgt_key_padding_mask memory_key_padding_mask",
                "(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, " + ff + ", batch_first=True)",
                () -> new Transformer(8, 2, 2, 1, small.batchFirst(true)), n(2, 5, 8), n(2, 4, 8), arg(CAUSAL, false, 4, 4),
                arg(PADDING, false, 2, 5), arg(PADDING, false, 2, 4), arg(PADDING, false, 2, 5));
        checkUnique(c);
        return List.copyOf(c);
    }

    // ------------------------------------------------------------------ declaration helpers

    private static void layer(List<ModuleCase> c, String name, String torch, Supplier<Module> f, ModuleCase.Arg... a) {
        c.add(new ModuleCase(name, torch, f, List.of(a), true, (m, in) -> m.forward(in.get(0))));
    }

    private static void eval(List<ModuleCase> c, String name, String torch, Supplier<Module> f, ModuleCase.Arg... a) {
        c.add(new ModuleCase(name, torch, f, List.of(a), false, (m, in) -> m.forward(in.get(0))));
    }

    /** A two-input loss, once per reduction; {r} in the PyTorch expression stands for the reduction. */
    private static void loss(List<ModuleCase> c, String name, String torch, Function<Reduction, Loss> f,
            ModuleCase.Arg... a) {
        losses(c, name, torch, f, REDUCTIONS, a);
    }

    private static void losses(List<ModuleCase> c, String name, String torch, Function<Reduction, Loss> f,
            List<Reduction> reductions, ModuleCase.Arg... a) {
        for (Reduction r : reductions) {
            c.add(new ModuleCase(name + "/" + r.name().toLowerCase(), torch.replace("{r}", python(r)),
                    () -> f.apply(r), List.of(a), true, (m, in) -> ((Loss) m).forward(in.get(0), in.get(1))));
        }
    }

    private static void threeInputLoss(List<ModuleCase> c, String name, String torch, Function<Reduction, Module> f,
            ModuleCase.Call call, ModuleCase.Arg... a) {
        for (Reduction r : REDUCTIONS) {
            c.add(new ModuleCase(name + "/" + r.name().toLowerCase(), torch.replace("{r}", python(r)),
                    () -> f.apply(r), List.of(a), true, call));
        }
    }

    private static String python(Reduction r) {
        return "'" + (r == Reduction.BATCH_MEAN ? "batchmean" : r.name().toLowerCase()) + "'";
    }

    private static Tensor triplet(Module m, List<Tensor> in) {
        return ((TripletMarginLoss) m).forward(in.get(0), in.get(1), in.get(2));
    }

    private static ConvOptions conv() {
        return ConvOptions.defaults();
    }

    private static CrossEntropyOptions ce() {
        return CrossEntropyOptions.defaults();
    }

    private static Tensor classWeights() {
        return Tensor.of(0.5f, 1f, 2f, 1.5f, 0.7f);
    }

    /** The module with every floating parameter and buffer moved randomly (running variances kept positive). */
    private static <M extends Module> M randomized(M module) {
        Generator g = new Generator(99);
        try (var off = Grad.off()) {
            module.stateDict().forEach((key, t) -> {
                if (t.dtype().isFloatingPoint()) {
                    Tensor noise = Tensor.rand(t.shape(), DType.FLOAT32, g).mul(0.5);
                    t.addInPlace(key.endsWith("running_var") ? noise : noise.sub(0.25));
                }
            });
        }
        return module;
    }

    private static void checkUnique(List<ModuleCase> cases) {
        Set<String> names = new HashSet<>();
        for (ModuleCase m : cases) {
            if (!names.add(m.name())) {
                throw new IllegalStateException("module case '" + m.name() + "' is declared twice");
            }
        }
    }

    /**
     * A recurrent layer or cell called on x, then (if {@code packed}) lengths, then any initial
     * state tensors; its output and final states are flattened and joined into one tensor.
     */
    private static void recurrent(List<ModuleCase> c, String name, String torch, Supplier<Module> f, boolean packed,
            ModuleCase.Arg... a) {
        c.add(new ModuleCase(name, torch, f, List.of(a), true, (m, in) -> {
            Tensor lengths = packed ? in.get(1) : null;
            List<Tensor> state = in.subList(packed ? 2 : 1, in.size());
            RnnState initial = state.isEmpty() ? null : new RnnState(state.get(0), state.size() > 1 ? state.get(1) : null);
            if (m instanceof RecurrentCell cell) {
                return joined(null, cell.forward(in.get(0), initial));
            }
            RnnOutput out = ((Recurrent) m).forward(in.get(0), initial, lengths);
            return joined(out.output(), out.state());
        }));
    }

    /**
     * A layer called by argument names: PyTorch gets {@code cls(ctorArgs)} called with the inputs as
     * keyword arguments {@code names} (space-separated; "self" is query = key = value), Myelin the
     * matching method with null for the names not given.
     */
    private static void keywords(List<ModuleCase> c, String name, String cls, String names, String ctorArgs,
            Supplier<Module> f, ModuleCase.Arg... a) {
        List<String> keys = List.of(names.split(" "));
        String torch = "keywords(" + cls + ", '" + names + "')" + ctorArgs;
        c.add(new ModuleCase(name, torch, f, List.of(a), true, (m, in) -> {
            java.util.Map<String, Tensor> by = new java.util.HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                by.put(keys.get(i), in.get(i));
            }
            return switch (m) {
                case MultiheadAttention mha -> {
                    Tensor q = by.containsKey("self") ? by.get("self") : by.get("query");
                    Tensor k = by.containsKey("self") ? q : by.get("key");
                    Tensor v = by.containsKey("self") ? q : by.get("value");
                    MultiheadAttention.Output out = mha.forward(q, k, v, by.get("key_padding_mask"), by.get("attn_mask"), true);
                    yield Tensor.cat(List.of(out.output().reshape(-1), out.weights().reshape(-1)), 0);
                }
                case TransformerEncoderLayer layer -> layer.forward(by.get("src"), by.get("src_mask"),
                        by.get("src_key_padding_mask"));
                case TransformerEncoder stack -> stack.forward(by.get("src"), by.get("mask"), by.get("src_key_padding_mask"));
                case TransformerDecoderLayer layer -> layer.forward(by.get("tgt"), by.get("memory"), by.get("tgt_mask"),
                        by.get("memory_mask"), by.get("tgt_key_padding_mask"), by.get("memory_key_padding_mask"));
                case Transformer t -> t.forward(by.get("src"), by.get("tgt"), by.get("src_mask"), by.get("tgt_mask"),
                        by.get("memory_mask"), by.get("src_key_padding_mask"), by.get("tgt_key_padding_mask"),
                        by.get("memory_key_padding_mask"));
                default -> throw new IllegalArgumentException("no keyword call for " + m.describe());
            };
        }));
    }

    private static Tensor joined(Tensor output, RnnState state) {
        List<Tensor> parts = new ArrayList<>();
        for (Tensor t : new Tensor[] {output, state.h(), state.c()}) {
            if (t != null) {
                parts.add(t.reshape(-1));
            }
        }
        return Tensor.cat(parts, 0);
    }

    private static ModuleCase.Arg lengths(int maxLength, int batch) {
        return new ModuleCase.Arg(ModuleCase.Arg.Kind.LENGTHS, new int[] {batch}, maxLength, false);
    }

    private static ModuleCase.Arg arg(ModuleCase.Arg.Kind kind, boolean grad, int... shape) {
        return new ModuleCase.Arg(kind, shape, 0, grad);
    }

    private static ModuleCase.Arg n(int... shape) {
        return arg(NORMAL, true, shape);
    }

    private static ModuleCase.Arg t(int... shape) {
        return arg(NORMAL, false, shape);
    }

    private static ModuleCase.Arg prob(int... shape) {
        return arg(PROB, true, shape);
    }

    private static ModuleCase.Arg tprob(int... shape) {
        return arg(PROB, false, shape);
    }

    private static ModuleCase.Arg dist(int... shape) {
        return arg(DIST, false, shape);
    }

    private static ModuleCase.Arg logdist(int... shape) {
        return arg(LOG_DIST, true, shape);
    }

    private static ModuleCase.Arg tlogdist(int... shape) {
        return arg(LOG_DIST, false, shape);
    }

    private static ModuleCase.Arg sign(int... shape) {
        return arg(SIGN, false, shape);
    }

    private static ModuleCase.Arg idx(int bound, int... shape) {
        return new ModuleCase.Arg(INDEX, shape, bound, false);
    }
}
