// An augmentation written outside pretext: with probability `p`, replace an
// image by its luminance, repeated in the three channels.

#include <random>

#include <pretext/augmentation.h>

namespace {

class RandomGrayscale : public pretext::Augmentation {
 public:
  RandomGrayscale(const pretext::Options& options, const pretext::Context&)
      : p_(options.number("p")) {}

  void apply(pretext::Image& image, std::mt19937_64& rng) const override {
    if (std::uniform_real_distribution<double>(0, 1)(rng) >= p_) return;
    for (size_t i = 0; i < image.pixels.size(); i += 3) {
      uint8_t* rgb = &image.pixels[i];
      auto gray = static_cast<uint8_t>(0.299 * rgb[0] + 0.587 * rgb[1] +
                                       0.114 * rgb[2] + 0.5);
      rgb[0] = rgb[1] = rgb[2] = gray;
    }
  }

 private:
  double p_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "random_grayscale";
  info.kind = pretext::PluginKind::augmentation;
  info.version = "0.1.0";
  info.summary = "turn an image gray with probability p (example plugin)";
  info.options = {
      pretext::option::number("p", 0.2, "probability of turning gray")
          .at_least(0)
          .at_most(1),
  };
  info.create = pretext::factory_of<RandomGrayscale>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
