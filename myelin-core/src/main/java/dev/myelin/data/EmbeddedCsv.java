package dev.myelin.data;

import dev.myelin.data.readers.CsvReader;
import dev.myelin.data.readers.CsvTable;
import dev.myelin.io.InvalidFileException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one of the gzipped CSV files that {@code myelin-datasets} ships as classpath resources: at
 * most {@value #MAX_BYTES} bytes once decompressed, strict UTF-8, and exactly the expected columns.
 */
final class EmbeddedCsv {
    /** The most a resource may expand to; the largest shipped file is under 4 MB. */
    static final long MAX_BYTES = 64L << 20;

    private EmbeddedCsv() {}

    /**
     * The table in {@code resource} of {@code loader}, read by {@code reader}.
     *
     * @param dataset the loader's name, for error messages ("SpamAssassin")
     * @throws InvalidFileException if the resource is missing, not gzip, too large, not UTF-8, not CSV,
     *     or has another header than {@code columns} joined by commas
     */
    static CsvTable read(ClassLoader loader, String resource, String dataset, CsvReader reader, List<String> columns)
            throws IOException {
        String where = dataset + " (resource " + resource + ")";
        byte[] text;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidFileException(dataset + ": the embedded data (" + resource + ") is not on the classpath;"
                        + " add the dependency dev.myelin:myelin-datasets");
            }
            try (GZIPInputStream gzip = new GZIPInputStream(in)) {
                text = gzip.readNBytes((int) MAX_BYTES + 1);
            } catch (ZipException | EOFException e) {
                throw new InvalidFileException(where + ": corrupt or truncated gzip data: " + e.getMessage());
            }
        }
        if (text.length > MAX_BYTES) {
            throw new InvalidFileException(where + ": expands to more than " + MAX_BYTES + " bytes");
        }
        String header = new String(text, 0, headerEnd(text), StandardCharsets.UTF_8).strip();
        if (!header.equals(String.join(",", columns))) {
            throw new InvalidFileException(where + ": the header is '" + header + "'; expected '" + String.join(",", columns)
                    + "'");
        }
        CsvTable table;
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(text), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            table = reader.read(r, where);
        }
        return table;
    }

    private static int headerEnd(byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                return i;
            }
        }
        return text.length;
    }

    /** The numeric column's values as ints, each checked to be a whole number in [min, max]. */
    static int[] wholeNumbers(CsvTable table, String column, int min, int max, String dataset) throws InvalidFileException {
        float[] values = table.column(column).toFloatArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (v != Math.rint(v) || v < min || v > max) {
                throw new InvalidFileException(dataset + ": row " + (i + 1) + " has " + column + " " + v
                        + "; expected a whole number in [" + min + ", " + max + "]");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
