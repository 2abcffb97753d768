package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The text and series datasets embedded in myelin-datasets, read from the repository's resource folder (myelin-core
 * does not depend on myelin-datasets; see {@link FashionMnistTest}), and malformed resources of the same names.
 */
class EmbeddedCorporaTest {
    private interface Loader<T> {
        T load(ClassLoader loader) throws IOException;
    }

    private static <T> T fromRepository(Loader<T> loader) throws IOException {
        try (URLClassLoader resources = new URLClassLoader(new URL[] {FashionMnistTest.RESOURCES.toUri().toURL()}, null)) {
            return loader.load(resources);
        }
    }

    @Test
    void stateOfTheUnionHasTheAddressesFrom1989To2021() throws IOException {
        StateOfTheUnion sotu = fromRepository(StateOfTheUnion::load);
        assertThat(sotu.addresses()).hasSize(33);
        assertThat(sotu.addresses().getFirst()).extracting(StateOfTheUnion.Address::year, StateOfTheUnion.Address::president)
                .containsExactly(1989, "George Bush");
        assertThat(sotu.addresses().getLast()).extracting(StateOfTheUnion.Address::year, StateOfTheUnion.Address::party)
                .containsExactly(2021, "Democratic");
        assertThat(sotu.text()).hasSize(1_166_055 + 32).contains("Madam Speaker, Madam Vice President");
        assertThat(sotu.text().lines().count()).isEqualTo(33);
        assertThat(sotu.text(2019, 2021).lines().count()).isEqualTo(3);
        assertThat(sotu.source()).contains("33 addresses, 1989-2021");
        assertThatThrownBy(() -> sotu.text(1800, 1850)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StateOfTheUnion.text: no address from 1800 to 1850; the addresses run from 1989 to 2021");
    }

    @Test
    void spamAssassinIsBalancedAndEveryMessageHasABody() throws IOException {
        SpamAssassin mail = fromRepository(SpamAssassin::load);
        assertThat(mail.messages()).hasSize(3522);
        assertThat(mail.labels().dtype()).isEqualTo(DType.INT64);
        assertThat(Arrays.stream(mail.labels().toLongArray()).sum()).isEqualTo(1761);
        assertThat(mail.messages()).allSatisfy(m -> assertThat(m.body()).isNotBlank().hasSizeLessThanOrEqualTo(1500));
        assertThat(mail.messages()).allSatisfy(m -> assertThat(m.spam()).isEqualTo(m.origin().startsWith("spam-")));
        Set<String> origins = new HashSet<>();
        mail.messages().forEach(m -> origins.add(m.origin()));
        assertThat(origins).hasSize(3522);
        SpamAssassin.Message first = mail.messages().getFirst();
        assertThat(mail.texts().getFirst()).isEqualTo(first.subject() + "\n" + first.body());
        assertThat(mail.source()).endsWith("3522 messages, 1761 spam and 1761 ham");
    }

    @Test
    void usBirthsHasEveryDayFrom2000To2014WithFewerBirthsAtWeekends() throws IOException {
        UsBirths births = fromRepository(UsBirths::load);
        assertThat(births.days()).hasSize(5479);
        assertThat(births.days().getFirst()).isEqualTo(new UsBirths.Day(LocalDate.of(2000, 1, 1), 9083));
        assertThat(births.days().getLast()).isEqualTo(new UsBirths.Day(LocalDate.of(2014, 12, 31), 11990));
        double weekdays = births.days().stream().filter(d -> d.date().getDayOfWeek().getValue() <= 5)
                .mapToInt(UsBirths.Day::births).average().orElseThrow();
        double sundays = births.days().stream().filter(d -> d.date().getDayOfWeek() == DayOfWeek.SUNDAY)
                .mapToInt(UsBirths.Day::births).average().orElseThrow();
        assertThat(sundays / weekdays).isBetween(0.5, 0.7);
        assertThat(births.births()).hasSize(5479).startsWith(9083, 8006);
    }

    static Stream<Arguments> malformedResources() {
        String births = "year,month,date_of_month,day_of_week,births\n";
        return Stream.of(
                Arguments.of(UsBirths.RESOURCE, births + "2000,1,1,6,9083\n2000,1,3,1,11363\n",
                        "UsBirths: row 2 (2000-01-03) does not follow 2000-01-01; expected one row per consecutive day"),
                Arguments.of(UsBirths.RESOURCE, births + "2000,1,1,5,9083\n",
                        "UsBirths: row 1 (2000-01-01) says day of week 5; it is 6 (SATURDAY)"),
                Arguments.of(UsBirths.RESOURCE, births + "2001,2,29,4,9083\n",
                        "UsBirths: row 1 is not a date: Invalid date 'February 29' as '2001' is not a leap year"),
                Arguments.of(UsBirths.RESOURCE, births + "2000,1,1,6,90.5\n",
                        "UsBirths: row 1 has births 90.5; expected a whole number in [0, 1000000]"),
                Arguments.of(UsBirths.RESOURCE, births, "UsBirths: the resource " + UsBirths.RESOURCE + " holds no days"),
                Arguments.of(UsBirths.RESOURCE, "year,births\n2000,3\n", "UsBirths (resource " + UsBirths.RESOURCE + "): the header is 'year,births';"
                        + " expected 'year,month,date_of_month,day_of_week,births'"),
                Arguments.of(SpamAssassin.RESOURCE, "label,source,subject,text\nmaybe,x/1,Hi,Buy now\n",
                        "SpamAssassin: row 1 has label 'maybe'; expected one of [ham, spam]"),
                Arguments.of(SpamAssassin.RESOURCE, "label,source,subject,text\nham,x/1,Hi,\n",
                        "SpamAssassin: the message of row 1 has an empty body"),
                Arguments.of(StateOfTheUnion.RESOURCE, "year,president,party,text\n1990,A,B,text\n1989,A,B,text\n",
                        "StateOfTheUnion: row 2 (1989) comes after 1990; expected the addresses in year order"),
                Arguments.of(StateOfTheUnion.RESOURCE, "year,president,party,text\n1990,A,B,\"unclosed\n",
                        "malformed CSV"));
    }

    @ParameterizedTest
    @MethodSource("malformedResources")
    void malformedResourcesAreRefusedWithTheProblemNamed(String resource, String csv, String message, @TempDir Path dir)
            throws IOException {
        try (URLClassLoader loader = classLoader(dir, resource, gzip(csv.getBytes(StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> load(resource, loader)).isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining(message);
        }
    }

    @Test
    void missingCorruptAndNonUtf8ResourcesAreRefused(@TempDir Path dir) throws IOException {
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> SpamAssassin.load(nothing)).isInstanceOf(InvalidFileException.class)
                    .hasMessage("SpamAssassin: the embedded data (" + SpamAssassin.RESOURCE + ") is not on the classpath;"
                            + " add the dependency dev.myelin:myelin-datasets");
        }
        byte[] whole = gzip("year,president,party,text\n1990,A,B,text\n".getBytes(StandardCharsets.UTF_8));
        try (URLClassLoader truncated = classLoader(dir.resolve("t"), StateOfTheUnion.RESOURCE,
                Arrays.copyOf(whole, whole.length - 12))) {
            assertThatThrownBy(() -> StateOfTheUnion.load(truncated)).isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining("StateOfTheUnion (resource " + StateOfTheUnion.RESOURCE + "): corrupt or truncated gzip");
        }
        try (URLClassLoader plain = classLoader(dir.resolve("p"), StateOfTheUnion.RESOURCE, "year\n".getBytes(StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> StateOfTheUnion.load(plain)).isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining("corrupt or truncated gzip");
        }
        byte[] latin1 = "year,president,party,text\n1990,A,B,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        try (URLClassLoader notUtf8 = classLoader(dir.resolve("u"), StateOfTheUnion.RESOURCE, gzip(latin1))) {
            assertThatThrownBy(() -> StateOfTheUnion.load(notUtf8)).isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining("StateOfTheUnion (resource " + StateOfTheUnion.RESOURCE + "): malformed CSV");
        }
    }

    private static Object load(String resource, ClassLoader loader) throws IOException {
        return switch (resource) {
            case UsBirths.RESOURCE -> UsBirths.load(loader);
            case SpamAssassin.RESOURCE -> SpamAssassin.load(loader);
            default -> StateOfTheUnion.load(loader);
        };
    }

    private static URLClassLoader classLoader(Path root, String resource, byte[] content) throws IOException {
        Path file = root.resolve(resource);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
