package dev.myelin.onnx;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;

/**
 * ONNX element types ({@code TensorProto.DataType}) and the Myelin dtype each is held in: the
 * half precisions widen to float32, the small integers to int32, uint32 and uint64 to int64.
 * {@link #narrow} gives a Myelin tensor the values the ONNX type would hold (rounding to half
 * precision, wrapping small integers), as ONNX's Cast requires.
 */
enum ElementType {
    UNDEFINED(0, null, 0),
    FLOAT(1, DType.FLOAT32, 4),
    UINT8(2, DType.INT32, 1),
    INT8(3, DType.INT32, 1),
    UINT16(4, DType.INT32, 2),
    INT16(5, DType.INT32, 2),
    INT32(6, DType.INT32, 4),
    INT64(7, DType.INT64, 8),
    STRING(8, null, 0),
    BOOL(9, DType.BOOL, 1),
    FLOAT16(10, DType.FLOAT32, 2),
    DOUBLE(11, DType.FLOAT64, 8),
    UINT32(12, DType.INT64, 4),
    UINT64(13, DType.INT64, 8),
    COMPLEX64(14, null, 8),
    COMPLEX128(15, null, 16),
    BFLOAT16(16, DType.FLOAT32, 2);

    private static final ElementType[] BY_CODE = new ElementType[17];

    static {
        for (ElementType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    final int code;
    final DType dtype;
    /** Bytes per element in raw_data and external files. */
    final int bytes;

    ElementType(int code, DType dtype, int bytes) {
        this.code = code;
        this.dtype = dtype;
        this.bytes = bytes;
    }

    /** The type with this {@code TensorProto.DataType} code. */
    static ElementType of(int code) {
        ElementType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (t == null) {
            throw new IllegalArgumentException("unknown ONNX element type " + code
                    + " (float8, int4 and newer types are not supported)");
        }
        return t;
    }

    /** The ONNX type a Myelin dtype is written as. */
    static ElementType of(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> FLOAT;
            case FLOAT64 -> DOUBLE;
            case INT32 -> INT32;
            case INT64 -> INT64;
            case BOOL -> BOOL;
        };
    }

    /** Whether Myelin can hold values of this type. */
    boolean supported() {
        return dtype != null;
    }

    /** The Myelin dtype, or an exception naming the type when Myelin has none for it. */
    DType requireDType(String what) {
        if (dtype == null) {
            throw new UnsupportedOperationException(what + ": ONNX element type " + this + " is not supported");
        }
        return dtype;
    }

    /**
     * {@code t} converted to this type's dtype, with the values this type can represent: float16
     * and bfloat16 rounded to their precision, small integers wrapped to their range.
     */
    Tensor narrow(Tensor t) {
        Tensor x = t.to(requireDType("Cast"));
        return switch (this) {
            case FLOAT16 -> mapFloats(x, v -> Float.float16ToFloat(Float.floatToFloat16(v)));
            case BFLOAT16 -> mapFloats(x, ElementType::roundToBfloat16);
            case UINT8 -> mapInts(x, v -> v & 0xFF);
            case INT8 -> mapInts(x, v -> (byte) v);
            case UINT16 -> mapInts(x, v -> v & 0xFFFF);
            case INT16 -> mapInts(x, v -> (short) v);
            default -> x;
        };
    }

    /** The float nearest to {@code v} with bfloat16's 8-bit mantissa (ties to even). */
    static float roundToBfloat16(float v) {
        if (Float.isNaN(v)) {
            return v;
        }
        int bits = Float.floatToRawIntBits(v);
        bits += 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(bits & 0xFFFF0000);
    }

    private interface FloatMap {
        float apply(float v);
    }

    private interface IntMap {
        int apply(int v);
    }

    private static Tensor mapFloats(Tensor x, FloatMap f) {
        float[] a = x.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = f.apply(a[i]);
        }
        return Tensor.fromArray(a, x.shape().toArray());
    }

    private static Tensor mapInts(Tensor x, IntMap f) {
        int[] a = x.toIntArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = f.apply(a[i]);
        }
        return Tensor.fromArray(a, x.shape().toArray());
    }
}
