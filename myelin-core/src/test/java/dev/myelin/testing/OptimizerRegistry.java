package dev.myelin.testing;

import dev.myelin.optim.*;
import dev.myelin.optim.lr.*;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every optimizer configuration and learning-rate schedule, declared once with its PyTorch
 * equivalent. {@code TrajectoryParityTest} runs each for {@link OptimizerCase#STEPS} steps and
 * compares with PyTorch's trajectory; the goldens come from {@code scripts/make-goldens.sh}.
 */
public final class OptimizerRegistry {
    private static final String SGD_MOMENTUM = "torch.optim.SGD(p, lr=0.1, momentum=0.9)";
    private static final List<OptimizerCase> ALL = build();

    private OptimizerRegistry() {}

    /** All cases, in declaration order. */
    public static List<OptimizerCase> all() {
        return ALL;
    }

    private static List<OptimizerCase> build() {
        List<OptimizerCase> c = new ArrayList<>();
        // Optimizers.
        opt(c, "sgd", "torch.optim.SGD(p, lr=0.1)", p -> new SGD(p, 0.1));
        opt(c, "sgdMomentum", SGD_MOMENTUM, p -> new SGD(p, SGD.options(0.1).momentum(0.9)));
        opt(c, "sgdDampening", "torch.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01)",
                p -> new SGD(p, SGD.options(0.1).momentum(0.9).dampening(0.3).weightDecay(0.01)));
        opt(c, "sgdNesterov", "torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.05)",
                p -> new SGD(p, SGD.options(0.05).momentum(0.9).nesterov(true).weightDecay(0.05)));
        opt(c, "sgdGroups", "torch.optim.SGD([{'params': p[:1], 'lr': 0.05, 'weight_decay': 0.1},"
                + " {'params': p[1:]}], lr=0.1, momentum=0.9)",
                p -> new SGD(List.of(ParamGroup.of(p.subList(0, 1)).lr(0.05).weightDecay(0.1),
                        ParamGroup.of(p.subList(1, 3))), SGD.options(0.1).momentum(0.9)));
        opt(c, "adam", "torch.optim.Adam(p, lr=0.01)", p -> new Adam(p, 0.01));
        opt(c, "adamWeightDecay", "torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)",
                p -> new Adam(p, Adam.options(0.01).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1)));
        opt(c, "adamAmsgrad", "torch.optim.Adam(p, lr=0.02, amsgrad=True)",
                p -> new Adam(p, Adam.options(0.02).amsgrad(true)));
        opt(c, "adamGroups", "torch.optim.Adam([{'params': p[:1]}, {'params': p[1:], 'lr': 0.03,"
                + " 'weight_decay': 0.2}], lr=0.01)",
                p -> new Adam(List.of(ParamGroup.of(p.subList(0, 1)),
                        ParamGroup.of(p.subList(1, 3)).lr(0.03).weightDecay(0.2)), Adam.options(0.01)));
        opt(c, "adamW", "torch.optim.AdamW(p, lr=0.01)", p -> new AdamW(p, 0.01));
        opt(c, "adamWAmsgrad", "torch.optim.AdamW(p, lr=0.01, weight_decay=0.1, amsgrad=True)",
                p -> new AdamW(p, AdamW.options(0.01).weightDecay(0.1).amsgrad(true)));
        opt(c, "rmsprop", "torch.optim.RMSprop(p, lr=0.01)", p -> new RMSprop(p, 0.01));
        opt(c, "rmspropCentered",
                "torch.optim.RMSprop(p, lr=0.01, alpha=0.9, weight_decay=0.01, momentum=0.5, centered=True)",
                p -> new RMSprop(p, RMSprop.options(0.01).alpha(0.9).weightDecay(0.01).momentum(0.5).centered(true)));
        opt(c, "adagrad", "torch.optim.Adagrad(p, lr=0.1)", p -> new Adagrad(p, 0.1));
        opt(c, "adagradDecay",
                "torch.optim.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1,"
                        + " eps=1e-8)",
                p -> new Adagrad(p, Adagrad.options(0.1).lrDecay(0.01).weightDecay(0.01).initialAccumulatorValue(0.1)
                        .eps(1e-8)));
        opt(c, "adadelta", "torch.optim.Adadelta(p, lr=1.0)", p -> new Adadelta(p, 1.0));
        opt(c, "adadeltaDecay", "torch.optim.Adadelta(p, lr=0.5, rho=0.8, weight_decay=0.01)",
                p -> new Adadelta(p, Adadelta.options(0.5).rho(0.8).weightDecay(0.01)));
        opt(c, "nadam", "NAdam(p, lr=0.01)", p -> new NAdam(p, 0.01));
        opt(c, "nadamDecay", "NAdam(p, lr=0.01, betas=(0.8, 0.99), weight_decay=0.01, momentum_decay=0.01)",
                p -> new NAdam(p, NAdam.options(0.01).betas(0.8, 0.99).weightDecay(0.01).momentumDecay(0.01)));

        // Gradient clipping.
        c.add(new OptimizerCase("clipNorm", SGD_MOMENTUM, OptimizerRegistry::sgdMomentum, null, null, "norm"));
        c.add(new OptimizerCase("clipValue", SGD_MOMENTUM, OptimizerRegistry::sgdMomentum, null, null, "value"));

        // Learning-rate schedules, on SGD with momentum unless stated.
        sched(c, "stepLR", "S.StepLR(opt, step_size=5, gamma=0.5)", o -> new StepLR(o, 5, 0.5));
        sched(c, "multiStepLR", "S.MultiStepLR(opt, milestones=[3, 8, 8, 15], gamma=0.5)",
                o -> new MultiStepLR(o, new int[] {3, 8, 8, 15}, 0.5));
        sched(c, "exponentialLR", "S.ExponentialLR(opt, gamma=0.9)", o -> new ExponentialLR(o, 0.9));
        sched(c, "cosineAnnealingLR", "S.CosineAnnealingLR(opt, T_max=8, eta_min=0.01)",
                o -> new CosineAnnealingLR(o, 8, 0.01));
        sched(c, "cosineWarmRestarts", "S.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.001)",
                o -> new CosineAnnealingWarmRestarts(o, 3, 2, 0.001));
        sched(c, "linearLR", "S.LinearLR(opt, start_factor=0.2, end_factor=1.0, total_iters=6)",
                o -> new LinearLR(o, 0.2, 1.0, 6));
        sched(c, "lambdaLR", "S.LambdaLR(opt, lambda e: 1.0 / (1 + 0.3 * e))", o -> new LambdaLR(o, e -> 1.0 / (1 + 0.3 * e)));
        sched(c, "oneCycle", "S.OneCycleLR(opt, max_lr=0.2, total_steps=25)", o -> new OneCycleLR(o, 0.2, 25));
        sched(c, "oneCycleFlat", "S.OneCycleLR(opt, max_lr=0.2, total_steps=20, pct_start=0.25,"
                + " cycle_momentum=False, div_factor=10.0, final_div_factor=100.0)",
                o -> new OneCycleLR(o, 0.2, 20, OneCycleLR.options().pctStart(0.25).cycleMomentum(false)
                        .divFactors(10, 100)));
        c.add(new OptimizerCase("oneCycleAdamThreePhase", "torch.optim.Adam(p, lr=0.01)", p -> new Adam(p, 0.01),
                "S.OneCycleLR(opt, max_lr=0.05, total_steps=20, anneal_strategy='linear', three_phase=True)",
                o -> new OneCycleLR(o, 0.05, 20, OneCycleLR.options().anneal(OneCycleLR.Anneal.LINEAR).threePhase(true)),
                null));
        sched(c, "plateau", "S.ReduceLROnPlateau(opt, factor=0.5, patience=1, threshold=0.05, cooldown=1, min_lr=0.02)",
                o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.options().factor(0.5).patience(1)
                        .threshold(0.05, ReduceLROnPlateau.ThresholdMode.REL).cooldown(1).minLr(0.02)));
        sched(c, "warmupCosine",
                "S.SequentialLR(opt, [S.LinearLR(opt, 0.1, 1.0, 5), S.CosineAnnealingLR(opt, 15, 0.0)], [5])",
                o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, 5), new CosineAnnealingLR(o, 15, 0.0)), 5));
        c.add(new OptimizerCase("groupsExponentialLR", "torch.optim.SGD([{'params': p[:1], 'lr': 0.05},"
                + " {'params': p[1:]}], lr=0.1, momentum=0.9)",
                p -> new SGD(List.of(ParamGroup.of(p.subList(0, 1)).lr(0.05), ParamGroup.of(p.subList(1, 3))),
                        SGD.options(0.1).momentum(0.9)),
                "S.ExponentialLR(opt, gamma=0.8)", o -> new ExponentialLR(o, 0.8), null));
        checkUnique(c);
        return List.copyOf(c);
    }

    private static Optimizer sgdMomentum(List<Tensor> p) {
        return new SGD(p, SGD.options(0.1).momentum(0.9));
    }

    private static void opt(List<OptimizerCase> c, String name, String torch, Function<List<Tensor>, Optimizer> f) {
        c.add(new OptimizerCase(name, torch, f, null, null, null));
    }

    private static void sched(List<OptimizerCase> c, String name, String torch, Function<Optimizer, Object> f) {
        c.add(new OptimizerCase(name, SGD_MOMENTUM, OptimizerRegistry::sgdMomentum, torch, f, null));
    }

    private static void checkUnique(List<OptimizerCase> cases) {
        Set<String> names = new HashSet<>();
        for (OptimizerCase o : cases) {
            if (!names.add(o.name())) {
                throw new IllegalStateException("optimizer case '" + o.name() + "' is declared twice");
            }
        }
    }
}
