"""Writes the tiny PyTorch fixtures in this folder WITHOUT torch.

torch.save pickles with Python's own pickle module (protocol 2); this script does the same with
stand-in objects for torch._utils._rebuild_tensor_v2 / _rebuild_tensor and torch.FloatStorage, so
the pickle bytes come from the real Python pickler, laid out as torch.save lays them out:

  tiny_vgg19_zip.pth     zip format (PyTorch >= 1.6): tiny_vgg19_zip/data.pkl, .../data/<key>, ...
  tiny_vgg19_legacy.pth  legacy format (PyTorch < 1.6): 5 pickles, then per storage an int64
                         element count and the raw float32 bytes

Both hold a VGG-19-shaped state_dict with reduced channels (CH below) and values given by
VALUE(layer, i) / BIAS(layer, j); VggFixtures.java recomputes them. Run: python3 make_torch_fixtures.py
"""
import collections
import io
import pickle
import struct
import sys
import types
import zipfile

CH = [3, 4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
INDICES = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34]


def VALUE(layer, i):
    return ((i * 7 + layer * 13) % 23 - 11) / 16.0


def BIAS(layer, j):
    return (j + layer) / 4.0 - 1.0


torch = types.ModuleType("torch")
utils = types.ModuleType("torch._utils")


def _rebuild_tensor_v2(*args):
    raise AssertionError("never called")


def _rebuild_tensor(*args):
    raise AssertionError("never called")


for f in (_rebuild_tensor_v2, _rebuild_tensor):
    f.__module__ = "torch._utils"
    setattr(utils, f.__name__, f)


class FloatStorage:
    pass


FloatStorage.__module__ = "torch"
torch.FloatStorage = FloatStorage
torch._utils = utils
sys.modules["torch"] = torch
sys.modules["torch._utils"] = utils


class Storage:
    def __init__(self, key, values):
        self.key, self.values = key, values


class Tensor:
    def __init__(self, storage, size, v2):
        self.storage, self.size, self.v2 = storage, size, v2

    def __reduce_ex__(self, protocol):
        stride, acc = [], 1
        for d in reversed(self.size):
            stride.insert(0, acc)
            acc *= d
        if self.v2:
            return (_rebuild_tensor_v2,
                    (self.storage, 0, tuple(self.size), tuple(stride), False, collections.OrderedDict()))
        return (_rebuild_tensor, (self.storage, 0, tuple(self.size), tuple(stride)))


class TorchPickler(pickle.Pickler):
    legacy = False

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            pid = ("storage", FloatStorage, obj.key, "cpu", len(obj.values))
            return pid + (None,) if self.legacy else pid
        return None


def state_dict(v2):
    sd = collections.OrderedDict()
    storages = []
    for layer, index in enumerate(INDICES):
        cin, cout = CH[layer], CH[layer + 1]
        w = [VALUE(layer, i) for i in range(cout * cin * 9)]
        b = [BIAS(layer, j) for j in range(cout)]
        for name, values, size in (("weight", w, [cout, cin, 3, 3]), ("bias", b, [cout])):
            s = Storage(str(len(storages)), values)
            storages.append(s)
            sd["features.%d.%s" % (index, name)] = Tensor(s, size, v2)
    sd._metadata = collections.OrderedDict([("", {"version": 1}), ("features", {"version": 1})])
    return sd, storages


def floats(values):
    return struct.pack("<%df" % len(values), *values)


def write_zip(path):
    sd, storages = state_dict(True)
    buf = io.BytesIO()
    TorchPickler(buf, protocol=2).dump(sd)
    prefix = "tiny_vgg19_zip/"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(prefix + "data.pkl", buf.getvalue())
        z.writestr(prefix + "byteorder", "little")
        for s in storages:
            z.writestr(prefix + "data/" + s.key, floats(s.values))
        z.writestr(prefix + "version", "3\n")


def write_legacy(path):
    sd, storages = state_dict(False)
    with open(path, "wb") as f:
        pickle.dump(0x1950A86A20F9469CFC6C, f, protocol=2)
        pickle.dump(1001, f, protocol=2)
        pickle.dump({"protocol_version": 1001, "little_endian": True,
                     "type_sizes": {"short": 2, "int": 4, "long": 4}}, f, protocol=2)
        pickler = TorchPickler(f, protocol=2)
        pickler.legacy = True
        pickler.dump(sd)
        pickle.dump([s.key for s in storages], f, protocol=2)
        for s in storages:
            f.write(struct.pack("<q", len(s.values)))
            f.write(floats(s.values))


if __name__ == "__main__":
    write_zip("tiny_vgg19_zip.pth")
    write_legacy("tiny_vgg19_legacy.pth")
