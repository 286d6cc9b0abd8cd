// Zooms in or out by a random amount, keeping the image size.
//
// z is drawn uniformly from [-factor, factor], the same for both axes.
//   z > 0, zoom in: a window of (1 - z) times the height and width, at a
//     uniformly random position, is resized bilinearly to the full size.
//   z < 0, zoom out: the image is resized bilinearly to 1 / (1 + |z|) of
//     its height and width and placed at a uniformly random position; the
//     rest is filled by mirroring the shrunken image about its edges, the
//     edge pixel repeated (a b c | c b a), as Keras' "reflect" fill does.
// Sides are rounded to whole pixels, at least one.

#include <algorithm>
#include <cmath>
#include <random>

#include "pretext/augmentation.h"

namespace {

// Maps a coordinate outside [0, size) back inside by mirroring about the
// image border, so the outermost pixel appears twice; folds repeatedly
// when the fill is wider than the image.
int mirror(int at, int size) {
  int period = 2 * size;
  at %= period;
  if (at < 0) at += period;
  return at < size ? at : period - 1 - at;
}

int scaled(int side, double scale) {
  return std::max(1, static_cast<int>(std::lround(side * scale)));
}

class RandomZoom : public pretext::Augmentation {
 public:
  RandomZoom(const pretext::Options& options, const pretext::Context&)
      : factor_(options.number("factor")) {}

  void apply(pretext::Image& image, std::mt19937_64& rng) const override {
    if (image.pixels.empty()) return;
    double z = std::uniform_real_distribution<double>(-factor_, factor_)(rng);
    if (z >= 0)
      zoom_in(image, 1 - z, rng);
    else
      zoom_out(image, 1 / (1 - z), rng);
  }

 private:
  static void zoom_in(pretext::Image& image, double share,
                      std::mt19937_64& rng) {
    int height = scaled(image.height, share);
    int width = scaled(image.width, share);
    int top = std::uniform_int_distribution<int>(0, image.height - height)(rng);
    int left = std::uniform_int_distribution<int>(0, image.width - width)(rng);

    pretext::Image window;
    window.height = height;
    window.width = width;
    window.pixels.resize(static_cast<size_t>(height) * width *
                         pretext::Image::channels);
    for (int y = 0; y < height; ++y)
      std::copy_n(image.at(top + y, left), width * pretext::Image::channels,
                  window.at(y, 0));

    image = pretext::resize(window, image.height, image.width);
  }

  static void zoom_out(pretext::Image& image, double scale,
                       std::mt19937_64& rng) {
    pretext::Image small = pretext::resize(image, scaled(image.height, scale),
                                           scaled(image.width, scale));
    int top =
        std::uniform_int_distribution<int>(0, image.height - small.height)(rng);
    int left =
        std::uniform_int_distribution<int>(0, image.width - small.width)(rng);

    for (int y = 0; y < image.height; ++y)
      for (int x = 0; x < image.width; ++x)
        std::copy_n(small.at(mirror(y - top, small.height),
                             mirror(x - left, small.width)),
                    pretext::Image::channels, image.at(y, x));
  }

  double factor_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "random_zoom";
  info.kind = pretext::PluginKind::augmentation;
  info.version = "1.0.0";
  info.summary = "zoom in or out by a random amount, keeping the size";
  info.options = {
      pretext::option::number(
          "factor", 0.2,
          "largest zoom; z > 0 crops a random window of side 1 - z and "
          "enlarges it, z < 0 shrinks the image by 1 / (1 + |z|), places it "
          "at random and mirrors it into the border")
          .at_least(0)
          .at_most(0.9),
  };
  info.create = pretext::factory_of<RandomZoom>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
