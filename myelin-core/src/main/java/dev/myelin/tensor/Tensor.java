package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.AutogradMeta;
import dev.myelin.autograd.Node;
import dev.myelin.kernels.BinaryOp;
import dev.myelin.kernels.UnaryOp;
import java.util.List;

/**
 * An n-dimensional array of numbers on a device, with define-by-run automatic differentiation:
 * Myelin's {@code torch.Tensor}.
 *
 * <p>A tensor is a view of a {@link Storage}: a shape, strides (in elements) and an offset.
 * View ops (reshape, permute, transpose, expand, narrow, slice, select, squeeze...) share the
 * storage and copy nothing. Every other op computes at once and returns a new tensor. Binary ops
 * broadcast their operands by NumPy's rule and promote dtypes by PyTorch's rules; a Java
 * {@code double} operand acts as a Python float, a {@code long} as a Python int.
 *
 * <p>When an op runs in grad mode (see {@link dev.myelin.autograd.Grad}) and any input requires
 * a gradient, the op is recorded; {@link #backward()} then applies the chain rule back through
 * the recorded graph and accumulates gradients into the leaves' {@link #grad()}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3, 2).requiresGrad(true);
 * Tensor x = Tensor.of(new float[][] {{1, 2, 3}});
 * Tensor loss = x.matmul(w).relu().sum();
 * loss.backward();
 * w.grad();                                       // d(loss)/dw, shape (3, 2)
 * }</pre>
 */
public final class Tensor {
    private final Storage storage;
    private final Shape shape;
    private final int[] strides;
    private final int offset;
    private final boolean wrappedNumber;
    private AutogradMeta meta;

    Tensor(Storage storage, Shape shape, int[] strides, int offset) {
        this(storage, shape, strides, offset, false);
    }

