// Scales each channel's distance from its own mean by one random factor c
// drawn uniformly from [1 - factor, 1 + factor]; the result is rounded and
// clamped to [0, 255]. A flat channel has nothing to scale and stays put.

#include <array>
#include <cmath>
#include <random>

#include "pretext/augmentation.h"

namespace {

class RandomContrast : public pretext::Augmentation {
 public:
  RandomContrast(const pretext::Options& options, const pretext::Context&)
      : factor_(options.number("factor")) {}

  void apply(pretext::Image& image, std::mt19937_64& rng) const override {
    double c =
        std::uniform_real_distribution<double>(1 - factor_, 1 + factor_)(rng);
    size_t count = image.pixels.size() / pretext::Image::channels;
    if (count == 0) return;

    std::array<double, pretext::Image::channels> mean{};
    for (size_t i = 0; i < image.pixels.size(); ++i)
      mean[i % pretext::Image::channels] += image.pixels[i];
    for (double& m : mean) m /= static_cast<double>(count);

    for (size_t i = 0; i < image.pixels.size(); ++i) {
      double m = mean[i % pretext::Image::channels];
      double value = std::round((image.pixels[i] - m) * c + m);
      image.pixels[i] = static_cast<uint8_t>(std::clamp(value, 0.0, 255.0));
    }
  }

 private:
  double factor_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "random_contrast";
  info.kind = pretext::PluginKind::augmentation;
  info.version = "1.0.0";
  info.summary =
      "scale each channel around its mean by c in [1 - factor, 1 + factor]";
  info.options = {
      pretext::option::number(
          "factor", 0.2,
          "largest change of contrast; c is drawn from [1 - factor, 1 + "
          "factor]")
          .at_least(0)
          .at_most(1),
  };
  info.create = pretext::factory_of<RandomContrast>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
