package dev.myelin.onnx;

import dev.myelin.autograd.Grad;
import dev.myelin.io.InvalidFileException;
import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.NodeProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.onnx.proto.OnnxProto.ValueInfoProto;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Turns a {@code GraphProto} into a {@link Graph}: checks that every value is defined once and
 * used only where defined, sorts the nodes topologically (ties keep the file's order), compiles
 * subgraphs with the enclosing scope, builds each node's kernel, folds nodes whose inputs are all
 * constants, and drops nodes that no output depends on.
 */
final class GraphCompiler {
    /** Operators whose results change from run to run: never folded. */
    private static final Set<String> NOT_FOLDABLE = Set.of("RandomNormal", "RandomUniform", "RandomNormalLike",
            "RandomUniformLike", "Bernoulli", "Multinomial", "Dropout");

    private final Map<String, Integer> opsets;
    private final Path baseDir;
    private final String where;

    /**
     * @param opsets the imported operator set version of each domain ("" for the default one)
     * @param baseDir the model's folder, for external data (null when there is none)
     * @param where the model as errors name it
     */
    GraphCompiler(Map<String, Integer> opsets, Path baseDir, String where) {
        this.opsets = opsets;
        this.baseDir = baseDir;
        this.where = where;
    }

    /**
     * Compiles a graph.
     *
     * @param outerScope names defined by enclosing graphs (empty for the main graph)
     * @param presetConstants values known when loading (the main graph's non-trainable initializers)
     * @param runtimeInitializers initializers supplied at each run (the trainable ones)
     */
    Graph compile(GraphProto g, Set<String> outerScope, Map<String, Object> presetConstants,
            List<String> runtimeInitializers) throws IOException {
        String gname = g.getName().isEmpty() ? "graph" : "graph '" + g.getName() + "'";
        Map<String, Integer> slots = new HashMap<>();
        List<Object> constants = new ArrayList<>();
        // Initializers: the preset ones, the runtime ones, and (in subgraphs) the graph's own as constants.
        Map<String, Object> known = new LinkedHashMap<>(presetConstants);
        Set<String> runtime = new LinkedHashSet<>(runtimeInitializers);
        for (TensorProto init : g.getInitializerList()) {
            if (!known.containsKey(init.getName()) && !runtime.contains(init.getName())) {
                known.put(init.getName(), TensorCodec.decode(init, where + ": initializer '" + init.getName() + "'",
                        baseDir));
            }
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new UnsupportedOperationException(where + ": sparse initializers are not supported");
        }
        List<String> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!known.containsKey(v.getName()) && !runtime.contains(v.getName())) {
                inputs.add(v.getName());
            }
        }
        Set<String> defined = new LinkedHashSet<>();
        for (String n : concat(inputs, runtime, known.keySet())) {
            define(n, defined, gname);
        }
        List<NodeProto> nodes = g.getNodeList();
        for (NodeProto n : nodes) {
            for (String out : n.getOutputList()) {
                if (!out.isEmpty()) {
                    define(out, defined, gname + ", node " + n.getOpType() + " '" + n.getName() + "'");
                }
            }
        }
        // Subgraphs see everything defined here and above.
        Set<String> innerScope = new HashSet<>(outerScope);
        innerScope.addAll(defined);
        List<Map<String, Graph>> subgraphs = new ArrayList<>();
        List<List<String>> implicit = new ArrayList<>();
        for (NodeProto n : nodes) {
            Map<String, Graph> subs = new LinkedHashMap<>();
            Set<String> free = new LinkedHashSet<>();
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getType() == AttributeProto.AttributeType.GRAPH || a.hasG()) {
                    Graph sub = compile(a.getG(), innerScope, Map.of(), List.of());
                    subs.put(a.getName(), sub);
                    free.addAll(sub.free);
                } else if (a.getGraphsCount() > 0) {
                    throw new UnsupportedOperationException(describe(n) + ": graph-list attributes are not supported");
                }
            }
            subgraphs.add(subs);
            implicit.add(List.copyOf(free));
        }
        // Free names: used here but defined in an enclosing graph.
        List<String> freeNames = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            for (String in : concat(nodes.get(k).getInputList(), implicit.get(k), List.of())) {
                if (in.isEmpty() || defined.contains(in) || freeNames.contains(in)) {
                    continue;
                }
                if (!outerScope.contains(in)) {
                    throw new InvalidFileException(where + ": " + gname + ": " + describe(nodes.get(k))
                            + " reads '" + in + "', which nothing defines");
                }
                freeNames.add(in);
            }
        }
        for (ValueInfoProto out : g.getOutputList()) {
            if (!defined.contains(out.getName()) && !outerScope.contains(out.getName())) {
                throw new InvalidFileException(where + ": " + gname + ": output '" + out.getName()
                        + "' is not computed by any node");
            }
            if (!defined.contains(out.getName()) && !freeNames.contains(out.getName())) {
                freeNames.add(out.getName());
            }
        }
        for (String n : concat(inputs, freeNames, runtime)) {
            slot(n, slots, constants);
        }
        for (Map.Entry<String, Object> c : known.entrySet()) {
            constants.set(slot(c.getKey(), slots, constants), c.getValue());
        }
        int[] order = topologicalOrder(nodes, implicit, gname);
        Map<String, ElementType> types = declaredTypes(g, order);
        boolean[] live = liveNodes(nodes, implicit, order, g.getOutputList());
        List<Graph.Step> steps = new ArrayList<>();
        List<int[]> stepReads = new ArrayList<>();
        for (int k : order) {
            if (!live[k]) {
                continue;
            }
            NodeProto n = nodes.get(k);
            int[] in = new int[n.getInputCount() + implicit.get(k).size()];
            Object[] constantIn = new Object[n.getInputCount()];
            boolean allConstant = implicit.get(k).isEmpty();
            for (int i = 0; i < in.length; i++) {
                String name = i < n.getInputCount() ? n.getInput(i) : implicit.get(k).get(i - n.getInputCount());
                in[i] = name.isEmpty() ? -1 : slot(name, slots, constants);
                if (i < constantIn.length && in[i] >= 0) {
                    constantIn[i] = constants.get(in[i]);
                    allConstant &= constantIn[i] != null;
                }
            }
            int[] out = new int[n.getOutputCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = n.getOutput(i).isEmpty() ? -1 : slot(n.getOutput(i), slots, constants);
            }
            Node node = node(n, constantIn, subgraphs.get(k), implicit.get(k), types);
            Kernel kernel = Operators.create(node, domainOf(n));
            if (allConstant && subgraphs.get(k).isEmpty() && !NOT_FOLDABLE.contains(n.getOpType())
                    && fold(kernel, constantIn, out, constants)) {
                continue;
            }
            steps.add(new Graph.Step(describe(n), kernel, in, out, null));
            stepReads.add(in);
        }
        int[] outputSlots = g.getOutputList().stream().mapToInt(v -> slots.get(v.getName())).toArray();
        Graph.Step[] withRelease = release(steps, stepReads, outputSlots, constants.size());
        return new Graph(g.getName(), List.copyOf(inputs),
                g.getOutputList().stream().map(ValueInfoProto::getName).toList(), List.copyOf(freeNames),
                List.copyOf(runtime), slotsOf(inputs, slots), outputSlots,
                slotsOf(freeNames, slots), slotsOf(runtime, slots), constants.toArray(), withRelease);
    }

    private static String describe(NodeProto n) {
        return n.getOpType() + (n.getName().isEmpty() ? "" : " '" + n.getName() + "'");
    }

    private static String domainOf(NodeProto n) {
        return n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
    }

    private void define(String name, Set<String> defined, String at) throws InvalidFileException {
        if (name.isEmpty()) {
            throw new InvalidFileException(where + ": " + at + " defines a value with an empty name");
        }
        if (!defined.add(name)) {
            throw new InvalidFileException(where + ": " + at + " defines '" + name + "', which is already defined");
        }
    }

    private static int slot(String name, Map<String, Integer> slots, List<Object> constants) {
        return slots.computeIfAbsent(name, n -> {
            constants.add(null);
            return constants.size() - 1;
        });
    }

    private static int[] slotsOf(Iterable<String> names, Map<String, Integer> slots) {
        List<Integer> out = new ArrayList<>();
        for (String n : names) {
            out.add(slots.get(n));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> concat(Iterable<String> a, Iterable<String> b, Iterable<String> c) {
        List<String> out = new ArrayList<>();
        a.forEach(out::add);
        b.forEach(out::add);
        c.forEach(out::add);
        return out;
    }

    private Node node(NodeProto n, Object[] constantIn, Map<String, Graph> subgraphs, List<String> implicit,
            Map<String, ElementType> types) throws IOException {
        Map<String, AttributeProto> attrs = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new HashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            if (attrs.put(a.getName(), a) != null) {
                throw new InvalidFileException(where + ": " + describe(n) + " has attribute '" + a.getName() + "' twice");
            }
            if (a.getType() == AttributeProto.AttributeType.TENSOR || (a.hasT() && a.getType()
                    == AttributeProto.AttributeType.UNDEFINED)) {
                tensors.put(a.getName(), TensorCodec.decode(a.getT(), where + ": " + describe(n) + ", attribute '"
                        + a.getName() + "'", baseDir));
            }
        }
        Integer opset = domainOf(n).equals(Fusions.DOMAIN) ? Integer.valueOf(1) : opsets.get(domainOf(n));
        if (opset == null) {
            opset = Operators.LATEST_OPSET;
        }
        ElementType[] inTypes = n.getInputList().stream().map(types::get).toArray(ElementType[]::new);
        ElementType[] outTypes = n.getOutputList().stream().map(types::get).toArray(ElementType[]::new);
        return new Node(n, opset, attrs, tensors, subgraphs, constantIn, implicit, inTypes, outTypes);
    }

    /**
     * The ONNX element types the file declares (inputs, outputs, value_info, initializers) or that
     * follow from a node alone (Constant, Cast): operators whose result type Myelin's dtypes cannot
     * tell (uint8 or int8 both live in int32) read them.
     */
    private Map<String, ElementType> declaredTypes(GraphProto g, int[] order) {
        Map<String, ElementType> types = new HashMap<>();
        for (List<ValueInfoProto> list : List.of(g.getInputList(), g.getOutputList(), g.getValueInfoList())) {
            for (ValueInfoProto v : list) {
                if (v.getType().hasTensorType() && v.getType().getTensorType().getElemType() != 0) {
                    putType(types, v.getName(), v.getType().getTensorType().getElemType());
                }
            }
        }
        for (TensorProto t : g.getInitializerList()) {
            putType(types, t.getName(), t.getDataType());
        }
        for (int k : order) {
            NodeProto n = g.getNode(k);
            if (n.getOutputCount() == 0) {
                continue;
            }
            for (AttributeProto a : n.getAttributeList()) {
                if (n.getOpType().equals("Constant") && a.hasT()) {
                    putType(types, n.getOutput(0), a.getT().getDataType());
                } else if (n.getOpType().equals("Cast") && a.getName().equals("to") && a.hasI()) {
                    putType(types, n.getOutput(0), (int) a.getI());
                }
            }
        }
        return types;
    }

    private static void putType(Map<String, ElementType> types, String name, int code) {
        try {
            types.putIfAbsent(name, ElementType.of(code));
        } catch (IllegalArgumentException e) {
            // an element type Myelin lacks: the operator that reads it reports that
        }
    }

    /** Runs a node whose inputs are all constants now; false (and nothing recorded) if it fails. */
    private static boolean fold(Kernel kernel, Object[] in, int[] out, List<Object> constants) {
        Object[] results;
        try (var off = Grad.off()) {
            results = kernel.run(in);
        } catch (RuntimeException e) {
            return false;   // it fails again at run time, with the node named, if the run reaches it
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 0) {
                if (i >= results.length || results[i] == null) {
                    return false;
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 0) {
                constants.set(out[i], results[i]);
            }
        }
        return true;
    }

    /** Kahn's algorithm over the values nodes read and write; among ready nodes the earliest in the file runs first. */
    private int[] topologicalOrder(List<NodeProto> nodes, List<List<String>> implicit, String gname)
            throws InvalidFileException {
        Map<String, Integer> producer = new HashMap<>();
        for (int k = 0; k < nodes.size(); k++) {
            for (String out : nodes.get(k).getOutputList()) {
                if (!out.isEmpty()) {
                    producer.put(out, k);
                }
            }
        }
        int[] pending = new int[nodes.size()];
        List<List<Integer>> consumers = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            consumers.add(new ArrayList<>());
        }
        for (int k = 0; k < nodes.size(); k++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : concat(nodes.get(k).getInputList(), implicit.get(k), List.of())) {
                Integer p = producer.get(in);
                if (p != null && deps.add(p)) {
                    consumers.get(p).add(k);
                    pending[k]++;
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int k = 0; k < nodes.size(); k++) {
            if (pending[k] == 0) {
                ready.add(k);
            }
        }
        int[] order = new int[nodes.size()];
        int done = 0;
        while (!ready.isEmpty()) {
            int k = ready.poll();
            order[done++] = k;
            for (int c : consumers.get(k)) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (done != nodes.size()) {
            List<String> stuck = new ArrayList<>();
            for (int k = 0; k < nodes.size() && stuck.size() < 5; k++) {
                if (pending[k] > 0) {
                    stuck.add(describe(nodes.get(k)));
                }
            }
            throw new InvalidFileException(where + ": " + gname + " has a cycle through " + stuck);
        }
        return order;
    }

    /** Marks the nodes some graph output depends on. */
    private static boolean[] liveNodes(List<NodeProto> nodes, List<List<String>> implicit, int[] order,
            List<ValueInfoProto> outputs) {
        Set<String> needed = new HashSet<>();
        outputs.forEach(o -> needed.add(o.getName()));
        boolean[] live = new boolean[nodes.size()];
        for (int i = order.length - 1; i >= 0; i--) {
            NodeProto n = nodes.get(order[i]);
            for (String out : n.getOutputList()) {
                live[order[i]] |= !out.isEmpty() && needed.contains(out);
            }
            if (live[order[i]]) {
                needed.addAll(n.getInputList());
                needed.addAll(implicit.get(order[i]));
            }
        }
        return live;
    }

    /** Adds to each step the slots whose last reader it is (outputs and constants are kept). */
    private static Graph.Step[] release(List<Graph.Step> steps, List<int[]> reads, int[] outputSlots, int slotCount) {
        int[] lastUse = new int[slotCount];
        Arrays.fill(lastUse, -1);
        for (int s = 0; s < steps.size(); s++) {
            for (int o : steps.get(s).out()) {
                if (o >= 0) {
                    lastUse[o] = Math.max(lastUse[o], s);
                }
            }
            for (int r : reads.get(s)) {
                if (r >= 0) {
                    lastUse[r] = s;
                }
            }
        }
        for (int o : outputSlots) {
            lastUse[o] = Integer.MAX_VALUE;
        }
        List<List<Integer>> releases = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            releases.add(new ArrayList<>());
        }
        for (int slot = 0; slot < slotCount; slot++) {
            if (lastUse[slot] >= 0 && lastUse[slot] < steps.size()) {
                releases.get(lastUse[slot]).add(slot);
            }
        }
        Graph.Step[] out = new Graph.Step[steps.size()];
        for (int s = 0; s < out.length; s++) {
            Graph.Step st = steps.get(s);
            out[s] = new Graph.Step(st.node(), st.kernel(), st.in(), st.out(),
                    releases.get(s).stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
