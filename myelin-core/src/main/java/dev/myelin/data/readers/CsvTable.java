package dev.myelin.data.readers;

import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table read by {@link CsvReader}: named columns of one length, each numeric (doubles) or
 * categorical (strings mapped to indices in a sorted vocabulary).
 *
 * <p>Where a reader allowed missing values, numeric columns hold NaN and categorical columns -1
 * there, and {@link #missing()} lists each one with its line in the file.
 *
 * <pre>{@code
 * CsvTable t = new CsvReader().read(Path.of("penguins.csv"));
 * Tensor x = t.features("bill_length", "bill_depth");   // (rows, 2) float32
 * Tensor y = t.column("species");                      // (rows) int64 indices
 * t.vocabulary("species");                             // [Adelie, Chinstrap, Gentoo]
 * t.strings("species");                                // [Gentoo, Adelie, ...]: the value of each row
 * }</pre>
 */
public final class CsvTable {
    /** A missing value: its column and the line of the file its row starts on (1-based; the header is line 1). */
    public record Missing(String column, long line) {}

    /** One column: numeric values, or category indices with their vocabulary. */
    record Column(double[] numbers, int[] categories, List<String> vocabulary) {}

    private final Map<String, Column> columns;
    private final int rows;
    private final List<Missing> missing;

    CsvTable(Map<String, Column> columns, int rows, List<Missing> missing) {
        this.columns = new LinkedHashMap<>(columns);
        this.rows = rows;
        this.missing = List.copyOf(missing);
    }

    /** The column names, in file order. */
    public List<String> columns() {
        return List.copyOf(columns.keySet());
    }

    /** The number of data rows. */
    public int rows() {
        return rows;
    }

    /** Whether {@code column} holds categories rather than numbers. */
    public boolean isCategorical(String column) {
        return get(column).numbers == null;
    }

    /**
     * One column: numbers as float32 (rows), NaN where missing; categories as int64 indices into
     * {@link #vocabulary} (rows), -1 where missing.
     */
    public Tensor column(String name) {
        Column c = get(name);
        if (c.numbers != null) {
            float[] f = new float[rows];
            for (int i = 0; i < rows; i++) {
                f[i] = (float) c.numbers[i];
            }
            return Tensor.fromArray(f, rows);
        }
        long[] l = new long[rows];
        for (int i = 0; i < rows; i++) {
            l[i] = c.categories[i];
        }
        return Tensor.fromArray(l, rows);
    }

    /** The categories of a categorical column in index order (sorted). */
    public List<String> vocabulary(String column) {
        Column c = get(column);
        if (c.vocabulary == null) {
            throw new IllegalArgumentException("CsvTable: column '" + column + "' is numeric and has no vocabulary");
        }
        return c.vocabulary;
    }

    /**
     * The values of a categorical column row by row, as written in the file (after trimming);
     * null where a value is missing. A text column (a review, an e-mail) is read this way.
     *
     * @throws IllegalArgumentException if the column is numeric or does not exist
     */
    public List<String> strings(String column) {
        List<String> vocabulary = vocabulary(column);
        int[] categories = get(column).categories;
        List<String> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(categories[i] < 0 ? null : vocabulary.get(categories[i]));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Numeric columns side by side as a float32 matrix (rows, k), in the order named; no names
     * means every numeric column in file order.
     *
     * @throws IllegalArgumentException if a named column is categorical or does not exist
     */
    public Tensor features(String... names) {
        List<String> picked = new ArrayList<>(List.of(names));
        if (picked.isEmpty()) {
            columns.forEach((name, c) -> {
                if (c.numbers != null) {
                    picked.add(name);
                }
            });
        }
        int k = picked.size();
        float[] out = new float[rows * k];
        for (int j = 0; j < k; j++) {
            Column c = get(picked.get(j));
            if (c.numbers == null) {
                throw new IllegalArgumentException("CsvTable.features: column '" + picked.get(j) + "' is categorical;"
                        + " use column(name) for its indices (and oneHot for a one-hot encoding)");
            }
            for (int i = 0; i < rows; i++) {
                out[i * k + j] = (float) c.numbers[i];
            }
        }
        return Tensor.fromArray(out, rows, k);
    }

    /** The missing values the reader allowed, in file order. */
    public List<Missing> missing() {
        return missing;
    }

    private Column get(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("CsvTable: no column '" + name + "'; the columns are " + columns.keySet());
        }
        return c;
    }

    @Override
    public String toString() {
        return "CsvTable(" + rows + " rows, columns " + columns.keySet() + ")";
    }
}
