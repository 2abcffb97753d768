package dev.myelin.data;

/**
 * A batch could not be made: the dataset, the collate function or a transform threw while
 * preparing it (on a worker thread or on the caller's). The message names the batch and the
 * epoch; the cause is the original exception.
 */
public final class DataLoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with the given explanation and original exception. */
    public DataLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
