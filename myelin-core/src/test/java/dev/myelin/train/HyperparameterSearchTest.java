package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.SGD;
import dev.myelin.tensor.Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid and random search on the blobs: every trial runs with early stopping and the results come back sorted. */
class HyperparameterSearchTest {
    @TempDir
    Path dir;

    private static Trainer.Builder trial(HyperparameterSearch.Params p) {
        Generator.seedDefault(0);
        Module m = new Sequential(new Linear(Blobs.FEATURES, p.integer("hidden")), new ReLU(),
                new Linear(p.integer("hidden"), Blobs.CLASSES));
        return Trainer.builder(m, new SGD(m.parameters(), p.number("lr")), F::crossEntropy).epochs(6)
                .metrics(Metric.accuracy());
    }

    @Test
    void gridSearchTriesEveryCombinationAndSortsTheResults() throws Exception {
        var search = HyperparameterSearch.of(HyperparameterSearch.choice("lr", 1e-4, 0.1),
                HyperparameterSearch.choice("hidden", 4, 16)).monitor("val_loss").patience(1);
        HyperparameterSearch.Results r = search.grid(HyperparameterSearchTest::trial,
                Blobs.loader(TrainerTest.TRAIN, 32, true), Blobs.loader(TrainerTest.VALIDATION, 50, false));
        assertThat(r.trials()).hasSize(4);
        List<Double> scores = r.trials().stream().map(HyperparameterSearch.Trial::score).toList();
        assertThat(scores).isSorted();
        assertThat(r.best().params().number("lr")).isEqualTo(0.1);          // a learning rate of 1e-4 barely moves in 6 epochs
        assertThat(r.trials()).allSatisfy(t -> assertThat(t.epochs()).isBetween(1, 6));
        assertThat(r.table()).contains("rank").contains("val_loss").contains("hidden");
        r.saveCsv(dir.resolve("search.csv"));
        List<String> csv = Files.readAllLines(dir.resolve("search.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.getFirst()).isEqualTo("rank,trial,lr,hidden,val_loss,best_epoch,epochs,seconds");
        assertThat(csv.get(1)).startsWith("1,");
    }

    @Test
    void randomSearchIsReproducibleAndSortsHigherIsBetterMetricsDescending() {
        var search = HyperparameterSearch.of(HyperparameterSearch.logUniform("lr", 1e-3, 0.3),
                HyperparameterSearch.intRange("hidden", 4, 16)).monitor("val_accuracy").seed(5);
        var train = Blobs.loader(TrainerTest.TRAIN, 32, true);
        var val = Blobs.loader(TrainerTest.VALIDATION, 50, false);
        HyperparameterSearch.Results a = search.random(3, HyperparameterSearchTest::trial, train, val);
        HyperparameterSearch.Results b = search.random(3, HyperparameterSearchTest::trial, train, val);
        assertThat(a.trials().stream().map(t -> t.params().values()).toList())
                .isEqualTo(b.trials().stream().map(t -> t.params().values()).toList());
        assertThat(a.trials().stream().map(HyperparameterSearch.Trial::score).toList()).isSortedAccordingTo(
                java.util.Comparator.reverseOrder());
        assertThat(a.trials()).allSatisfy(t -> {
            assertThat(t.params().number("lr")).isBetween(1e-3, 0.3);
            assertThat(t.params().integer("hidden")).isBetween(4, 16);
        });
    }

    @Test
    void badSpacesAreRejected() {
        var search = HyperparameterSearch.of(HyperparameterSearch.uniform("dropout", 0, 0.5));
        assertThatThrownBy(() -> search.grid(HyperparameterSearchTest::trial, null, null))
                .hasMessageContaining("grid search needs a finite set of values, but 'dropout' is an interval");
        assertThatThrownBy(() -> HyperparameterSearch.logUniform("lr", 0, 1)).hasMessageContaining("low > 0");
        assertThatThrownBy(HyperparameterSearch::of).hasMessageContaining("the space has no parameter");
    }
}
