package org.styletransfer.vgg;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted interpreter of the Python pickle opcodes that a PyTorch state_dict uses. It never
 * executes anything: globals are only symbols ({@link Global}) and must pass the host's
 * allowlist the moment they are named; calls to them ({@code REDUCE}, {@code NEWOBJ}) are handed
 * to the host, which builds plain Java values. Any other opcode is refused.
 *
 * <p>Python values map to: dict to {@code LinkedHashMap}, list to {@code ArrayList}, tuple to
 * {@link Tuple}, str to String, bytes to byte[], int to Long (BigInteger when larger), float to
 * Double, bool to Boolean, None to null.
 */
final class SafeUnpickler {

    /** What the interpreter delegates: which globals exist, what calls and persistent ids yield. */
    interface Host {
        /** Whether the stream may refer to {@code global}; checked before it is pushed. */
        boolean allows(Global global);

        /** The value of {@code function(*args)} for an allowed global. */
        Object call(Global function, Tuple args) throws PickleException;

        /** The object behind a persistent id (PyTorch: a storage reference). */
        Object persistentLoad(Object pid) throws PickleException;
    }

    /** A Python global, e.g. {@code collections.OrderedDict}; a symbol, never resolved to code. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** A Python tuple; unlike {@code List.of}, it may hold None (null). */
    record Tuple(List<Object> items) {
        Tuple {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        Object get(int index) {
            return items.get(index);
        }

        int size() {
            return items.size();
        }
    }

    /** The longest module or name accepted on a text line; real ones are short. */
    private static final int MAX_LINE = 256;

    private final ByteBuffer in;
    private final Host host;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private SafeUnpickler(byte[] data, Host host) {
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.host = host;
    }

    /**
     * Interprets one pickle (up to its STOP opcode) from {@code data} starting at {@code offset}.
     *
     * @return the unpickled value and the offset just after STOP
     */
    static Result load(byte[] data, int offset, Host host) throws PickleException {
        SafeUnpickler unpickler = new SafeUnpickler(data, host);
        unpickler.in.position(offset);
        Object value = unpickler.run();
        return new Result(value, unpickler.in.position());
    }

    /** Interprets a whole pickle stored alone in {@code data}. */
    static Object load(byte[] data, Host host) throws PickleException {
        return load(data, 0, host).value();
    }

    /** An unpickled value and the position after its STOP opcode. */
    record Result(Object value, int end) {
    }

    private Object run() throws PickleException {
        while (true) {
            int at = in.position();
            int op = u8();
            if (op == '.') {
                return pop();
            }
            if (!execute(op)) {
                throw new PickleException(String.format("unsupported pickle opcode 0x%02x at byte %d;"
                        + " a saved state_dict never contains it", op, at));
            }
        }
    }

    /** Runs one opcode; false when it is not one this interpreter knows. */
    private boolean execute(int op) throws PickleException {
        return structure(op) || scalar(op) || memoOp(op) || objectOp(op);
    }

