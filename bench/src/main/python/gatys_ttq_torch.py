#!/usr/bin/env python3
"""PyTorch side of `bench-gatys --parts ttq`: the same Gatys problem as the Java run, solved with
torch.optim.LBFGS from the same start, for a like-for-like time-to-quality comparison.

The Java benchmark writes the problem into a folder (problem.json plus little-endian float32 files:
the VGG convolutions as [out,in,3,3] weights and biases, the content, style and start images as
[1,3,H,W] RGB 0..255). This script rebuilds the project's loss from that description:

  total = content_weight * sum_c ||F_c - P_c||^2 / ||P_c||^2
        + style_weight * sum_l w_l ||G_l - A_l||^2 / ||A_l||^2      (G = F F^T / (C h w))
        + tv_weight * mean of squared differences of neighbouring pixels

(the normalised losses of org.styletransfer.export.LossTerms), computes the targets with torch,
checks that its loss at the start image equals the one Java reports, and runs L-BFGS (strong Wolfe
line search, the same history size) timing every loss evaluation. It prints one JSON object.

Usage: /usr/bin/python3 gatys_ttq_torch.py PROBLEM_DIR [--iters 500] [--threads 2]
"""
import argparse, json, os, sys, time
import torch
import torch.nn.functional as F


def floats(folder, name, shape):
    with open(os.path.join(folder, name), 'rb') as f:
        data = bytearray(f.read())
    t = torch.frombuffer(data, dtype=torch.float32)
    return t.reshape(shape).clone()


class Vgg(torch.nn.Module):
    """conv1_1 .. the deepest layer needed, ReLU after each, 2x2 pooling after each block."""

    def __init__(self, problem, folder):
        super().__init__()
        self.convs = []
        for layer in problem['layers']:
            w = floats(folder, layer['name'] + '_W.f32', (layer['out'], layer['in'], 3, 3))
            b = floats(folder, layer['name'] + '_b.f32', (layer['out'],))
            self.convs.append((layer['relu'], w, b, layer['pool_after']))
        conv = problem['convention']
        order = [2, 1, 0] if conv['bgr'] else [0, 1, 2]
        self.order = torch.tensor(order)
        scale = torch.tensor([conv['scale'] / s for s in conv['std']]).view(1, 3, 1, 1)
        offset = torch.tensor([m / s for m, s in zip(conv['mean'], conv['std'])]).view(1, 3, 1, 1)
        self.scale, self.offset = scale, offset
        self.max_pool = problem['pooling'] == 'MAX'

    def forward(self, image, wanted):
        x = image[:, self.order] * self.scale - self.offset
        out = {}
        for relu, w, b, pool_after in self.convs:
            x = F.relu(F.conv2d(x, w, b, padding=1))
            if relu in wanted:
                out[relu] = x
            if len(out) == len(wanted):
                break
            if pool_after:
                x = F.max_pool2d(x, 2) if self.max_pool else F.avg_pool2d(x, 2)
        return out


def gram(f):
    c = f.shape[1]
    flat = f.reshape(c, -1)
    return flat @ flat.t() / flat.numel()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('folder')
    ap.add_argument('--iters', type=int, default=500)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    with open(os.path.join(args.folder, 'problem.json')) as f:
        p = json.load(f)
    h, w = p['height'], p['width']
    net = Vgg(p, args.folder)
    content_layers, style_layers = p['content_layers'], p['style_layers']
    wanted = set(content_layers) | set(style_layers)
    content = floats(args.folder, 'content.f32', (1, 3, h, w))
    style = floats(args.folder, 'style.f32', (1, 3, p['style_height'], p['style_width']))
    with torch.no_grad():
        content_t = {k: v for k, v in net(content, wanted).items() if k in content_layers}
        style_f = net(style, wanted)
        style_t = {k: gram(style_f[k]) for k in style_layers}
    layer_w = dict(zip(style_layers, p['style_layer_weights']))
    cw, sw, tvw = p['content_weight'], p['style_weight'], p['tv_weight']

    def loss_of(img):
        f = net(img, wanted)
        loss = img.new_zeros(())
        for k in content_layers:
            loss = loss + cw * ((f[k] - content_t[k]) ** 2).sum() / (content_t[k] ** 2).sum().clamp_min(1e-30)
        for k in style_layers:
            a = style_t[k]
            loss = loss + sw * layer_w[k] * ((gram(f[k]) - a) ** 2).sum() / (a ** 2).sum().clamp_min(1e-30)
        dx = img[:, :, :, 1:] - img[:, :, :, :-1]
        dy = img[:, :, 1:, :] - img[:, :, :-1, :]
        return loss + tvw * ((dx ** 2).sum() + (dy ** 2).sum()) / (dx.numel() + dy.numel())

    img = floats(args.folder, 'start.f32', (1, 3, h, w)).requires_grad_(True)
    with torch.no_grad():
        start_loss = loss_of(img).item()
    # Warm-up outside the timed run, as the Java side does.
    for _ in range(2):
        loss_of(img.detach().clone().requires_grad_(True)).backward()
    opt = torch.optim.LBFGS([img], lr=1.0, max_iter=args.iters, max_eval=int(args.iters * 1.25) + 10,
                            history_size=p['history'], line_search_fn='strong_wolfe',
                            tolerance_grad=-1, tolerance_change=-1)
    trace = []
    t0 = [0.0]

    def closure():
        opt.zero_grad()
        loss = loss_of(img)
        loss.backward()
        trace.append((time.perf_counter() - t0[0], loss.item()))
        return loss

    t0[0] = time.perf_counter()
    opt.step(closure)
    seconds = time.perf_counter() - t0[0]
    state = opt.state[opt._params[0]]
    print(json.dumps({'torch': torch.__version__, 'threads': args.threads, 'start_loss': start_loss,
                      'iterations': state['n_iter'], 'evaluations': len(trace), 'seconds': seconds,
                      'trace': [[round(t, 4), l] for t, l in trace]}))


if __name__ == '__main__':
    sys.exit(main())
