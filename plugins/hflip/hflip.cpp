// Mirrors an image left-right with probability p.

#include <algorithm>
#include <random>

#include "pretext/augmentation.h"

namespace {

class Hflip : public pretext::Augmentation {
 public:
  Hflip(const pretext::Options& options, const pretext::Context&)
      : p_(options.number("p")) {}

  void apply(pretext::Image& image, std::mt19937_64& rng) const override {
    if (!std::bernoulli_distribution(p_)(rng)) return;

    for (int y = 0; y < image.height; ++y)
      for (int left = 0, right = image.width - 1; left < right; ++left, --right)
        std::swap_ranges(image.at(y, left),
                         image.at(y, left) + pretext::Image::channels,
                         image.at(y, right));
  }

 private:
  double p_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "hflip";
  info.kind = pretext::PluginKind::augmentation;
  info.version = "1.0.0";
  info.summary = "mirror an image left-right with probability p";
  info.options = {
      pretext::option::number("p", 0.5, "probability of mirroring an image")
          .at_least(0)
          .at_most(1),
  };
  info.create = pretext::factory_of<Hflip>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
