package dev.myelin.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.optim.Adagrad;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.SGD;
import dev.myelin.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduler mechanics beyond the PyTorch trajectories: validation, state dicts, chaining. */
class SchedulerTest {
    private static Optimizer sgd() {
        return new SGD(List.of(Tensor.ones(2).requiresGrad(true)), SGD.options(0.1).momentum(0.9));
    }

    @Test
    void creatingASchedulerSetsEpochZerosRate() {
        Optimizer opt = sgd();
        var warmup = new LinearLR(opt, 0.25, 1, 4);
        assertThat(warmup.lastEpoch()).isZero();
        assertThat(warmup.lastLr()[0]).isCloseTo(0.025, within(1e-12));
        assertThat(opt.paramGroups().get(0).get("initial_lr")).isEqualTo(0.1);
        for (int i = 0; i < 4; i++) {
            warmup.step();
        }
        assertThat(opt.paramGroups().get(0).lr()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void aStateDictResumesTheSchedule() {
        Optimizer opt = sgd();
        var schedule = new StepLR(opt, 3, 0.5);
        for (int i = 0; i < 7; i++) {
            schedule.step();
        }
        Optimizer other = sgd();
        var resumed = new StepLR(other, 3, 0.5);
        resumed.loadStateDict(schedule.stateDict());
        resumed.step();
        schedule.step();
        assertThat(resumed.lastLr()).containsExactly(schedule.lastLr());
        assertThat(resumed.lastEpoch()).isEqualTo(8);
    }

    @Test
    void plateauStateRoundTrips() {
        Optimizer opt = sgd();
        var plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().patience(2));
        for (double loss : new double[] {1.0, 0.9, 0.95, 0.96}) {
            plateau.step(loss);
        }
        var copy = new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.options().patience(2));
        copy.loadStateDict(plateau.stateDict());
        assertThat(copy.stateDict().get("num_bad_epochs").itemLong()).isEqualTo(2);
        plateau.step(0.97);
        assertThat(opt.paramGroups().get(0).lr()).isCloseTo(0.01, within(1e-12));
        var max = new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.options().mode(ReduceLROnPlateau.Mode.MAX).patience(0));
        max.step(0.5);
        max.step(0.6);
        assertThat(max.lastLr()[0]).isEqualTo(0.1);
        max.step(0.55);
        assertThat(max.lastLr()[0]).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void badSettingsAreRefused() {
        Optimizer opt = sgd();
        assertThatThrownBy(() -> new StepLR(opt, 0, 0.1)).hasMessageContaining("StepLR: stepSize must be positive");
        assertThatThrownBy(() -> new MultiStepLR(opt, new int[] {5, 3}, 0.1)).hasMessageContaining("must not decrease");
        assertThatThrownBy(() -> new LinearLR(opt, 0, 1, 5)).hasMessageContaining("startFactor must lie in (0, 1]");
        assertThatThrownBy(() -> new CosineAnnealingWarmRestarts(opt, 3, 0, 0)).hasMessageContaining("tMult must be >= 1");
        assertThatThrownBy(() -> new SequentialLR(opt, List.of(new StepLR(opt, 2, 0.5)), 3))
                .hasMessageContaining("one milestone fewer than schedulers");
        assertThatThrownBy(() -> new SequentialLR(opt, List.of(new StepLR(sgd(), 2, 0.5), new StepLR(opt, 2, 0.5)), 3))
                .hasMessageContaining("scheduler 0 belongs to another optimizer");
        assertThatThrownBy(() -> new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().factor(1.0)))
                .hasMessageContaining("factor must lie in [0, 1)");
        var adagrad = new Adagrad(List.of(Tensor.ones(1).requiresGrad(true)), 0.1);
        assertThatThrownBy(() -> new OneCycleLR(adagrad, 0.1, 10)).hasMessageContaining("momentum or beta1");
        var oneCycle = new OneCycleLR(sgd(), 0.1, 3);
        for (int i = 0; i < 3; i++) {
            oneCycle.step();
        }
        assertThatThrownBy(oneCycle::step).hasMessageContaining("stepped 5 times, but totalSteps is 3");
    }

    @Test
    void oneCycleMovesMomentumAgainstTheRate() {
        Optimizer opt = sgd();
        var schedule = new OneCycleLR(opt, 1.0, 10);
        assertThat(opt.paramGroups().get(0).get("momentum")).isCloseTo(0.95, within(1e-12));
        assertThat(opt.paramGroups().get(0).lr()).isCloseTo(0.04, within(1e-12));
        schedule.step();
        schedule.step();
        assertThat(opt.paramGroups().get(0).lr()).isCloseTo(1.0, within(1e-12));    // the peak at 30%
        assertThat(opt.paramGroups().get(0).get("momentum")).isCloseTo(0.85, within(1e-12));
    }
}
