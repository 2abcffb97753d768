package dev.myelin.onnx;

/**
 * A failure while running an imported ONNX graph: the message names the node (operator and
 * node name) and what went wrong, e.g. {@code Reshape 'r1': cannot reshape (2, 3) into (4, -1)};
 * the cause is the underlying exception.
 */
public final class OnnxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with an explanation and its cause. */
    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
