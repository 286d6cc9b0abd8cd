"""Writes a torchvision mobilenet_v2 state dict and its outputs on a fixed
input, the reference tests/plugins/mobilenet_v2_test.cpp checks against.

    /usr/bin/python3 make_mobilenet_reference.py OUT_DIR [WIDTH_MULT]
"""
import sys

import torch
import torchvision


def main(out_dir, width_mult):
    torch.manual_seed(0)
    model = torchvision.models.mobilenet_v2(width_mult=width_mult)
    # Non-trivial batch-norm statistics, so that loading them matters.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 1.5)
    model.eval()

    images = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        features = torch.nn.functional.adaptive_avg_pool2d(
            model.features(images), 1).flatten(1)
        logits = model(images)
        # The first eleven blocks alone, for the `blocks` option.
        first_11 = torch.nn.functional.adaptive_avg_pool2d(
            model.features[:11](images), 1).flatten(1)

    torch.save(model.state_dict(), f"{out_dir}/weights.pt")
    torch.save({"images": images, "features": features, "logits": logits,
                "first_11_blocks": first_11},
               f"{out_dir}/outputs.pt")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 1.0)
