package dev.myelin.io;

import java.io.IOException;

/** A file that is truncated, corrupt or hostile: its message names the file and what is wrong. */
public final class InvalidFileException extends IOException {
    /** A rejection with the given explanation. */
    public InvalidFileException(String message) {
        super(message);
    }
}
