// Generated images for smoke tests and demos: no files needed. Each image
// is brighter at the top (so its orientation can be learned) and carries
// a square whose colour gives its class.

#include <random>

#include "pretext/dataset.h"

namespace {

class Synthetic : public pretext::Dataset {
 public:
  Synthetic(const pretext::Options& options, const pretext::Context&)
      : size_(options.integer("size")),
        classes_(options.integer("classes")),
        side_(static_cast<int>(options.integer("image_size"))),
        seed_(static_cast<uint64_t>(options.integer("seed"))) {}

  int64_t size() const override { return size_; }

  pretext::Sample get(int64_t index) const override {
    std::mt19937_64 rng(seed_ * 1000003u + static_cast<uint64_t>(index));
    std::uniform_int_distribution<int> noise(-20, 20);
    pretext::Sample sample;
    sample.label = classes_ > 0 ? index % classes_ : -1;
    pretext::Image& image = sample.image;
    image.height = image.width = side_;
    image.pixels.resize(static_cast<size_t>(side_) * side_ * 3);
    for (int y = 0; y < side_; ++y)
      for (int x = 0; x < side_; ++x)
        for (int c = 0; c < 3; ++c)
          image.at(y, x)[c] = clamp(200 - 150 * y / side_ + noise(rng));

    int64_t colour = std::max<int64_t>(sample.label, 0);
    int square = side_ / 3;
    std::uniform_int_distribution<int> place(0, side_ - square);
    int top = place(rng), left = place(rng);
    for (int y = top; y < top + square; ++y)
      for (int x = left; x < left + square; ++x)
        for (int c = 0; c < 3; ++c)
          image.at(y, x)[c] = ((colour >> c) & 1) ? 250 : 10;
    return sample;
  }

  std::vector<std::string> class_names() const override {
    std::vector<std::string> names;
    for (int64_t i = 0; i < classes_; ++i)
      names.push_back("class_" + std::to_string(i));
    return names;
  }

 private:
  static uint8_t clamp(int value) {
    return static_cast<uint8_t>(std::min(255, std::max(0, value)));
  }

  int64_t size_;
  int64_t classes_;
  int side_;
  uint64_t seed_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "synthetic";
  info.kind = pretext::PluginKind::dataset;
  info.version = "1.0.0";
  info.summary = "generated images (no files), for smoke tests";
  info.options = {
      pretext::option::integer("size", 256, "number of images").at_least(1),
      pretext::option::integer("classes", 0,
                               "number of classes; 0 makes it unlabeled")
          .at_least(0)
          .at_most(8),
      pretext::option::integer("image_size", 32, "side of the square images")
          .at_least(8)
          .at_most(512),
      pretext::option::integer("seed", 0, "which images to generate")
          .at_least(0),
  };
  info.create = pretext::factory_of<Synthetic>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
