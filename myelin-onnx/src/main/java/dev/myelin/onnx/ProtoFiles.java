package dev.myelin.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.myelin.io.InvalidFileException;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads protobuf files (models, and the tensors of ONNX's test data) without trusting them: the
 * file must fit a Java array (protobuf's own limit is 2 GB; larger models keep their weights in
 * external data), and any truncation, bad tag or length that runs past the end becomes an
 * {@link InvalidFileException} naming the file. Protobuf checks every length-delimited field
 * against the bytes that remain before allocating it, so parsing allocates no more than the file
 * holds.
 */
final class ProtoFiles {
    /** The largest protobuf file read: protobuf's 2 GB limit. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** Nesting of messages (graphs inside If/Loop attributes inside graphs...). */
    private static final int RECURSION_LIMIT = 100;

    private ProtoFiles() {}

    /** The model in {@code file}. */
    static ModelProto readModel(Path file) throws IOException {
        ModelProto model = read(file, ModelProto.parser(), "ONNX model");
        if (!model.hasGraph()) {
            throw new InvalidFileException("ONNX model " + file + ": no graph (is this an ONNX model file?)");
        }
        return model;
    }

    /** The message of type {@code parser} in {@code file}. */
    static <M extends Message> M read(Path file, Parser<M> parser, String what) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidFileException(what + " " + file + ": " + size
                    + " bytes is more than protobuf can hold (2 GB); store the weights as external data");
        }
        byte[] bytes = Files.readAllBytes(file);
        return parse(bytes, parser, what + " " + file);
    }

    /** The message in {@code bytes}; errors name {@code where}. */
    static <M extends Message> M parse(byte[] bytes, Parser<M> parser, String where) throws InvalidFileException {
        if (bytes.length == 0) {
            throw new InvalidFileException(where + ": the file is empty");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(RECURSION_LIMIT);
            M message = parser.parseFrom(in);
            in.checkLastTagWas(0);
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidFileException(where + ": not a valid protobuf message, truncated or corrupt ("
                    + e.getMessage() + ")");
        }
    }
}