    private Tensor(Storage storage, Shape shape, int[] strides, int offset, boolean wrappedNumber) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.wrappedNumber = wrappedNumber;
    }

    /** A new zero-filled contiguous tensor. */
    static Tensor empty(Shape shape, DType dtype) {
        return new Tensor(Storage.allocate(dtype, shape.numel()), shape, shape.contiguousStrides(), 0);
    }

    /**
     * A new contiguous tensor whose elements are undefined, for an op that writes every one of
     * them: float32 ones may reuse a released buffer of an open {@link BufferPool}.
     */
    static Tensor uninitialized(Shape shape, DType dtype) {
        Storage storage = dtype == DType.FLOAT32 ? BufferPool.uninitializedFloats(shape.numel())
                : Storage.allocate(dtype, shape.numel());
        return new Tensor(storage, shape, shape.contiguousStrides(), 0);
    }

    /** A Java number as a 0-dim tensor that takes the weakest part in type promotion. */
    static Tensor wrap(double value) {
        Storage s = Storage.allocate(DType.FLOAT64, 1);
        s.doubles()[0] = value;
        return new Tensor(s, Shape.scalar(), new int[0], 0, true);
    }

    /** A Java integer as a 0-dim tensor that takes the weakest part in type promotion. */
    static Tensor wrap(long value) {
        Storage s = Storage.allocate(DType.INT64, 1);
        s.longs()[0] = value;
        return new Tensor(s, Shape.scalar(), new int[0], 0, true);
    }

    /** A view of this tensor's storage with other sizes, strides and offset (no checks). */
    Tensor asStrided(Shape shape, int[] strides, int offset) {
        return new Tensor(storage, shape, strides, offset);
    }

    boolean isWrappedNumber() {
        return wrappedNumber;
    }

    int[] stridesRef() {
        return strides;
    }

    Object array() {
        return storage.array();
    }

    // ---------------------------------------------------------------- creation

    /** Zeros of the given shape, float32. */
    public static Tensor zeros(int... shape) {
        return empty(Shape.of(shape), DType.FLOAT32);
    }

    /** Zeros of the given shape and dtype. */
    public static Tensor zeros(Shape shape, DType dtype) {
        return empty(shape, dtype);
    }

    /** Ones of the given shape, float32. */
    public static Tensor ones(int... shape) {
        return Creation.full(Shape.of(shape), 1, DType.FLOAT32);
    }

    /** Ones of the given shape and dtype. */
    public static Tensor ones(Shape shape, DType dtype) {
        return Creation.full(shape, 1, dtype);
    }

    /** A tensor of the given shape and dtype filled with {@code value}. */
    public static Tensor full(Shape shape, double value, DType dtype) {
        return Creation.full(shape, value, dtype);
    }

    /** A 0-dim float32 tensor holding {@code value}. */
    public static Tensor scalar(double value) {
        return Creation.full(Shape.scalar(), value, DType.FLOAT32);
    }

    /** A 0-dim tensor of the given dtype holding {@code value}. */
    public static Tensor scalar(double value, DType dtype) {
        return Creation.full(Shape.scalar(), value, dtype);
    }

    /** Zeros with the shape and dtype of {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return empty(t.shape, t.dtype());
    }

    /** Ones with the shape and dtype of {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return Creation.full(t.shape, 1, t.dtype());
    }

    /** {@code value} everywhere, with the shape and dtype of {@code t}. */
    public static Tensor fullLike(Tensor t, double value) {
        return Creation.full(t.shape, value, t.dtype());
    }

    /** 0, 1, ..., end - 1 as int64. */
    public static Tensor arange(long end) {
        return Creation.arange(0, end, 1);
    }

    /** start, start + step, ... below end (above, for a negative step) as int64. */
    public static Tensor arange(long start, long end, long step) {
        return Creation.arange(start, end, step);
    }

    /** start, start + step, ... below end (above, for a negative step) as float32. */
    public static Tensor arange(double start, double end, double step) {
        return Creation.arange(start, end, step);
    }

    /** {@code steps} evenly spaced float32 values from start to end inclusive. */
    public static Tensor linspace(double start, double end, int steps) {
        return Creation.linspace(start, end, steps);
    }

    /** The n x n identity matrix, float32. */
    public static Tensor eye(int n) {
        return Creation.eye(n, n);
    }

    /** The n x m matrix with ones on the diagonal, float32. */
    public static Tensor eye(int n, int m) {
        return Creation.eye(n, m);
    }

    /** A float32 tensor holding a copy of {@code data}, laid out row-major in {@code shape}. */
    public static Tensor fromArray(float[] data, int... shape) {
        return Creation.fromArray(DType.FLOAT32, data.clone(), data.length, shape);
    }

    /** A float64 tensor holding a copy of {@code data}, laid out row-major in {@code shape}. */
    public static Tensor fromArray(double[] data, int... shape) {
        return Creation.fromArray(DType.FLOAT64, data.clone(), data.length, shape);
    }

    /** An int32 tensor holding a copy of {@code data}, laid out row-major in {@code shape}. */
    public static Tensor fromArray(int[] data, int... shape) {
        return Creation.fromArray(DType.INT32, data.clone(), data.length, shape);
    }

    /** An int64 tensor holding a copy of {@code data}, laid out row-major in {@code shape}. */
    public static Tensor fromArray(long[] data, int... shape) {
        return Creation.fromArray(DType.INT64, data.clone(), data.length, shape);
    }

    /** A bool tensor holding a copy of {@code data}, laid out row-major in {@code shape}. */
    public static Tensor fromArray(boolean[] data, int... shape) {
        return Creation.fromArray(DType.BOOL, data.clone(), data.length, shape);
    }

    /** A 1-D float32 tensor of the given values. */
    public static Tensor of(float... values) {
        return fromArray(values, values.length);
    }

    /** A 2-D float32 tensor of the given rows (all of one length). */
    public static Tensor of(float[][] rows) {
        return Creation.of(rows);
    }

    /** A 1-D int64 tensor of the given values. */
    public static Tensor of(long... values) {
        return fromArray(values, values.length);
    }

    /** Uniform random float32 numbers in [0, 1) from the default generator. */
    public static Tensor rand(int... shape) {
        return Random.uniform(Shape.of(shape), 0, 1, DType.FLOAT32, Generator.defaultGenerator());
    }

    /** Uniform random numbers in [0, 1) from {@code generator}. */
    public static Tensor rand(Shape shape, DType dtype, Generator generator) {
        return Random.uniform(shape, 0, 1, dtype, generator);
    }

    /** Uniform random numbers in [low, high) from {@code generator}: {@code torch.empty(shape).uniform_(low, high)}. */
    public static Tensor uniform(double low, double high, Shape shape, DType dtype, Generator generator) {
        return Random.uniform(shape, low, high, dtype, generator);
    }

    /** Standard normal float32 numbers from the default generator. */
    public static Tensor randn(int... shape) {
        return Random.normal(Shape.of(shape), 0, 1, DType.FLOAT32, Generator.defaultGenerator());
    }

    /** Standard normal numbers from {@code generator}. */
    public static Tensor randn(Shape shape, DType dtype, Generator generator) {
        return Random.normal(shape, 0, 1, dtype, generator);
    }

    /** Normal numbers of the given mean and standard deviation from {@code generator}. */
    public static Tensor normal(double mean, double std, Shape shape, DType dtype, Generator generator) {
        return Random.normal(shape, mean, std, dtype, generator);
    }

    /** Uniform random int64 integers in [low, high) from {@code generator}. */
    public static Tensor randint(long low, long high, Shape shape, Generator generator) {
        return Random.randint(low, high, shape, generator);
    }

    /** A random permutation of 0..n-1 as int64: {@code torch.randperm(n, generator=generator)}. */
    public static Tensor randperm(int n, Generator generator) {
        return Random.randperm(n, generator);
    }

    /**
     * 1 with probability p, else 0, in {@code dtype}: {@code torch.empty(shape).bernoulli_(p)},
     * the mask of dropout.
     */
    public static Tensor bernoulli(Shape shape, double p, DType dtype, Generator generator) {
        return Random.bernoulli(shape, p, dtype, generator);
    }

    /** Draws 1 with probability p (this tensor's values), else 0, in this tensor's dtype. */
    public Tensor bernoulli(Generator generator) {
        return Random.bernoulli(this, generator);
    }

    /** A tensor of {@code t}'s shape and dtype, uniform in [0, 1). */
    public static Tensor randLike(Tensor t, Generator generator) {
        return Random.uniform(t.shape, 0, 1, t.dtype(), generator);
    }

    /** A tensor of {@code t}'s shape and dtype, standard normal. */
    public static Tensor randnLike(Tensor t, Generator generator) {
        return Random.normal(t.shape, 0, 1, t.dtype(), generator);
    }

    // ---------------------------------------------------------------- properties

    /** The sizes of the dimensions. */
    public Shape shape() {
        return shape;
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape.size(dim);
    }

    /** The number of dimensions. */
    public int dim() {
        return shape.rank();
    }

    /** The number of elements. */
    public int numel() {
        return shape.numel();
    }

    /** The element type. */
    public DType dtype() {
        return storage.dtype();
    }

    /** The device the data lives on. */
    public Device device() {
        return Device.CPU;
    }

    /** The step in elements between neighbours along each dimension (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** Where the first element sits in the storage. */
    public int storageOffset() {
        return offset;
    }

    /** The array this tensor views, shared with its views. */
    public Storage storage() {
        return storage;
    }

    /** Whether the elements lie in row-major order without gaps from the offset on. */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.rank() - 1; d >= 0; d--) {
            int size = shape.size(d);
            if (size != 1 && strides[d] != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }

    // ---------------------------------------------------------------- conversion

    /** This tensor converted to {@code dtype} (itself if it already has it); differentiable between float types. */
    public Tensor to(DType dtype) {
        return Conversion.to(this, dtype);
    }

    /** This tensor on {@code device} (only the CPU exists today). */
    public Tensor to(Device device) {
        if (!device.equals(Device.CPU)) {
            throw new UnsupportedOperationException("to: no backend for device " + device + " is installed");
        }
        return this;
    }

    /** This tensor if contiguous, else a contiguous copy; differentiable. */
    public Tensor contiguous() {
        return isContiguous() ? this : Conversion.copy("contiguous", this);
    }

    /** A contiguous copy that owns its storage; differentiable. */
    public Tensor clone() {
        return Conversion.copy("clone", this);
    }

    /** The same data, cut off from the graph: a leaf that does not require grad. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset);
    }

    /** The elements in row-major order as floats (converted if needed). */
    public float[] toFloatArray() {
        return (float[]) Conversion.toArray(this, DType.FLOAT32);
    }

    /** The elements in row-major order as doubles (converted if needed). */
    public double[] toDoubleArray() {
        return (double[]) Conversion.toArray(this, DType.FLOAT64);
    }

    /** The elements in row-major order as ints (converted if needed). */
    public int[] toIntArray() {
        return (int[]) Conversion.toArray(this, DType.INT32);
    }

    /** The elements in row-major order as longs (converted if needed). */
    public long[] toLongArray() {
        return (long[]) Conversion.toArray(this, DType.INT64);
    }

    /** The elements in row-major order as booleans (non-zero is true). */
    public boolean[] toBooleanArray() {
        return (boolean[]) Conversion.toArray(this, DType.BOOL);
    }

    /** The value of a one-element tensor as a double. */
    public double item() {
        return Conversion.item(this);
    }

    /** The value of a one-element tensor as a long. */
    public long itemLong() {
        return Conversion.itemLong(this);
    }

    /** The element at {@code index} (one index per dimension) as a double. */
    public double get(int... index) {
        return Conversion.get(this, index);
    }

    // ---------------------------------------------------------------- autograd

    /** This tensor's autograd state (created on first use). */
    public AutogradMeta autogradMeta() {
        if (meta == null) {
            meta = new AutogradMeta();
        }
        return meta;
    }

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return meta != null && meta.requiresGrad();
    }

    /** Marks this leaf as requiring gradients (or not); returns this tensor. */
    public Tensor requiresGrad(boolean requiresGrad) {
        Autograd.setRequiresGrad(this, requiresGrad);
        return this;
    }

    /** The gradient accumulated by backward passes, or {@code null}. */
    public Tensor grad() {
        return meta == null ? null : meta.grad();
    }

    /** Replaces (or, with {@code null}, clears) the accumulated gradient. */
    public void setGrad(Tensor grad) {
        Autograd.setGrad(this, grad);
    }

    /** The graph node that computed this tensor, or {@code null} for a leaf. */
    public Node gradFn() {
        return meta == null ? null : meta.gradFn();
    }

    /** Whether this tensor was not computed by a recorded op (a parameter, an input, a constant). */
    public boolean isLeaf() {
        return gradFn() == null;
    }

    /** Keeps this non-leaf's gradient in {@link #grad()} after backward. */
    public Tensor retainGrad() {
        Autograd.retainGrad(this);
        return this;
    }

    /** Backpropagates from this scalar: accumulates d(this)/d(leaf) into every leaf's grad. */
    public void backward() {
        Autograd.backward(this, null, false, false);
    }

    /** Backpropagates {@code gradient} (d(loss)/d(this), of this tensor's shape). */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false, false);
    }

    /**
     * Backpropagates {@code gradient} ({@code null} for 1 on a scalar).
     *
     * @param retainGraph keep the graph for another backward pass
     * @param createGraph record the backward pass too, for higher-order gradients
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph, createGraph);
    }

    // ---------------------------------------------------------------- elementwise, one operand

    /** -x. */
    public Tensor neg() {
        return MathOps.unary(UnaryOp.NEG, this);
    }

    /** |x|. */
    public Tensor abs() {
        return MathOps.unary(UnaryOp.ABS, this);
    }

    /** -1, 0 or 1 by the sign of x (gradient 0). */
    public Tensor sign() {
        return MathOps.unary(UnaryOp.SIGN, this);
    }

    /** x². */
    public Tensor square() {
        return MathOps.unary(UnaryOp.SQUARE, this);
    }

    /** e^x. */
    public Tensor exp() {
        return MathOps.unary(UnaryOp.EXP, this);
    }

    /** The natural logarithm. */
    public Tensor log() {
        return MathOps.unary(UnaryOp.LOG, this);
    }

    /** log(1 + x), accurate for small x. */
    public Tensor log1p() {
        return MathOps.unary(UnaryOp.LOG1P, this);
    }

    /** e^x - 1, accurate for small x. */
    public Tensor expm1() {
        return MathOps.unary(UnaryOp.EXPM1, this);
    }

    /** The square root. */
    public Tensor sqrt() {
        return MathOps.unary(UnaryOp.SQRT, this);
    }

    /** 1 / sqrt(x). */
    public Tensor rsqrt() {
        return MathOps.unary(UnaryOp.RSQRT, this);
    }

    /** 1 / x. */
    public Tensor reciprocal() {
        return MathOps.unary(UnaryOp.RECIPROCAL, this);
    }

    /** The sine (radians). */
    public Tensor sin() {
        return MathOps.unary(UnaryOp.SIN, this);
    }

    /** The cosine (radians). */
    public Tensor cos() {
        return MathOps.unary(UnaryOp.COS, this);
    }

    /** The hyperbolic tangent. */
    public Tensor tanh() {
        return MathOps.unary(UnaryOp.TANH, this);
    }

    /** The logistic function 1 / (1 + e^-x). */
    public Tensor sigmoid() {
        return MathOps.unary(UnaryOp.SIGMOID, this);
    }

    /** The error function. */
    public Tensor erf() {
        return MathOps.unary(UnaryOp.ERF, this);
    }

    /** max(x, 0). */
    public Tensor relu() {
        return MathOps.unary(UnaryOp.RELU, this);
    }

    /** The exact GELU, x·Φ(x) with Φ the standard normal CDF. */
    public Tensor gelu() {
        return MathOps.unary(UnaryOp.GELU, this);
    }

    /** GELU's tanh approximation (PyTorch's {@code approximate='tanh'}). */
    public Tensor geluTanh() {
        return MathOps.unary(UnaryOp.GELU_TANH, this);
    }

    /** SiLU (swish): x·sigmoid(x). */
    public Tensor silu() {
        return MathOps.unary(UnaryOp.SILU, this);
    }

    /** log(1 + e^x), with PyTorch's defaults beta = 1, threshold = 20. */
    public Tensor softplus() {
        return softplus(1, 20);
    }

    /** log(1 + e^(beta·x)) / beta, and x itself where beta·x exceeds {@code threshold}. */
    public Tensor softplus(double beta, double threshold) {
        return MathOps.unary(UnaryOp.SOFTPLUS, beta, threshold, this);
    }

    /** The largest integer not above x (gradient 0). */
    public Tensor floor() {
        return MathOps.unary(UnaryOp.FLOOR, this);
    }

    /** The smallest integer not below x (gradient 0). */
    public Tensor ceil() {
        return MathOps.unary(UnaryOp.CEIL, this);
    }

    /** The nearest integer, halves to even (gradient 0). */
    public Tensor round() {
        return MathOps.unary(UnaryOp.ROUND, this);
    }

    /** x limited to [min, max]; pass an infinity for a one-sided bound. */
    public Tensor clamp(double min, double max) {
        return MathOps.unary(UnaryOp.CLAMP, min, max, this);
    }

    /** x^exponent for a constant exponent. */
    public Tensor pow(double exponent) {
        return MathOps.unary(UnaryOp.POW_SCALAR, exponent, 0, this);
    }

    // ---------------------------------------------------------------- elementwise, two operands

    /** x + other, broadcast. */
    public Tensor add(Tensor other) {
        return MathOps.binary(BinaryOp.ADD, this, other);
    }

    /** x + alpha·other, broadcast (PyTorch's {@code add(other, alpha=...)}). */
    public Tensor add(Tensor other, double alpha) {
        return MathOps.binary(BinaryOp.ADD, this, alpha == 1 ? other : other.mul(alpha));
    }

    /** x + a Python-float-like scalar. */
    public Tensor add(double other) {
        return MathOps.binary(BinaryOp.ADD, this, wrap(other));
    }

    /** x + a Python-int-like scalar (keeps integer dtypes). */
    public Tensor add(long other) {
        return MathOps.binary(BinaryOp.ADD, this, wrap(other));
    }

    /** x - other, broadcast. */
    public Tensor sub(Tensor other) {
        return MathOps.binary(BinaryOp.SUB, this, other);
    }

    /** x - a scalar. */
    public Tensor sub(double other) {
        return MathOps.binary(BinaryOp.SUB, this, wrap(other));
    }

    /** x - an integer scalar (keeps integer dtypes). */
    public Tensor sub(long other) {
        return MathOps.binary(BinaryOp.SUB, this, wrap(other));
    }

    /** x · other, broadcast. */
    public Tensor mul(Tensor other) {
        return MathOps.binary(BinaryOp.MUL, this, other);
    }

    /** x · a scalar. */
    public Tensor mul(double other) {
        return MathOps.binary(BinaryOp.MUL, this, wrap(other));
    }

    /** x · an integer scalar (keeps integer dtypes). */
    public Tensor mul(long other) {
        return MathOps.binary(BinaryOp.MUL, this, wrap(other));
    }

    /** x / other, broadcast: true division, so integers give float32. */
    public Tensor div(Tensor other) {
        return MathOps.binary(BinaryOp.DIV, this, other);
    }

    /** x / a scalar: true division. */
    public Tensor div(double other) {
        return MathOps.binary(BinaryOp.DIV, this, wrap(other));
    }

    /** x^other elementwise, broadcast. */
    public Tensor pow(Tensor exponent) {
        return MathOps.binary(BinaryOp.POW, this, exponent);
    }

    /** The larger of x and other elementwise (NaN wins), broadcast. */
    public Tensor maximum(Tensor other) {
        return MathOps.binary(BinaryOp.MAXIMUM, this, other);
    }

    /** The smaller of x and other elementwise (NaN wins), broadcast. */
    public Tensor minimum(Tensor other) {
        return MathOps.binary(BinaryOp.MINIMUM, this, other);
    }

    /** x == other, as bool. */
    public Tensor eq(Tensor other) {
        return MathOps.predicate(BinaryOp.EQ, this, other);
    }

    /** x == a scalar, as bool. */
    public Tensor eq(double other) {
        return MathOps.predicate(BinaryOp.EQ, this, wrap(other));
    }

    /** x != other, as bool. */
    public Tensor ne(Tensor other) {
        return MathOps.predicate(BinaryOp.NE, this, other);
    }

    /** x != a scalar, as bool. */
    public Tensor ne(double other) {
        return MathOps.predicate(BinaryOp.NE, this, wrap(other));
    }

    /** x &lt; other, as bool. */
    public Tensor lt(Tensor other) {
        return MathOps.predicate(BinaryOp.LT, this, other);
    }

    /** x &lt; a scalar, as bool. */
    public Tensor lt(double other) {
        return MathOps.predicate(BinaryOp.LT, this, wrap(other));
    }

    /** x &lt;= other, as bool. */
    public Tensor le(Tensor other) {
        return MathOps.predicate(BinaryOp.LE, this, other);
    }

    /** x &lt;= a scalar, as bool. */
    public Tensor le(double other) {
        return MathOps.predicate(BinaryOp.LE, this, wrap(other));
    }

    /** x &gt; other, as bool. */
    public Tensor gt(Tensor other) {
        return MathOps.predicate(BinaryOp.GT, this, other);
    }

    /** x &gt; a scalar, as bool. */
    public Tensor gt(double other) {
        return MathOps.predicate(BinaryOp.GT, this, wrap(other));
    }

    /** x &gt;= other, as bool. */
    public Tensor ge(Tensor other) {
        return MathOps.predicate(BinaryOp.GE, this, other);
    }

    /** x &gt;= a scalar, as bool. */
    public Tensor ge(double other) {
        return MathOps.predicate(BinaryOp.GE, this, wrap(other));
    }

    /** x AND other (non-zero is true), as bool. */
    public Tensor logicalAnd(Tensor other) {
        return MathOps.predicate(BinaryOp.LOGICAL_AND, this, other);
    }

    /** x OR other (non-zero is true), as bool. */
    public Tensor logicalOr(Tensor other) {
        return MathOps.predicate(BinaryOp.LOGICAL_OR, this, other);
    }

    /** x XOR other (non-zero is true), as bool. */
    public Tensor logicalXor(Tensor other) {
        return MathOps.predicate(BinaryOp.LOGICAL_XOR, this, other);
    }

    /** NOT x (zero is false), as bool. */
    public Tensor logicalNot() {
        return MathOps.predicate(BinaryOp.EQ, this, wrap(0L));
    }

    /** {@code condition ? a : b} elementwise, all three broadcast together. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return MathOps.where(condition, a, b);
    }

    /** This tensor with {@code value} wherever {@code mask} (bool, broadcast to this shape) is true. */
    public Tensor maskedFill(Tensor mask, double value) {
        return MathOps.maskedFill(this, mask, value);
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements, as a 0-dim tensor. */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /** The sum over dimension {@code dim}, which is removed. */
    public Tensor sum(int dim) {
        return Reductions.sum(this, new int[] {dim}, false);
    }

    /** The sum over {@code dims}; {@code keepdim} keeps them with size 1. */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims, keepdim);
    }

    /** The sum over one dimension; {@code keepdim} keeps it with size 1. */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    /** This tensor summed down to {@code shape}, which must broadcast to this tensor's shape. */
    public Tensor sumTo(Shape shape) {
        return Reductions.sumTo(this, shape);
    }

    /** The mean of all elements. */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /** The mean over dimension {@code dim}, which is removed. */
    public Tensor mean(int dim) {
        return Reductions.mean(this, new int[] {dim}, false);
    }

    /** The mean over one dimension; {@code keepdim} keeps it with size 1. */
    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    /** The mean over {@code dims}; {@code keepdim} keeps them with size 1. */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    /** The product of all elements. */
    public Tensor prod() {
        return Reductions.prod(this, null, false);
    }

    /** The product over one dimension; {@code keepdim} keeps it with size 1. */
    public Tensor prod(int dim, boolean keepdim) {
        return Reductions.prod(this, new int[] {dim}, keepdim);
    }

    /** The largest element. */
    public Tensor max() {
        return Reductions.amax(this, null, false, true);
    }

    /** The largest values along {@code dim} and where they are. */
    public ValuesIndices max(int dim, boolean keepdim) {
        return Reductions.maxWithIndices(this, dim, keepdim, true);
    }

    /** The largest values over {@code dims}; ties share the gradient evenly. */
    public Tensor amax(int[] dims, boolean keepdim) {
        return Reductions.amax(this, dims, keepdim, true);
    }

    /** The smallest element. */
    public Tensor min() {
        return Reductions.amax(this, null, false, false);
    }

    /** The smallest values along {@code dim} and where they are. */
    public ValuesIndices min(int dim, boolean keepdim) {
        return Reductions.maxWithIndices(this, dim, keepdim, false);
    }

    /** The smallest values over {@code dims}; ties share the gradient evenly. */
    public Tensor amin(int[] dims, boolean keepdim) {
        return Reductions.amax(this, dims, keepdim, false);
    }

    /** The flat index of the largest element, as an int64 scalar. */
    public Tensor argmax() {
        return Reductions.argmax(this.reshape(-1), 0, false, true);
    }

    /** The index of the largest value along {@code dim}, as int64. */
    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.argmax(this, dim, keepdim, true);
    }

    /** The flat index of the smallest element, as an int64 scalar. */
    public Tensor argmin() {
        return Reductions.argmax(this.reshape(-1), 0, false, false);
    }

    /** The index of the smallest value along {@code dim}, as int64. */
    public Tensor argmin(int dim, boolean keepdim) {
        return Reductions.argmax(this, dim, keepdim, false);
    }

    /** The variance of all elements with Bessel's correction (divides by N - 1). */
    public Tensor var() {
        return Reductions.var(this, null, 1, false);
    }

    /** The variance over {@code dims}, dividing by N - correction. */
    public Tensor var(int[] dims, double correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim);
    }

    /** The standard deviation of all elements with Bessel's correction. */
    public Tensor std() {
        return Reductions.var(this, null, 1, false).sqrt();
    }

    /** The standard deviation over {@code dims}, dividing by N - correction. */
    public Tensor std(int[] dims, double correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim).sqrt();
    }

    /** log(sum(exp(x))) over {@code dims}, computed without overflow. */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Reductions.logsumexp(this, dims, keepdim);
    }

    /** log(sum(exp(x))) over one dimension, which is removed. */
    public Tensor logsumexp(int dim) {
        return Reductions.logsumexp(this, new int[] {dim}, false);
    }

    /** The Euclidean (2-) norm of all elements. */
    public Tensor norm() {
        return Reductions.norm(this, 2, null, false);
    }

    /** The p-norm over {@code dims} ({@code dims} null for all; p may be infinite). */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return Reductions.norm(this, p, dims, keepdim);
    }

    /** Softmax along {@code dim}: exp(x) / sum(exp(x)), computed stably. */
    public Tensor softmax(int dim) {
        return Reductions.softmax(this, dim, false);
    }

    /** log(softmax(x)) along {@code dim}, computed stably. */
    public Tensor logSoftmax(int dim) {
        return Reductions.softmax(this, dim, true);
    }

    /** The result of a reduction that reports where its values came from (max and min). */
    public record ValuesIndices(Tensor values, Tensor indices) {}

    // ---------------------------------------------------------------- shape and views

    /** The same elements in another shape; a view when the strides allow, else a copy. One size may be -1. */
    public Tensor reshape(int... shape) {
        return Views.reshape(this, shape, false);
    }

    /** The same elements in another shape, always a view; fails when the strides do not allow it. */
    public Tensor view(int... shape) {
        return Views.reshape(this, shape, true);
    }

    /** A view with the dimensions reordered: dimension i of the result is {@code dims[i]} of this. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** A view with two dimensions swapped. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** The transpose of a matrix (a view); vectors and scalars are returned as they are. */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor of at most 2 dimensions, got shape " + shape
                    + "; use transpose(dim0, dim1) or mT()");
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** A view with the last two dimensions swapped (batched matrix transpose). */
    public Tensor mT() {
        return transpose(-2, -1);
    }

    /** A view repeating size-1 dimensions to {@code shape} without copying; -1 keeps a size. */
    public Tensor expand(int... shape) {
        return Views.expand(this, shape);
    }

    /** A view of this tensor broadcast to {@code other}'s shape. */
    public Tensor expandAs(Tensor other) {
        return Views.expand(this, other.shape.toArray());
    }

    /** A view of {@code length} elements of {@code dim} from {@code start}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.slice(this, dim, start, start + length, 1, "narrow");
    }

    /** A view of elements start, start + step, ... below end along {@code dim}, like Python's {@code x[start:end:step]}. */
    public Tensor slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step, "slice");
    }

    /** A view of index {@code index} along {@code dim}, which is removed (negative counts from the end). */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** A view without the size-1 dimensions. */
    public Tensor squeeze() {
        return Views.squeeze(this, null);
    }

    /** A view without dimension {@code dim} if its size is 1 (else this tensor). */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** A view with a new size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** All dimensions merged into one. */
    public Tensor flatten() {
        return Views.flatten(this, 0, -1);
    }

    /** Dimensions {@code startDim} to the last merged into one. */
    public Tensor flatten(int startDim) {
        return Views.flatten(this, startDim, -1);
    }

    /** Dimensions {@code startDim} to {@code endDim} (inclusive) merged into one. */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /**
     * This tensor surrounded by {@code value}: {@code pads} gives (before, after) for the last
     * dimension, then the one before it, and so on, as PyTorch's {@code F.pad}.
     */
    public Tensor pad(int[] pads, double value) {
        return Views.pad(this, pads, value);
    }

    /** Dimension {@code dim} split into {@code sizes} (one may be -1). */
    public Tensor unflatten(int dim, int... sizes) {
        return Views.unflatten(this, dim, sizes);
    }

    // ---------------------------------------------------------------- joining and indexing

    /** The tensors joined along an existing dimension. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Indexing.cat(tensors, dim);
    }

    /** The tensors (all of one shape) joined along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Indexing.stack(tensors, dim);
    }

    /** Views of consecutive pieces of {@code splitSize} along {@code dim} (the last may be smaller). */
    public List<Tensor> split(int splitSize, int dim) {
        return Indexing.split(this, splitSize, dim);
    }

    /** Views of consecutive pieces with the given sizes along {@code dim}. */
    public List<Tensor> split(int[] sizes, int dim) {
        return Indexing.split(this, sizes, dim);
    }

    /** Views of each index along {@code dim}, which is removed: PyTorch's {@code unbind}. */
    public List<Tensor> unbind(int dim) {
        return Indexing.unbind(this, dim);
    }

    /** At most {@code chunks} views of equal size (the last may be smaller) along {@code dim}. */
    public List<Tensor> chunk(int chunks, int dim) {
        return Indexing.chunk(this, chunks, dim);
    }

    /** The entries at {@code index} (1-D, integer) along {@code dim}. */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /** This tensor plus {@code source} added at positions {@code index} along {@code dim}. */
    public Tensor indexAdd(int dim, Tensor index, Tensor source) {
        return Indexing.indexAdd(this, dim, index, source);
    }

    /** out[i][j] = x[i][index[i][j]] for dim = 1, and likewise for any dim; the result has index's shape. */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** A copy of this tensor with out[i][index[i][j]] = src[i][j] (dim = 1; likewise for any dim). */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src, false);
    }

    /** A copy of this tensor with {@code value} written at the positions {@code index} names along {@code dim}. */
    public Tensor scatter(int dim, Tensor index, double value) {
        return Indexing.scatter(this, dim, index, fullLike(index, value).to(dtype()), false);
    }

    /** A copy of this tensor with out[i][index[i][j]] += src[i][j] (dim = 1; likewise for any dim). */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src, true);
    }

    /** Integer class indices as one-hot int64 vectors: a new last dimension of {@code numClasses}. */
    public Tensor oneHot(int numClasses) {
        return Indexing.oneHot(this, numClasses);
    }

    /** Rows of {@code weight} (num_embeddings, dim) picked by integer {@code indices} of any shape. */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return Indexing.embedding(indices, weight);
    }

    // ---------------------------------------------------------------- linear algebra

    /** The matrix product with PyTorch's rules: dot, matrix-vector, matrix and batched (broadcast) products. */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** x · weightᵀ + bias, with weight (out, in) and bias (out) or {@code null}: a dense layer's op. */
    public Tensor linear(Tensor weight, Tensor bias) {
        return LinearAlgebra.linear(this, weight, bias);
    }

    // ---------------------------------------------------------------- in place (optimizers, fills)

    /** Sets every element to {@code value}; returns this tensor. */
    public Tensor fillInPlace(double value) {
        return InPlace.fill(this, value);
    }

    /** Sets every element to 0; returns this tensor. */
    public Tensor zeroInPlace() {
        return InPlace.fill(this, 0);
    }

    /** Copies {@code src} (broadcast, converted) into this tensor; returns this tensor. */
    public Tensor copyInPlace(Tensor src) {
        return InPlace.copy(this, src);
    }

    /** this += other (broadcast); returns this tensor. */
    public Tensor addInPlace(Tensor other) {
        return InPlace.apply(BinaryOp.ADD, this, other, "addInPlace");
    }

    /** this += alpha · other (broadcast); returns this tensor. */
    public Tensor addInPlace(Tensor other, double alpha) {
        return InPlace.apply(BinaryOp.ADD, this, alpha == 1 ? other : MathOps.scaled(other, alpha), "addInPlace");
    }

    /** this -= other (broadcast); returns this tensor. */
    public Tensor subInPlace(Tensor other) {
        return InPlace.apply(BinaryOp.SUB, this, other, "subInPlace");
    }

    /** this *= other (broadcast); returns this tensor. */
    public Tensor mulInPlace(Tensor other) {
        return InPlace.apply(BinaryOp.MUL, this, other, "mulInPlace");
    }

    /** this *= value; returns this tensor. */
    public Tensor mulInPlace(double value) {
        return InPlace.apply(BinaryOp.MUL, this, wrap(value), "mulInPlace");
    }

    // ---------------------------------------------------------------- comparison and printing

    /** Whether the shapes match and |this - other| &lt;= atol + rtol·|other| everywhere (NaNs never match). */
    public boolean allClose(Tensor other, double rtol, double atol) {
        return Conversion.allClose(this, other, rtol, atol);
    }

    /** The values, summarised for large tensors as PyTorch does, with the shape and dtype. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
