package dev.myelin.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.io.SafeTensors;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Optimizer mechanics: validation, parameter groups, skipping, state dicts, clipping, penalties, weight decay. */
class OptimizerTest {
    private static List<Tensor> params() {
        return List.of(Tensor.ones(2, 2).requiresGrad(true), Tensor.ones(3).requiresGrad(true));
    }

    static Stream<Arguments> invalidHyperParameters() {
        return Stream.of(
                row("negative learning rate", () -> new SGD(params(), -0.1), "SGD: invalid learning rate -0.1 (must be >= 0"),
                row("negative Adam learning rate", () -> new Adam(params(), -1e-3), "Adam: invalid learning rate -0.001"),
                row("beta1 of 1", () -> new Adam(params(), Adam.options(1e-3).betas(1.0, 0.999)),
                        "Adam: invalid beta1 1.0 (must lie in [0, 1))"),
                row("negative beta2", () -> new AdamW(params(), AdamW.options(1e-3).betas(0.9, -0.1)),
                        "AdamW: invalid beta2 -0.1 (must lie in [0, 1))"),
                row("NAdam beta2 above 1", () -> new NAdam(params(), NAdam.options(1e-3).betas(0.9, 1.5)),
                        "NAdam: invalid beta2 1.5"),
                row("negative weight decay", () -> new SGD(params(), SGD.options(0.1).weightDecay(-1)),
                        "SGD: invalid weight decay -1.0 (must be >= 0)"),
                row("negative momentum", () -> new RMSprop(params(), RMSprop.options(0.1).momentum(-0.5)),
                        "RMSprop: invalid momentum -0.5"),
                row("rho above 1", () -> new Adadelta(params(), Adadelta.options(1).rho(1.5)),
                        "Adadelta: invalid rho 1.5 (must lie in [0, 1])"),
                row("negative eps", () -> new Adam(params(), Adam.options(0.1).eps(-1e-8)), "Adam: invalid eps -1.0E-8"),
                row("negative lr decay", () -> new Adagrad(params(), Adagrad.options(0.1).lrDecay(-1)),
                        "Adagrad: invalid lr_decay -1.0"),
                row("Nesterov without momentum", () -> new SGD(params(), SGD.options(0.1).nesterov(true)),
                        "SGD: Nesterov momentum needs momentum > 0 and zero dampening"),
                row("a group's negative learning rate", () -> new SGD(List.of(ParamGroup.of(params()).lr(-2)),
                        SGD.options(0.1)), "SGD: invalid learning rate -2.0"),
                row("a parameter in two groups", () -> {
                    Tensor p = Tensor.ones(2).requiresGrad(true);
                    new SGD(List.of(ParamGroup.of(List.of(p)), ParamGroup.of(List.of(p))), SGD.options(0.1));
                }, "SGD: a parameter of shape (2) appears in more than one parameter group"),
                row("a repeated parameter", () -> {
                    Tensor p = Tensor.ones(2).requiresGrad(true);
                    ParamGroup.of(List.of(p, p));
                }, "ParamGroup: a parameter of shape (2) appears twice"),
                row("an integer parameter", () -> ParamGroup.of(List.of(Tensor.of(1L))), "floating point", "int64"),
                row("no groups", () -> new Adam(List.<ParamGroup>of(), Adam.options(0.1)), "Adam: got an empty list"));
    }

