// Pads an image by `padding` pixels on every side, then crops a window of
// the original size at a uniformly random offset (the usual CIFAR recipe).
// The padding is never materialised: each output pixel reads the source
// pixel it stands for, or the fill when that lies outside the image.

#include <algorithm>
#include <random>

#include "pretext/augmentation.h"

namespace {

// Maps a coordinate outside [0, size) back inside by mirroring about the
// outermost pixels, which are not repeated: -1 reads 1, size reads
// size - 2. Folding repeatedly makes any padding width valid.
int mirror(int64_t at, int size) {
  if (size == 1) return 0;
  int64_t period = 2 * (size - 1);
  at %= period;
  if (at < 0) at += period;
  return static_cast<int>(at < size ? at : period - at);
}

class RandomCrop : public pretext::Augmentation {
 public:
  RandomCrop(const pretext::Options& options, const pretext::Context&)
      : padding_(options.integer("padding")),
        reflect_(options.string("fill") == "reflect") {}

  void apply(pretext::Image& image, std::mt19937_64& rng) const override {
    if (padding_ == 0 || image.pixels.empty()) return;
    std::uniform_int_distribution<int64_t> shift(-padding_, padding_);
    int64_t dy = shift(rng);
    int64_t dx = shift(rng);

    pretext::Image out = image;
    for (int y = 0; y < image.height; ++y)
      for (int x = 0; x < image.width; ++x) {
        int64_t sy = y + dy;
        int64_t sx = x + dx;
        bool inside =
            sy >= 0 && sy < image.height && sx >= 0 && sx < image.width;
        uint8_t* pixel = out.at(y, x);
        if (inside || reflect_) {
          const uint8_t* source =
              image.at(mirror(sy, image.height), mirror(sx, image.width));
          std::copy_n(source, pretext::Image::channels, pixel);
        } else {
          std::fill_n(pixel, pretext::Image::channels, 0);
        }
      }
    image = std::move(out);
  }

 private:
  int64_t padding_;
  bool reflect_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "random_crop";
  info.kind = pretext::PluginKind::augmentation;
  info.version = "1.0.0";
  info.summary = "pad every side, then crop the original size at random";
  info.options = {
      pretext::option::integer("padding", 4,
                               "pixels added on every side before cropping")
          .at_least(0),
      pretext::option::choice(
          "fill", "reflect", {"reflect", "zero"},
          "reflect: mirror the image without repeating its edge; zero: black"),
  };
  info.create = pretext::factory_of<RandomCrop>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