    private boolean structure(int op) throws PickleException {
        switch (op) {
            case 0x80 -> protocol();
            case 0x95 -> bytes(8); // FRAME: a length hint for buffered readers; nothing to do
            case '(' -> marks.push(stack.size());
            case '}' -> push(new LinkedHashMap<>());
            case ']' -> push(new ArrayList<>());
            case ')' -> push(new Tuple(List.of()));
            case 'd' -> push(dictOf(popMark()));
            case 'l' -> push(new ArrayList<>(popMark()));
            case 't' -> push(new Tuple(popMark()));
            case 0x85 -> push(tupleOfTop(1));
            case 0x86 -> push(tupleOfTop(2));
            case 0x87 -> push(tupleOfTop(3));
            case 's' -> setItem();
            case 'u' -> setItems();
            case 'a' -> append();
            case 'e' -> appends();
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(peek());
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean scalar(int op) throws PickleException {
        switch (op) {
            case 'X' -> push(utf8(length(4)));
            case 0x8c -> push(utf8(u8()));
            case 0x8d -> push(utf8(length(8)));
            case 'T' -> push(latin1(length(4)));
            case 'U' -> push(latin1(u8()));
            case 'B' -> push(bytes(length(4)));
            case 'C' -> push(bytes(u8()));
            case 'J' -> push((long) int32());
            case 'K' -> push((long) u8());
            case 'M' -> push((long) (u8() | u8() << 8));
            case 0x8a -> push(longOf(bytes(u8())));
            case 0x8b -> push(longOf(bytes(length(4))));
            case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean memoOp(int op) throws PickleException {
        switch (op) {
            case 'q' -> memo.put((long) u8(), peek());
            case 'r' -> memo.put(uint32(), peek());
            case 0x94 -> memo.put((long) memo.size(), peek());
            case 'p' -> memo.put(parseIndex(line()), peek());
            case 'h' -> push(recall(u8()));
            case 'j' -> push(recall(uint32()));
            case 'g' -> push(recall(parseIndex(line())));
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean objectOp(int op) throws PickleException {
        switch (op) {
            case 'c' -> push(global(line(), line()));
            case 0x93 -> stackGlobal();
            case 'i' -> instance(global(line(), line()), new Tuple(popMark()));
            case 'o' -> object();
            case 'R', 0x81 -> reduce();
            case 'b' -> build();
            case 'Q' -> push(host.persistentLoad(pop()));
            default -> {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------ globals and calls

    /** The allowlist check happens here, before the symbol can reach any call. */
    private Global global(String module, String name) throws PickleException {
        Global global = new Global(module, name);
        if (!host.allows(global)) {
            throw new PickleException("the file asks to call " + global, true);
        }
        return global;
    }

    private void stackGlobal() throws PickleException {
        Object name = pop();
        Object module = pop();
        if (!(module instanceof String m) || !(name instanceof String n)) {
            throw new PickleException("STACK_GLOBAL expects two strings");
        }
        push(global(m, n));
    }

    private void instance(Global cls, Tuple args) throws PickleException {
        push(host.call(cls, args));
    }

    private void object() throws PickleException {
        List<Object> items = popMark();
        if (items.isEmpty() || !(items.get(0) instanceof Global cls)) {
            throw new PickleException("OBJ without a class");
        }
        push(host.call(cls, new Tuple(items.subList(1, items.size()))));
    }

    private void reduce() throws PickleException {
        Object args = pop();
        Object function = pop();
        if (!(function instanceof Global global) || !(args instanceof Tuple tuple)) {
            throw new PickleException("a call of " + describe(function) + " with " + describe(args)
                    + "; only calls of named functions with a tuple of arguments are supported");
        }
        push(host.call(global, tuple));
    }

    /** BUILD sets an object's state; the only objects here are dicts (OrderedDict metadata). */
    private void build() throws PickleException {
        Object state = pop();
        Object target = peek();
        if (!(target instanceof Map)) {
            throw new PickleException("cannot set the state of " + describe(target) + " (state "
                    + describe(state) + ")");
        }
        // torch keeps a _metadata attribute (module versions) on state dicts; weights do not need it.
    }

    // ------------------------------------------------------------ containers

    private void setItem() throws PickleException {
        Object value = pop();
        Object key = pop();
        dictAt(peek()).put(key, value);
    }

    private void setItems() throws PickleException {
        List<Object> items = popMark();
        Map<Object, Object> dict = dictAt(peek());
        dict.putAll(dictOf(items));
    }

    private void append() throws PickleException {
        Object value = pop();
        listAt(peek()).add(value);
    }

    private void appends() throws PickleException {
        List<Object> items = popMark();
        listAt(peek()).addAll(items);
    }

    private static Map<Object, Object> dictOf(List<Object> keysAndValues) throws PickleException {
        if (keysAndValues.size() % 2 != 0) {
            throw new PickleException("odd number of items for a dict");
        }
        Map<Object, Object> dict = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            dict.put(keysAndValues.get(i), keysAndValues.get(i + 1));
        }
        return dict;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dictAt(Object target) throws PickleException {
        if (target instanceof Map) {
            return (Map<Object, Object>) target;
        }
        throw new PickleException("SETITEM(S) on " + describe(target) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listAt(Object target) throws PickleException {
        if (target instanceof ArrayList) {
            return (List<Object>) target;
        }
        throw new PickleException("APPEND(S) on " + describe(target) + ", not a list");
    }

    private Tuple tupleOfTop(int count) throws PickleException {
        if (stack.size() < count) {
            throw new PickleException("stack underflow building a tuple");
        }
        List<Object> top = new ArrayList<>(stack.subList(stack.size() - count, stack.size()));
        stack.subList(stack.size() - count, stack.size()).clear();
        return new Tuple(top);
    }

    // ------------------------------------------------------------ stack and memo

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() throws PickleException {
        if (stack.isEmpty() || (!marks.isEmpty() && stack.size() <= marks.peek())) {
            throw new PickleException("stack underflow at byte " + in.position());
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws PickleException {
        if (stack.isEmpty()) {
            throw new PickleException("stack underflow at byte " + in.position());
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws PickleException {
        if (marks.isEmpty()) {
            throw new PickleException("missing MARK before byte " + in.position());
        }
        int mark = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private Object recall(long index) throws PickleException {
        if (!memo.containsKey(index)) {
            throw new PickleException("memo entry " + index + " read before it was written");
        }
        return memo.get(index);
    }

    // ------------------------------------------------------------ bytes

    private void protocol() throws PickleException {
        int version = u8();
        if (version > 5) {
            throw new PickleException("pickle protocol " + version + " is newer than any known (5)");
        }
    }

    private int u8() throws PickleException {
        need(1);
        return in.get() & 0xFF;
    }

    private int int32() throws PickleException {
        need(4);
        return in.getInt();
    }

    private long uint32() throws PickleException {
        return int32() & 0xFFFFFFFFL;
    }

    /** A length prefix of {@code width} bytes, checked against the bytes that are left. */
    private int length(int width) throws PickleException {
        need(width);
        long length = width == 4 ? in.getInt() & 0xFFFFFFFFL : in.getLong();
        if (length < 0 || length > in.remaining()) {
            throw new PickleException("a length of " + length + " at byte " + (in.position() - width)
                    + " runs past the end of the data (truncated or corrupt)");
        }
        return (int) length;
    }

    private byte[] bytes(int count) throws PickleException {
        need(count);
        byte[] bytes = new byte[count];
        in.get(bytes);
        return bytes;
    }

    private void need(int count) throws PickleException {
        if (in.remaining() < count) {
            throw new PickleException("the pickle ends early at byte " + in.limit()
                    + " (truncated or corrupt)");
        }
    }

    private String line() throws PickleException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') {
                return text.toString();
            }
            if (text.length() >= MAX_LINE) {
                throw new PickleException("an over-long text line at byte " + in.position());
            }
            text.append((char) c);
        }
    }

    private String utf8(int length) throws PickleException {
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    private String latin1(int length) throws PickleException {
        return new String(bytes(length), StandardCharsets.ISO_8859_1);
    }

    private static long parseIndex(String text) throws PickleException {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new PickleException("bad memo index '" + text + "'");
        }
    }

    /** LONG1/LONG4 store two's complement little-endian integers of any width. */
    private static Object longOf(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** A short description of a value for error messages. */
    static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        String text = value instanceof Global g ? "function " + g : value.getClass().getSimpleName();
        return text;
    }
}
