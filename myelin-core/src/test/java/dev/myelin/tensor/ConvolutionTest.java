package dev.myelin.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.autograd.Autograd;
import dev.myelin.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Images unfolded side by side (one matrix product per chunk) give what one image at a time gives. */
class ConvolutionTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(threads);
    }

    @Test
    void chunksOfImagesMatchImageByImage() {
        Generator g = new Generator(11);
        Tensor x = Tensor.randn(Shape.of(5, 4, 9, 7), DType.FLOAT32, g).requiresGrad(true);
        Tensor w = Tensor.randn(Shape.of(6, 2, 3, 2), DType.FLOAT32, g).requiresGrad(true);
        Tensor up = Tensor.randn(Shape.of(5, 6, 5, 4), DType.FLOAT32, g);
        int[] stride = {2, 2};
        int[] padding = {1, 1};
        int[] dilation = {1, 2};
        Parallel.setThreads(1);                                   // one chunk of all five images
        Tensor y = Convolution.conv2d(x, w, null, stride, padding, dilation, 2);
        List<Tensor> grads = Autograd.grad(List.of(y), List.of(x, w), List.of(up), false, false, false);
        List<Tensor> ys = new ArrayList<>();
        List<Tensor> dxs = new ArrayList<>();
        Tensor dw = Tensor.zeros(w.shape(), DType.FLOAT32);
        for (int n = 0; n < 5; n++) {
            Tensor xn = x.detach().narrow(0, n, 1).contiguous().requiresGrad(true);
            Tensor yn = Convolution.conv2d(xn, w, null, stride, padding, dilation, 2);
            List<Tensor> gn = Autograd.grad(List.of(yn), List.of(xn, w), List.of(up.narrow(0, n, 1)), false, false, false);
            ys.add(yn.detach());
            dxs.add(gn.get(0));
            dw = dw.add(gn.get(1));
        }
        assertThat(y.allClose(Tensor.cat(ys, 0), 1e-5, 1e-5)).isTrue();
        assertThat(grads.get(0).allClose(Tensor.cat(dxs, 0), 1e-5, 1e-5)).isTrue();
        assertThat(grads.get(1).allClose(dw, 1e-4, 1e-4)).isTrue();
    }
}
