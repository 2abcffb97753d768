package dev.myelin.testing;

import static dev.myelin.testing.InputSpec.Kind.INDEX;
import static dev.myelin.testing.InputSpec.Kind.MASK;
import static dev.myelin.testing.InputSpec.Kind.NORMAL;
import static dev.myelin.testing.InputSpec.Kind.POSITIVE;
import static dev.myelin.testing.InputSpec.Kind.UNIQUE_INDEX;

import dev.myelin.tensor.Attention;
import dev.myelin.tensor.Convolution;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Fused;
import dev.myelin.tensor.InverseTrig;
import dev.myelin.tensor.Pooling;
import dev.myelin.tensor.Resampling;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every op, declared once: its Myelin call, the PyTorch expression that computes the same thing,
 * and sample inputs (broadcasting shapes, non-contiguous views, scalars, empty and size-1
 * dimensions). The gradient-check and PyTorch-parity tests iterate over this table; adding an op
 * to them is adding one entry here.
 */
public final class OpRegistry {
    private static final List<OpInfo> ALL = build();

    private OpRegistry() {}

    /** All ops, in declaration order. */
    public static List<OpInfo> all() {
        return ALL;
    }

    /** The ops whose gradients are checked. */
    public static List<OpInfo> differentiable() {
        return ALL.stream().filter(OpInfo::differentiable).toList();
    }

    // ------------------------------------------------------------------ the table

