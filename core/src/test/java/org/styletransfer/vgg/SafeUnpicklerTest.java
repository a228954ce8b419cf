package org.styletransfer.vgg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.styletransfer.vgg.SafeUnpickler.Global;
import org.styletransfer.vgg.SafeUnpickler.Tuple;
import org.styletransfer.vgg.VggFixtures.PickleWriter;

/** The restricted pickle interpreter on its own. */
class SafeUnpicklerTest {

    /** Allows nothing; records calls so a test can prove none happened. */
    private static final class NoGlobals implements SafeUnpickler.Host {
        final List<Global> calls = new ArrayList<>();

        @Override
        public boolean allows(Global global) {
            return false;
        }

        @Override
        public Object call(Global function, Tuple args) {
            calls.add(function);
            return null;
        }

        @Override
        public Object persistentLoad(Object pid) {
            return "pid:" + pid;
        }
    }

    @Test
    void readsContainersScalarsAndMemo() throws Exception {
        // {'a': [1, -2, 70000, 2**70, 1.5, True, None, ('x', 'y')], 'a-again': <memo 0>}
        byte[] data = new PickleWriter().proto(2).op('}').op('(')
                .unicode("a").op(']').op('q').op(0).op('(')
                .integer(1).op('J').op(0xFE).op(0xFF).op(0xFF).op(0xFF).integer(70000)
                .op(0x8a).op(9).op(0).op(0).op(0).op(0).op(0).op(0).op(0).op(0).op(0x40)
                .op('G').op(0x3F).op(0xF8).op(0).op(0).op(0).op(0).op(0).op(0)
                .op(0x88).op('N').shortUnicode("x").shortUnicode("y").op(0x86)
                .op('e').unicode("a-again").op('h').op(0).op('u').op('.').bytes();
        Object value = SafeUnpickler.load(data, new NoGlobals());
        Map<?, ?> map = (Map<?, ?>) value;
        List<?> list = (List<?>) map.get("a");
        assertEquals(1L, list.get(0));
        assertEquals(-2L, list.get(1));
        assertEquals(70000L, list.get(2));
        assertEquals(BigInteger.ONE.shiftLeft(70), list.get(3));
        assertEquals(1.5, list.get(4));
        assertEquals(Boolean.TRUE, list.get(5));
        assertEquals(null, list.get(6));
        assertEquals(new Tuple(List.of("x", "y")), list.get(7));
        assertTrue(map.get("a-again") == list, "memo returns the same object");
    }

    @Test
    void refusedGlobalStopsBeforeAnyCall() {
        NoGlobals host = new NoGlobals();
        byte[] data = new PickleWriter().proto(2).global("os", "system").unicode("echo hi").op(0x85).op('R')
                .op('.').bytes();
        PickleException e = assertThrows(PickleException.class, () -> SafeUnpickler.load(data, host));
        assertTrue(e.refusedGlobal());
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        assertTrue(host.calls.isEmpty());
    }

    @Test
    void reduceOfANonGlobalIsRefused() {
        byte[] data = new PickleWriter().proto(2).unicode("os.system").emptyTuple().op('R').op('.').bytes();
        PickleException e = assertThrows(PickleException.class, () -> SafeUnpickler.load(data, new NoGlobals()));
        assertTrue(e.getMessage().contains("only calls of named functions"), e.getMessage());
    }

    @Test
    void unknownOpcodeIsRefused() {
        byte[] data = new PickleWriter().proto(2).op(0x96).op('.').bytes(); // BYTEARRAY8
        PickleException e = assertThrows(PickleException.class, () -> SafeUnpickler.load(data, new NoGlobals()));
        assertTrue(e.getMessage().contains("0x96"), e.getMessage());
    }

    @Test
    void truncatedStreamIsReported() {
        byte[] data = new PickleWriter().proto(2).op('X').op(100).op(0).op(0).op(0).op('a').bytes();
        PickleException e = assertThrows(PickleException.class, () -> SafeUnpickler.load(data, new NoGlobals()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void persistentIdsGoToTheHost() throws Exception {
        byte[] data = new PickleWriter().proto(2).unicode("k").op('Q').op('.').bytes();
        assertEquals("pid:k", SafeUnpickler.load(data, new NoGlobals()));
    }

    @Test
    void setItemOnDictFromDictOpcode() throws Exception {
        byte[] data = new PickleWriter().proto(2).op('(').unicode("a").integer(1).op('d')
                .unicode("b").integer(2).op('s').op('.').bytes();
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1L);
        expected.put("b", 2L);
        assertEquals(expected, SafeUnpickler.load(data, new NoGlobals()));
    }
}
