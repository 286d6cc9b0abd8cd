"""The same pretext training and evaluation written the way a PyTorch user
would: torchvision's mobilenet_v2, a DataLoader over PIL images, the same
transforms, four rotations of every image, Adam, default memory format.

    /usr/bin/python3 bench/reference.py --root data/tiny-imagenet-200 \
        --per-class 10 --batch-size 64 --steps 40 --threads 2 --workers 2

Prints one JSON object: train and eval images per second (model inputs,
so four per image when training), and peak resident memory.
"""
import argparse
import json
import os
import resource
import time

import torch
import torchvision
from PIL import Image
from torchvision import transforms


class TinyImageNetTrain(torch.utils.data.Dataset):
    """The first `per_class` images (sorted) of each class, unlabeled."""

    def __init__(self, root, per_class, transform):
        with open(os.path.join(root, "wnids.txt")) as f:
            wnids = [line.strip() for line in f if line.strip()]
        self.files = []
        for wnid in wnids:
            folder = os.path.join(root, "train", wnid, "images")
            self.files += [os.path.join(folder, name)
                           for name in sorted(os.listdir(folder))[:per_class]]
        self.transform = transform

    def __len__(self):
        return len(self.files)

    def __getitem__(self, index):
        image = Image.open(self.files[index]).convert("RGB")
        return self.transform(image)


class TinyImageNetVal(torch.utils.data.Dataset):
    def __init__(self, root, count, transform):
        folder = os.path.join(root, "val", "images")
        self.files = [os.path.join(folder, name)
                      for name in sorted(os.listdir(folder))[:count]]
        self.transform = transform

    def __len__(self):
        return len(self.files)

    def __getitem__(self, index):
        return self.transform(Image.open(self.files[index]).convert("RGB"))


def rotate_all(images):
    """Every image in its four orientations, labels 0..3."""
    turned = [torch.rot90(images, k, (2, 3)) for k in range(4)]
    labels = torch.arange(4).repeat_interleave(images.shape[0])
    return torch.cat(turned), labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default="data/tiny-imagenet-200")
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--eval-images", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    normalize = transforms.Normalize([0.48, 0.45, 0.40], [0.28, 0.27, 0.28])
    train_transform = transforms.Compose([
        transforms.RandomHorizontalFlip(),
        transforms.RandomCrop(64, padding=4, padding_mode="reflect"),
        transforms.ToTensor(), normalize])
    eval_transform = transforms.Compose([transforms.ToTensor(), normalize])

    model = torchvision.models.mobilenet_v2(num_classes=4)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    train = torch.utils.data.DataLoader(
        TinyImageNetTrain(args.root, args.per_class, train_transform),
        batch_size=args.batch_size, shuffle=True, drop_last=True,
        num_workers=args.workers, persistent_workers=True)

    # Training, end to end: the clock starts after `warmup` steps.
    model.train()
    step, inputs, start = 0, 0, None
    while step < args.warmup + args.steps:
        for images in train:
            batch, labels = rotate_all(images)
            optimizer.zero_grad()
            loss = loss_fn(model(batch), labels)
            loss.backward()
            optimizer.step()
            step += 1
            if step == args.warmup:
                start = time.perf_counter()
            elif step > args.warmup:
                inputs += batch.shape[0]
            if step == args.warmup + args.steps:
                break
    train_seconds = time.perf_counter() - start

    # Evaluation, end to end, in inference mode.
    model.eval()
    val = torch.utils.data.DataLoader(
        TinyImageNetVal(args.root, args.eval_images, eval_transform),
        batch_size=256, num_workers=args.workers)
    start, evaluated = time.perf_counter(), 0
    with torch.inference_mode():
        for images in val:
            batch, labels = rotate_all(images)
            model(batch)
            evaluated += batch.shape[0]
    eval_seconds = time.perf_counter() - start

    # The main process, and the largest DataLoader worker (workers run
    # side by side, so the total is about main + workers x worker).
    main_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({
        "train_images_per_second": inputs / train_seconds,
        "eval_images_per_second": evaluated / eval_seconds,
        "peak_rss_mib_main": main_kib / 1024,
        "peak_rss_mib_worker": worker_kib / 1024,
        "workers": args.workers,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
    }))


if __name__ == "__main__":
    main()
