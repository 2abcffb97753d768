package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Linear quantization: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, QLinearMatMul
 * and QLinearConv, emulated in floating point with integers held in int32. The quantized type
 * (uint8 or int8, which Myelin both holds as int32) comes from the zero point's declared type.
 */
final class QuantizeOps {
    private QuantizeOps() {}

    static void register(OpSupport.Registry r) {
        r.add("QuantizeLinear", node -> {
            long axis = node.i("axis", 1);
            boolean signed = node.inputType(2) == ElementType.INT8 || node.outputType(0) == ElementType.INT8;
            return in -> {
                Tensor x = t(in[0]);
                Tensor scale = perAxis(t(in[1]), x, axis, node);
                Tensor zp = in.length > 2 && in[2] != null ? perAxis(t(in[2]), x, axis, node) : null;
                return one(quantize(x.to(DType.FLOAT32).div(scale), zp, signed));
            };
        });
        r.add("DequantizeLinear", node -> {
            long axis = node.i("axis", 1);
            return in -> {
                Tensor x = t(in[0]);
                Tensor v = x.to(DType.FLOAT32);
                if (in.length > 2 && in[2] != null) {
                    v = v.sub(perAxis(t(in[2]), x, axis, node).to(DType.FLOAT32));
                }
                return one(v.mul(perAxis(t(in[1]), x, axis, node)));
            };
        });
        r.add("DynamicQuantizeLinear", node -> in -> {
            Tensor x = t(in[0]).to(DType.FLOAT32);
            double lo = Math.min(0, x.numel() == 0 ? 0 : x.min().item());
            double hi = Math.max(0, x.numel() == 0 ? 0 : x.max().item());
            float scale = (float) ((hi - lo) / 255);
            double zp = scale == 0 ? 0 : Math.max(0, Math.min(255, Math.rint(-lo / scale)));
            Tensor zpt = Tensor.scalar(zp, DType.INT32);
            Tensor y = quantize(scale == 0 ? Tensor.zerosLike(x) : x.div(scale), zpt, false);
            return new Object[] {y, Tensor.scalar(scale), zpt};
        });
        r.add("QLinearMatMul", node -> {
            boolean signed = node.inputType(7) == ElementType.INT8;
            return in -> {
                Tensor a = dequantize(t(in[0]), t(in[1]), t(in[2]));
                Tensor b = dequantize(t(in[3]), t(in[4]), t(in[5]));
                return one(quantize(a.matmul(b).div(t(in[6])), t(in[7]), signed));
            };
        });
        r.add("QLinearConv", node -> {
            Kernel conv = NnOps.conv(node);
            boolean signed = node.inputType(7) == ElementType.INT8;
            return in -> {
                Tensor x = dequantize(t(in[0]), t(in[1]), t(in[2]));
                Tensor w = t(in[3]).to(DType.FLOAT32).sub(NnOps.channel(t(in[5]).to(DType.FLOAT32).reshape(-1),
                        t(in[3]))).mul(NnOps.channel(t(in[4]).reshape(-1), t(in[3])));
                Tensor bias = in.length > 8 && in[8] != null
                        ? t(in[8]).to(DType.FLOAT32).mul(t(in[1]).mul(t(in[4]).reshape(-1))) : null;
                Tensor y = t(conv.run(new Object[] {x, w, bias})[0]);
                return one(quantize(y.div(t(in[6])), t(in[7]), signed));
            };
        });
    }

    /** (x - zero point) · scale, per tensor. */
    private static Tensor dequantize(Tensor x, Tensor scale, Tensor zp) {
        return x.to(DType.FLOAT32).sub(zp.to(DType.FLOAT32)).mul(scale);
    }

    /** round-half-even(v) + zero point, saturated to uint8 or int8, as int32. */
    private static Tensor quantize(Tensor v, Tensor zp, boolean signed) {
        Tensor q = v.round();
        if (zp != null) {
            q = q.add(zp.to(DType.FLOAT32));
        }
        return q.clamp(signed ? -128 : 0, signed ? 127 : 255).to(DType.INT32);
    }

    /** A scale or zero point: a scalar as is, a 1-D one laid along {@code axis} of x. */
    private static Tensor perAxis(Tensor v, Tensor x, long axis, Node node) {
        if (v.dim() == 0 || v.numel() == 1 && v.dim() <= 1) {
            return v.reshape(new int[0]);
        }
        int a = OpSupport.axis(node, axis, x.dim());
        int[] shape = new int[x.dim()];
        Arrays.fill(shape, 1);
        shape[a] = v.numel();
        return v.reshape(shape);
    }
}