    private static Arguments row(String name, Executable call, String... parts) {
        return Arguments.of(name, call, parts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHyperParameters")
    void invalidHyperParametersAreRefusedWithClearMessages(String name, Executable call, String[] parts) {
        var assertion = assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class);
        for (String part : parts) {
            assertion.hasMessageContaining(part);
        }
    }

    @Test
    void zeroGradClearsAndStepSkipsParametersWithoutGradients() {
        Tensor used = Tensor.ones(2).requiresGrad(true);
        Tensor unused = Tensor.ones(2).requiresGrad(true);
        var opt = new Adam(List.of(used, unused), 0.1);
        used.mul(3.0).sum().backward();
        opt.step();
        assertThat(used.toDoubleArray()).containsExactly(new double[] {0.9, 0.9}, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(unused.toDoubleArray()).containsExactly(1, 1);
        assertThat(opt.state(unused).isEmpty()).isTrue();
        opt.zeroGrad();
        assertThat(used.grad()).isNull();
    }

    @Test
    void frozenParametersStayPut() {
        Module model = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
        model.submodule("0").freeze();
        Tensor frozen = model.parameter("0.weight").clone();
        var opt = new SGD(model.parameters(), 0.5);
        F.mseLoss(model.forward(Tensor.randn(5, 3)), Tensor.randn(5, 2)).backward();
        opt.step();
        assertThat(model.parameter("0.weight").toDoubleArray()).containsExactly(frozen.toDoubleArray());
    }

    @Test
    void groupsHaveTheirOwnLearningRateAndWeightDecay() {
        Tensor a = Tensor.ones(1).requiresGrad(true);
        Tensor b = Tensor.ones(1).requiresGrad(true);
        var opt = new SGD(List.of(ParamGroup.of(List.of(a)).lr(0.01), ParamGroup.of(List.of(b)).weightDecay(1)),
                SGD.options(0.1));
        a.add(b).sum().backward();
        opt.step();
        assertThat(a.item()).isCloseTo(1 - 0.01, within(1e-7));
        assertThat(b.item()).isCloseTo(1 - 0.1 * (1 + 1), within(1e-7));
        assertThat(opt.paramGroups().get(1).lr()).isEqualTo(0.1);
        assertThat(opt.paramGroups().get(0).weightDecay()).isZero();
        Tensor c = Tensor.ones(1).requiresGrad(true);
        opt.addParamGroup(ParamGroup.of(List.of(c)).lr(0.5));
        assertThat(opt.paramGroups()).hasSize(3);
        assertThat(opt.paramGroups().get(2).get("momentum")).isZero();
    }

    @Test
    void decoupledWeightDecayIsNotRescaledByAdam() {
        // With a zero loss gradient, AdamW shrinks p by exactly lr·wd·p; Adam's coupled decay is normalised to ~lr.
        Tensor pw = Tensor.full(Shape.of(1), 2, DType.FLOAT64).requiresGrad(true);
        Tensor pa = Tensor.full(Shape.of(1), 2, DType.FLOAT64).requiresGrad(true);
        var adamW = new AdamW(List.of(pw), AdamW.options(0.1).weightDecay(0.5));
        var adam = new Adam(List.of(pa), Adam.options(0.1).weightDecay(0.5));
        pw.mul(0.0).sum().backward();
        pa.mul(0.0).sum().backward();
        adamW.step();
        adam.step();
        assertThat(pw.item()).isCloseTo(2 * (1 - 0.1 * 0.5), within(1e-12));
        assertThat(pa.item()).isCloseTo(2 - 0.1, within(1e-6));
    }

    @Test
    void resumingFromAStateDictContinuesTheSameTrajectory(@TempDir Path dir) throws Exception {
        Function<List<Tensor>, Optimizer> make = p -> new Adam(p, Adam.options(0.05).amsgrad(true).weightDecay(0.01));
        Generator g = new Generator(9);
        Tensor x = Tensor.randn(Shape.of(16, 3), DType.FLOAT32, g);
        Tensor y = Tensor.randn(Shape.of(16, 1), DType.FLOAT32, g);
        Generator.seedDefault(5);
        Module continuous = new Linear(3, 1);
        Module resumed = new Linear(3, 1);
        resumed.loadStateDict(continuous.stateDict());
        Optimizer opt = make.apply(continuous.parameters());
        for (int i = 0; i < 10; i++) {
            step(continuous, opt, x, y);
        }
        Optimizer first = make.apply(resumed.parameters());
        for (int i = 0; i < 5; i++) {
            step(resumed, first, x, y);
        }
        Path file = dir.resolve("opt.safetensors");
        SafeTensors.save(file, first.stateDict(), Map.of());
        Optimizer second = make.apply(resumed.parameters());
        second.loadStateDict(SafeTensors.load(file).tensors());
        assertThat(second.stateDict().keySet()).contains("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq",
                "state.0.max_exp_avg_sq", "param_groups.0.lr", "param_groups.0.beta1", "param_groups.0.params");
        for (int i = 0; i < 5; i++) {
            step(resumed, second, x, y);
        }
        assertThat(resumed.parameter("weight").toDoubleArray()).containsExactly(
                continuous.parameter("weight").toDoubleArray());
    }

    private static void step(Module model, Optimizer opt, Tensor x, Tensor y) {
        Tensor loss = F.mseLoss(model.forward(x), y);
        opt.zeroGrad();
        loss.backward();
        opt.step();
    }

    @Test
    void loadStateDictRefusesAStateOfAnotherShape() {
        var opt = new SGD(params(), SGD.options(0.1).momentum(0.9));
        Map<String, Tensor> state = new java.util.HashMap<>(opt.stateDict());
        var other = new SGD(List.of(Tensor.ones(2).requiresGrad(true)), 0.1);
        assertThatThrownBy(() -> other.loadStateDict(state)).hasMessageContaining("SGD.loadStateDict")
                .hasMessageContaining("parameter group 0 has 2 parameters in the state dict and 1 here");
        state.put("state.0.momentum_buffer", Tensor.zeros(5));
        assertThatThrownBy(() -> opt.loadStateDict(state)).hasMessageContaining("state.0.momentum_buffer")
                .hasMessageContaining("(5)").hasMessageContaining("(2, 2)");
        state.remove("state.0.momentum_buffer");
        state.put("param_groups.0.lr", Tensor.scalar(-1, DType.FLOAT64));
        assertThatThrownBy(() -> opt.loadStateDict(state)).hasMessageContaining("invalid learning rate -1.0");
        state.put("param_groups.0.lr", Tensor.scalar(0.1, DType.FLOAT64));
        state.put("state.9.momentum_buffer", Tensor.zeros(3));
        assertThatThrownBy(() -> opt.loadStateDict(state))
                .hasMessageContaining("has 'state.9.momentum_buffer', but this optimizer has 2 parameters");
        state.remove("state.9.momentum_buffer");
        state.put("stats.0", Tensor.zeros(1));
        assertThatThrownBy(() -> opt.loadStateDict(state)).hasMessageContaining("unexpected key 'stats.0'");
    }

    @Test
    void clippingByNormScalesAllGradientsTogether() {
        Tensor a = Tensor.zeros(1).requiresGrad(true);
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        Tensor unused = Tensor.zeros(1).requiresGrad(true);
        a.mul(3.0).add(b.mul(4.0)).sum().backward();
        double norm = Clip.gradNorm(List.of(a, b, unused), 1.0);
        assertThat(norm).isCloseTo(5, within(1e-6));
        assertThat(a.grad().item()).isCloseTo(0.6, within(1e-6));
        assertThat(b.grad().item()).isCloseTo(0.8, within(1e-6));
        assertThat(Clip.gradNorm(List.of(a, b), 10)).isCloseTo(1, within(1e-6));
        assertThat(a.grad().item()).isCloseTo(0.6, within(1e-6));                  // below the limit: unchanged
        assertThat(Clip.gradNorm(List.of(a, b), 0.4, Double.POSITIVE_INFINITY)).isCloseTo(0.8, within(1e-6));
        assertThat(b.grad().item()).isCloseTo(0.4, within(1e-6));
        assertThatThrownBy(() -> Clip.gradNorm(List.of(a), -1)).hasMessageContaining("maxNorm must be >= 0");
    }

    @Test
    void clippingByValueLimitsEachElement() {
        Tensor p = Tensor.zeros(3).requiresGrad(true);
        p.mul(Tensor.of(-2f, 0.5f, 3f)).sum().backward();
        Clip.gradValue(List.of(p), 1);
        assertThat(p.grad().toDoubleArray()).containsExactly(-1, 0.5, 1);
    }

    @Test
    void penaltiesAreDifferentiableSums() {
        Tensor w = Tensor.of(-2f, 0.5f, 3f).requiresGrad(true);
        Tensor b = Tensor.of(1f).requiresGrad(true);
        Tensor l1 = Penalty.l1(List.of(w, b));
        assertThat(l1.item()).isCloseTo(6.5, within(1e-6));
        Tensor l2 = Penalty.l2(List.of(w, b));
        assertThat(l2.item()).isCloseTo(4 + 0.25 + 9 + 1, within(1e-6));
        l1.add(l2).backward();
        assertThat(w.grad().toDoubleArray()).containsExactly(-1 - 4, 1 + 1, 1 + 6);
        assertThat(Penalty.l2(List.of()).item()).isZero();
    }
}
