package dev.myelin.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV reader: column types, vocabularies, headers, quoting, and missing values reported by line. */
class CsvReaderTest {
    @TempDir
    Path dir;

    private static CsvTable read(CsvReader reader, String text) throws IOException {
        return reader.read(new StringReader(text), "test.csv");
    }

    @Test
    void readsNumericAndCategoricalColumns() throws IOException {
        Path file = dir.resolve("penguins.csv");
        Files.writeString(file, """
                species,bill,mass,island
                Gentoo,46.1,5200,"Biscoe"
                Adelie,39.1,3750,Torgersen

                Chinstrap,46.5,3500,Dream
                Adelie, 38.6 ,3800,"Torgersen"
                """);
        CsvTable t = new CsvReader().read(file);
        assertThat(t.columns()).containsExactly("species", "bill", "mass", "island");
        assertThat(t.rows()).isEqualTo(4);
        assertThat(t.isCategorical("species")).isTrue();
        assertThat(t.isCategorical("bill")).isFalse();
        assertThat(t.vocabulary("species")).containsExactly("Adelie", "Chinstrap", "Gentoo");
        Tensor species = t.column("species");
        assertThat(species.dtype()).isEqualTo(DType.INT64);
        assertThat(species.toLongArray()).containsExactly(2, 0, 1, 0);
        assertThat(t.column("island").toLongArray()).containsExactly(0, 2, 1, 2);
        assertThat(t.strings("species")).containsExactly("Gentoo", "Adelie", "Chinstrap", "Adelie");
        assertThatThrownBy(() -> t.strings("bill")).hasMessageContaining("column 'bill' is numeric");
        Tensor x = t.features("bill", "mass");
        assertThat(x.shape()).isEqualTo(Shape.of(4, 2));
        assertThat(x.toFloatArray()).containsExactly(46.1f, 5200, 39.1f, 3750, 46.5f, 3500, 38.6f, 3800);
        assertThat(t.features().shape()).isEqualTo(Shape.of(4, 2));
        assertThat(t.missing()).isEmpty();
        assertThatThrownBy(() -> t.features("species")).hasMessageContaining("column 'species' is categorical");
        assertThatThrownBy(() -> t.column("beak")).hasMessageContaining("no column 'beak'; the columns are [species, bill");
    }

    @Test
    void forcedTypesHeaderlessFilesAndOtherDelimiters() throws IOException {
        CsvTable t = read(new CsvReader().header(false).delimiter(';').categorical("0"), "75001;1,5\n10115;2\n75001;x\n");
        assertThat(t.columns()).containsExactly("0", "1");
        assertThat(t.vocabulary("0")).containsExactly("10115", "75001");
        assertThat(t.isCategorical("1")).isTrue();                     // "1,5" and "x" are not numbers
        assertThatThrownBy(() -> read(new CsvReader().header(false).delimiter(';').numeric("1"), "75001;1\n10115;2\n7;x\n"))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("test.csv: line 3, column '1': 'x' is not a number (the column was declared numeric)");
        assertThatThrownBy(() -> read(new CsvReader().categorical("zip"), "a,b\n1,2\n"))
                .hasMessageContaining("no column 'zip' in test.csv; the columns are [a, b]");
    }

    @Test
    void missingValuesAreReportedWithTheirLines() {
        String text = """
                age,city,income
                34,Paris,1200
                ,Lyon,900
                "41","line
                break",NA
                29,,1000
                51,Nice,
                """;
        assertThatThrownBy(() -> read(new CsvReader(), text)).isInstanceOf(InvalidFileException.class)
                .hasMessage("test.csv: 4 missing values (column 'age' at line 3; column 'income' at lines 4, 7;"
                        + " column 'city' at line 6); fill them in, or use allowMissing(true) to read them as NaN"
                        + " (numeric) and -1 (categorical)");
    }

    @Test
    void allowedMissingValuesBecomeNanOrMinusOne() throws IOException {
        CsvTable t = read(new CsvReader().allowMissing(true).missingValues("", "?"), "age,city\n34,Paris\n\n?,Lyon\n29,\n");
        assertThat(t.column("age").toFloatArray()).containsExactly(34f, Float.NaN, 29f);
        assertThat(t.column("city").toLongArray()).containsExactly(1, 0, -1);
        assertThat(t.strings("city")).containsExactly("Paris", "Lyon", null);
        assertThat(t.missing()).containsExactly(new CsvTable.Missing("age", 4), new CsvTable.Missing("city", 5));
    }

    @Test
    void malformedFilesNameTheProblemAndTheLine() {
        assertThatThrownBy(() -> read(new CsvReader(), "a,b\n1,2\n3\n4,5\n")).isInstanceOf(InvalidFileException.class)
                .hasMessage("test.csv: line 3 has 1 fields but the header names 2");
        assertThatThrownBy(() -> read(new CsvReader(), "a,a\n1,2\n"))
                .hasMessage("test.csv: the header on line 1 names column 'a' twice");
        assertThatThrownBy(() -> read(new CsvReader(), "a,b\n1,\"2\n")).isInstanceOf(InvalidFileException.class)
                .hasMessageStartingWith("test.csv: malformed CSV: ");
        assertThatThrownBy(() -> read(new CsvReader(), "\n\n")).hasMessage("test.csv: the file is empty (expected a header line)");
    }
}
