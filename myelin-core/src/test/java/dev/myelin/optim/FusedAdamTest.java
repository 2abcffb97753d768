package dev.myelin.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Float32 parameters take the fused Adam kernel; float64 ones the tensor-op update that matches
 * PyTorch's trajectories (TrajectoryParityTest). The two must follow the same path.
 */
class FusedAdamTest {
    private static double[] train(DType dtype, boolean decoupled) {
        Generator g = new Generator(3);
        Tensor target = Tensor.randn(Shape.of(70), DType.FLOAT64, g);
        Tensor p = Tensor.randn(Shape.of(70), DType.FLOAT64, g).to(dtype).requiresGrad(true);
        Optimizer opt = decoupled ? new AdamW(List.of(p), AdamW.options(0.05).weightDecay(0.1))
                : new Adam(List.of(p), Adam.options(0.05).weightDecay(0.01));
        for (int step = 0; step < 30; step++) {
            Tensor loss = p.sub(target.to(dtype)).square().sum();
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        return p.toDoubleArray();
    }

    @Test
    void theFusedKernelFollowsTheReferenceUpdate() {
        for (boolean decoupled : new boolean[] {false, true}) {
            double[] fused = train(DType.FLOAT32, decoupled);
            double[] reference = train(DType.FLOAT64, decoupled);
            for (int i = 0; i < fused.length; i++) {
                assertThat(fused[i]).as("decoupled=%s element %d", decoupled, i)
                        .isCloseTo(reference[i], org.assertj.core.data.Offset.offset(2e-5 * (1 + Math.abs(reference[i]))));
            }
        }
    }
}