    private static List<OpInfo> build() {
        List<OpInfo> ops = new ArrayList<>();
        // Elementwise, one operand (second derivatives checked too).
        unary(ops, "neg", "torch.neg(a[0])", Tensor::neg, NORMAL);
        unary(ops, "abs", "torch.abs(a[0])", Tensor::abs, NORMAL);
        unary(ops, "sign", "torch.sign(a[0])", Tensor::sign, NORMAL);
        unary(ops, "square", "torch.square(a[0])", Tensor::square, NORMAL);
        unary(ops, "exp", "torch.exp(a[0])", Tensor::exp, NORMAL);
        unary(ops, "log", "torch.log(a[0])", Tensor::log, POSITIVE);
        unary(ops, "log1p", "torch.log1p(a[0])", Tensor::log1p, POSITIVE);
        unary(ops, "expm1", "torch.expm1(a[0])", Tensor::expm1, NORMAL);
        unary(ops, "sqrt", "torch.sqrt(a[0])", Tensor::sqrt, POSITIVE);
        unary(ops, "rsqrt", "torch.rsqrt(a[0])", Tensor::rsqrt, POSITIVE);
        unary(ops, "reciprocal", "torch.reciprocal(a[0])", Tensor::reciprocal, POSITIVE);
        unary(ops, "sin", "torch.sin(a[0])", Tensor::sin, NORMAL);
        unary(ops, "cos", "torch.cos(a[0])", Tensor::cos, NORMAL);
        unary(ops, "tanh", "torch.tanh(a[0])", Tensor::tanh, NORMAL);
        unary(ops, "sigmoid", "torch.sigmoid(a[0])", Tensor::sigmoid, NORMAL);
        unary(ops, "erf", "torch.erf(a[0])", Tensor::erf, NORMAL);
        // asin and acos see their inputs squashed into (-0.9, 0.9), inside their domain.
        unary(ops, "asin", "torch.asin(torch.tanh(a[0]) * 0.9)", x -> InverseTrig.asin(x.tanh().mul(0.9)), NORMAL);
        unary(ops, "acos", "torch.acos(torch.tanh(a[0]) * 0.9)", x -> InverseTrig.acos(x.tanh().mul(0.9)), NORMAL);
        unary(ops, "atan", "torch.atan(a[0])", InverseTrig::atan, NORMAL);
        unary(ops, "relu", "torch.relu(a[0])", Tensor::relu, NORMAL);
        unary(ops, "gelu", "F.gelu(a[0])", Tensor::gelu, NORMAL);
        unary(ops, "geluTanh", "F.gelu(a[0], approximate='tanh')", Tensor::geluTanh, NORMAL);
        unary(ops, "silu", "F.silu(a[0])", Tensor::silu, NORMAL);
        unary(ops, "floor", "torch.floor(a[0])", Tensor::floor, NORMAL);
        unary(ops, "ceil", "torch.ceil(a[0])", Tensor::ceil, NORMAL);
        unary(ops, "round", "torch.round(a[0])", Tensor::round, NORMAL);
        ops.add(op("softplus", "F.softplus(a[0], beta=kw['beta'], threshold=kw['threshold'])",
                (in, kw) -> x(in).softplus(kw.real("beta"), kw.real("threshold")),
                s(kw("beta", 1.0, "threshold", 20.0), n(2, 3)), s(kw("beta", 2.0, "threshold", 1.5), v(3, 4)),
                s(kw("beta", 0.5, "threshold", 20.0), n()))
                .withSecondOrder());
        ops.add(op("clamp", "torch.clamp(a[0], float(kw['min']), float(kw['max']))",
                (in, kw) -> x(in).clamp(kw.real("min"), kw.real("max")),
                s(kw("min", -0.5, "max", 0.5), n(2, 3)), s(kw("min", 0.0, "max", "inf"), v(3, 4)),
                s(kw("min", "-inf", "max", 0.3), n(5)), s(kw("min", -1.0, "max", 1.0), n()))
                .withSecondOrder());
        ops.add(op("powScalar", "torch.pow(a[0], kw['exponent'])", (in, kw) -> x(in).pow(kw.real("exponent")),
                s(kw("exponent", 2.0), n(2, 3)), s(kw("exponent", 0.5), p(3, 4)), s(kw("exponent", -1.5), pv(3, 2)),
                s(kw("exponent", 3.0), n()), s(kw("exponent", 0.0), n(4)))
                .withSecondOrder());

        // Elementwise, two operands, broadcast.
        binary(ops, "add", "torch.add(a[0], a[1])", Tensor::add, NORMAL);
        binary(ops, "sub", "torch.sub(a[0], a[1])", Tensor::sub, NORMAL);
        binary(ops, "mul", "torch.mul(a[0], a[1])", Tensor::mul, NORMAL);
        binary(ops, "div", "torch.div(a[0], a[1])", Tensor::div, POSITIVE);
        ops.add(op("pow", "torch.pow(a[0], a[1])", (in, kw) -> x(in).pow(y(in)),
                s(p(2, 3), n(2, 3)), s(p(2, 3), n(3)), s(pv(3, 4), p(4)), s(p(), n(2, 2))).withSecondOrder());
        binary(ops, "maximum", "torch.maximum(a[0], a[1])", Tensor::maximum, NORMAL);
        binary(ops, "minimum", "torch.minimum(a[0], a[1])", Tensor::minimum, NORMAL);
        ops.add(op("addAlpha", "torch.add(a[0], a[1], alpha=kw['alpha'])",
                (in, kw) -> x(in).add(y(in), kw.real("alpha")),
                s(kw("alpha", 2.5), n(2, 3), n(3)), s(kw("alpha", -1.0), v(3, 4), n(3, 4))).withSecondOrder());
        scalarOp(ops, "addScalar", "a[0] + kw['s']", (t, s) -> t.add(s));
        scalarOp(ops, "subScalar", "a[0] - kw['s']", (t, s) -> t.sub(s));
        scalarOp(ops, "mulScalar", "a[0] * kw['s']", (t, s) -> t.mul(s));
        scalarOp(ops, "divScalar", "a[0] / kw['s']", (t, s) -> t.div(s));
        ops.add(op("where", "torch.where(a[0], a[1], a[2])", (in, kw) -> Tensor.where(in.get(0), in.get(1), in.get(2)),
                s(mask(2, 3), n(2, 3), n(2, 3)), s(mask(3), n(2, 3), n(1)), s(mask(2, 1), v(2, 3), n(2, 3)))
                .withSecondOrder());
        ops.add(op("maskedFill", "a[0].masked_fill(a[1], kw['value'])",
                (in, kw) -> x(in).maskedFill(y(in), kw.real("value")),
                s(kw("value", 1.5), n(2, 3), mask(2, 3)), s(kw("value", -2.0), v(3, 4), mask(4)),
                s(kw("value", 0.0), n(2, 1, 3), mask(2, 1, 1))).withSecondOrder());

        // Comparisons and logic: values only.
        predicate(ops, "eq", "torch.eq(a[0], a[1])", Tensor::eq);
        predicate(ops, "ne", "torch.ne(a[0], a[1])", Tensor::ne);
        predicate(ops, "lt", "torch.lt(a[0], a[1])", Tensor::lt);
        predicate(ops, "le", "torch.le(a[0], a[1])", Tensor::le);
        predicate(ops, "gt", "torch.gt(a[0], a[1])", Tensor::gt);
        predicate(ops, "ge", "torch.ge(a[0], a[1])", Tensor::ge);
        ops.add(op("eqSelf", "torch.eq(a[0], a[0].round())", (in, kw) -> x(in).eq(x(in).round()), s(n(3, 4)))
                .notDifferentiable());
        for (String[] logic : new String[][] {{"logicalAnd", "logical_and"}, {"logicalOr", "logical_or"},
                {"logicalXor", "logical_xor"}}) {
            ops.add(op(logic[0], "torch." + logic[1] + "(a[0], a[1])", (in, kw) -> switch (logic[0]) {
                case "logicalAnd" -> x(in).logicalAnd(y(in));
                case "logicalOr" -> x(in).logicalOr(y(in));
                default -> x(in).logicalXor(y(in));
            }, s(mask(2, 3), mask(2, 3)), s(mask(2, 3), mask(3))).notDifferentiable());
        }
        ops.add(op("logicalNot", "torch.logical_not(a[0])", (in, kw) -> x(in).logicalNot(), s(mask(2, 3)), s(n(4)))
                .notDifferentiable());

        // Reductions.
        ops.add(op("sumAll", "torch.sum(a[0])", (in, kw) -> x(in).sum(), s(n(2, 3)), s(v(3, 4)), s(n()), s(n(0, 3))));
        ops.add(op("sum", "torch.sum(a[0], dim=kw['dims'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).sum(kw.ints("dims"), kw.flag("keepdim")), reductionSamples()));
        ops.add(op("meanAll", "torch.mean(a[0])", (in, kw) -> x(in).mean(), s(n(2, 3)), s(v(3, 4)), s(n())));
        ops.add(op("mean", "torch.mean(a[0], dim=kw['dims'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).mean(kw.ints("dims"), kw.flag("keepdim")), reductionSamples()));
        ops.add(op("prodAll", "torch.prod(a[0])", (in, kw) -> x(in).prod(), s(n(2, 3)), s(v(2, 2)), s(n())));
        ops.add(op("prod", "torch.prod(a[0], dim=kw['dim'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).prod(kw.integer("dim"), kw.flag("keepdim")),
                s(kw("dim", 1, "keepdim", false), n(2, 3)), s(kw("dim", 0, "keepdim", true), v(3, 4)),
                s(kw("dim", -1, "keepdim", false), n(2, 3, 4))));
        ops.add(op("amax", "torch.amax(a[0], dim=kw['dims'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).amax(kw.ints("dims"), kw.flag("keepdim")), reductionSamples()));
        ops.add(op("amin", "torch.amin(a[0], dim=kw['dims'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).amin(kw.ints("dims"), kw.flag("keepdim")), reductionSamples()));
        ops.add(op("maxAll", "torch.max(a[0])", (in, kw) -> x(in).max(), s(n(2, 3)), s(v(3, 4))));
        ops.add(op("maxDim", "torch.max(a[0], dim=kw['dim'], keepdim=kw['keepdim']).values",
                (in, kw) -> x(in).max(kw.integer("dim"), kw.flag("keepdim")).values(), dimSamples()));
        ops.add(op("minDim", "torch.min(a[0], dim=kw['dim'], keepdim=kw['keepdim']).values",
                (in, kw) -> x(in).min(kw.integer("dim"), kw.flag("keepdim")).values(), dimSamples()));
        ops.add(op("argmax", "torch.argmax(a[0], dim=kw['dim'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).argmax(kw.integer("dim"), kw.flag("keepdim")), dimSamples()).notDifferentiable());
        ops.add(op("argmin", "torch.argmin(a[0], dim=kw['dim'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).argmin(kw.integer("dim"), kw.flag("keepdim")), dimSamples()).notDifferentiable());
        ops.add(op("argmaxAll", "torch.argmax(a[0])", (in, kw) -> x(in).argmax(), s(n(3, 4)), s(v(3, 4)))
                .notDifferentiable());
        ops.add(op("var", "torch.var(a[0], dim=kw['dims'], unbiased=kw['correction'] == 1, keepdim=kw['keepdim'])",
                (in, kw) -> x(in).var(kw.ints("dims"), kw.integer("correction"), kw.flag("keepdim")),
                s(kw("dims", dims(1), "correction", 1, "keepdim", false), n(3, 4)),
                s(kw("dims", dims(0, 2), "correction", 0, "keepdim", true), n(2, 3, 4)),
                s(kw("dims", dims(-1), "correction", 1, "keepdim", true), v(4, 5))));
        ops.add(op("std", "torch.std(a[0], dim=kw['dims'], unbiased=kw['correction'] == 1, keepdim=kw['keepdim'])",
                (in, kw) -> x(in).std(kw.ints("dims"), kw.integer("correction"), kw.flag("keepdim")),
                s(kw("dims", dims(1), "correction", 1, "keepdim", false), n(3, 4)),
                s(kw("dims", dims(0, 1), "correction", 0, "keepdim", true), v(3, 4))));
        ops.add(op("logsumexp", "torch.logsumexp(a[0], dim=kw['dims'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).logsumexp(kw.ints("dims"), kw.flag("keepdim")), reductionSamples()));
        ops.add(op("norm",
                "torch.linalg.vector_norm(a[0], ord=float(kw['p']), dim=kw['dims'], keepdim=kw['keepdim'])",
                (in, kw) -> x(in).norm(kw.real("p"), kw.ints("dims"), kw.flag("keepdim")),
                s(kw("p", 2.0, "dims", dims(1), "keepdim", false), n(3, 4)),
                s(kw("p", 1.0, "dims", dims(0), "keepdim", true), v(3, 4)),
                s(kw("p", 3.0, "dims", dims(0, 1), "keepdim", false), n(2, 3)),
                s(kw("p", "inf", "dims", dims(-1), "keepdim", false), n(2, 5))));
        ops.add(op("softmax", "torch.softmax(a[0], dim=kw['dim'])", (in, kw) -> x(in).softmax(kw.integer("dim")),
                s(kw("dim", -1), n(2, 5)), s(kw("dim", 0), v(3, 4)), s(kw("dim", 1), n(2, 3, 4))));
        ops.add(op("logSoftmax", "torch.log_softmax(a[0], dim=kw['dim'])",
                (in, kw) -> x(in).logSoftmax(kw.integer("dim")),
                s(kw("dim", -1), n(2, 5)), s(kw("dim", 0), v(3, 4)), s(kw("dim", 1), n(2, 3, 4))));

        // Views and copies.
        ops.add(op("reshape", "a[0].reshape(kw['shape'])", (in, kw) -> x(in).reshape(kw.ints("shape")),
                s(kw("shape", dims(3, 2)), n(2, 3)), s(kw("shape", dims(-1)), v(3, 4)),
                s(kw("shape", dims(2, 1, 6)), n(3, 4)), s(kw("shape", dims(1)), n())));
        ops.add(op("view", "a[0].view(kw['shape'])", (in, kw) -> x(in).view(kw.ints("shape")),
                s(kw("shape", dims(6)), n(2, 3)), s(kw("shape", dims(2, 2, 3)), n(4, 3))));
        ops.add(op("permute", "a[0].permute(kw['dims'])", (in, kw) -> x(in).permute(kw.ints("dims")),
                s(kw("dims", dims(1, 0)), n(2, 3)), s(kw("dims", dims(2, 0, 1)), n(2, 3, 4))));
        ops.add(op("transpose", "a[0].transpose(kw['d0'], kw['d1'])",
                (in, kw) -> x(in).transpose(kw.integer("d0"), kw.integer("d1")),
                s(kw("d0", 0, "d1", 1), n(2, 3)), s(kw("d0", -1, "d1", 0), v(2, 3, 4).asView())));
        ops.add(op("t", "a[0].t()", (in, kw) -> x(in).t(), s(n(2, 3)), s(n(4))));
        ops.add(op("mT", "a[0].mT", (in, kw) -> x(in).mT(), s(n(2, 3, 4))));
        ops.add(op("expand", "a[0].expand(kw['shape'])", (in, kw) -> x(in).expand(kw.ints("shape")),
                s(kw("shape", dims(2, 3)), n(1, 3)), s(kw("shape", dims(4, 2, 3)), n(2, 1)),
                s(kw("shape", dims(-1, 5)), n(3, 1))));
        ops.add(op("narrow", "a[0].narrow(kw['dim'], kw['start'], kw['length'])",
                (in, kw) -> x(in).narrow(kw.integer("dim"), kw.integer("start"), kw.integer("length")),
                s(kw("dim", 1, "start", 1, "length", 2), n(2, 4)), s(kw("dim", 0, "start", 0, "length", 0), n(3, 2))));
        ops.add(op("slice", "a[0][tuple([slice(None)] * kw['dim'] + [slice(kw['start'], kw['end'], kw['step'])])]",
                (in, kw) -> x(in).slice(kw.integer("dim"), kw.integer("start"), kw.integer("end"), kw.integer("step")),
                s(kw("dim", 1, "start", 0, "end", 5, "step", 2), n(2, 5)),
                s(kw("dim", 0, "start", 1, "end", 4, "step", 2), v(4, 3)),
                s(kw("dim", 0, "start", 2, "end", 100, "step", 1), n(4))));
        ops.add(op("select", "a[0].select(kw['dim'], kw['index'])",
                (in, kw) -> x(in).select(kw.integer("dim"), kw.integer("index")),
                s(kw("dim", 0, "index", 1), n(3, 4)), s(kw("dim", -1, "index", -1), v(3, 4))));
        ops.add(op("squeeze", "a[0].squeeze()", (in, kw) -> x(in).squeeze(), s(n(1, 3, 1)), s(n(2, 3))));
        ops.add(op("squeezeDim", "a[0].squeeze(kw['dim'])", (in, kw) -> x(in).squeeze(kw.integer("dim")),
                s(kw("dim", 0), n(1, 3)), s(kw("dim", 1), n(2, 3))));
        ops.add(op("unsqueeze", "a[0].unsqueeze(kw['dim'])", (in, kw) -> x(in).unsqueeze(kw.integer("dim")),
                s(kw("dim", 0), n(2, 3)), s(kw("dim", -1), v(2, 3)), s(kw("dim", 0), n())));
        ops.add(op("flatten", "a[0].flatten(kw['start'], kw['end'])",
                (in, kw) -> x(in).flatten(kw.integer("start"), kw.integer("end")),
                s(kw("start", 0, "end", -1), n(2, 3, 4)), s(kw("start", 1, "end", 2), v(2, 3, 4).asView())));
        ops.add(op("unflatten", "a[0].unflatten(kw['dim'], kw['sizes'])",
                (in, kw) -> x(in).unflatten(kw.integer("dim"), kw.ints("sizes")),
                s(kw("dim", 1, "sizes", dims(2, 3)), n(4, 6)), s(kw("dim", 0, "sizes", dims(-1, 2)), n(4))));
        ops.add(op("contiguous", "a[0].contiguous()", (in, kw) -> x(in).contiguous(), s(v(3, 4)), s(n(2, 2))));
        ops.add(op("clone", "a[0].clone()", (in, kw) -> x(in).clone(), s(v(3, 4)), s(n())));
        ops.add(op("toFloat64", "a[0].to(torch.float64)", (in, kw) -> x(in).to(DType.FLOAT64), s(n(2, 3)))
                .notDifferentiable());

        // Joining and indexing.
        ops.add(op("cat", "torch.cat(a, dim=kw['dim'])", (in, kw) -> Tensor.cat(in, kw.integer("dim")),
                s(kw("dim", 0), n(2, 3), n(1, 3), n(4, 3)), s(kw("dim", 1), n(2, 3), v(2, 2)),
                s(kw("dim", -1), n(2, 0), n(2, 3))));
        ops.add(op("stack", "torch.stack(a, dim=kw['dim'])", (in, kw) -> Tensor.stack(in, kw.integer("dim")),
                s(kw("dim", 0), n(2, 3), n(2, 3)), s(kw("dim", 2), n(2, 3), v(2, 3))));
        ops.add(op("split", "torch.split(a[0], kw['size'], dim=kw['dim'])[kw['piece']]",
                (in, kw) -> x(in).split(kw.integer("size"), kw.integer("dim")).get(kw.integer("piece")),
                s(kw("size", 2, "dim", 1, "piece", 1), n(3, 5)), s(kw("size", 2, "dim", 1, "piece", 2), n(3, 5))));
        ops.add(op("chunk", "torch.chunk(a[0], kw['chunks'], dim=kw['dim'])[kw['piece']]",
                (in, kw) -> x(in).chunk(kw.integer("chunks"), kw.integer("dim")).get(kw.integer("piece")),
                s(kw("chunks", 3, "dim", 0, "piece", 2), n(7, 2)), s(kw("chunks", 2, "dim", 1, "piece", 0), v(3, 4))));
        ops.add(op("unbind", "torch.unbind(a[0], kw['dim'])[kw['piece']]",
                (in, kw) -> x(in).unbind(kw.integer("dim")).get(kw.integer("piece")),
                s(kw("dim", 0, "piece", 1), n(3, 4)), s(kw("dim", 1, "piece", 2), v(2, 4, 3)), s(kw("dim", -1, "piece", 0), n(5, 2))));
        ops.add(op("indexSelect", "torch.index_select(a[0], kw['dim'], a[1])",
                (in, kw) -> x(in).indexSelect(kw.integer("dim"), y(in)),
                s(kw("dim", 0), n(5, 3), idx(5, 4)), s(kw("dim", 1), v(3, 4), idx(4, 6)),
                s(kw("dim", 1), n(2, 4, 3), idx(4, 2))));
        ops.add(op("indexAdd", "a[0].index_add(kw['dim'], a[1], a[2])",
                (in, kw) -> x(in).indexAdd(kw.integer("dim"), y(in), in.get(2)),
                s(kw("dim", 0), n(5, 3), idx(5, 4), n(4, 3)), s(kw("dim", 1), n(2, 3), idx(3, 5), v(2, 5))));
        ops.add(op("gather", "torch.gather(a[0], kw['dim'], a[1])", (in, kw) -> x(in).gather(kw.integer("dim"), y(in)),
                s(kw("dim", 1), n(3, 5), idx(5, 3, 4)), s(kw("dim", 0), v(4, 3), idx(4, 2, 3))));
        ops.add(op("scatter", "a[0].scatter(kw['dim'], a[1], a[2])",
                (in, kw) -> x(in).scatter(kw.integer("dim"), y(in), in.get(2)),
                s(kw("dim", 1), n(3, 5), uidx(5, 1, 3, 4), n(3, 4)), s(kw("dim", 0), n(4, 2), uidx(4, 0, 3, 2), n(3, 2))));
        ops.add(op("scatterAdd", "a[0].scatter_add(kw['dim'], a[1], a[2])",
                (in, kw) -> x(in).scatterAdd(kw.integer("dim"), y(in), in.get(2)),
                s(kw("dim", 0), n(4, 3), idx(4, 5, 3), n(5, 3)), s(kw("dim", 1), v(3, 4), idx(4, 3, 6), n(3, 6))));
        ops.add(op("oneHot", "F.one_hot(a[0], kw['classes'])", (in, kw) -> x(in).oneHot(kw.integer("classes")),
                s(kw("classes", 5), idx(5, 2, 3))).notDifferentiable());
        ops.add(op("embedding", "F.embedding(a[0], a[1])", (in, kw) -> Tensor.embedding(x(in), y(in)),
                s(idx(5, 2, 3), n(5, 4)), s(idx(3, 4), n(3, 2))));

        // Linear algebra.
        ops.add(op("matmul", "torch.matmul(a[0], a[1])", (in, kw) -> x(in).matmul(y(in)),
                s(n(3), n(3)), s(n(2, 3), n(3)), s(n(3), n(3, 4)), s(n(2, 3), n(3, 4)), s(v(3, 2), v(2, 4)),
                s(n(2, 2, 3), n(3, 4)), s(n(2, 1, 2, 3), n(5, 3, 2)), s(n(0, 3), n(3, 2))).withSecondOrder());
        ops.add(op("linear", "F.linear(a[0], a[1], a[2])", (in, kw) -> x(in).linear(y(in), in.get(2)),
                s(n(2, 3), n(4, 3), n(4)), s(n(2, 5, 3), v(4, 3), n(4))).withSecondOrder());
        ops.add(op("linearNoBias", "F.linear(a[0], a[1])", (in, kw) -> x(in).linear(y(in), null),
                s(n(2, 3), n(4, 3)), s(n(3), n(2, 3))).withSecondOrder());
        // Convolution, pooling, resampling, padding.
        String bias = "a[2] if len(a) > 2 else None";
        ops.add(op("conv2d", "F.conv2d(a[0], a[1], " + bias + ", stride=kw['stride'], padding=kw['padding'],"
                        + " dilation=kw['dilation'], groups=kw['groups'])",
                (in, kw) -> Convolution.conv2d(x(in), y(in), third(in), kw.ints("stride"), kw.ints("padding"),
                        kw.ints("dilation"), kw.integer("groups")),
                s(conv(1, 0, 1, 1), n(2, 3, 5, 6), n(4, 3, 3, 3), n(4)),
                s(conv(2, 1, 1, 1), n(1, 2, 7, 7), n(3, 2, 3, 3)),
                s(conv(1, 2, 2, 1), n(2, 2, 6, 5), n(2, 2, 3, 2), n(2)),
                s(conv(1, 1, 1, 2), n(1, 4, 5, 5), n(6, 2, 3, 3), n(6)),
                s(conv(1, 0, 1, 1), v(2, 3, 4, 4), n(5, 3, 1, 1)),
                s(kw("stride", dims(1, 2), "padding", dims(0, 1), "dilation", dims(1, 1), "groups", 1),
                        n(1, 1, 4, 6), n(2, 1, 2, 3), n(2))).withSecondOrder());
        ops.add(op("conv1d", "F.conv1d(a[0], a[1], " + bias + ", stride=kw['stride'], padding=kw['padding'],"
                        + " dilation=kw['dilation'], groups=kw['groups'])",
                (in, kw) -> Convolution.conv1d(x(in), y(in), third(in), kw.integer("stride"), kw.integer("padding"),
                        kw.integer("dilation"), kw.integer("groups")),
                s(kw("stride", 1, "padding", 1, "dilation", 1, "groups", 1), n(2, 3, 7), n(4, 3, 3), n(4)),
                s(kw("stride", 2, "padding", 0, "dilation", 2, "groups", 2), n(1, 4, 9), n(2, 2, 2))));
        ops.add(op("convTranspose2d", "F.conv_transpose2d(a[0], a[1], " + bias + ", stride=kw['stride'],"
                        + " padding=kw['padding'], output_padding=kw['outputPadding'], groups=kw['groups'],"
                        + " dilation=kw['dilation'])",
                (in, kw) -> Convolution.convTranspose2d(x(in), y(in), third(in), kw.ints("stride"), kw.ints("padding"),
                        kw.ints("outputPadding"), kw.ints("dilation"), kw.integer("groups")),
                s(convT(1, 0, 0, 1, 1), n(2, 3, 4, 4), n(3, 2, 3, 3), n(2)),
                s(convT(2, 1, 1, 1, 1), n(1, 2, 3, 3), n(2, 3, 3, 3)),
                s(convT(2, 0, 0, 1, 2), n(1, 4, 3, 2), n(4, 1, 2, 2), n(2)),
                s(convT(1, 1, 0, 2, 1), n(1, 1, 4, 4), n(1, 2, 2, 2))).withSecondOrder());
        ops.add(op("maxPool2d", "F.max_pool2d(a[0], kw['kernel'], kw['stride'], kw['padding'], kw['dilation'],"
                        + " ceil_mode=kw['ceil'])",
                (in, kw) -> Pooling.maxPool2d(x(in), kw.ints("kernel"), kw.ints("stride"), kw.ints("padding"),
                        kw.ints("dilation"), kw.flag("ceil")),
                s(pool(2, 2, 0, 1, false), n(2, 3, 6, 6)), s(pool(3, 2, 1, 1, false), v(1, 2, 7, 5)),
                s(pool(2, 2, 0, 1, true), n(1, 2, 5, 7)), s(pool(2, 1, 1, 2, false), n(1, 1, 6, 6))));
        ops.add(op("maxPool1d", "F.max_pool1d(a[0], kw['kernel'], kw['stride'], kw['padding'], kw['dilation'],"
                        + " ceil_mode=kw['ceil'])",
                (in, kw) -> Pooling.maxPool1d(x(in), kw.integer("kernel"), kw.integer("stride"), kw.integer("padding"),
                        kw.integer("dilation"), kw.flag("ceil")),
                s(kw("kernel", 3, "stride", 2, "padding", 1, "dilation", 1, "ceil", false), n(2, 3, 9))));
        ops.add(op("avgPool2d", "F.avg_pool2d(a[0], kw['kernel'], kw['stride'], kw['padding'], ceil_mode=kw['ceil'],"
                        + " count_include_pad=kw['include'])",
                (in, kw) -> Pooling.avgPool2d(x(in), kw.ints("kernel"), kw.ints("stride"), kw.ints("padding"),
                        kw.flag("ceil"), kw.flag("include")),
                s(kw("kernel", dims(2, 2), "stride", dims(2, 2), "padding", dims(0, 0), "ceil", false, "include", true),
                        n(2, 3, 6, 6)),
                s(kw("kernel", dims(3, 3), "stride", dims(2, 2), "padding", dims(1, 1), "ceil", true, "include", false),
                        v(1, 2, 7, 6)),
                s(kw("kernel", dims(3, 2), "stride", dims(1, 2), "padding", dims(1, 1), "ceil", false, "include", true),
                        n(1, 1, 5, 5))));
        ops.add(op("adaptiveAvgPool2d", "F.adaptive_avg_pool2d(a[0], kw['size'])",
                (in, kw) -> Pooling.adaptiveAvgPool2d(x(in), kw.ints("size")[0], kw.ints("size")[1]),
                s(kw("size", dims(1, 1)), n(2, 3, 5, 4)), s(kw("size", dims(3, 2)), n(1, 2, 7, 5)),
                s(kw("size", dims(4, 4)), n(1, 1, 3, 3))));
        ops.add(op("upsampleNearest2d", "F.interpolate(a[0], size=kw['size'], mode='nearest')",
                (in, kw) -> Resampling.upsampleNearest2d(x(in), kw.ints("size")[0], kw.ints("size")[1]),
                s(kw("size", dims(6, 4)), n(2, 3, 3, 2)), s(kw("size", dims(5, 7)), n(1, 2, 3, 3)),
                s(kw("size", dims(2, 2)), n(1, 1, 5, 4))));
        ops.add(op("upsampleBilinear2d", "F.interpolate(a[0], size=kw['size'], mode='bilinear',"
                        + " align_corners=kw['align'])",
                (in, kw) -> Resampling.upsampleBilinear2d(x(in), kw.ints("size")[0], kw.ints("size")[1],
                        kw.flag("align")),
                s(kw("size", dims(6, 4), "align", false), n(2, 3, 3, 2)),
                s(kw("size", dims(5, 7), "align", true), n(1, 2, 3, 3)),
                s(kw("size", dims(2, 3), "align", false), n(1, 1, 5, 4))));
        ops.add(op("pad", "F.pad(a[0], kw['pads'], value=kw['value'])",
                (in, kw) -> x(in).pad(kw.ints("pads"), kw.real("value")),
                s(kw("pads", dims(1, 2), "value", 0.0), n(2, 3)), s(kw("pads", dims(1, 0, 2, 1), "value", -1.5), v(2, 3, 4)),
                s(kw("pads", dims(0, 0, 1, 1, 2, 0), "value", 2.0), n(2, 2, 2))));
        // Fused kernels (each also tested against its composite definition by the same goldens).
        ops.add(op("linearFused", "F.linear(a[0], a[1], " + bias + ")", (in, kw) -> Fused.linear(x(in), y(in), third(in), false),
                s(n(2, 3), n(4, 3), n(4)), s(n(2, 5, 3), v(4, 3), n(4)), s(n(3), n(2, 3)), s(n(20, 33), n(17, 33), n(17))));
        ops.add(op("linearRelu", "F.relu(F.linear(a[0], a[1], " + bias + "))",
                (in, kw) -> Fused.linear(x(in), y(in), third(in), true),
                s(n(2, 3), n(4, 3), n(4)), s(n(20, 33), n(17, 33)), s(n(5, 2, 8), n(19, 8), n(19))));
        ops.add(op("crossEntropy", "F.cross_entropy(a[0], a[1], reduction='none', ignore_index=kw['ignore'],"
                        + " label_smoothing=kw['smoothing'])",
                (in, kw) -> Fused.crossEntropy(x(in), y(in), kw.integer("ignore"), kw.real("smoothing")),
                s(kw("ignore", -100, "smoothing", 0.0), n(4, 5), idx(5, 4)),
                s(kw("ignore", 2, "smoothing", 0.1), n(6, 3), idx(3, 6)),
                s(kw("ignore", -100, "smoothing", 0.0), v(5, 37), idx(37, 5))).withSecondOrder());
        ops.add(op("layerNorm", "F.layer_norm(a[0], (a[0].shape[-1],), a[1] if len(a) > 1 else None, "
                        + bias + ", eps=kw['eps'])",
                (in, kw) -> Fused.layerNorm(x(in), in.size() > 1 ? y(in) : null, third(in), kw.real("eps")),
                s(kw("eps", 1e-5), n(3, 4), n(4), n(4)), s(kw("eps", 1e-3), v(2, 3, 40)), s(kw("eps", 1e-5), n(5, 33), n(33), n(33))));
        String lstm = "(lambda i, f, g, o: (torch.sigmoid(o), torch.sigmoid(f) * a[1] + torch.sigmoid(i) * torch.tanh(g)))"
                + "(*a[0].chunk(4, 1))";
        ops.add(op("lstmCellH", "(lambda o, c: o * torch.tanh(c))(*" + lstm + ")",
                (in, kw) -> Fused.lstmCell(x(in), y(in))[0], s(n(2, 12), n(2, 3)), s(n(3, 80), v(3, 20))));
        ops.add(op("lstmCellC", lstm + "[1]", (in, kw) -> Fused.lstmCell(x(in), y(in))[1], s(n(2, 12), n(2, 3)),
                s(n(3, 80), v(3, 20))));
        for (int k = 0; k < 3; k++) {
            int output = k;
            ops.add(op("lstmLayer" + List.of("Outputs", "H", "C").get(k),
                    "lstm_layer(a[0], a[1], a[2], a[3], kw['reverse'])[" + k + "]",
                    (in, kw) -> Fused.lstmLayer(x(in), y(in), in.get(2), in.get(3), kw.flag("reverse"))[output],
                    s(kw("reverse", false), n(5, 2, 12), n(2, 3), n(2, 3), n(12, 3)),
                    s(kw("reverse", true), n(4, 3, 8), n(3, 2), n(3, 2), n(8, 2)),
                    s(kw("reverse", true), v(6, 3, 80), n(3, 20), v(3, 20), v(80, 20))).withSecondOrder());
        }
        // Attention (fused kernel for float32, textbook formula otherwise).
        ops.add(op("attention", "sdpa(a[0], a[1], a[2], a[3] if len(a) > 3 else None, kw['causal'], kw['scale'])",
                (in, kw) -> Attention.scaledDotProduct(x(in), y(in), in.get(2), in.size() > 3 ? in.get(3) : null,
                        kw.flag("causal"), kw.real("scale")),
                s(kw("causal", false, "scale", 0.5), n(2, 5, 4), n(2, 7, 4), n(2, 7, 3)),
                s(kw("causal", true, "scale", 0.4), n(2, 3, 6, 4), n(2, 3, 6, 4), n(2, 3, 6, 4)),
                s(kw("causal", false, "scale", 0.35), n(2, 5, 4), n(2, 7, 4), n(2, 7, 3), n(2, 1, 7)),
                s(kw("causal", true, "scale", 0.3), n(1, 70, 2), n(1, 130, 2), n(1, 130, 1)),
                s(kw("causal", false, "scale", 0.3), v(1, 66, 2), n(1, 70, 2), n(1, 70, 1), n(66, 70)))
                .withSecondOrder());
        checkUnique(ops);
        return List.copyOf(ops);
    }

    // ------------------------------------------------------------------ sample families

    private static OpInfo.Sample[] unarySamples(InputSpec.Kind kind) {
        return new OpInfo.Sample[] {s(spec(kind, 2, 3)), s(spec(kind, 3, 4).asView()), s(spec(kind)),
            s(spec(kind, 0, 3)), s(spec(kind, 1, 4, 1)), s(spec(kind, 7).asView())};
    }

    private static OpInfo.Sample[] binarySamples(InputSpec.Kind second) {
        return new OpInfo.Sample[] {s(n(2, 3), spec(second, 2, 3)), s(n(2, 3), spec(second, 3)),
            s(n(2, 1, 4), spec(second, 3, 1)), s(v(3, 4), spec(second, 4)), s(n(), spec(second, 2, 2)),
            s(n(0, 3), spec(second, 1, 3)), s(n(4), spec(second, 4).asView())};
    }

    private static OpInfo.Sample[] reductionSamples() {
        return new OpInfo.Sample[] {
            s(kw("dims", dims(1), "keepdim", false), n(2, 3)),
            s(kw("dims", dims(0, 2), "keepdim", true), n(2, 3, 4)),
            s(kw("dims", dims(-1), "keepdim", false), v(3, 4)),
            s(kw("dims", dims(0, 1), "keepdim", false), v(3, 4)),
            s(kw("dims", dims(1, 2), "keepdim", true), n(2, 1, 3))};
    }

    private static OpInfo.Sample[] dimSamples() {
        return new OpInfo.Sample[] {
            s(kw("dim", 1, "keepdim", false), n(3, 4)), s(kw("dim", 0, "keepdim", true), v(3, 4)),
            s(kw("dim", -1, "keepdim", false), n(2, 3, 5))};
    }

    // ------------------------------------------------------------------ declaration helpers

    private static void unary(List<OpInfo> ops, String name, String torch, UnaryOperator<Tensor> f, InputSpec.Kind kind) {
        ops.add(op(name, torch, (in, kw) -> f.apply(x(in)), unarySamples(kind)).withSecondOrder());
    }

    private static void binary(List<OpInfo> ops, String name, String torch,
            java.util.function.BinaryOperator<Tensor> f, InputSpec.Kind second) {
        ops.add(op(name, torch, (in, kw) -> f.apply(x(in), y(in)), binarySamples(second)).withSecondOrder());
    }

    private static void predicate(List<OpInfo> ops, String name, String torch,
            java.util.function.BinaryOperator<Tensor> f) {
        ops.add(op(name, torch, (in, kw) -> f.apply(x(in), y(in)), binarySamples(NORMAL)).notDifferentiable());
    }

    private static void scalarOp(List<OpInfo> ops, String name, String torch,
            java.util.function.BiFunction<Tensor, Double, Tensor> f) {
        ops.add(op(name, torch, (in, kw) -> f.apply(x(in), kw.real("s")),
                s(kw("s", 1.5), n(2, 3)), s(kw("s", -0.75), v(3, 4)), s(kw("s", 2.0), n())).withSecondOrder());
    }

    private static OpInfo op(String name, String torch, OpInfo.OpFunction fn, OpInfo.Sample... samples) {
        return new OpInfo(name, torch, fn, List.of(samples), true, false);
    }

    private static void checkUnique(List<OpInfo> ops) {
        Set<String> names = new HashSet<>();
        for (OpInfo op : ops) {
            if (!names.add(op.name())) {
                throw new IllegalStateException("op '" + op.name() + "' is declared twice");
            }
        }
    }

    private static Kwargs conv(int stride, int padding, int dilation, int groups) {
        return kw("stride", dims(stride, stride), "padding", dims(padding, padding), "dilation", dims(dilation, dilation),
                "groups", groups);
    }

    private static Kwargs convT(int stride, int padding, int outputPadding, int dilation, int groups) {
        return kw("stride", dims(stride, stride), "padding", dims(padding, padding), "outputPadding",
                dims(outputPadding, outputPadding), "dilation", dims(dilation, dilation), "groups", groups);
    }

    private static Kwargs pool(int kernel, int stride, int padding, int dilation, boolean ceil) {
        return kw("kernel", dims(kernel, kernel), "stride", dims(stride, stride), "padding", dims(padding, padding),
                "dilation", dims(dilation, dilation), "ceil", ceil);
    }

    private static Tensor third(List<Tensor> in) {
        return in.size() > 2 ? in.get(2) : null;
    }

    private static Tensor x(List<Tensor> in) {
        return in.get(0);
    }

    private static Tensor y(List<Tensor> in) {
        return in.get(1);
    }

    private static OpInfo.Sample s(InputSpec... inputs) {
        return new OpInfo.Sample(Arrays.asList(inputs), Kwargs.none());
    }

    private static OpInfo.Sample s(Kwargs kwargs, InputSpec... inputs) {
        return new OpInfo.Sample(Arrays.asList(inputs), kwargs);
    }

    private static Kwargs kw(Object... keyValues) {
        return Kwargs.of(keyValues);
    }

    private static int[] dims(int... dims) {
        return dims;
    }

    private static InputSpec spec(InputSpec.Kind kind, int... shape) {
        return new InputSpec(kind, shape, false, 0, 0);
    }

    private static InputSpec n(int... shape) {
        return spec(NORMAL, shape);
    }

    private static InputSpec p(int... shape) {
        return spec(POSITIVE, shape);
    }

    private static InputSpec v(int... shape) {
        return spec(NORMAL, shape).asView();
    }

    private static InputSpec pv(int... shape) {
        return spec(POSITIVE, shape).asView();
    }

    private static InputSpec idx(int bound, int... shape) {
        return new InputSpec(INDEX, shape, false, bound, 0);
    }

    private static InputSpec uidx(int bound, int dim, int... shape) {
        return new InputSpec(UNIQUE_INDEX, shape, false, bound, dim);
    }

    private static InputSpec mask(int... shape) {
        return new InputSpec(MASK, shape, false, 0, 0);
    }
}
